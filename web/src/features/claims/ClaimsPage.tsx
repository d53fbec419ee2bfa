import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Segmented, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Claim, type ClaimState, useClaims } from "../../api/claims";
import { useCan } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { formatInstant, formatMoney } from "../../shared/format";
import { useMoney } from "../../shared/money";
import { testId } from "../../shared/testId";
import { DecideModal, ResubmitModal, SubmitClaimDrawer } from "./ClaimDialogs";

type Tab = "all" | ClaimState;
const TABS: readonly Tab[] = ["all", "submitted", "approved", "rejected"];
const STATE_COLOR: Record<ClaimState, string> = {
  submitted: "processing",
  approved: "success",
  rejected: "error",
};
const PAGE_SIZE = 20;

/** The approval rate (索赔通过率, guide ≥ 95 %) and the counts behind it, over all the store's claims. */
function KpiStrip() {
  const { t, i18n } = useTranslation();
  const all = useClaims({}, 1, 1);
  const d = all.data;
  const rate = d?.approvalRate == null ? null : Math.round(d.approvalRate * 1000) / 10;
  const cards: [string, ReactNode][] = [
    ["pending", d?.submitted ?? "—"],
    ["approved", d?.approved ?? "—"],
    ["rejected", d?.rejected ?? "—"],
    ["approvedFen", d ? formatMoney(d.approvedFen, i18n.language) : "—"],
  ];
  if (all.isError) return <ErrorAlert error={all.error} />;
  return (
    <Flex gap={16} wrap>
      <Card size="small" style={{ flex: "1 1 180px" }} data-testid="claim-kpi-rate">
        <Statistic
          loading={all.isPending}
          title={t("claims.kpi.approvalRate")}
          value={rate ?? "—"}
          precision={rate === null ? undefined : 1}
          suffix={rate === null ? undefined : "%"}
          styles={{ content: rate !== null && rate < 95 ? { color: "#cf1322" } : undefined }}
        />
      </Card>
      {cards.map(([key, value]) => (
        <Card key={key} size="small" style={{ flex: "1 1 160px" }}>
          <Statistic loading={all.isPending} title={t(`claims.kpi.${key}`)} value={value as string} />
        </Card>
      ))}
    </Flex>
  );
}

function useColumns(onDecide: (c: Claim) => void, onResubmit: (c: Claim) => void): ColumnsType<Claim> {
  const { t } = useTranslation();
  const can = useCan();
  const money = useMoney();
  return [
    {
      title: t("claims.field.roNo"),
      dataIndex: "roNo",
      width: 150,
      render: (v: string, c) => (
        <Link to={`/repair-orders/${c.repairOrderId}`} className="nowrap">
          {v}
        </Link>
      ),
    },
    {
      title: t("claims.field.vehicle"),
      dataIndex: "model",
      width: 150,
      render: (_: unknown, c) => (
        <Flex vertical>
          {c.model}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.vin}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t("claims.field.fault"), dataIndex: "faultDescription", ellipsis: { showTitle: true } },
    {
      title: t("claims.field.claimed"),
      dataIndex: "claimedFen",
      width: 190,
      align: "right",
      render: (_: unknown, c) => (
        <Flex vertical>
          {money(c.claimedFen)}
          <Typography.Text type="secondary" className="nowrap" style={{ fontSize: 12 }}>
            {t("claims.field.labour")} {money(c.labourFen)} · {t("claims.field.parts")} {money(c.partsFen)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t("claims.field.state"),
      dataIndex: "state",
      width: 120,
      render: (_: unknown, c) => (
        <Space size={4}>
          <Tag color={STATE_COLOR[c.state]} data-testid={`claim-state-${c.id}`}>
            {t(`claims.state.${c.state}`)}
          </Tag>
          {c.submissions > 1 && <Tag>×{c.submissions}</Tag>}
        </Space>
      ),
    },
    {
      title: t("claims.field.decision"),
      key: "decision",
      width: 150,
      render: (_: unknown, c) =>
        c.state === "approved" ? (
          money(c.approvedFen)
        ) : c.state === "rejected" ? (
          <Typography.Text type="danger">{c.rejectReason}</Typography.Text>
        ) : (
          "—"
        ),
    },
    {
      title: t("claims.field.submittedAt"),
      dataIndex: "submittedAt",
      width: 140,
      render: (v: string) => <span className="nowrap">{formatInstant(v)}</span>,
    },
    {
      title: "",
      key: "action",
      width: 130,
      fixed: "end",
      render: (_: unknown, c) =>
        c.state === "submitted" && can("claim.decide") ? (
          <Button
            size="small"
            type="primary"
            onClick={() => onDecide(c)}
            data-testid={`claim-decide-${c.id}`}
          >
            {t("claims.action.decide")}
          </Button>
        ) : c.state === "rejected" && can("claim.submit") ? (
          <Button size="small" onClick={() => onResubmit(c)} data-testid={`claim-resubmit-${c.id}`}>
            {t("claims.action.resubmit")}
          </Button>
        ) : null,
    },
  ];
}

/** Warranty claims to the manufacturer: the approval rate, the claims by state, submit, answer, resubmit. */
export default function ClaimsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [tab, setTab] = useState<Tab>("all");
  const [page, setPage] = useState(1);
  const [submitting, setSubmitting] = useState(false);
  const [deciding, setDeciding] = useState<Claim>();
  const [resubmitting, setResubmitting] = useState<Claim>();
  const list = useClaims(tab === "all" ? {} : { state: tab }, page, PAGE_SIZE);
  const columns = useColumns(setDeciding, setResubmitting);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("claims.title")}
        </Typography.Title>
        {can("claim.submit") && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setSubmitting(true)}
            data-testid="claim-new"
          >
            {t("claims.new")}
          </Button>
        )}
      </Flex>
      <KpiStrip />
      <Card
        size="small"
        title={
          <Segmented<Tab>
            value={tab}
            onChange={(next) => {
              setTab(next);
              setPage(1);
            }}
            options={TABS.map((key) => ({ value: key, label: t(`claims.tab.${key}`) }))}
          />
        }
      >
        {list.isError ? (
          <ErrorAlert error={list.error} />
        ) : (
          <Table<Claim>
            size="small"
            rowKey="id"
            loading={list.isFetching && !list.data}
            columns={columns}
            dataSource={list.data?.items ?? []}
            onRow={(c) => testId(`claim-row-${c.id}`)}
            locale={{ emptyText: t("claims.empty") }}
            scroll={{ x: 1180 }}
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
      <SubmitClaimDrawer open={submitting} onClose={() => setSubmitting(false)} />
      {deciding && <DecideModal claim={deciding} onClose={() => setDeciding(undefined)} />}
      {resubmitting && <ResubmitModal claim={resubmitting} onClose={() => setResubmitting(undefined)} />}
    </Flex>
  );
}
