// Customer list (客户档案): search by name or phone, filter by the live loyalty class (常客/活跃/一次/流失);
// a row opens the customer 360. The server decides reach and masking.
import { Card, Flex, Input, Segmented, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import {
  type CustomerListItem,
  LOYALTY_CLASSES,
  type LoyaltyClass,
  useCustomerList,
} from "../../api/customers";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { testId } from "../../shared/testId";
import { LoyaltyTag } from "./CustomerTags";

const PAGE_SIZE = 20;
type Filter = LoyaltyClass | "all";

export default function CustomerListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>("all");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const list = useCustomerList(
    { q: q || undefined, loyalty: filter === "all" ? undefined : filter },
    page,
    PAGE_SIZE,
  );

  const columns: ColumnsType<CustomerListItem> = [
    {
      title: t("customers.field.name"),
      dataIndex: "name",
      render: (name: string, c) => (
        <Link to={`/customers/${c.id}`} data-testid={`customer-link-${c.id}`}>
          {name}
        </Link>
      ),
    },
    {
      title: t("customers.field.phone"),
      dataIndex: "phone",
      className: "nowrap",
      render: (v: string | null) => v ?? "—",
    },
    { title: t("customers.field.vehicles"), dataIndex: "vehicleCount", align: "right" },
    {
      title: t("customers.field.loyalty"),
      dataIndex: "loyaltyClass",
      render: (v: LoyaltyClass) => <LoyaltyTag value={v} />,
    },
    {
      title: t("customers.field.visits12m"),
      dataIndex: "workshopVisits12m",
      align: "right",
      render: (n: number) => t("customers.visits", { n }),
    },
  ];

  return (
    <Card
      title={t("menu.customers")}
      extra={
        <Input.Search
          allowClear
          placeholder={t("customers.list.search")}
          style={{ width: 280 }}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
          data-testid="customers-search"
        />
      }
    >
      <Flex vertical gap={16}>
        <Segmented<Filter>
          value={filter}
          onChange={(v) => {
            setFilter(v);
            setPage(1);
          }}
          options={(["all", ...LOYALTY_CLASSES] as const).map((c) => ({
            value: c,
            label: (
              <span data-testid={`customers-filter-${c}`}>
                {c === "all" ? t("customers.list.allClasses") : t(`customers.loyalty.${c}`)}
              </span>
            ),
          }))}
        />
        {list.isError && <ErrorAlert error={list.error} />}
        <Table<CustomerListItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          scroll={{ x: "max-content" }}
          locale={{
            emptyText: <Typography.Text type="secondary">{t("customers.list.empty")}</Typography.Text>,
          }}
          onRow={(c) => ({
            ...testId(`customer-row-${c.id}`),
            onClick: (e) => {
              // the name is a link already; a click elsewhere on the row opens the 360 too
              if (!(e.target as HTMLElement).closest("a")) navigate(`/customers/${c.id}`);
            },
            style: { cursor: "pointer" },
          })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (count) => t("common.total", { count }),
            onChange: setPage,
          }}
        />
      </Flex>
    </Card>
  );
}
