import { PlusOutlined } from "@ant-design/icons";
import { Badge, Button, Card, Flex, Segmented, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Complaint, type ComplaintFilters, useComplaints } from "../../api/complaints";
import { useCan, useSession } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { formatInstant } from "../../shared/format";
import { testId } from "../../shared/testId";
import { DeadlineCell, SeverityTag, StateTag } from "./ComplaintBits";
import { NewComplaintDrawer } from "./NewComplaintDrawer";

type Tab = "mine" | "escalated" | "all";
const FILTERS: Record<Tab, ComplaintFilters> = {
  mine: { mine: true, open: true },
  escalated: { escalated: true },
  all: {},
};
const PAGE_SIZE = 20;

function TabLabel({ tab }: { tab: Tab }) {
  const { t } = useTranslation();
  const count = useComplaints(FILTERS[tab], 1, 1);
  const total = count.data?.total;
  return (
    <Flex gap={6} align="center" data-testid={`complaint-tab-${tab}`}>
      {t(`complaints.tab.${tab}`)}
      {tab !== "all" && total !== undefined && (
        <Badge
          count={total}
          showZero
          overflowCount={999}
          color={tab === "escalated" && total > 0 ? "red" : "blue"}
        />
      )}
    </Flex>
  );
}

function useColumns(): ColumnsType<Complaint> {
  const { t } = useTranslation();
  return [
    {
      title: t("complaints.field.customer"),
      dataIndex: "customerName",
      width: 110,
      render: (name: string, c) => (
        <Link to={`/complaints/${c.id}`} data-testid={`complaint-link-${c.id}`}>
          {name}
        </Link>
      ),
    },
    {
      title: t("complaints.field.phone"),
      dataIndex: "phone",
      width: 120,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("complaints.field.category"),
      dataIndex: "category",
      width: 110,
      render: (_: unknown, c) => (
        <Flex vertical gap={2}>
          {t(`complaints.category.${c.category}`)}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`complaints.channel.${c.channel}`)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t("complaints.field.severity"),
      dataIndex: "severity",
      width: 80,
      render: (_: unknown, c) => <SeverityTag severity={c.severity} />,
    },
    {
      title: t("complaints.field.description"),
      dataIndex: "description",
      ellipsis: { showTitle: true },
    },
    { title: t("complaints.field.owner"), dataIndex: "ownerName", width: 90 },
    {
      title: t("complaints.field.state"),
      dataIndex: "state",
      width: 100,
      render: (_: unknown, c) => <StateTag state={c.state} />,
    },
    {
      title: t("complaints.field.receivedAt"),
      dataIndex: "receivedAt",
      width: 140,
      render: (v: string) => <span className="nowrap">{formatInstant(v)}</span>,
    },
    {
      title: t("complaints.field.deadlineAt"),
      dataIndex: "deadlineAt",
      width: 190,
      render: (_: unknown, c) => <DeadlineCell complaint={c} stacked />,
    },
  ];
}

/** The complaints: the own open ones, the overdue ones escalated to the gm, all; a new one from any channel. */
export default function ComplaintsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useSession();
  const handles = can("complaint.handle");
  const tabs: Tab[] = handles ? ["mine", "escalated", "all"] : ["escalated", "all"];
  const [tab, setTab] = useState<Tab>(me.user.role === "gm" ? "escalated" : tabs[0]!);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useComplaints(FILTERS[tab], page, PAGE_SIZE);
  const columns = useColumns();

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("complaints.title")}
        </Typography.Title>
        {can("complaint.create") && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="complaint-new"
          >
            {t("complaints.new")}
          </Button>
        )}
      </Flex>
      <Card
        size="small"
        title={
          <Segmented<Tab>
            value={tab}
            onChange={(next) => {
              setTab(next);
              setPage(1);
            }}
            options={tabs.map((key) => ({ value: key, label: <TabLabel tab={key} /> }))}
          />
        }
      >
        {list.isError ? (
          <ErrorAlert error={list.error} />
        ) : (
          <Table<Complaint>
            size="small"
            rowKey="id"
            loading={list.isFetching && !list.data}
            columns={columns}
            dataSource={list.data?.items ?? []}
            onRow={(c) => testId(`complaint-row-${c.id}`)}
            locale={{ emptyText: t(`complaints.empty.${tab}`) }}
            scroll={{ x: 1100 }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
              hideOnSinglePage: true,
            }}
          />
        )}
      </Card>
      <NewComplaintDrawer open={creating} onClose={() => setCreating(false)} />
    </Flex>
  );
}
