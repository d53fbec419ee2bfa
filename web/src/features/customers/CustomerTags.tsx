import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Lifecycle, LoyaltyClass } from "../../api/customers";

// Warm colours for customers who come back, grey for those who stopped or never came.
const LOYALTY_COLOUR: Record<LoyaltyClass, string> = {
  frequent: "gold",
  active: "green",
  once: "blue",
  lost: "volcano",
  none: "default",
};

const LIFECYCLE_COLOUR: Record<Lifecycle, string> = {
  potential: "default",
  new: "cyan",
  existing: "geekblue",
  vip: "magenta",
};

export function LoyaltyTag({ value }: { value: LoyaltyClass }) {
  const { t } = useTranslation();
  return (
    <Tag color={LOYALTY_COLOUR[value]} data-testid={`loyalty-${value}`}>
      {t(`customers.loyalty.${value}`)}
    </Tag>
  );
}

export function LifecycleTag({ value }: { value: Lifecycle }) {
  const { t } = useTranslation();
  return (
    <Tag color={LIFECYCLE_COLOUR[value]} data-testid={`lifecycle-${value}`}>
      {t(`customers.lifecycle.${value}`)}
    </Tag>
  );
}
