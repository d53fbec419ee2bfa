import { Alert, App, DatePicker, Form, Input, Modal, Radio, Rate, Spin, Timeline, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { type CareTask, useCareTask, useRecordCareAttempt } from "../../api/care";
import { ApiError } from "../../api/client";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { formatInstant, optionalText, toInstant } from "../../shared/format";
import { testId } from "../../shared/testId";
import { ASKS_SATISFACTION, useTaskLabel, useTaskSource } from "./taskLabel";

interface Values {
  reached: boolean;
  satisfaction?: number;
  comment?: string;
  occurredAt?: Dayjs | null;
}

/** The server refuses a task after this many unanswered calls (care/rules.ts MAX_UNREACHED_ATTEMPTS). */
const MAX_UNREACHED_ATTEMPTS = 3;

// Refusals that belong to one field: shown under it, in this screen's words.
const FIELD_OF_CODE: Record<string, [keyof Values, string]> = {
  in_future: ["occurredAt", "care.record.inFuture"],
  before_task_created: ["occurredAt", "care.record.beforeTask"],
  satisfaction_required: ["satisfaction", "care.record.satisfactionMissing"],
};

function AttemptHistory({ taskId }: { taskId: number }) {
  const { t } = useTranslation();
  const detail = useCareTask(taskId);
  if (detail.isPending) return <Spin size="small" />;
  if (detail.isError) return <ErrorAlert error={detail.error} />;
  const { attempts } = detail.data;
  if (attempts.length === 0)
    return <Typography.Text type="secondary">{t("care.record.noHistory")}</Typography.Text>;
  return (
    <Timeline
      data-testid="care-history"
      style={{ marginTop: 8, marginBottom: -16 }}
      items={attempts.map((a) => ({
        color: a.reached ? "green" : "gray",
        content: (
          <Typography.Text>
            {formatInstant(a.at)} · {a.reached ? t("care.record.reachedYes") : t("care.record.reachedNo")}
            {a.actorName ? ` · ${t("care.record.by", { name: a.actorName })}` : ""}
            {a.comment ? ` · ${a.comment}` : ""}
          </Typography.Text>
        ),
      }))}
    />
  );
}

export function RecordCallbackModal({ task, onClose }: { task: CareTask; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const record = useRecordCareAttempt(task.id);
  const taskLabel = useTaskLabel();
  const taskSource = useTaskSource();
  const asks = ASKS_SATISFACTION[task.type];
  const reached = Form.useWatch("reached", form);
  const satisfaction = Form.useWatch("satisfaction", form);
  const closesUnreached = reached === false && task.attempts + 1 >= MAX_UNREACHED_ATTEMPTS;

  useEffect(() => {
    record.reset();
  }, [record.reset]);

  const submit = (values: Values) => {
    record.mutate(
      {
        reached: values.reached,
        satisfaction: values.reached && asks ? values.satisfaction : undefined,
        comment: optionalText(values.comment),
        occurredAt: toInstant(values.occurredAt),
      },
      {
        onSuccess: () => {
          message.success(t("care.record.saved"));
          onClose();
        },
        onError: (error) => {
          const field = error instanceof ApiError ? FIELD_OF_CODE[error.code] : undefined;
          if (field) form.setFields([{ name: field[0], errors: [t(field[1])] }]);
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t(asks ? "care.record.title" : "care.record.titleContact", { name: task.customerName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: record.isPending, ...testId("care-submit") }}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("care.record.summary", {
          type: taskLabel(task),
          source: taskSource(task),
          dueAt: formatInstant(task.dueAt),
        })}
        {task.phone ? ` · ${task.phone}` : ""}
      </Typography.Paragraph>
      <Typography.Text strong>{t("care.record.history")}</Typography.Text>
      <div style={{ marginBottom: 16 }}>
        <AttemptHistory taskId={task.id} />
      </div>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ reached: true }}
        data-testid="care-form"
      >
        <Form.Item name="reached" label={t("care.record.reached")} rules={[{ required: true }]}>
          <Radio.Group>
            {/* The test id sits on the visible label: antd passes it to a hidden input otherwise. */}
            <Radio.Button value={true}>
              <span data-testid="care-reached-yes">{t("care.record.reachedYes")}</span>
            </Radio.Button>
            <Radio.Button value={false}>
              <span data-testid="care-reached-no">{t("care.record.reachedNo")}</span>
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        {reached !== false && asks && (
          <Form.Item
            name="satisfaction"
            label={t("care.record.satisfaction")}
            rules={[{ required: true, message: t("care.record.satisfactionMissing") }]}
            extra={
              satisfaction !== undefined && satisfaction <= 2 ? (
                <Typography.Text type="warning">{t("care.record.lowScore")}</Typography.Text>
              ) : undefined
            }
          >
            <Rate
              tooltips={[1, 2, 3, 4, 5].map((n) => t(`care.satisfactionLevel.${n}`))}
              data-testid="care-satisfaction"
            />
          </Form.Item>
        )}
        {closesUnreached && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t("care.record.lastAttempt", { n: task.attempts + 1 })}
            data-testid="care-last-attempt"
          />
        )}
        <Form.Item name="comment" label={t("care.record.comment")} rules={[{ max: 1000 }]}>
          <Input.TextArea
            rows={3}
            placeholder={t("care.record.commentPlaceholder")}
            data-testid="care-comment"
          />
        </Form.Item>
        <Form.Item
          name="occurredAt"
          label={t("care.record.occurredAt")}
          extra={t("care.record.occurredAtHint")}
        >
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: "100%" }}
            disabledDate={(d) => d.isAfter(dayjs(), "day") || d.isBefore(dayjs(task.createdAt), "day")}
            data-testid="care-occurred-at"
          />
        </Form.Item>
      </Form>
      {record.isError && <ErrorAlert error={record.error} testId="care-error" />}
    </Modal>
  );
}
