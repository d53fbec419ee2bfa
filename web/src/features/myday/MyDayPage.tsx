import { Badge, Button, Card, Flex, Result, Space, Spin, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMyDay } from "../../api/leads";
import type { Lead, MyDay } from "../../api/types";
import { DueCell } from "../../shared/DueCell";
import { useErrorText } from "../../shared/errors";
import { formatInstant } from "../../shared/format";
import { LevelTag } from "../../shared/LevelTag";
import { testId } from "../../shared/testId";
import { FollowUpModal } from "../followups/FollowUpModal";

type LeadSection = "overdue" | "dueToday" | "stale";
// Overdue first: those promises are already broken, today's can still be kept.
const SECTIONS: readonly LeadSection[] = ["overdue", "dueToday", "stale"];

function SectionTitle({ title, count, danger }: { title: string; count: number; danger?: boolean }) {
  return (
    <Flex gap={8} align="center">
      {title}
      <Badge count={count} showZero color={danger && count > 0 ? "red" : "blue"} />
    </Flex>
  );
}

function PlannedCell({ at }: { at: string | null }) {
  const { t } = useTranslation();
  const today = at !== null && dayjs(at).isSame(dayjs(), "day");
  return (
    <Space size={4} wrap={false}>
      <Typography.Text strong={today} className="nowrap">
        {formatInstant(at)}
      </Typography.Text>
      {today && <Tag color="blue">{t("myDay.today")}</Tag>}
    </Space>
  );
}

function LeadSectionTable({ leads, onFollowUp }: { leads: Lead[]; onFollowUp: (lead: Lead) => void }) {
  const { t } = useTranslation();
  const columns: ColumnsType<Lead> = [
    {
      title: t("leads.field.name"),
      dataIndex: "name",
      render: (v: string, l) => <Link to={`/leads/${l.id}`}>{v}</Link>,
    },
    { title: t("leads.field.phone"), dataIndex: "phone", width: 130 },
    {
      title: t("leads.field.level"),
      dataIndex: "level",
      width: 70,
      render: (_: unknown, l) => <LevelTag level={l.level} />,
    },
    {
      title: t("leads.field.intendedModel"),
      dataIndex: "intendedModel",
      render: (v: string | null) => v ?? "—",
    },
    {
      // The plan the consultant set at the last follow-up; "today" is why many due-later leads are listed here.
      title: t("myDay.plannedContact"),
      dataIndex: "nextContactAt",
      width: 210,
      render: (_: unknown, l) => <PlannedCell at={l.nextContactAt} />,
    },
    {
      // The latest moment the cadence allows; missing it makes the lead overdue.
      title: t("myDay.dueAt"),
      dataIndex: "dueAt",
      width: 260,
      render: (_: unknown, l) => <DueCell lead={l} />,
    },
    {
      title: "",
      key: "action",
      width: 90,
      render: (_: unknown, l) => (
        <Button
          size="small"
          type="primary"
          onClick={() => onFollowUp(l)}
          data-testid={`myday-followup-${l.id}`}
        >
          {t("followUp.button")}
        </Button>
      ),
    },
  ];
  return (
    <Table<Lead>
      size="small"
      rowKey="id"
      pagination={false}
      columns={columns}
      dataSource={leads}
      onRow={(l) => testId(`lead-row-${l.id}`)}
      locale={{ emptyText: t("myDay.empty") }}
    />
  );
}

type AppointmentRow = MyDay["appointments"][number];

function AppointmentTable({ items }: { items: AppointmentRow[] }) {
  const { t } = useTranslation();
  return (
    <Table<AppointmentRow>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={items}
      locale={{ emptyText: t("myDay.emptyAppointments") }}
      columns={[
        {
          title: t("myDay.time"),
          dataIndex: "at",
          width: 150,
          className: "nowrap",
          render: (v: string) => formatInstant(v),
        },
        {
          title: t("followUp.appointmentKind"),
          dataIndex: "kind",
          render: (_: unknown, a) => t(`appointmentKind.${a.kind}`),
        },
        {
          title: t("leads.field.name"),
          dataIndex: "leadName",
          render: (v: string, a) => <Link to={`/leads/${a.leadId}`}>{v}</Link>,
        },
      ]}
    />
  );
}

type DriveRow = MyDay["testDrives"][number];

/** Today's booked test drives; from its reminder time (an hour before) a drive is flagged as coming up. */
function TestDriveTable({ items }: { items: DriveRow[] }) {
  const { t } = useTranslation();
  const now = dayjs();
  return (
    <Table<DriveRow>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={items}
      onRow={(d) => testId(`myday-drive-${d.id}`)}
      locale={{ emptyText: t("testDrives.myDay.empty") }}
      columns={[
        {
          title: t("myDay.time"),
          key: "time",
          width: 150,
          className: "nowrap",
          render: (_: unknown, d) => (
            <Space size={4}>
              {`${dayjs(d.startAt).format("HH:mm")}–${dayjs(d.endAt).format("HH:mm")}`}
              {!now.isBefore(d.remindAt) && now.isBefore(d.endAt) && (
                <Tag color="orange">{t("testDrives.myDay.soon")}</Tag>
              )}
            </Space>
          ),
        },
        {
          title: t("leads.field.name"),
          dataIndex: "leadName",
          render: (v: string, d) => <Link to={`/leads/${d.leadId}`}>{v}</Link>,
        },
        { title: t("testDrives.field.car"), dataIndex: "model" },
        {
          title: t("testDrives.myDay.remindAt"),
          dataIndex: "remindAt",
          width: 100,
          render: (v: string) => dayjs(v).format("HH:mm"),
        },
      ]}
    />
  );
}

export default function MyDayPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const myDay = useMyDay();
  const [lead, setLead] = useState<Lead>();

  if (myDay.isPending) return <Spin style={{ display: "block", marginTop: 48 }} />;
  if (myDay.isError) return <Result status="error" title={errorText(myDay.error)} />;

  return (
    <Flex vertical gap={16}>
      {SECTIONS.map((section) => (
        <Card
          key={section}
          size="small"
          data-testid={`myday-${section}`}
          extra={
            <Space size="middle">
              {myDay.data.totals[section] > myDay.data[section].length && (
                <Typography.Text type="warning" data-testid={`myday-more-${section}`}>
                  {t("myDay.showingMostUrgent", {
                    shown: myDay.data[section].length,
                    total: myDay.data.totals[section],
                  })}
                </Typography.Text>
              )}
              {section === "dueToday" && (
                <Typography.Text type="secondary">{t("myDay.dueTodayHint")}</Typography.Text>
              )}
            </Space>
          }
          title={
            <SectionTitle
              title={t(`myDay.${section}`)}
              count={myDay.data.totals[section]}
              danger={section === "overdue"}
            />
          }
        >
          <LeadSectionTable leads={myDay.data[section]} onFollowUp={setLead} />
        </Card>
      ))}
      <Card
        size="small"
        data-testid="myday-appointments"
        title={<SectionTitle title={t("myDay.appointments")} count={myDay.data.appointments.length} />}
      >
        <AppointmentTable items={myDay.data.appointments} />
      </Card>
      <Card
        size="small"
        data-testid="myday-test-drives"
        title={<SectionTitle title={t("testDrives.myDay.title")} count={myDay.data.testDrives.length} />}
      >
        <TestDriveTable items={myDay.data.testDrives} />
      </Card>
      {lead && <FollowUpModal lead={lead} open onClose={() => setLead(undefined)} />}
    </Flex>
  );
}
