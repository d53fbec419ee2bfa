import { App, DatePicker, Form, Input, InputNumber, Select, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type NewLead, useCreateLead } from "../../api/leads";
import { useStores } from "../../api/stores";
import {
  CREATABLE_LEVELS,
  type Id,
  LEAD_SOURCES,
  type LeadSource,
  type Level,
  PAYMENT_METHODS,
  type PaymentMethod,
} from "../../api/types";
import { useSession } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { FormDrawer } from "../../shared/FormDrawer";
import { type BudgetUnit, optionalText, toFen, toIsoDate } from "../../shared/format";
import { useEnumOptions } from "../../shared/options";
import { ReferrerSelect } from "./ReferrerSelect";
import { useCanPickOwner, useOwnerOptions, useOwnerSelectOptions } from "./useOwnerOptions";

interface Values {
  storeId?: Id;
  name: string;
  phone: string;
  source: LeadSource;
  intendedModel?: string;
  budget?: number | null;
  paymentMethod?: PaymentMethod;
  colour?: string;
  expectedPurchaseDate?: Dayjs | null;
  level: Level;
  ownerId?: Id;
  referrerCustomerId?: Id;
}

// Mainland mobile numbers: the natural key for de-duplication, so a typo here creates a second customer.
const MOBILE = /^1[3-9]\d{9}$/;

export function NewLeadDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [unit, setUnit] = useState<BudgetUnit>("wan");
  const create = useCreateLead();
  const pickStore = me.user.storeId === null; // group admin works across stores and must say which one
  const stores = useStores(open && pickStore);
  const chosenStore = Form.useWatch("storeId", form) ?? me.user.storeId ?? undefined;
  const source = Form.useWatch("source", form);
  const canAssign = useCanPickOwner();
  const owners = useOwnerOptions(chosenStore, open && canAssign);
  const ownerOptions = useOwnerSelectOptions();
  const sourceOptions = useEnumOptions("source", LEAD_SOURCES);
  const paymentOptions = useEnumOptions("payment", PAYMENT_METHODS);

  const submit = (values: Values) => {
    const body: NewLead = {
      name: values.name.trim(),
      phone: values.phone.trim(),
      source: values.source,
      referrerCustomerId: values.source === "referral" ? values.referrerCustomerId : undefined,
      intendedModel: optionalText(values.intendedModel),
      budgetFen: toFen(values.budget, unit),
      paymentMethod: values.paymentMethod,
      colour: optionalText(values.colour),
      expectedPurchaseDate: toIsoDate(values.expectedPurchaseDate),
      level: values.level,
      ownerId: values.ownerId,
      storeId: pickStore ? values.storeId : undefined,
    };
    create.mutate(body, {
      onSuccess: ({ lead, merged }) => {
        const link = <Link to={`/leads/${lead.id}`}>{lead.name}</Link>;
        if (merged) {
          message.info(
            <span data-testid="lead-merged">
              {t("leads.new.merged")} {link}
            </span>,
          );
        } else {
          message.success(
            <span data-testid="lead-created">
              {t("leads.new.created")} {link}
            </span>,
          );
        }
        form.resetFields();
        onClose();
      },
    });
  };

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t("leads.new.title")}
      saving={create.isPending}
      onSave={() => form.submit()}
      testId="lead-form-submit"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ level: "N", source: "walk_in" }}
      >
        {pickStore && (
          <Form.Item name="storeId" label={t("leads.field.store")} rules={[{ required: true }]}>
            <Select
              options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              loading={stores.isPending}
              // Owners belong to one store: a choice made for the previous store means nothing here.
              onChange={() => form.setFieldValue("ownerId", undefined)}
              data-testid="lead-form-store"
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t("leads.field.name")}
          rules={[{ required: true, whitespace: true, max: 50 }]}
        >
          <Input maxLength={50} data-testid="lead-form-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t("leads.field.phone")}
          rules={[{ required: true }, { pattern: MOBILE, message: t("leads.new.phoneInvalid") }]}
        >
          <Input inputMode="tel" maxLength={11} data-testid="lead-form-phone" />
        </Form.Item>
        <Form.Item name="source" label={t("leads.field.source")} rules={[{ required: true }]}>
          <Select options={sourceOptions} data-testid="lead-form-source" />
        </Form.Item>
        {source === "referral" && (
          <Form.Item name="referrerCustomerId" label={t("leads.field.referrer")} rules={[{ required: true }]}>
            <ReferrerSelect />
          </Form.Item>
        )}
        <Form.Item name="intendedModel" label={t("leads.field.intendedModel")}>
          <Input maxLength={100} data-testid="lead-form-model" />
        </Form.Item>
        <Form.Item label={t("leads.field.budget")}>
          <Space.Compact style={{ width: "100%" }}>
            <Form.Item name="budget" noStyle>
              <InputNumber
                min={0}
                // No fixed precision: it would pad 25.5 万元 to "25.5000"; toFen rounds to whole fen instead.
                step={unit === "wan" ? 1 : 1000}
                style={{ width: "100%" }}
                data-testid="lead-form-budget"
              />
            </Form.Item>
            <Select<BudgetUnit>
              value={unit}
              onChange={setUnit}
              style={{ width: 120 }}
              options={[
                { value: "wan", label: t("money.wan") },
                { value: "yuan", label: t("money.yuan") },
              ]}
              data-testid="lead-form-budget-unit"
            />
          </Space.Compact>
        </Form.Item>
        <Form.Item name="paymentMethod" label={t("leads.field.paymentMethod")}>
          <Select allowClear options={paymentOptions} data-testid="lead-form-payment" />
        </Form.Item>
        <Form.Item name="colour" label={t("leads.field.colour")}>
          <Input maxLength={30} data-testid="lead-form-colour" />
        </Form.Item>
        <Form.Item name="expectedPurchaseDate" label={t("leads.field.expectedPurchaseDate")}>
          <DatePicker
            style={{ width: "100%" }}
            disabledDate={(d) => d.isBefore(dayjs(), "day")}
            data-testid="lead-form-expected-date"
          />
        </Form.Item>
        <Form.Item name="level" label={t("leads.field.level")} rules={[{ required: true }]}>
          <Select
            options={CREATABLE_LEVELS.map((l) => ({ value: l, label: `${l} · ${t(`levelName.${l}`)}` }))}
            data-testid="lead-form-level"
          />
        </Form.Item>
        {canAssign && (
          <Form.Item name="ownerId" label={t("leads.field.owner")} extra={t("leads.new.ownerHint")}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              loading={owners.isFetching}
              options={ownerOptions(owners.data)}
              data-testid="lead-form-owner"
            />
          </Form.Item>
        )}
        {create.isError && (
          <Form.Item>
            <span role="alert" style={{ color: "#cf1322" }} data-testid="lead-form-error">
              {errorText(create.error)}
            </span>
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}
