import { Select } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCustomerSearch } from "../../api/customers";
import type { Id } from "../../api/types";

interface Props {
  value?: Id;
  onChange?: (value: Id | undefined) => void;
}

/** Picks the referring customer of a referral lead by name or phone (a Form.Item control). */
export function ReferrerSelect({ value, onChange }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState("");
  const [term, setTerm] = useState("");
  // Wait for a pause in typing so that every keystroke does not become a request.
  useEffect(() => {
    const timer = setTimeout(() => setTerm(typed), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const customers = useCustomerSearch(term);

  return (
    <Select<Id>
      allowClear
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      placeholder={t("leads.new.referrerHint")}
      loading={customers.isFetching}
      notFoundContent={term.trim().length < 2 ? t("leads.new.referrerTypeMore") : undefined}
      options={(customers.data?.items ?? []).map((c) => ({
        value: c.id,
        label: c.phone ? `${c.name} · ${c.phone}` : c.name,
      }))}
      data-testid="lead-form-referrer"
    />
  );
}
