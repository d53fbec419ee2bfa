import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select, Switch, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { usePlan, useRecordFollowUp } from "../../api/leads";
import {
  APPOINTMENT_KINDS,
  type AppointmentKind,
  CHANNELS,
  type Channel,
  GRADABLE_LEVELS,
  type Lead,
  type Level,
} from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/errors";
import { toInstant } from "../../shared/format";
import { useEnumOptions } from "../../shared/options";
import { testId } from "../../shared/testId";
import { canRegrade, levelRequirement } from "./levelRule";

interface Values {
  occurredAt?: Dayjs | null;
  channel: Channel;
  reached: boolean;
  content: string;
  level?: Level;
  nextContactAt?: Dayjs | null;
  withAppointment?: boolean;
  appointmentKind?: AppointmentKind;
  appointmentAt?: Dayjs | null;
}

// Domain refusals that belong to one field: the message is shown under that field as well as above the form.
const FIELD_OF_CODE: Record<string, keyof Values> = {
  beyond_cadence: "nextContactAt",
  plan_not_after_follow_up: "nextContactAt",
  level_required: "level",
  level_not_allowed: "level",
  in_future: "occurredAt",
  before_lead_created: "occurredAt",
  appointment_in_past: "appointmentAt",
};

interface Props {
  lead: Pick<Lead, "id" | "name" | "level" | "stale" | "dueAt">;
  open: boolean;
  onClose: () => void;
}

export function FollowUpModal({ lead, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const record = useRecordFollowUp(lead.id);
  const channelOptions = useEnumOptions("channel", CHANNELS);
  const kindOptions = useEnumOptions("appointmentKind", APPOINTMENT_KINDS);

  const reached = Form.useWatch("reached", form);
  const chosenLevel = Form.useWatch("level", form);
  const occurredAt = Form.useWatch("occurredAt", form);
  const withAppointment = Form.useWatch("withAppointment", form);
  const nextContactAt = Form.useWatch("nextContactAt", form);
  // Only an effective (reached) follow-up moves the due time; after an unreached one the lead stays due when
  // it was, and a later plan means it turns overdue before the planned call. Say so before it is saved.
  const dueAt = lead.dueAt ? dayjs(lead.dueAt) : undefined;
  const planAfterDue = reached === false && dueAt !== undefined && nextContactAt?.isAfter(dueAt) === true;
  const requirement = levelRequirement(lead, reached);
  const regradable = canRegrade(lead);

  // The plan follows the level the lead will have after this follow-up, counted from when it happened.
  const planLevel = chosenLevel ?? lead.level;
  const plan = usePlan(lead.id, planLevel, occurredAt ? occurredAt.toISOString() : undefined, open);
  const latest = plan.data ? dayjs(plan.data.latestAt) : undefined;

  // A new plan (another level or time) replaces the proposal; the consultant may still move it within range.
  useEffect(() => {
    if (open && plan.data) form.setFieldValue("nextContactAt", dayjs(plan.data.proposedAt));
  }, [open, plan.data, form]);

  useEffect(() => {
    if (open) record.reset();
  }, [open, record.reset]);

  const submit = (values: Values) => {
    record.mutate(
      {
        channel: values.channel,
        reached: values.reached,
        content: values.content.trim(),
        level: values.level,
        nextContactAt: toInstant(values.nextContactAt),
        occurredAt: toInstant(values.occurredAt),
        appointment:
          values.withAppointment && values.appointmentKind && values.appointmentAt
            ? { kind: values.appointmentKind, at: values.appointmentAt.toISOString() }
            : undefined,
      },
      {
        onSuccess: () => {
          message.success(t("followUp.saved"));
          form.resetFields();
          onClose();
        },
        onError: (error) => {
          const field = error instanceof ApiError ? FIELD_OF_CODE[error.code] : undefined;
          if (field) form.setFields([{ name: field, errors: [errorText(error)] }]);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t("followUp.title", { name: lead.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      okButtonProps={{ loading: record.isPending, ...testId("followup-submit") }}
      destroyOnHidden
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ channel: "phone", reached: true, withAppointment: false, appointmentKind: "visit" }}
        data-testid="followup-form"
      >
        <Form.Item name="channel" label={t("followUp.channel")} rules={[{ required: true }]}>
          <Select options={channelOptions} data-testid="followup-channel" />
        </Form.Item>
        <Form.Item name="reached" label={t("followUp.reached")} rules={[{ required: true }]}>
          <Radio.Group data-testid="followup-reached">
            {/* The test id sits on the visible label: antd passes it to a hidden input otherwise. */}
            <Radio.Button value={true}>
              <span data-testid="followup-reached-yes">{t("followUp.reachedYes")}</span>
            </Radio.Button>
            <Radio.Button value={false}>
              <span data-testid="followup-reached-no">{t("followUp.reachedNo")}</span>
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="content"
          label={t("followUp.content")}
          rules={[{ required: true, whitespace: true, max: 2000 }]}
        >
          <Input.TextArea rows={3} data-testid="followup-content" />
        </Form.Item>
        {regradable && (
          <>
            {requirement && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={t(`followUp.levelRequired.${requirement}`)}
                data-testid="followup-level-reason"
              />
            )}
            <Form.Item
              name="level"
              label={t("followUp.level")}
              extra={requirement ? undefined : t("followUp.levelKeep", { level: lead.level })}
              rules={[{ required: requirement !== null, message: t("followUp.levelMissing") }]}
            >
              <Select
                allowClear={requirement === null}
                options={GRADABLE_LEVELS.map((l) => ({ value: l, label: `${l} · ${t(`levelName.${l}`)}` }))}
                data-testid="followup-level"
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="nextContactAt"
          label={t("followUp.nextContactAt")}
          extra={latest ? t("followUp.latestHint", { at: latest.format("YYYY-MM-DD HH:mm") }) : undefined}
        >
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: "100%" }}
            disabledDate={(d) => d.isBefore(dayjs(), "day") || (latest ? d.isAfter(latest, "day") : false)}
            data-testid="followup-next"
          />
        </Form.Item>
        {planAfterDue && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: -12, marginBottom: 16 }}
            title={t("followUp.planAfterDue", { at: dueAt.format("YYYY-MM-DD HH:mm") })}
            data-testid="followup-plan-after-due"
          />
        )}
        <Form.Item name="occurredAt" label={t("followUp.occurredAt")} extra={t("followUp.occurredAtHint")}>
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: "100%" }}
            disabledDate={(d) => d.isAfter(dayjs(), "day")}
            data-testid="followup-occurred-at"
          />
        </Form.Item>
        <Form.Item name="withAppointment" label={t("followUp.appointment")} valuePropName="checked">
          <Switch data-testid="followup-appointment" />
        </Form.Item>
        {withAppointment && (
          <>
            <Form.Item
              name="appointmentKind"
              label={t("followUp.appointmentKind")}
              rules={[{ required: true }]}
            >
              <Radio.Group
                options={kindOptions}
                optionType="button"
                data-testid="followup-appointment-kind"
              />
            </Form.Item>
            <Form.Item name="appointmentAt" label={t("followUp.appointmentAt")} rules={[{ required: true }]}>
              <DatePicker
                showTime={{ format: "HH:mm" }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: "100%" }}
                disabledDate={(d) => d.isBefore(dayjs(), "day")}
                data-testid="followup-appointment-at"
              />
            </Form.Item>
          </>
        )}
      </Form>
      {record.isError && <ErrorAlert error={record.error} testId="followup-error" />}
      {plan.isError && (
        <Typography.Text type="secondary" style={{ display: "block", marginTop: 8 }}>
          {t("followUp.noPlan")}
        </Typography.Text>
      )}
    </Modal>
  );
}
