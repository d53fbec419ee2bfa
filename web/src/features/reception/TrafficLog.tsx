import { App, Button, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Call, useCalls, useLeaveVisit, useVisits, type Visit } from "../../api/traffic";
import { useCan } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { testId } from "../../shared/testId";

const hhmm = (iso: string | null) => (iso ? dayjs(iso).format("HH:mm") : "—");

function LeadCell({ leadId, leadName }: { leadId: number | null; leadName: string | null }) {
  const { t } = useTranslation();
  if (leadId === null) return <Tag>{t("reception.notArchived")}</Tag>;
  return <Link to={`/leads/${leadId}`}>{leadName}</Link>;
}

/** The day's showroom visits, newest first; an open visit has its "left" button. */
export function VisitLog({ date }: { date: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const can = useCan();
  const visits = useVisits(date);
  const leave = useLeaveVisit();

  return (
    <Table<Visit>
      size="small"
      rowKey="id"
      loading={visits.isPending}
      dataSource={visits.data?.items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      onRow={(v) => testId(`visit-row-${v.id}`)}
      locale={{ emptyText: t("reception.emptyVisits") }}
      scroll={{ x: "max-content" }}
      columns={[
        { title: t("reception.field.arrivedAt"), dataIndex: "arrivedAt", width: 90, render: hhmm },
        {
          title: t("reception.field.leftAt"),
          dataIndex: "leftAt",
          width: 110,
          render: (_: unknown, v) =>
            v.leftAt ? (
              hhmm(v.leftAt)
            ) : can("traffic.write") ? (
              <Button
                size="small"
                loading={leave.isPending && leave.variables === v.id}
                onClick={() =>
                  leave.mutate(v.id, {
                    onSuccess: () => message.success(t("reception.left")),
                    onError: (e) => message.error(errorText(e)),
                  })
                }
                data-testid={`visit-leave-${v.id}`}
              >
                {t("reception.leave")}
              </Button>
            ) : (
              <Tag color="orange">{t("reception.inShowroom")}</Tag>
            ),
        },
        {
          title: t("reception.field.duration"),
          key: "duration",
          width: 90,
          render: (_: unknown, v) =>
            v.leftAt ? t("reception.minutes", { count: dayjs(v.leftAt).diff(v.arrivedAt, "minute") }) : "—",
        },
        {
          title: t("reception.field.visitor"),
          dataIndex: "leadName",
          render: (_: unknown, v) => <LeadCell leadId={v.leadId} leadName={v.leadName} />,
        },
        {
          title: t("reception.field.kind"),
          dataIndex: "firstVisit",
          width: 100,
          render: (first: boolean) => (
            <Tag color={first ? "blue" : "green"}>
              {first ? t("reception.firstVisit") : t("reception.returnVisit")}
            </Tag>
          ),
        },
        { title: t("reception.field.partySize"), dataIndex: "partySize", width: 70, align: "right" },
        { title: t("reception.field.consultant"), dataIndex: "consultantName", width: 120 },
        {
          title: t("reception.field.note"),
          dataIndex: "note",
          render: (v: string | null) =>
            v ? <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text> : "—",
        },
      ]}
    />
  );
}

export function CallLog({ date }: { date: string }) {
  const { t } = useTranslation();
  const calls = useCalls(date);
  return (
    <Table<Call>
      size="small"
      rowKey="id"
      loading={calls.isPending}
      dataSource={calls.data?.items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      onRow={(c) => testId(`call-row-${c.id}`)}
      locale={{ emptyText: t("reception.emptyCalls") }}
      columns={[
        { title: t("reception.field.at"), dataIndex: "at", width: 90, render: hhmm },
        {
          title: t("reception.field.visitor"),
          dataIndex: "leadName",
          render: (_: unknown, c) => <LeadCell leadId={c.leadId} leadName={c.leadName} />,
        },
        {
          title: t("reception.call.consultant"),
          dataIndex: "consultantName",
          width: 120,
          render: (v: string | null) => v ?? "—",
        },
        { title: t("reception.field.note"), dataIndex: "note", render: (v: string | null) => v ?? "—" },
      ]}
    />
  );
}
