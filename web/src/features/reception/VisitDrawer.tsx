import { App, Form, Input, InputNumber, Radio, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { type ReceptionBoard, useLogVisit } from "../../api/traffic";
import type { Id } from "../../api/types";
import { useLeadOwners } from "../../api/users";
import { useSession } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { FormDrawer } from "../../shared/FormDrawer";
import { optionalText, toInstant } from "../../shared/format";
import { LoggedAtPicker, PhoneField } from "./fields";
import { cleanPhone, LeadLookupResult, usePhoneLookup } from "./LeadLookup";

interface Values {
  phone?: string;
  firstVisit: boolean;
  partySize: number;
  consultantId?: Id;
  arrivedAt?: Dayjs | null;
  note?: string;
}

/** Consultants and managers who can serve a visitor, each with what the board says about him right now. */
export function useConsultantOptions(board: ReceptionBoard | undefined) {
  const { t } = useTranslation();
  const me = useSession();
  const owners = useLeadOwners(me.user.storeId ?? undefined);
  const status = new Map(board?.consultants.map((c) => [c.userId, c.status]));
  const options = (owners.data ?? []).map((o) => {
    const s = status.get(o.id);
    const note = s ? t(`reception.status.${s}`) : t(`roles.${o.role}`);
    return { value: o.id, label: t("reception.consultantOption", { name: o.displayName, status: note }) };
  });
  return { options, loading: owners.isPending };
}

export function VisitDrawer({
  open,
  onClose,
  board,
}: {
  open: boolean;
  onClose: () => void;
  board: ReceptionBoard | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const phone = Form.useWatch("phone", form);
  const { lead, searching } = usePhoneLookup(phone);
  const consultants = useConsultantOptions(board);
  const logVisit = useLogVisit();
  const nextInTurn = board?.nextInTurn?.userId;

  // A known customer comes back to his own consultant; a new one goes to whoever is in turn. Applied when
  // the look-up's answer changes, not on every board refresh, so that a consultant picked by hand stays.
  const applied = useRef<Id | null | undefined>(undefined);
  useEffect(() => {
    const key = lead?.id ?? null;
    if (applied.current === key && form.getFieldValue("consultantId") !== undefined) return;
    applied.current = key;
    form.setFieldsValue({
      firstVisit: lead === undefined,
      consultantId: lead?.ownerId ?? nextInTurn,
    });
  }, [lead, nextInTurn, form]);

  const submit = (values: Values) => {
    const typed = cleanPhone(values.phone);
    logVisit.mutate(
      {
        leadId: lead?.id,
        phone: lead ? undefined : typed,
        firstVisit: values.firstVisit,
        partySize: values.partySize,
        consultantId: values.consultantId!,
        arrivedAt: toInstant(values.arrivedAt),
        note: optionalText(values.note),
      },
      {
        onSuccess: () => {
          message.success(t("reception.visit.saved"));
          form.resetFields();
          onClose();
        },
      },
    );
  };

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t("reception.visit.title")}
      saving={logVisit.isPending}
      onSave={() => form.submit()}
      testId="visit-submit"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ firstVisit: true, partySize: 1 }}
      >
        <PhoneField testId="visit-phone" extra={t("reception.visit.phoneHint")} />
        <Form.Item>
          <LeadLookupResult phone={phone} lead={lead} searching={searching} />
        </Form.Item>
        <Form.Item name="firstVisit" label={t("reception.visit.kind")}>
          <Radio.Group
            optionType="button"
            options={[
              { value: true, label: t("reception.firstVisit") },
              { value: false, label: t("reception.returnVisit") },
            ]}
            data-testid="visit-kind"
          />
        </Form.Item>
        <Form.Item name="partySize" label={t("reception.visit.partySize")} rules={[{ required: true }]}>
          <InputNumber min={1} max={50} precision={0} data-testid="visit-party" />
        </Form.Item>
        <Form.Item
          name="consultantId"
          label={t("reception.visit.consultant")}
          extra={t("reception.visit.consultantHint")}
          rules={[{ required: true }]}
        >
          <Select
            showSearch={{ optionFilterProp: "label" }}
            loading={consultants.loading}
            options={consultants.options}
            data-testid="visit-consultant"
          />
        </Form.Item>
        <Form.Item name="arrivedAt" label={t("reception.visit.arrivedAt")}>
          <LoggedAtPicker data-testid="visit-arrived" />
        </Form.Item>
        <Form.Item name="note" label={t("reception.field.note")}>
          <Input.TextArea maxLength={500} rows={2} data-testid="visit-note" />
        </Form.Item>
        {logVisit.isError && <ErrorAlert error={logVisit.error} testId="visit-error" />}
      </Form>
    </FormDrawer>
  );
}
