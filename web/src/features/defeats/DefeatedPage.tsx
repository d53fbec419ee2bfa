import { Card, Col, Flex, Progress, Result, Row, Spin, Table } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useDefeats } from "../../api/leads";
import { DEFEAT_REASONS, type Defeat } from "../../api/types";
import { useCan } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { formatInstant } from "../../shared/format";

interface Share {
  key: string;
  label: string;
  count: number;
}

/**
 * Counts per key, largest first: the analysis is about which reasons and competitors cost the most deals.
 * `labelOf` names a group from its key and the first defeat in it (e.g. the competitor as first spelled).
 */
function countBy(
  defeats: Defeat[],
  keyOf: (d: Defeat) => string | null,
  labelOf: (k: string, first: Defeat) => string,
): Share[] {
  const groups = new Map<string, { first: Defeat; count: number }>();
  for (const d of defeats) {
    const key = keyOf(d);
    if (!key) continue;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { first: d, count: 1 });
  }
  return [...groups.entries()]
    .map(([key, { first, count }]) => ({ key, label: labelOf(key, first), count }))
    .sort((a, b) => b.count - a.count);
}

function sum(rows: Share[]): number {
  return rows.reduce((n, r) => n + r.count, 0);
}

function ShareTable({ rows, total, testId }: { rows: Share[]; total: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table<Share>
      size="small"
      rowKey="key"
      // Long tails (dozens of competitor models) page instead of stretching the row of cards.
      pagination={{ pageSize: 10, hideOnSinglePage: true, size: "small" }}
      dataSource={rows}
      data-testid={testId}
      columns={[
        { title: t("defeats.item"), dataIndex: "label" },
        { title: t("defeats.count"), dataIndex: "count", width: 70 },
        {
          title: t("defeats.share"),
          key: "share",
          width: 160,
          render: (_: unknown, r) => (
            <Progress
              size="small"
              // "normal": a single row at 100 % is a share, not a task completed (no green tick).
              status="normal"
              format={(p) => `${p}%`}
              percent={total ? Math.round((r.count / total) * 1000) / 10 : 0}
            />
          ),
        },
      ]}
    />
  );
}

export default function DefeatedPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const defeats = useDefeats("approved");
  const can = useCan();
  // A consultant sees only their own defeats: a per-consultant split would be one row at 100 %.
  const byPerson = can("lead.board");
  const span = byPerson ? 8 : 12;

  if (defeats.isPending) return <Spin style={{ display: "block", marginTop: 48 }} />;
  if (defeats.isError) return <Result status="error" title={errorText(defeats.error)} />;

  const items = defeats.data.items;
  const total = items.length;
  const byReason = countBy(
    items,
    (d) => d.reason,
    (k) => t(`defeatReason.${k}`),
  );
  // Free-text competitor names differ only in spacing or case often enough to split one rival into several.
  const byCompetitor = countBy(
    items,
    (d) => d.competitor?.replace(/\s+/g, "").toUpperCase() || null,
    (_, first) => first.competitor?.trim() ?? "",
  );
  // Shares of the competitor table are among the defeats lost to a competitor, not among all defeats.
  const competitorTotal = sum(byCompetitor);
  const byConsultant = countBy(
    items,
    (d) => d.ownerName ?? d.requestedByName,
    (k) => k,
  );

  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={span}>
          <Card size="small" title={t("defeats.byReason", { total })}>
            <ShareTable rows={byReason} total={total} testId="defeats-by-reason" />
          </Card>
        </Col>
        <Col xs={24} lg={span}>
          <Card size="small" title={t("defeats.byCompetitor", { total: competitorTotal })}>
            <ShareTable rows={byCompetitor} total={competitorTotal} testId="defeats-by-competitor" />
          </Card>
        </Col>
        {byPerson && (
          <Col xs={24} lg={span}>
            <Card size="small" title={t("defeats.byConsultant")}>
              <ShareTable rows={byConsultant} total={total} testId="defeats-by-consultant" />
            </Card>
          </Col>
        )}
      </Row>
      <Card size="small" title={t("defeats.title")}>
        <Table<Defeat>
          size="small"
          rowKey="id"
          dataSource={items}
          pagination={{ pageSize: 20, showTotal: (n) => t("common.total", { count: n }) }}
          columns={[
            {
              title: t("leads.field.name"),
              dataIndex: "leadName",
              render: (v: string, d) => <Link to={`/leads/${d.leadId}`}>{v}</Link>,
            },
            {
              title: t("defeat.reason"),
              dataIndex: "reason",
              filters: DEFEAT_REASONS.map((r) => ({ text: t(`defeatReason.${r}`), value: r })),
              onFilter: (value, d) => d.reason === value,
              render: (_: unknown, d) => t(`defeatReason.${d.reason}`),
            },
            {
              title: t("defeat.competitor"),
              dataIndex: "competitor",
              render: (v: string | null) => v ?? "—",
            },
            { title: t("defeat.note"), dataIndex: "note", render: (v: string | null) => v ?? "—" },
            { title: t("leads.field.owner"), dataIndex: "ownerName", render: (v: string | null) => v ?? "—" },
            {
              title: t("defeat.requestedAt"),
              dataIndex: "requestedAt",
              className: "nowrap",
              render: (v: string) => formatInstant(v),
            },
            {
              title: t("defeats.decidedBy"),
              dataIndex: "decidedByName",
              render: (v: string | null) => v ?? "—",
            },
            {
              title: t("defeats.decidedAt"),
              dataIndex: "decidedAt",
              className: "nowrap",
              render: (v: string | null) => formatInstant(v),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
