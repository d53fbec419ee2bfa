import { Alert, App, Descriptions, List, Modal, Radio, Spin, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CareTask } from "../../api/care";
import {
  MESSAGE_CHANNELS,
  type MessageChannel,
  type NewMessage,
  useMessagePreview,
  useMessages,
  useSendMessage,
} from "../../api/messages";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/errors";
import { formatInstant } from "../../shared/format";
import { testId } from "../../shared/testId";
import { TEMPLATE_OF_TASK, vehicleLabel } from "./taskLabel";

type MessageTask = CareTask & { type: keyof typeof TEMPLATE_OF_TASK };

export function canMessage(task: CareTask): task is MessageTask {
  return task.type in TEMPLATE_OF_TASK;
}

/** The template's parameters, taken from the task: the customer service agent types nothing. */
function paramsOf(task: MessageTask): Record<string, string> {
  switch (task.type) {
    case "maintenance_reminder":
      return { vehicle: vehicleLabel(task) ?? "", dueDate: task.forDate ?? "" };
    case "post_service_callback":
      return { roNo: task.roNo ?? "" };
    case "birthday":
      return {};
  }
}

function SentMessages({ taskId }: { taskId: number }) {
  const { t } = useTranslation();
  const sent = useMessages({ careTaskId: taskId });
  if (sent.isPending) return <Spin size="small" />;
  if (sent.isError) return <ErrorAlert error={sent.error} />;
  if (sent.data.items.length === 0)
    return <Typography.Text type="secondary">{t("care.message.noHistory")}</Typography.Text>;
  return (
    <List
      size="small"
      data-testid="message-history"
      dataSource={sent.data.items}
      renderItem={(m) => (
        <List.Item>
          <Typography.Text>
            {formatInstant(m.createdAt)} · {t(`care.channel.${m.channel}`)} ·{" "}
            <Tag>{t(`care.messageStatus.${m.status}`)}</Tag>
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}

/**
 * Sends the task's template message by SMS or WeChat. The preview shows the text as it would go out, or the
 * refusal the send would meet (a marketing greeting without consent on that channel, no WeChat id), before
 * anything is written.
 */
export function SendMessageModal({ task, onClose }: { task: MessageTask; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [channel, setChannel] = useState<MessageChannel>("sms");
  const body: NewMessage = useMemo(
    () => ({
      customerId: task.customerId,
      channel,
      template: TEMPLATE_OF_TASK[task.type],
      params: paramsOf(task),
      careTaskId: task.id,
    }),
    [task, channel],
  );
  const preview = useMessagePreview(body);
  const errorText = useErrorText();
  const send = useSendMessage();

  return (
    <Modal
      open
      title={t("care.message.title", { name: task.customerName })}
      onCancel={onClose}
      okText={t("care.message.send")}
      onOk={() =>
        send.mutate(body, {
          onSuccess: () => {
            message.success(t("care.message.sent"));
            onClose();
          },
        })
      }
      okButtonProps={{ disabled: !preview.isSuccess, loading: send.isPending, ...testId("message-submit") }}
      destroyOnHidden
      width={560}
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t("care.message.template")}>
          {t(`care.template.${TEMPLATE_OF_TASK[task.type]}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("care.message.channel")}>
          <Radio.Group value={channel} onChange={(e) => setChannel(e.target.value)}>
            {MESSAGE_CHANNELS.map((c) => (
              <Radio.Button key={c} value={c}>
                <span data-testid={`message-channel-${c}`}>{t(`care.channel.${c}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Descriptions.Item>
        {preview.data && (
          <Descriptions.Item label={t("care.message.recipient")}>{preview.data.recipient}</Descriptions.Item>
        )}
      </Descriptions>
      {preview.isPending && <Spin size="small" />}
      {preview.isError && (
        <Alert
          type="error"
          showIcon
          title={t("care.message.blocked")}
          description={errorText(preview.error)}
          data-testid="message-refused"
        />
      )}
      {preview.data && (
        <>
          <Typography.Text strong>{t("care.message.preview")}</Typography.Text>
          <Typography.Paragraph
            style={{ background: "rgba(0,0,0,0.04)", padding: 12, borderRadius: 6, marginTop: 4 }}
            data-testid="message-preview"
          >
            {preview.data.body}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t(`care.message.purpose.${preview.data.purpose}`)}
          </Typography.Paragraph>
        </>
      )}
      {send.isError && <ErrorAlert error={send.error} testId="message-error" />}
      <div style={{ marginTop: 12 }}>
        <Typography.Text strong>{t("care.message.history")}</Typography.Text>
        <div>
          <SentMessages taskId={task.id} />
        </div>
      </div>
    </Modal>
  );
}
