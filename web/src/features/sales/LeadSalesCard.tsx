// On the lead's page: its quotes, orders and recent test drives at a glance, each linked to its own page.
import { PrinterOutlined } from "@ant-design/icons";
import { Card, Empty, Flex, List, Space, Spin, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useLeadTestDrives, useOrders, useQuotes, useReferrals } from "../../api/sales";
import type { Lead } from "../../api/types";
import { useCan } from "../../app/auth";
import { formatInstant } from "../../shared/format";
import { useMoney } from "../../shared/money";
import { carLine, OrderStateTag } from "./SalesBits";

const TEST_DRIVE_COLOURS = {
  booked: "blue",
  done: "green",
  cancelled: "default",
  no_show: "orange",
} as const;

/** One kind of the lead's records under its title; nothing when there is none. */
function Section<T>({
  title,
  items,
  renderItem,
}: {
  title: string;
  items: T[];
  renderItem: (item: T) => ReactNode;
}) {
  if (items.length === 0) return null;
  return (
    <>
      <Typography.Text strong style={{ display: "block", marginTop: 4 }}>
        {title}
      </Typography.Text>
      <List size="small" dataSource={items} renderItem={renderItem} />
    </>
  );
}

export function LeadSalesCard({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const can = useCan();
  const money = useMoney();
  const quotes = useQuotes(can("quote.read") ? lead.id : undefined);
  const orders = useOrders({ leadId: lead.id }, 1, 20, can("order.read"));
  const drives = useLeadTestDrives(lead.id, can("testDrive.read"));
  const referrals = useReferrals(lead.customerId, can("order.read"));
  const referralItems = referrals.data?.items ?? [];
  const quoteItems = quotes.data?.items ?? [];
  const orderItems = orders.data?.items ?? [];
  const driveItems = drives.data?.items ?? [];
  if (quoteItems.length + orderItems.length + driveItems.length + referralItems.length === 0) {
    const loading = [quotes, orders, drives, referrals].some((q) => q.isLoading);
    return (
      <Card title={t("sales.leadSales.title")} data-testid="lead-sales">
        {loading ? (
          <Spin />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("sales.leadSales.none")} />
        )}
      </Card>
    );
  }
  return (
    <Card title={t("sales.leadSales.title")} data-testid="lead-sales">
      <Flex vertical gap={8}>
        <Section
          title={t("sales.leadSales.orders")}
          items={orderItems}
          renderItem={(o) => (
            <List.Item key={o.id} data-testid={`lead-order-${o.id}`}>
              <Space wrap>
                <Link to={`/orders/${o.id}`}>{o.orderNo}</Link>
                <OrderStateTag state={o.state} />
                <span>{carLine(o)}</span>
              </Space>
              <Typography.Text className="nowrap">{money(o.priceFen)}</Typography.Text>
            </List.Item>
          )}
        />
        <Section
          title={t("sales.leadSales.quotes")}
          items={quoteItems}
          renderItem={(q) => (
            <List.Item
              key={q.id}
              data-testid={`lead-quote-${q.id}`}
              actions={[
                <Link
                  key="print"
                  to={`/quotes/${q.id}/print`}
                  target="_blank"
                  aria-label={t("sales.leadSales.print")}
                >
                  <PrinterOutlined />
                </Link>,
              ]}
            >
              <Flex vertical>
                <Space wrap>
                  <Typography.Text strong>{money(q.totalFen)}</Typography.Text>
                  <span>{carLine(q)}</span>
                </Space>
                <Typography.Text type="secondary">
                  {formatInstant(q.createdAt)}
                  {q.loan &&
                    ` · ${t("sales.leadSales.monthly", { amount: money(q.loan.monthlyPaymentFen) })}`}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
        <Section
          title={t("sales.leadSales.testDrives")}
          items={driveItems}
          renderItem={(d) => (
            <List.Item key={d.id}>
              <Space wrap>
                <span className="nowrap">{formatInstant(d.startAt)}</span>
                <span>{d.model}</span>
              </Space>
              <Tag color={TEST_DRIVE_COLOURS[d.state]}>{t(`sales.testDriveState.${d.state}`)}</Tag>
            </List.Item>
          )}
        />
        <Section
          title={t("sales.leadSales.referrals")}
          items={referralItems}
          renderItem={(r) => (
            <List.Item key={r.orderId} data-testid={`lead-referral-${r.orderId}`}>
              <Space wrap>
                <Link to={`/orders/${r.orderId}`}>{r.orderNo}</Link>
                <span>{r.customerName}</span>
              </Space>
              <OrderStateTag state={r.state} />
            </List.Item>
          )}
        />
      </Flex>
    </Card>
  );
}
