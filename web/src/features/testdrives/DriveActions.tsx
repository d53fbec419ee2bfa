import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Rate,
  Space,
  Tag,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  type TestDrive,
  type TestDriveState,
  useCancelDrive,
  useDriveFeedback,
  useNoShow,
} from "../../api/testDrives";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/errors";
import { formatInstant, toInstant } from "../../shared/format";

const STATE_TAG: Record<TestDriveState, string> = {
  booked: "blue",
  done: "green",
  cancelled: "default",
  no_show: "red",
};

export function StateTag({ state }: { state: TestDriveState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_TAG[state]} data-testid={`drive-state-${state}`}>
      {t(`testDrives.state.${state}`)}
    </Tag>
  );
}

export const timeRange = (d: Pick<TestDrive, "startAt" | "endAt">) =>
  `${dayjs(d.startAt).format("HH:mm")}–${dayjs(d.endAt).format("HH:mm")}`;

function FeedbackModal({ drive, onClose }: { drive: TestDrive; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ feedback: string; rating?: number; occurredAt?: Dayjs | null }>();
  const save = useDriveFeedback();
  return (
    <Modal
      open
      title={t("testDrives.actions.feedbackTitle", { name: drive.leadName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, ...{ "data-testid": "feedback-submit" } }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          save.mutate(
            {
              id: drive.id,
              feedback: v.feedback.trim(),
              rating: v.rating || undefined,
              occurredAt: toInstant(v.occurredAt),
            },
            {
              onSuccess: () => {
                message.success(t("testDrives.actions.saved"));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="rating" label={t("testDrives.field.rating")}>
          <Rate data-testid="feedback-rating" />
        </Form.Item>
        <Form.Item
          name="feedback"
          label={t("testDrives.field.feedback")}
          rules={[{ required: true, whitespace: true, max: 2000 }]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            placeholder={t("testDrives.actions.feedbackPlaceholder")}
            data-testid="feedback-text"
          />
        </Form.Item>
        <Form.Item name="occurredAt" label={t("testDrives.field.time")}>
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            placeholder={t("reception.visit.now")}
            style={{ width: "100%" }}
          />
        </Form.Item>
        {save.isError && <ErrorAlert error={save.error} />}
      </Form>
    </Modal>
  );
}

function CancelModal({ drive, onClose }: { drive: TestDrive; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reason, setReason] = useState("");
  const cancel = useCancelDrive();
  return (
    <Modal
      open
      title={t("testDrives.actions.cancelTitle")}
      onCancel={onClose}
      okButtonProps={{ danger: true, loading: cancel.isPending, ...{ "data-testid": "cancel-submit" } }}
      onOk={() =>
        cancel.mutate(
          { id: drive.id, reason: reason.trim() || undefined },
          {
            onSuccess: () => {
              message.success(t("testDrives.actions.saved"));
              onClose();
            },
          },
        )
      }
    >
      <Input.TextArea
        rows={2}
        maxLength={500}
        placeholder={t("testDrives.actions.reason")}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        data-testid="cancel-reason"
      />
      {cancel.isError && <ErrorAlert error={cancel.error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

/**
 * What may be done with a booking now: feedback and a no-show once it has begun, a cancellation until its end
 * (the server decides; the buttons only follow the same rules on the browser's clock).
 */
export function DriveActions({ drive, size = "small" }: { drive: TestDrive; size?: "small" | "middle" }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const can = useCan();
  const noShow = useNoShow();
  const [open, setOpen] = useState<"feedback" | "cancel">();
  if (drive.state !== "booked" || !can("testDrive.write")) return null;
  const now = dayjs();
  const started = !now.isBefore(drive.startAt);
  const over = !now.isBefore(drive.endAt);
  return (
    <Space size={4} wrap>
      {started && (
        <Button
          size={size}
          type="primary"
          onClick={() => setOpen("feedback")}
          data-testid={`drive-feedback-${drive.id}`}
        >
          {t("testDrives.actions.feedback")}
        </Button>
      )}
      {started && (
        <Popconfirm
          title={t("testDrives.actions.noShowConfirm")}
          onConfirm={() =>
            noShow.mutate(drive.id, {
              onSuccess: () => message.success(t("testDrives.actions.saved")),
              onError: (e) => message.error(errorText(e)),
            })
          }
        >
          <Button size={size} danger data-testid={`drive-noshow-${drive.id}`}>
            {t("testDrives.actions.noShow")}
          </Button>
        </Popconfirm>
      )}
      {!over && (
        <Button size={size} onClick={() => setOpen("cancel")} data-testid={`drive-cancel-${drive.id}`}>
          {t("testDrives.actions.cancel")}
        </Button>
      )}
      {open === "feedback" && <FeedbackModal drive={drive} onClose={() => setOpen(undefined)} />}
      {open === "cancel" && <CancelModal drive={drive} onClose={() => setOpen(undefined)} />}
    </Space>
  );
}

/** One booking in full, opened from the calendar. */
export function DriveDetail({ drive, onClose }: { drive: TestDrive; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t("testDrives.actions.detail")}
      onCancel={onClose}
      footer={<DriveActions drive={drive} size="middle" />}
    >
      <Descriptions column={1} size="small" data-testid="drive-detail">
        <Descriptions.Item label={t("testDrives.field.customer")}>
          <Link to={`/leads/${drive.leadId}`}>{drive.leadName}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t("testDrives.field.time")}>
          {dayjs(drive.startAt).format("YYYY-MM-DD")} {timeRange(drive)}
        </Descriptions.Item>
        <Descriptions.Item label={t("testDrives.field.car")}>
          {drive.model} · {drive.colour}
        </Descriptions.Item>
        <Descriptions.Item label={t("testDrives.field.vin")}>{drive.vin}</Descriptions.Item>
        <Descriptions.Item label={t("testDrives.field.route")}>{drive.routeName ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("testDrives.field.licence")}>{drive.licenceNo}</Descriptions.Item>
        <Descriptions.Item label={t("testDrives.field.consultant")}>
          {drive.consultantName ?? "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("testDrives.field.state")}>
          <StateTag state={drive.state} />
        </Descriptions.Item>
        <Descriptions.Item label={t("testDrives.field.remindAt")}>
          {formatInstant(drive.remindAt)}
        </Descriptions.Item>
        {drive.state === "done" && (
          <>
            <Descriptions.Item label={t("testDrives.field.rating")}>
              {drive.rating ? <Rate disabled value={drive.rating} /> : "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("testDrives.field.feedback")}>{drive.feedback}</Descriptions.Item>
          </>
        )}
      </Descriptions>
    </Modal>
  );
}
