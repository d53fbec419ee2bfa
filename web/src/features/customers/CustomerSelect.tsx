import { Select } from "antd";
import { useState } from "react";
import { useCustomerSearch } from "../../api/customers";
import type { Id } from "../../api/types";
import { useDebounced } from "../../shared/useDebounced";

interface Props {
  value?: Id;
  onChange?: (value: Id | undefined) => void;
  placeholder: string;
  /** shown while fewer than two characters are typed */
  typeMore?: string;
  "data-testid"?: string;
}

/** A customer of the store by name or mobile (`GET /customers?q=`), as a Form.Item control. */
export function CustomerSelect({ value, onChange, placeholder, typeMore, "data-testid": testId }: Props) {
  const [typed, setTyped] = useState("");
  const term = useDebounced(typed);
  const customers = useCustomerSearch(term);
  return (
    <Select<Id>
      allowClear
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      placeholder={placeholder}
      loading={customers.isFetching}
      notFoundContent={typeMore && term.trim().length < 2 ? typeMore : undefined}
      options={(customers.data?.items ?? []).map((c) => ({
        value: c.id,
        label: c.phone ? `${c.name} · ${c.phone}` : c.name,
      }))}
      data-testid={testId}
    />
  );
}
