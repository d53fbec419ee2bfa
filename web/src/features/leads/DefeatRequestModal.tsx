import { App, Form, Input, Modal, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useRequestDefeat } from "../../api/leads";
import { DEFEAT_REASONS, type DefeatReason, type Id } from "../../api/types";
import { useErrorText } from "../../shared/errors";
import { optionalText } from "../../shared/format";
import { useEnumOptions } from "../../shared/options";
import { testId } from "../../shared/testId";

interface Values {
  reason: DefeatReason;
  competitor?: string;
  note?: string;
}

export function DefeatRequestModal({
  leadId,
  open,
  onClose,
}: {
  leadId: Id;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const request = useRequestDefeat(leadId);
  const reasonOptions = useEnumOptions("defeatReason", DEFEAT_REASONS);
  const reason = Form.useWatch("reason", form);

  const submit = (values: Values) =>
    request.mutate(
      {
        reason: values.reason,
        competitor: optionalText(values.competitor),
        note: optionalText(values.note),
      },
      {
        onSuccess: () => {
          message.success(t("defeat.requested"));
          onClose();
        },
      },
    );

  return (
    <Modal
      open={open}
      title={t("defeat.requestTitle")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("defeat.submit")}
      okButtonProps={{ loading: request.isPending, ...testId("defeat-submit") }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t("defeat.reason")} rules={[{ required: true }]}>
          <Select options={reasonOptions} data-testid="defeat-reason" />
        </Form.Item>
        {/* The defeat analysis counts by competitor, so it is required when that is the reason. */}
        <Form.Item
          name="competitor"
          label={t("defeat.competitor")}
          rules={[{ required: reason === "competitor", whitespace: true }]}
        >
          <Input maxLength={100} placeholder={t("defeat.competitorHint")} data-testid="defeat-competitor" />
        </Form.Item>
        <Form.Item name="note" label={t("defeat.note")}>
          <Input.TextArea rows={3} maxLength={500} data-testid="defeat-note" />
        </Form.Item>
      </Form>
      {request.isError && <Typography.Text type="danger">{errorText(request.error)}</Typography.Text>}
    </Modal>
  );
}
