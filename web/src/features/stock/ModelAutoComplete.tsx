import { AutoComplete, type AutoCompleteProps } from "antd";
import { useModelRules } from "../../api/stock";
import type { Id } from "../../api/types";

/**
 * A model typed by hand or picked from the store's models (those with stock or a rule of their own),
 * matched on any part of the name. Inside a Form.Item it takes the item's value like a plain AutoComplete.
 */
export function ModelAutoComplete({
  storeId,
  enabled,
  ...props
}: AutoCompleteProps & { storeId: Id | undefined; enabled: boolean }) {
  const rules = useModelRules(storeId, enabled);
  return (
    <AutoComplete
      options={(rules.data?.items ?? []).map((r) => ({ value: r.model }))}
      filterOption={(input, option) =>
        String(option?.value ?? "")
          .toLowerCase()
          .includes(input.toLowerCase())
      }
      {...props}
    />
  );
}
