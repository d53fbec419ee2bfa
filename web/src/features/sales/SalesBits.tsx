// Small pieces the sales screens share: the order state tag, a money input in yuan, a car on one line.
import { InputNumber, type InputNumberProps, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { MatchedCar, OrderState } from "../../api/sales";
import { useLocale } from "../../app/LocaleProvider";
import { formatMoney } from "../../shared/format";

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

/** 1亿元, the server's cap on every amount: the input refuses more before the server has to. */
const MAX_YUAN = 100_000_000;

/** An amount in yuan with fen precision; the form converts it with toFen when it is sent. */
export function YuanInput(props: InputNumberProps<number>) {
  return (
    <InputNumber<number>
      min={0}
      max={MAX_YUAN}
      precision={2}
      step={100}
      style={{ width: "100%" }}
      prefix="¥"
      {...props}
    />
  );
}

/** Money as the sales papers show it: to the fen, in the chosen language's digits. */
export function useMoney(): (fen: number | null | undefined) => string {
  const { language } = useLocale();
  return (fen) => formatMoney(fen, language);
}

/** A form's optional text as sent: trimmed, or left out when blank. */
export const optionalText = (v: string | undefined) => v?.trim() || undefined;

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
