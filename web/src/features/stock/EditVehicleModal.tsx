import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { type StockVehicle, useUpdateVehicle, type VehiclePatch } from "../../api/stock";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { fenToYuan, toFen } from "../../shared/format";
import { testId } from "../../shared/testId";
import { MAX_YUAN, notInFuture, stockError } from "./formHelpers";

interface Values {
  status?: "in_stock" | "demo";
  arrivedAt?: Dayjs | null;
  incentive?: number | null;
  listPrice?: number | null;
  trim?: string;
  colour: string;
  optionPackage?: string;
}

/** The manager's changes to one car: arrival of a car in transit, in stock ↔ demo, incentive, description. */
export function EditVehicleModal({ car, onClose }: { car: StockVehicle | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateVehicle();
  const inTransit = car?.status === "in_transit";
  const status = Form.useWatch("status", form);

  useEffect(() => {
    if (!car) return;
    update.reset();
    form.setFieldsValue({
      status: car.status === "in_stock" || car.status === "demo" ? car.status : undefined,
      arrivedAt: car.arrivedAt ? dayjs(car.arrivedAt) : dayjs(),
      incentive: fenToYuan(car.incentiveFen),
      listPrice: fenToYuan(car.listPriceFen),
      trim: car.trim ?? "",
      colour: car.colour,
      optionPackage: car.optionPackage ?? "",
    });
  }, [car, form, update.reset]);

  const submit = (v: Values) => {
    if (!car) return;
    const patch: VehiclePatch = {};
    if (v.status && v.status !== car.status) patch.status = v.status;
    const arrivedAt = v.arrivedAt?.toISOString();
    if (inTransit ? patch.status : arrivedAt && !dayjs(arrivedAt).isSame(car.arrivedAt, "minute")) {
      patch.arrivedAt = arrivedAt;
    }
    const incentiveFen = toFen(v.incentive) ?? 0;
    if (incentiveFen !== car.incentiveFen) patch.incentiveFen = incentiveFen;
    const listPriceFen = toFen(v.listPrice) ?? null;
    if (listPriceFen !== car.listPriceFen) patch.listPriceFen = listPriceFen;
    const text = (s: string | undefined) => s?.trim() || null;
    if (text(v.trim) !== car.trim) patch.trim = text(v.trim);
    if (v.colour.trim() !== car.colour) patch.colour = v.colour.trim();
    if (text(v.optionPackage) !== car.optionPackage) patch.optionPackage = text(v.optionPackage);
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: car.id, patch },
      {
        onSuccess: () => {
          message.success(t("stock.form.saved"));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open={car !== null}
      title={car ? t("stock.form.editTitle", { vin: car.vin }) : ""}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={update.isPending}
      okButtonProps={testId("stock-edit-save")}
      destroyOnHidden
      width={520}
    >
      {update.isError && (
        <ErrorAlert error={stockError(update.error)} style={{ marginBottom: 12 }} testId="stock-edit-error" />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="status" label={inTransit ? t("stock.form.arriveAs") : t("stock.field.status")}>
          <Radio.Group
            optionType="button"
            options={[
              { value: "in_stock", label: t("stock.status.in_stock") },
              { value: "demo", label: t("stock.status.demo") },
            ]}
          />
        </Form.Item>
        {(!inTransit || status) && (
          <Form.Item name="arrivedAt" label={t("stock.field.arrivedAt")} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" disabledDate={notInFuture} />
          </Form.Item>
        )}
        <Form.Item name="incentive" label={`${t("stock.field.incentive")}${t("stock.field.inYuan")}`}>
          <InputNumber
            min={0}
            max={MAX_YUAN}
            precision={2}
            style={{ width: "100%" }}
            data-testid="stock-edit-incentive"
          />
        </Form.Item>
        <Form.Item name="listPrice" label={`${t("stock.field.listPrice")}${t("stock.field.inYuan")}`}>
          <InputNumber min={0.01} max={MAX_YUAN} precision={2} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="trim" label={t("stock.field.trim")} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="colour"
          label={t("stock.field.colour")}
          rules={[{ required: true, whitespace: true, max: 30 }]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="optionPackage" label={t("stock.field.optionPackage")} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        {inTransit && !status && (
          <Typography.Text type="secondary">{t("stock.form.transitHint")}</Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
