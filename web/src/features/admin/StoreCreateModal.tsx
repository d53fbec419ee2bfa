import { App, Form, Input, Modal, Select, TimePicker } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useCreateStore } from "../../api/stores";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { testId } from "../../shared/testId";
import { timeZoneOptions } from "./timeZones";

interface Values {
  name: string;
  timeZone: string;
  businessDayEnd: Dayjs;
}

export function StoreCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateStore();
  const zones = useMemo(timeZoneOptions, []);

  const submit = (values: Values) =>
    create.mutate(
      {
        name: values.name.trim(),
        timeZone: values.timeZone,
        businessDayEnd: values.businessDayEnd.format("HH:mm"),
      },
      {
        onSuccess: () => {
          message.success(t("common.saved"));
          onClose();
        },
      },
    );

  return (
    <Modal
      open={open}
      title={t("stores.createTitle")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending, ...testId("store-create-submit") }}
      destroyOnHidden
      afterOpenChange={(visible) => visible && create.reset()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        // Cadence and validity start from the domain defaults; they are tuned afterwards in the settings.
        initialValues={{ timeZone: "Asia/Shanghai", businessDayEnd: dayjs("18:00", "HH:mm") }}
      >
        <Form.Item
          name="name"
          label={t("stores.name")}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input data-testid="store-create-name" />
        </Form.Item>
        <Form.Item name="timeZone" label={t("stores.timeZone")} rules={[{ required: true }]}>
          <Select showSearch options={zones} />
        </Form.Item>
        <Form.Item name="businessDayEnd" label={t("stores.businessDayEnd")} rules={[{ required: true }]}>
          <TimePicker format="HH:mm" minuteStep={5} />
        </Form.Item>
      </Form>
      {create.isError && <ErrorAlert error={create.error} />}
    </Modal>
  );
}
