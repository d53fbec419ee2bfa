import { App, Badge, Button, Card, Flex, Input, Rate, Segmented, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  type CareTask,
  type CareTaskFilters,
  type CareTaskType,
  useCareTasks,
  useGenerateCareTasks,
} from "../../api/care";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { formatInstant } from "../../shared/format";
import { testId } from "../../shared/testId";
import { MyOpenComplaints } from "../complaints/MyOpenComplaints";
import { CareKpiStrip } from "./CareKpiStrip";
import { RecordCallbackModal } from "./RecordCallbackModal";
import { canMessage, SendMessageModal } from "./SendMessageModal";
import { ASKS_SATISFACTION, useTaskSource, vehicleLabel } from "./taskLabel";

/** The work list's kinds of task: callbacks are the post-sale and the post-service ones. */
type Kind = "all" | "callbacks" | "reminders" | "birthdays";
const KINDS: readonly Kind[] = ["all", "callbacks", "reminders", "birthdays"];
const TYPES_OF_KIND: Record<Kind, readonly CareTaskType[] | undefined> = {
  all: undefined,
  callbacks: ["post_sale_callback", "post_service_callback"],
  reminders: ["maintenance_reminder"],
  birthdays: ["birthday"],
};
const filtersOf = (tab: Tab, kind: Kind, q: string): CareTaskFilters => ({
  ...FILTERS[tab],
  type: TYPES_OF_KIND[kind],
  q: q || undefined,
});

type Tab = "today" | "overdue" | "open" | "done" | "flagged";
const TABS: readonly Tab[] = ["today", "overdue", "open", "done", "flagged"];
const FILTERS: Record<Tab, CareTaskFilters> = {
  today: { due: "today" },
  overdue: { due: "overdue" },
  open: {},
  done: { done: true },
  flagged: { flagged: true },
};
// The work tabs show how much is waiting; results need no count on the tab.
const COUNTED: readonly Tab[] = ["today", "overdue", "open"];
const PAGE_SIZE = 20;

function TabCount({ tab, kind, q }: { tab: Tab; kind: Kind; q: string }) {
  const count = useCareTasks(filtersOf(tab, kind, q), 1, 1);
  if (!count.data) return null;
  const { total } = count.data;
  return (
    <Badge
      count={total}
      showZero
      overflowCount={999}
      color={tab === "overdue" && total > 0 ? "red" : "blue"}
    />
  );
}

function TabLabel({ tab, kind, q }: { tab: Tab; kind: Kind; q: string }) {
  const { t } = useTranslation();
  return (
    <Flex gap={6} align="center" data-testid={`care-tab-${tab}`}>
      {t(`care.tab.${tab}`)}
      {COUNTED.includes(tab) && <TabCount tab={tab} kind={kind} q={q} />}
    </Flex>
  );
}

/** "售后回访" with which callback of the series it is; "保养提醒" with how far ahead of the due date. */
function TaskKind({ task }: { task: CareTask }) {
  const { t } = useTranslation();
  const reminder = task.type === "maintenance_reminder";
  return (
    <Space size={4} wrap={false}>
      {t(`care.type.${task.type}`)}
      {task.dayOffset !== null && (
        <Tag color={reminder ? "gold" : "blue"}>
          {t(reminder ? "care.reminderOffset" : "care.dayOffset", { n: task.dayOffset })}
        </Tag>
      )}
    </Space>
  );
}

/** The order, the repair order (linked), or the date the reminder or greeting is about; the vehicle beneath. */
function Source({ task }: { task: CareTask }) {
  const source = useTaskSource();
  const vehicle = vehicleLabel(task);
  const main =
    task.orderNo && task.orderId !== null ? (
      <Link to={`/orders/${task.orderId}`}>{task.orderNo}</Link>
    ) : task.roNo && task.repairOrderId !== null ? (
      <Link to={`/repair-orders/${task.repairOrderId}`}>{source(task)}</Link>
    ) : (
      <span className="nowrap">{source(task)}</span>
    );
  return (
    <Flex vertical gap={2}>
      {main}
      {vehicle && (
        <Typography.Text type="secondary" className="nowrap" style={{ fontSize: 12 }}>
          {vehicle}
        </Typography.Text>
      )}
    </Flex>
  );
}

function DueAt({ task }: { task: CareTask }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Typography.Text type={task.overdue ? "danger" : undefined} className="nowrap">
        {formatInstant(task.dueAt)}
      </Typography.Text>
      {task.overdue && <Tag color="error">{t("care.badge.overdue")}</Tag>}
    </Space>
  );
}

function Outcome({ task }: { task: CareTask }) {
  const { t } = useTranslation();
  if (!task.reached) return <Tag>{t("care.result.unreached")}</Tag>;
  if (!ASKS_SATISFACTION[task.type]) return <Tag color="success">{t("care.result.reached")}</Tag>;
  // reached after the due time: done, but not an effective callback for the KPI
  const late = task.reachedAt !== null && Date.parse(task.reachedAt) > Date.parse(task.dueAt);
  return (
    <Space size={4} wrap>
      {task.satisfaction !== null && (
        <Rate
          disabled
          value={task.satisfaction}
          style={{ fontSize: 14 }}
          aria-label={t(`care.satisfactionLevel.${task.satisfaction}`)}
        />
      )}
      {task.flagged && <Tag color="error">{t("care.badge.flagged")}</Tag>}
      {late && <Tag color="warning">{t("care.badge.late")}</Tag>}
    </Space>
  );
}

/** The outcome and, beneath it, when the task was closed. */
function ResultCell({ task }: { task: CareTask }) {
  return (
    <Flex vertical gap={2}>
      <Outcome task={task} />
      <Typography.Text type="secondary" className="nowrap" style={{ fontSize: 12 }}>
        {formatInstant(task.doneAt)}
      </Typography.Text>
    </Flex>
  );
}

function useColumns(
  tab: Tab,
  onRecord: (task: CareTask) => void,
  onMessage: (task: CareTask) => void,
): ColumnsType<CareTask> {
  const { t } = useTranslation();
  const can = useCan();
  const results = tab === "done" || tab === "flagged";
  const columns: ColumnsType<CareTask> = [
    {
      title: t("care.field.type"),
      dataIndex: "type",
      width: 200,
      render: (_: unknown, task) => <TaskKind task={task} />,
    },
    { title: t("care.field.customer"), dataIndex: "customerName", width: 100 },
    // results are read, not called: the phone is needed on the work tabs only
    ...(results
      ? []
      : [
          {
            title: t("care.field.phone"),
            dataIndex: "phone",
            width: 120,
            render: (v: string | null) => v ?? "—",
          },
        ]),
    {
      title: t("care.field.orderNo"),
      key: "source",
      width: 210,
      render: (_: unknown, task) => <Source task={task} />,
    },
    {
      title: t("care.field.dueAt"),
      dataIndex: "dueAt",
      width: results ? 140 : 200,
      render: (_: unknown, task) => <DueAt task={task} />,
    },
  ];
  if (results) {
    columns.push(
      {
        title: t("care.field.result"),
        key: "result",
        width: 210,
        render: (_: unknown, task) => <ResultCell task={task} />,
      },
      {
        title: t("care.field.comment"),
        dataIndex: "comment",
        ellipsis: { showTitle: true },
        render: (v: string | null) => v ?? "—",
      },
    );
  } else {
    columns.push({ title: t("care.field.attempts"), dataIndex: "attempts", width: 80, align: "right" });
  }
  const records = can("careTask.record");
  const messages = can("message.send");
  if (!results && (records || messages)) {
    columns.push({
      title: "",
      key: "action",
      width: 210,
      fixed: "end",
      render: (_: unknown, task) => (
        <Space size={4}>
          {records && (
            <Button
              size="small"
              type="primary"
              onClick={() => onRecord(task)}
              data-testid={`care-record-${task.id}`}
            >
              {t(ASKS_SATISFACTION[task.type] ? "care.record.button" : "care.record.buttonContact")}
            </Button>
          )}
          {messages && canMessage(task) && (
            <Button size="small" onClick={() => onMessage(task)} data-testid={`care-message-${task.id}`}>
              {t("care.message.button")}
            </Button>
          )}
        </Space>
      ),
    });
  }
  return columns;
}

/** The manager's "plan now": the daily run does the same by itself. */
function GenerateButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const generate = useGenerateCareTasks();
  return (
    <Button
      loading={generate.isPending}
      onClick={() =>
        generate.mutate(undefined, {
          onSuccess: (r) =>
            message.success(
              t("care.generate.done", { reminders: r.reminders.created, birthdays: r.birthdays.created }),
            ),
          onError: () => message.error(t("errors.unknown")),
        })
      }
      data-testid="care-generate"
    >
      {t("care.generate.button")}
    </Button>
  );
}

/**
 * Customer service's work list (客服工作台): callbacks, maintenance reminders and birthday greetings in due
 * order, narrowed by kind; the month's KPIs above them and the user's open complaints below.
 */
export default function CareTaskPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [tab, setTab] = useState<Tab>("today");
  const [kind, setKind] = useState<Kind>("all");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState<CareTask>();
  const [messaging, setMessaging] = useState<CareTask>();
  const tasks = useCareTasks(filtersOf(tab, kind, q), page, PAGE_SIZE);
  const columns = useColumns(tab, setRecording, setMessaging);

  return (
    <Flex vertical gap={16}>
      <CareKpiStrip />
      <Card
        size="small"
        title={
          <Flex gap={12} wrap align="center" style={{ padding: "8px 0" }}>
            <Segmented<Tab>
              value={tab}
              onChange={(next) => {
                setTab(next);
                setPage(1);
              }}
              options={TABS.map((key) => ({ value: key, label: <TabLabel tab={key} kind={kind} q={q} /> }))}
              data-testid="care-tabs"
            />
            <Segmented<Kind>
              value={kind}
              onChange={(next) => {
                setKind(next);
                setPage(1);
              }}
              options={KINDS.map((key) => ({
                value: key,
                label: <span data-testid={`care-kind-${key}`}>{t(`care.kind.${key}`)}</span>,
              }))}
              data-testid="care-kinds"
            />
            <Input.Search
              allowClear
              placeholder={t("care.search")}
              style={{ width: 220 }}
              onSearch={(value) => {
                setQ(value.trim());
                setPage(1);
              }}
              data-testid="care-search"
            />
          </Flex>
        }
        extra={can("careTask.generate") ? <GenerateButton /> : undefined}
      >
        {tasks.isError ? (
          <ErrorAlert error={tasks.error} />
        ) : (
          <Table<CareTask>
            size="small"
            rowKey="id"
            loading={tasks.isFetching && !tasks.data}
            columns={columns}
            dataSource={tasks.data?.items ?? []}
            onRow={(task) => testId(`care-row-${task.id}`)}
            locale={{ emptyText: t(`care.empty.${tab}`) }}
            // below this width the table scrolls; above it the comment column takes the rest (with an ellipsis)
            scroll={{ x: 1140 }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: tasks.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
              hideOnSinglePage: true,
            }}
          />
        )}
      </Card>
      {can("complaint.handle") && <MyOpenComplaints />}
      {recording && <RecordCallbackModal task={recording} onClose={() => setRecording(undefined)} />}
      {messaging && canMessage(messaging) && (
        <SendMessageModal task={messaging} onClose={() => setMessaging(undefined)} />
      )}
    </Flex>
  );
}
