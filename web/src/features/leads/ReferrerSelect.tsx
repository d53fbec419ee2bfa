import { useTranslation } from "react-i18next";
import type { Id } from "../../api/types";
import { CustomerSelect } from "../customers/CustomerSelect";

interface Props {
  value?: Id;
  onChange?: (value: Id | undefined) => void;
}

/** Picks the referring customer of a referral lead by name or phone (a Form.Item control). */
export function ReferrerSelect({ value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <CustomerSelect
      value={value}
      onChange={onChange}
      placeholder={t("leads.new.referrerHint")}
      typeMore={t("leads.new.referrerTypeMore")}
      data-testid="lead-form-referrer"
    />
  );
}
