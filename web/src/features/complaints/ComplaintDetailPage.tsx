import { ArrowLeftOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  type Complaint,
  type ComplaintEvent,
  useAssignComplaint,
  useComplaint,
  useComplaintNote,
  useComplaintOwners,
  useTransitionComplaint,
} from "../../api/complaints";
import type { Id } from "../../api/types";
import { useCan, useSession } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { formatInstant, optionalText } from "../../shared/format";
import { testId } from "../../shared/testId";
import { DeadlineCell, SeverityTag, StateTag } from "./ComplaintBits";

/** One text to ask for (a resolution, a reason, a note), required. */
function TextModal(props: {
  title: string;
  label: string;
  onSubmit: (text: string) => Promise<unknown>;
  onClose: () => void;
  testId: string;
}) {
  const [form] = Form.useForm<{ text: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async () => {
    const { text } = await form.validateFields();
    setSaving(true);
    try {
      await props.onSubmit(text.trim());
      props.onClose();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={saving}
      okButtonProps={testId(`${props.testId}-ok`)}
      destroyOnHidden
    >
      {error !== undefined && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={props.label} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount data-testid={`${props.testId}-text`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AssignModal({ complaint, onClose }: { complaint: Complaint; onClose: () => void }) {
  const { t } = useTranslation();
  const owners = useComplaintOwners();
  const assign = useAssignComplaint(complaint.id);
  const [form] = Form.useForm<{ ownerId: Id; note?: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    await assign.mutateAsync({ ownerId: v.ownerId, note: optionalText(v.note) });
    onClose();
  };
  return (
    <Modal
      open
      title={t("complaints.dialog.assignTitle")}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={assign.isPending}
      okButtonProps={testId("complaint-assign-ok")}
      destroyOnHidden
    >
      {assign.isError && <ErrorAlert error={assign.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="ownerId" label={t("complaints.dialog.newOwner")} rules={[{ required: true }]}>
          <Select
            options={(owners.data?.items ?? [])
              .filter((u) => u.id !== complaint.ownerId)
              .map((u) => ({ value: u.id, label: `${u.displayName} · ${t(`roles.${u.role}`)}` }))}
            data-testid="complaint-assign-owner"
          />
        </Form.Item>
        <Form.Item name="note" label={t("complaints.field.note")} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Dialog = "resolve" | "reopen" | "assign" | "note";

/** The next steps the actor may take, as the server allows them (the owner, the gm, the sales manager for sales). */
function Actions({ complaint }: { complaint: Complaint }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const me = useSession();
  const [dialog, setDialog] = useState<Dialog>();
  const move = useTransitionComplaint(complaint.id);
  const note = useComplaintNote(complaint.id);
  const manages =
    can("complaint.handle") &&
    (complaint.ownerId === me.user.id ||
      me.user.role === "gm" ||
      (me.user.role === "sales_manager" && complaint.category === "sales"));
  if (!can("complaint.handle")) return null;
  const step = (to: "handling" | "confirmed") =>
    move.mutate({ to }, { onSuccess: () => void message.success(t("complaints.saved")) });

  return (
    <>
      {move.isError && dialog === undefined && <ErrorAlert error={move.error} style={{ marginBottom: 12 }} />}
      <Space wrap>
        {manages && complaint.state === "received" && (
          <Button
            type="primary"
            loading={move.isPending}
            onClick={() => step("handling")}
            data-testid="complaint-to-handling"
          >
            {t("complaints.action.handling")}
          </Button>
        )}
        {manages && complaint.state === "handling" && (
          <Button type="primary" onClick={() => setDialog("resolve")} data-testid="complaint-to-resolved">
            {t("complaints.action.resolved")}
          </Button>
        )}
        {manages && complaint.state === "resolved" && (
          <>
            <Button
              type="primary"
              loading={move.isPending}
              onClick={() => step("confirmed")}
              data-testid="complaint-to-confirmed"
            >
              {t("complaints.action.confirmed")}
            </Button>
            <Button danger onClick={() => setDialog("reopen")} data-testid="complaint-reopen">
              {t("complaints.action.reopen")}
            </Button>
          </>
        )}
        {manages && complaint.state !== "confirmed" && (
          <Button onClick={() => setDialog("assign")} data-testid="complaint-assign">
            {t("complaints.action.assign")}
          </Button>
        )}
        <Button onClick={() => setDialog("note")} data-testid="complaint-note">
          {t("complaints.action.note")}
        </Button>
      </Space>
      {dialog === "resolve" && (
        <TextModal
          title={t("complaints.dialog.resolveTitle")}
          label={t("complaints.field.resolution")}
          onSubmit={(resolution) => move.mutateAsync({ to: "resolved", resolution })}
          onClose={() => setDialog(undefined)}
          testId="complaint-resolution"
        />
      )}
      {dialog === "reopen" && (
        <TextModal
          title={t("complaints.dialog.reopenTitle")}
          label={t("complaints.dialog.reopenNote")}
          onSubmit={(text) => move.mutateAsync({ to: "handling", note: text })}
          onClose={() => setDialog(undefined)}
          testId="complaint-reopen"
        />
      )}
      {dialog === "note" && (
        <TextModal
          title={t("complaints.dialog.noteTitle")}
          label={t("complaints.field.note")}
          onSubmit={(text) => note.mutateAsync({ note: text })}
          onClose={() => setDialog(undefined)}
          testId="complaint-note"
        />
      )}
      {dialog === "assign" && <AssignModal complaint={complaint} onClose={() => setDialog(undefined)} />}
    </>
  );
}

function EventText({ event }: { event: ComplaintEvent }) {
  const { t } = useTranslation();
  const state = (s: string | null) => (s ? t(`complaints.state.${s}`) : "");
  const head =
    event.kind === "received"
      ? t("complaints.event.received", { owner: event.ownerName ?? "—" })
      : event.kind === "transition"
        ? t("complaints.event.transition", { from: state(event.fromState), to: state(event.toState) })
        : event.kind === "assigned"
          ? t("complaints.event.assigned", { owner: event.ownerName ?? "—" })
          : t("complaints.event.note");
  return (
    <Flex vertical gap={2}>
      <Typography.Text strong>{head}</Typography.Text>
      {event.note && <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{event.note}</Typography.Text>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatInstant(event.at)} · {event.actorName ?? "—"}
      </Typography.Text>
    </Flex>
  );
}

const DOT: Record<ComplaintEvent["kind"], string> = {
  received: "blue",
  transition: "green",
  assigned: "orange",
  note: "gray",
};

/** One complaint: what it is about, its deadline, the next steps and every step so far. */
export default function ComplaintDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const detail = useComplaint(id === undefined ? undefined : Number(id));
  if (detail.isPending) return <Spin />;
  if (detail.isError) return <ErrorAlert error={detail.error} />;
  const { complaint: c, events } = detail.data;

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12} wrap>
        <Link to="/complaints">
          <ArrowLeftOutlined /> {t("complaints.detail.back")}
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.customerName}
        </Typography.Title>
        <StateTag state={c.state} />
        <SeverityTag severity={c.severity} />
        {c.careTaskId !== null && <Tag color="purple">{t("complaints.detail.fromCallback")}</Tag>}
      </Flex>
      <Card size="small">
        <Flex vertical gap={16}>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
            <Descriptions.Item label={t("complaints.field.customer")}>
              {c.customerName} {c.phone ? `· ${c.phone}` : ""}
            </Descriptions.Item>
            <Descriptions.Item label={t("complaints.field.vehicle")}>{c.plate ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("complaints.field.roNo")}>
              {c.roNo && c.repairOrderId !== null ? (
                <Link to={`/repair-orders/${c.repairOrderId}`}>{c.roNo}</Link>
              ) : (
                "—"
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t("complaints.field.channel")}>
              {t(`complaints.channel.${c.channel}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("complaints.field.category")}>
              {t(`complaints.category.${c.category}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("complaints.field.owner")}>
              <span data-testid="complaint-owner-name">{c.ownerName}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("complaints.field.receivedAt")}>
              {formatInstant(c.receivedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t("complaints.field.deadlineAt")} span={2}>
              <DeadlineCell complaint={c} />
            </Descriptions.Item>
            <Descriptions.Item label={t("complaints.field.description")} span={3}>
              <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{c.description}</Typography.Text>
            </Descriptions.Item>
            {c.resolution && (
              <Descriptions.Item label={t("complaints.field.resolution")} span={3}>
                <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{c.resolution}</Typography.Text>
              </Descriptions.Item>
            )}
            {c.resolvedAt && (
              <Descriptions.Item label={t("complaints.field.resolvedAt")}>
                {formatInstant(c.resolvedAt)}
              </Descriptions.Item>
            )}
            {c.confirmedAt && (
              <Descriptions.Item label={t("complaints.field.confirmedAt")}>
                {formatInstant(c.confirmedAt)}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Actions complaint={c} />
        </Flex>
      </Card>
      <Card size="small" title={t("complaints.detail.timeline")}>
        <Timeline
          data-testid="complaint-timeline"
          items={events.map((e) => ({ key: e.id, color: DOT[e.kind], content: <EventText event={e} /> }))}
        />
      </Card>
    </Flex>
  );
}
