import { App, Form, Input, Select } from "antd";
import { useTranslation } from "react-i18next";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  type NewComplaint,
  useComplaintOwners,
  useCreateComplaint,
} from "../../api/complaints";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { FormDrawer } from "../../shared/FormDrawer";
import { CustomerSelect } from "../customers/CustomerSelect";
import { VehiclePicker } from "../customers/VehiclePicker";

type Values = Omit<NewComplaint, "occurredAt">;

export function NewComplaintDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const customerId = Form.useWatch("customerId", form);
  const create = useCreateComplaint();
  const owners = useComplaintOwners(open);
  // reception takes complaints without handling them: it names the colleague who does
  const ownerRequired = !can("complaint.handle");

  const save = async () => {
    const values = await form.validateFields();
    await create.mutateAsync(values);
    message.success(t("complaints.created"));
    create.reset();
    onClose();
  };

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t("complaints.newTitle")}
      saving={create.isPending}
      onSave={() => void save().catch(() => undefined)}
      testId="complaint-save"
    >
      {create.isError && <ErrorAlert error={create.error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ channel: "phone", severity: "medium" }}>
        <Form.Item name="customerId" label={t("complaints.field.customer")} rules={[{ required: true }]}>
          <CustomerSelect
            onChange={() => form.setFieldValue("vehicleId", undefined)}
            placeholder={t("complaints.placeholder.customer")}
            data-testid="complaint-customer"
          />
        </Form.Item>
        <Form.Item name="vehicleId" label={t("complaints.field.vehicle")}>
          <VehiclePicker
            customerId={customerId}
            disabled={customerId === undefined}
            placeholder={t("complaints.placeholder.vehicle")}
            data-testid="complaint-vehicle"
          />
        </Form.Item>
        <Form.Item name="channel" label={t("complaints.field.channel")} rules={[{ required: true }]}>
          <Select
            options={COMPLAINT_CHANNELS.filter((c) => c !== "callback").map((c) => ({
              value: c,
              label: t(`complaints.channel.${c}`),
            }))}
            data-testid="complaint-channel"
          />
        </Form.Item>
        <Form.Item name="category" label={t("complaints.field.category")} rules={[{ required: true }]}>
          <Select
            options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(`complaints.category.${c}`) }))}
            data-testid="complaint-category"
          />
        </Form.Item>
        <Form.Item name="severity" label={t("complaints.field.severity")} rules={[{ required: true }]}>
          <Select
            options={COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`complaints.severity.${s}`) }))}
            data-testid="complaint-severity"
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t("complaints.field.description")}
          rules={[{ required: true, whitespace: true, max: 2000 }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="complaint-description" />
        </Form.Item>
        <Form.Item name="ownerId" label={t("complaints.field.owner")} rules={[{ required: ownerRequired }]}>
          <Select
            allowClear
            placeholder={ownerRequired ? undefined : t("complaints.placeholder.owner")}
            loading={owners.isFetching}
            options={(owners.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.displayName} · ${t(`roles.${u.role}`)}`,
            }))}
            data-testid="complaint-owner"
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
