import { Badge, Button, Card, Flex, Rate, Segmented, Space, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type CareTask, type CareTaskFilters, useCareTasks } from "../../api/care";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { formatInstant } from "../../shared/format";
import { testId } from "../../shared/testId";
import { CareKpiStrip } from "./CareKpiStrip";
import { RecordCallbackModal } from "./RecordCallbackModal";

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

function TabCount({ tab }: { tab: Tab }) {
  const count = useCareTasks(FILTERS[tab], 1, 1);
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

function TabLabel({ tab }: { tab: Tab }) {
  const { t } = useTranslation();
  return (
    <Flex gap={6} align="center" data-testid={`care-tab-${tab}`}>
      {t(`care.tab.${tab}`)}
      {COUNTED.includes(tab) && <TabCount tab={tab} />}
    </Flex>
  );
}

/** "售后回访" with which callback of the series it is. */
function TaskKind({ task }: { task: CareTask }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap={false}>
      {t(`care.type.${task.type}`)}
      {task.dayOffset !== null && <Tag color="blue">{t("care.dayOffset", { n: task.dayOffset })}</Tag>}
    </Space>
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

function useColumns(tab: Tab, onRecord: (task: CareTask) => void): ColumnsType<CareTask> {
  const { t } = useTranslation();
  const can = useCan();
  const results = tab === "done" || tab === "flagged";
  const columns: ColumnsType<CareTask> = [
    {
      title: t("care.field.type"),
      dataIndex: "type",
      width: 210,
      render: (_: unknown, task) => <TaskKind task={task} />,
    },
    { title: t("care.field.customer"), dataIndex: "customerName", width: results ? 120 : undefined },
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
      dataIndex: "orderNo",
      width: 140,
      render: (v: string | null, task) =>
        v && task.orderId !== null ? <Link to={`/orders/${task.orderId}`}>{v}</Link> : "—",
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
  if (!results && can("careTask.record")) {
    columns.push({
      title: "",
      key: "action",
      width: 100,
      fixed: "end",
      render: (_: unknown, task) => (
        <Button
          size="small"
          type="primary"
          onClick={() => onRecord(task)}
          data-testid={`care-record-${task.id}`}
        >
          {t("care.record.button")}
        </Button>
      ),
    });
  }
  return columns;
}

/** Customer service's work list: the callbacks in due order, the month's callback KPIs above them. */
export default function CareTaskPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>("today");
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState<CareTask>();
  const tasks = useCareTasks(FILTERS[tab], page, PAGE_SIZE);
  const columns = useColumns(tab, setRecording);

  return (
    <Flex vertical gap={16}>
      <CareKpiStrip />
      <Card
        size="small"
        title={
          <Segmented<Tab>
            value={tab}
            onChange={(next) => {
              setTab(next);
              setPage(1);
            }}
            options={TABS.map((key) => ({ value: key, label: <TabLabel tab={key} /> }))}
            data-testid="care-tabs"
          />
        }
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
            scroll={{ x: 1000 }}
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
      {recording && <RecordCallbackModal task={recording} onClose={() => setRecording(undefined)} />}
    </Flex>
  );
}
