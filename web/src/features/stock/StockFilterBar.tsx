import { Button, Checkbox, Input, Select, Space } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  AGE_BUCKETS,
  type AgeBucket,
  STOCK_SORTS,
  STOCK_STATUSES,
  type StockFilters,
  type StockSort,
} from "../../api/stock";
import { useStores } from "../../api/stores";
import type { Id } from "../../api/types";
import { useSession } from "../../app/auth";
import { ModelAutoComplete } from "./ModelAutoComplete";

/** Text filters are edited locally and applied on Enter or when the field is left, not on every keystroke. */
function useDraft(value: string | undefined) {
  const [draft, setDraft] = useState(value ?? "");
  useEffect(() => setDraft(value ?? ""), [value]);
  return [draft, setDraft] as const;
}

export function StockFilterBar({
  filters,
  onChange,
}: {
  filters: StockFilters;
  onChange: (filters: StockFilters) => void;
}) {
  const { t } = useTranslation();
  const me = useSession();
  const acrossStores = me.user.storeId === null;
  const stores = useStores(acrossStores);
  const storeId = me.user.storeId ?? filters.storeId;
  const [q, setQ] = useDraft(filters.q);
  const [model, setModel] = useDraft(filters.model);
  const [colour, setColour] = useDraft(filters.colour);
  const patch = (change: Partial<StockFilters>) => onChange({ ...filters, ...change });

  return (
    <Space wrap size={[8, 8]}>
      {acrossStores && (
        <Select
          allowClear
          placeholder={t("stock.filter.store")}
          style={{ width: 150 }}
          value={filters.storeId}
          options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          onChange={(id?: Id) => patch({ storeId: id, model: undefined })}
          data-testid="stock-filter-store"
        />
      )}
      <Select
        mode="multiple"
        allowClear
        placeholder={t("stock.filter.status")}
        style={{ minWidth: 150 }}
        value={filters.status ?? []}
        options={STOCK_STATUSES.map((s) => ({ value: s, label: t(`stock.status.${s}`) }))}
        onChange={(status) => patch({ status: status.length ? status : undefined })}
        data-testid="stock-filter-status"
      />
      <ModelAutoComplete
        storeId={storeId}
        enabled={storeId !== undefined}
        allowClear
        placeholder={t("stock.filter.model")}
        style={{ width: 150 }}
        value={model}
        onChange={setModel}
        onSelect={(value: string) => patch({ model: value })}
        onClear={() => patch({ model: undefined })}
        onBlur={() => model.trim() !== (filters.model ?? "") && patch({ model: model.trim() || undefined })}
        onKeyDown={(e) => e.key === "Enter" && patch({ model: model.trim() || undefined })}
        data-testid="stock-filter-model"
      />
      <Input
        allowClear
        placeholder={t("stock.filter.colour")}
        style={{ width: 110 }}
        maxLength={30}
        value={colour}
        onChange={(e) => {
          setColour(e.target.value);
          if (e.target.value === "") patch({ colour: undefined });
        }}
        onBlur={() =>
          colour.trim() !== (filters.colour ?? "") && patch({ colour: colour.trim() || undefined })
        }
        onPressEnter={() => patch({ colour: colour.trim() || undefined })}
        data-testid="stock-filter-colour"
      />
      <Select
        allowClear
        placeholder={t("stock.filter.bucket")}
        style={{ width: 130 }}
        value={filters.ageBucket}
        options={AGE_BUCKETS.map((b) => ({ value: b, label: t(`stock.bucket.${b}`) }))}
        onChange={(ageBucket?: AgeBucket) => patch({ ageBucket })}
        data-testid="stock-filter-bucket"
      />
      <Checkbox
        checked={Boolean(filters.longStock)}
        onChange={(e) => patch({ longStock: e.target.checked || undefined })}
        data-testid="stock-filter-long"
      >
        {t("stock.filter.longStock")}
      </Checkbox>
      <Input.Search
        allowClear
        placeholder={t("stock.filter.search")}
        style={{ width: 210 }}
        maxLength={17}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => patch({ q: value.replace(/[^A-Za-z0-9]/g, "") || undefined })}
        data-testid="stock-filter-search"
      />
      <Select
        style={{ width: 150 }}
        value={filters.sort ?? "age"}
        options={STOCK_SORTS.map((s) => ({ value: s, label: t(`stock.sort.${s}`) }))}
        onChange={(sort: StockSort) => patch({ sort: sort === "age" ? undefined : sort })}
        data-testid="stock-filter-sort"
      />
      <Button onClick={() => onChange({ storeId: filters.storeId })} data-testid="stock-filter-reset">
        {t("common.reset")}
      </Button>
    </Space>
  );
}
