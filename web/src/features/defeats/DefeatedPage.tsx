import { Card, Col, Flex, Progress, Result, Row, Spin, Table } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useDefeats } from "../../api/leads";
import { DEFEAT_REASONS, type Defeat } from "../../api/types";
import { useErrorText } from "../../shared/errors";
import { formatInstant } from "../../shared/format";

interface Share {
  key: string;
  label: string;
  count: number;
}

/** Counts per key, largest first: the analysis is about which reasons and competitors cost the most deals. */
function countBy(
  defeats: Defeat[],
  keyOf: (d: Defeat) => string | null,
  labelOf: (k: string) => string,
): Share[] {
  const counts = new Map<string, number>();
  for (const d of defeats) {
    const key = keyOf(d);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([key, count]) => ({ key, label: labelOf(key), count }))
    .sort((a, b) => b.count - a.count);
}

function ShareTable({ rows, total, testId }: { rows: Share[]; total: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table<Share>
      size="small"
      rowKey="key"
      pagination={false}
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
            <Progress size="small" percent={total ? Math.round((r.count / total) * 1000) / 10 : 0} />
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
    (d) => d.competitor?.trim().toUpperCase() || null,
    (k) => k,
  );
  const byConsultant = countBy(
    items,
    (d) => d.ownerName ?? d.requestedByName,
    (k) => k,
  );

  return (
    <Flex vertical gap={16}>
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("defeats.byReason", { total })}>
            <ShareTable rows={byReason} total={total} testId="defeats-by-reason" />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("defeats.byCompetitor")}>
            <ShareTable rows={byCompetitor} total={total} testId="defeats-by-competitor" />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("defeats.byConsultant")}>
            <ShareTable rows={byConsultant} total={total} testId="defeats-by-consultant" />
          </Card>
        </Col>
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
              render: (v: string | null) => formatInstant(v),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
