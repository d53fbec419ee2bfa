import { App, Button, Popconfirm, Space, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import { type StockVehicle, useUpdateVehicle } from "../../api/stock";
import { useStores } from "../../api/stores";
import type { Id } from "../../api/types";
import { useCan, useSession } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { formatDate, formatInstant, formatMoney } from "../../shared/format";
import { AgeTag, StatusTag, VinText } from "./StockTags";

const locked = (car: StockVehicle) => car.status === "reserved" || car.status === "sold";

/** The arrival of a car in transit — also of one a customer reserved on its way — recorded as now. */
function ArriveButton({ car }: { car: StockVehicle }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const update = useUpdateVehicle();
  const patch =
    car.status === "reserved" ? { arrivedAt: new Date().toISOString() } : { status: "in_stock" as const };
  return (
    <Popconfirm
      title={t("stock.actions.arriveConfirm")}
      onConfirm={() =>
        update.mutateAsync({ id: car.id, patch }).then(
          () => message.success(t("stock.actions.arrived")),
          (error) => message.error(errorText(error)),
        )
      }
    >
      <Button
        size="small"
        type="primary"
        ghost
        loading={update.isPending}
        data-testid={`stock-arrive-${car.id}`}
      >
        {t("stock.actions.arrive")}
      </Button>
    </Popconfirm>
  );
}

/** The long-stock board leaves out what does not decide a push and shows the incentive next to the age. */
const LONG_STOCK_ORDER = [
  "storeId",
  "vin",
  "model",
  "colour",
  "status",
  "ageDays",
  "incentiveFen",
  "arrivedAt",
  "costFen",
];

/** The columns of the stock list and the long-stock board; cost only for the roles that see it. */
export function useStockColumns(
  onEdit: (car: StockVehicle) => void,
  board: "list" | "long" = "list",
): ColumnsType<StockVehicle> {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const me = useSession();
  const acrossStores = me.user.storeId === null;
  const stores = useStores(acrossStores);
  const storeName = new Map((stores.data?.items ?? []).map((s) => [s.id, s.name]));
  const money = (fen: number | null) => formatMoney(fen, i18n.language);
  const writer = can("stock.write");

  const all: ColumnsType<StockVehicle> = [
    ...(acrossStores
      ? [
          {
            title: t("stock.field.store"),
            dataIndex: "storeId",
            width: 120,
            render: (id: Id) => storeName.get(id) ?? `#${id}`,
          },
        ]
      : []),
    {
      title: t("stock.field.vin"),
      dataIndex: "vin",
      width: 210,
      render: (_: unknown, car) => <VinText car={car} />,
    },
    {
      title: t("stock.field.model"),
      dataIndex: "model",
      width: 120,
      render: (_: unknown, car) => (
        <Space size={0} orientation="vertical">
          <Typography.Text strong>{car.model}</Typography.Text>
          {car.trim && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {car.trim}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t("stock.field.colour"), dataIndex: "colour", width: 80 },
    {
      title: t("stock.field.optionPackage"),
      dataIndex: "optionPackage",
      width: 110,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("stock.field.status"),
      dataIndex: "status",
      // wide enough for "订单 SO2026-000123" on one line: a reserved car's row stays one row high
      width: 170,
      render: (_: unknown, car) => <StatusTag car={car} />,
    },
    {
      title: t("stock.field.age"),
      dataIndex: "ageDays",
      width: 90,
      render: (_: unknown, car) => <AgeTag car={car} />,
    },
    {
      title: t("stock.field.arrivedOn"),
      dataIndex: "arrivedAt",
      width: 110,
      className: "nowrap",
      render: (v: string | null) => (v ? <Tooltip title={formatInstant(v)}>{formatDate(v)}</Tooltip> : "—"),
    },
    ...(can("stock.cost")
      ? [
          {
            title: t("stock.field.cost"),
            dataIndex: "costFen",
            width: 130,
            align: "right" as const,
            render: (v: number | null) => money(v),
          },
        ]
      : []),
    {
      title: t("stock.field.listPrice"),
      dataIndex: "listPriceFen",
      width: 130,
      align: "right",
      render: (v: number | null) => money(v),
    },
    {
      title: t("stock.field.incentive"),
      dataIndex: "incentiveFen",
      width: 120,
      align: "right",
      render: (v: number) =>
        v > 0 ? (
          <Typography.Text type="warning">{money(v)}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];
  const key = (c: ColumnsType<StockVehicle>[number]) => ("dataIndex" in c ? String(c.dataIndex) : "");
  const columns = board === "list" ? all : LONG_STOCK_ORDER.flatMap((k) => all.filter((c) => key(c) === k));
  if (!writer) return columns;
  return [
    ...columns,
    {
      title: t("stock.actions.column"),
      key: "actions",
      width: 140,
      fixed: "right",
      render: (_: unknown, car) => (
        <Space size={4}>
          {car.arrivedAt === null && (car.status === "in_transit" || car.status === "reserved") && (
            <ArriveButton car={car} />
          )}
          <Tooltip title={locked(car) ? t("stock.form.lockedHint") : undefined}>
            <Button
              size="small"
              disabled={locked(car)}
              onClick={() => onEdit(car)}
              data-testid={`stock-edit-${car.id}`}
            >
              {t("stock.actions.edit")}
            </Button>
          </Tooltip>
        </Space>
      ),
    },
  ];
}
