// Small pieces the sales screens share: the order state tag, a car on one line, a stock car as an option.
import { Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { MatchedCar, OrderState } from "../../api/sales";
import { useMoney } from "../../shared/money";

const STATE_COLOURS: Record<OrderState, string> = {
  open: "processing",
  delivered: "success",
  cancelled: "default",
};

export function OrderStateTag({ state }: { state: OrderState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOURS[state]} data-testid={`order-state-${state}`}>
      {t(`sales.state.${state}`)}
    </Tag>
  );
}

/** "途观L · 330TSI · 白色" */
export function carLine(c: { model: string | null; trim?: string | null; colour?: string | null }): string {
  return [c.model, c.trim, c.colour].filter(Boolean).join(" · ") || "—";
}

/** A stock car as an option of a picker: VIN tail, model line, status and age. */
export function CarOption({ car }: { car: MatchedCar }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <Space size={6} wrap>
      <Typography.Text code>{car.vin}</Typography.Text>
      <span>{carLine(car)}</span>
      {car.optionPackage && <Tag>{car.optionPackage}</Tag>}
      <Tag color={car.status === "in_stock" ? "green" : "blue"}>{t(`sales.stockStatus.${car.status}`)}</Tag>
      {car.ageDays !== null && (
        <Typography.Text type="secondary">{t("sales.ageDays", { n: car.ageDays })}</Typography.Text>
      )}
      {car.longStock && <Tag color="orange">{t("sales.longStock")}</Tag>}
      {car.listPriceFen !== null && (
        <Typography.Text type="secondary">{money(car.listPriceFen)}</Typography.Text>
      )}
    </Space>
  );
}
