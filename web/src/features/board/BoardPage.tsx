import {
  App,
  Button,
  Card,
  Col,
  Flex,
  Popconfirm,
  Result,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
} from "antd";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useBoard, useReleaseLeads } from "../../api/leads";
import type { Defeat, Lead } from "../../api/types";
import { useCan } from "../../app/auth";
import { DueCell } from "../../shared/DueCell";
import { useErrorText } from "../../shared/errors";
import { formatInstant } from "../../shared/format";
import { LevelTag } from "../../shared/LevelTag";
import { AssignModal } from "../leads/AssignModal";
import { DefeatDecision } from "../leads/DefeatDecision";
import { useCanAssign } from "../leads/useOwnerOptions";
import { ConsultantTable } from "./ConsultantTable";

// ECharts is the heaviest dependency; it loads only when the board is opened.
const OverdueChart = lazy(() => import("./OverdueChart"));

function EscalationTable({ leads }: { leads: Lead[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const errorText = useErrorText();
  const release = useReleaseLeads();
  const canAssign = useCanAssign();
  const [assigning, setAssigning] = useState<Lead>();

  return (
    <>
      <Table<Lead>
        size="small"
        rowKey="id"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={leads}
        columns={[
          {
            title: t("leads.field.name"),
            dataIndex: "name",
            render: (v: string, l) => <Link to={`/leads/${l.id}`}>{v}</Link>,
          },
          {
            title: t("leads.field.level"),
            dataIndex: "level",
            render: (_: unknown, l) => <LevelTag level={l.level} />,
          },
          {
            title: t("leads.field.owner"),
            dataIndex: "ownerName",
            // Escalated leads often sit in the pool already: say so rather than showing an empty owner.
            render: (v: string | null, l) =>
              v ?? (l.inPool ? <Tag color="purple">{t("leads.badge.pool")}</Tag> : "—"),
          },
          {
            title: t("leads.field.dueAt"),
            dataIndex: "dueAt",
            render: (_: unknown, l) => <DueCell lead={l} />,
          },
          {
            title: "",
            key: "actions",
            render: (_: unknown, l) => (
              <Space size={4}>
                {can("lead.release") && !l.inPool && (
                  <Popconfirm
                    title={t("leads.release.confirm", { count: 1 })}
                    onConfirm={() =>
                      release.mutate([l.id], {
                        onSuccess: () => message.success(t("leads.release.done", { count: 1 })),
                        onError: (e) => message.error(errorText(e)),
                      })
                    }
                  >
                    <Button size="small" data-testid={`escalation-release-${l.id}`}>
                      {t("leads.release.button")}
                    </Button>
                  </Popconfirm>
                )}
                {canAssign(l) && (
                  <Button
                    size="small"
                    onClick={() => setAssigning(l)}
                    data-testid={`escalation-assign-${l.id}`}
                  >
                    {t("leads.assign.button")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <AssignModal
        open={assigning !== undefined}
        leadIds={assigning ? [assigning.id] : []}
        storeId={assigning?.storeId}
        currentOwnerId={assigning?.ownerId}
        onClose={() => setAssigning(undefined)}
      />
    </>
  );
}

function PendingDefeats({ defeats }: { defeats: Defeat[] }) {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <Table<Defeat>
      size="small"
      rowKey="id"
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={defeats}
      columns={[
        {
          title: t("leads.field.name"),
          dataIndex: "leadName",
          render: (v: string, d) => <Link to={`/leads/${d.leadId}`}>{v}</Link>,
        },
        {
          title: t("defeat.reason"),
          dataIndex: "reason",
          render: (_: unknown, d) => t(`defeatReason.${d.reason}`),
        },
        { title: t("defeat.competitor"), dataIndex: "competitor", render: (v: string | null) => v ?? "—" },
        { title: t("defeat.requestedBy"), dataIndex: "requestedByName" },
        {
          title: t("defeat.requestedAt"),
          dataIndex: "requestedAt",
          className: "nowrap",
          render: (v: string) => formatInstant(v),
        },
        {
          title: "",
          key: "decide",
          render: (_: unknown, d) =>
            can("lead.defeatDecide") ? <DefeatDecision leadId={d.leadId} size="small" /> : null,
        },
      ]}
    />
  );
}

export default function BoardPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const board = useBoard();
  const chartLabels = useMemo(() => ({ overdue: t("board.overdue"), escalated: t("board.escalated") }), [t]);

  if (board.isPending) return <Spin style={{ display: "block", marginTop: 48 }} />;
  if (board.isError) return <Result status="error" title={errorText(board.error)} />;

  const { consultants, escalations, pendingDefeats, poolCount } = board.data;
  const totalOverdue = consultants.reduce((sum, c) => sum + c.overdue, 0);
  const totalDue = consultants.reduce((sum, c) => sum + c.dueToday, 0);

  return (
    <Flex vertical gap={16}>
      {/* Five equal tiles across the full width (a 24-column grid cannot split into fifths). */}
      <Flex gap={16} wrap>
        {[
          { key: "due", title: t("board.dueToday"), value: totalDue },
          { key: "overdue", title: t("board.overdue"), value: totalOverdue, danger: true },
          { key: "escalated", title: t("board.escalations"), value: escalations.length, danger: true },
          { key: "defeats", title: t("board.pendingDefeats"), value: pendingDefeats.length },
          { key: "pool", title: t("board.pool"), value: poolCount, link: "/leads?pool=true" },
        ].map((s) => (
          <Card key={s.key} size="small" style={{ flex: "1 1 160px" }} data-testid={`board-stat-${s.key}`}>
            <Statistic
              title={s.link ? <Link to={s.link}>{s.title}</Link> : s.title}
              value={s.value}
              styles={{ content: s.danger && s.value > 0 ? { color: "#cf1322" } : undefined }}
            />
          </Card>
        ))}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t("board.consultants")}>
            <ConsultantTable consultants={consultants} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t("board.overdueChart")}>
            <Suspense fallback={<Spin />}>
              <OverdueChart consultants={consultants} labels={chartLabels} />
            </Suspense>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t("board.escalations")} data-testid="board-escalations">
        <EscalationTable leads={escalations} />
      </Card>
      <Card size="small" title={t("board.pendingDefeats")} data-testid="board-defeats">
        <PendingDefeats defeats={pendingDefeats} />
      </Card>
    </Flex>
  );
}
