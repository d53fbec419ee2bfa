import { App, DatePicker, Flex, Form, Input, InputNumber, Radio, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { type ManualStatus, type NewVehicle, useCreateVehicle } from "../../api/stock";
import { useStores } from "../../api/stores";
import type { Id } from "../../api/types";
import { useSession } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { FormDrawer } from "../../shared/FormDrawer";
import { optionalText, toFen } from "../../shared/format";
import { MAX_YUAN, notInFuture, stockError } from "./formHelpers";
import { ModelAutoComplete } from "./ModelAutoComplete";

interface Values {
  storeId?: Id;
  vin: string;
  model: string;
  trim?: string;
  colour: string;
  optionPackage?: string;
  cost: number;
  listPrice?: number | null;
  incentive?: number | null;
  status: ManualStatus;
  arrivedAt?: Dayjs | null;
}

// I, O and Q never appear in a VIN (ISO 3779); the server checks the check digit.
const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;

/** 新车入库: one car arriving (or announced in transit) at the store. */
export function NewVehicleDrawer({
  open,
  onClose,
  storeId,
}: {
  open: boolean;
  onClose: () => void;
  /** the store the list is filtered to (the group admin's choice) */
  storeId?: Id;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const [form] = Form.useForm<Values>();
  const create = useCreateVehicle();
  const pickStore = me.user.storeId === null;
  const stores = useStores(open && pickStore);
  const chosenStore = Form.useWatch("storeId", form) ?? me.user.storeId ?? undefined;
  const status = Form.useWatch("status", form);

  const submit = (v: Values) => {
    const body: NewVehicle = {
      vin: v.vin.trim().toUpperCase(),
      model: v.model.trim(),
      trim: optionalText(v.trim),
      colour: v.colour.trim(),
      optionPackage: optionalText(v.optionPackage),
      costFen: toFen(v.cost) ?? 0,
      listPriceFen: toFen(v.listPrice),
      incentiveFen: toFen(v.incentive),
      status: v.status,
      arrivedAt: v.status === "in_transit" ? undefined : v.arrivedAt?.toISOString(),
      storeId: pickStore ? v.storeId : undefined,
    };
    create.mutate(body, {
      onSuccess: (car) => {
        message.success(<span data-testid="stock-created">{t("stock.form.created", { vin: car.vin })}</span>);
        if (car.warnings.includes("vin_check_digit")) {
          message.warning(t("stock.form.vinCheckWarning", { vin: car.vin }));
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
      title={t("stock.form.newTitle")}
      saving={create.isPending}
      onSave={() => form.submit()}
      testId="stock-form-submit"
    >
      {create.isError && (
        <ErrorAlert error={stockError(create.error)} style={{ marginBottom: 16 }} testId="stock-form-error" />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ status: "in_stock", arrivedAt: dayjs(), storeId }}
      >
        {pickStore && (
          <Form.Item name="storeId" label={t("stock.field.store")} rules={[{ required: true }]}>
            <Select
              options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              loading={stores.isPending}
              data-testid="stock-form-store"
            />
          </Form.Item>
        )}
        <Form.Item
          name="vin"
          label={t("stock.field.vin")}
          extra={t("stock.form.vinHint")}
          normalize={(v: string) => v.toUpperCase().replace(/\s/g, "")}
          rules={[{ required: true }, { pattern: VIN, message: t("stock.form.vinLength") }]}
        >
          <Input maxLength={17} style={{ fontFamily: "monospace" }} data-testid="stock-form-vin" />
        </Form.Item>
        <Form.Item
          name="model"
          label={t("stock.field.model")}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <ModelAutoComplete
            storeId={chosenStore}
            enabled={open && chosenStore !== undefined}
            maxLength={100}
            data-testid="stock-form-model"
          />
        </Form.Item>
        <Form.Item name="trim" label={t("stock.field.trim")} rules={[{ max: 100 }]}>
          <Input maxLength={100} data-testid="stock-form-trim" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="colour"
            label={t("stock.field.colour")}
            rules={[{ required: true, whitespace: true, max: 30 }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={30} data-testid="stock-form-colour" />
          </Form.Item>
          <Form.Item
            name="optionPackage"
            label={t("stock.field.optionPackage")}
            rules={[{ max: 100 }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={100} data-testid="stock-form-option" />
          </Form.Item>
        </Flex>
        <Form.Item
          name="cost"
          label={`${t("stock.field.cost")}${t("stock.field.inYuan")}`}
          extra={t("stock.form.costHint")}
          rules={[{ required: true }]}
        >
          <InputNumber
            min={0.01}
            max={MAX_YUAN}
            precision={2}
            style={{ width: "100%" }}
            data-testid="stock-form-cost"
          />
        </Form.Item>
        <Form.Item name="listPrice" label={`${t("stock.field.listPrice")}${t("stock.field.inYuan")}`}>
          <InputNumber
            min={0.01}
            max={MAX_YUAN}
            precision={2}
            style={{ width: "100%" }}
            data-testid="stock-form-list-price"
          />
        </Form.Item>
        <Form.Item name="status" label={t("stock.field.status")} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: "in_stock", label: t("stock.form.statusInStock") },
              { value: "in_transit", label: t("stock.form.statusInTransit") },
              { value: "demo", label: t("stock.form.statusDemo") },
            ]}
            data-testid="stock-form-status"
          />
        </Form.Item>
        {status !== "in_transit" && (
          <Form.Item name="arrivedAt" label={t("stock.field.arrivedAt")} rules={[{ required: true }]}>
            <DatePicker
              showTime={{ format: "HH:mm" }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={notInFuture}
              style={{ width: "100%" }}
              data-testid="stock-form-arrived"
            />
          </Form.Item>
        )}
        <Form.Item name="incentive" label={`${t("stock.field.incentive")}${t("stock.field.inYuan")}`}>
          <InputNumber min={0} max={MAX_YUAN} precision={2} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
