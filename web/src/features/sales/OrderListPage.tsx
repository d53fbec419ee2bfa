// Orders (订单管理): by state, searchable by order number, customer, phone or VIN. Consultants see the orders of
// their own leads; the server decides.
import { Card, Flex, Input, Segmented, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ORDER_STATES, type Order, type OrderState, useOrders } from "../../api/sales";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { formatInstant } from "../../shared/format";
import { useMoney } from "../../shared/money";
import { testId } from "../../shared/testId";
import { carLine, OrderStateTag } from "./SalesBits";

const PAGE_SIZE = 20;
type Tab = OrderState | "all";

export default function OrderListPage() {
  const { t } = useTranslation();
  const money = useMoney();
  const [tab, setTab] = useState<Tab>("open");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const orders = useOrders({ state: tab === "all" ? undefined : tab, q: q || undefined }, page, PAGE_SIZE);

  const columns: ColumnsType<Order> = [
    {
      title: t("sales.field.orderNo"),
      dataIndex: "orderNo",
      className: "nowrap",
      render: (no: string, o) => (
        <Link to={`/orders/${o.id}`} data-testid={`order-link-${o.id}`}>
          {no}
        </Link>
      ),
    },
    {
      title: t("sales.field.state"),
      dataIndex: "state",
      render: (s: OrderState) => <OrderStateTag state={s} />,
    },
    { title: t("sales.field.customer"), dataIndex: "customerName" },
    { title: t("sales.field.phone"), dataIndex: "phone", className: "nowrap" },
    {
      title: t("sales.field.car"),
      key: "car",
      render: (_, o) => (
        <Flex vertical>
          <span>{carLine(o)}</span>
          {o.factoryOrder && !o.vin && (
            <Typography.Text type="secondary">{t("sales.carKind.factory")}</Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t("sales.field.vin"),
      dataIndex: "vin",
      className: "nowrap",
      render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : "—"),
    },
    {
      title: t("sales.field.price"),
      dataIndex: "priceFen",
      align: "right",
      className: "nowrap",
      render: (v: number) => money(v),
    },
    {
      title: t("sales.field.deposit"),
      dataIndex: "depositFen",
      align: "right",
      className: "nowrap",
      render: (v: number) => money(v),
    },
    {
      title: t("sales.field.consultant"),
      dataIndex: "consultantName",
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("sales.field.orderedAt"),
      dataIndex: "orderedAt",
      className: "nowrap",
      render: (v: string) => formatInstant(v),
    },
  ];

  return (
    <Card
      title={t("menu.orders")}
      extra={
        <Input.Search
          allowClear
          placeholder={t("sales.list.search")}
          style={{ width: 300 }}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
          data-testid="orders-search"
        />
      }
    >
      <Flex vertical gap={16}>
        <Segmented<Tab>
          value={tab}
          onChange={(v) => {
            setTab(v);
            setPage(1);
          }}
          options={[...ORDER_STATES, "all" as const].map((s) => ({
            value: s,
            label: (
              <span data-testid={`orders-tab-${s}`}>
                {s === "all" ? t("sales.allStates") : t(`sales.state.${s}`)}
              </span>
            ),
          }))}
        />
        {orders.isError && <ErrorAlert error={orders.error} />}
        <Table<Order>
          rowKey="id"
          size="middle"
          loading={orders.isFetching}
          columns={columns}
          dataSource={orders.data?.items ?? []}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: t("sales.list.empty") }}
          onRow={(o) => testId(`order-row-${o.id}`)}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: orders.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (count) => t("common.total", { count }),
            onChange: setPage,
          }}
        />
      </Flex>
    </Card>
  );
}
