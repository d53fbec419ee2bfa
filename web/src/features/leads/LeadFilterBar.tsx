import { Button, Checkbox, Input, Select, Space } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LeadFilters } from "../../api/leads";
import { useStores } from "../../api/stores";
import { type Id, LEAD_SOURCES, LEAD_STATES, LEVELS } from "../../api/types";
import { useLeadOwnersOfStores } from "../../api/users";
import { useSession } from "../../app/auth";
import { useEnumOptions } from "../../shared/options";
import { useCanPickOwner, useOwnerOptions, useOwnerSelectOptions } from "./useOwnerOptions";

interface Props {
  filters: LeadFilters;
  onChange: (filters: LeadFilters) => void;
}

export function LeadFilterBar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const me = useSession();
  // A consultant only ever sees own leads, so filtering by owner would be noise for them.
  const showOwner = useCanPickOwner();
  const ownerOptions = useOwnerSelectOptions();
  const inStore = me.user.storeId !== null;
  const storeOwners = useOwnerOptions(me.user.storeId ?? undefined, showOwner && inStore);
  // The group admin's list spans stores, so its filter offers the owners of every store, named by store.
  const stores = useStores(showOwner && !inStore);
  const storeList = stores.data?.items ?? [];
  const allOwners = useLeadOwnersOfStores(
    storeList.map((s) => s.id),
    showOwner && !inStore,
  );
  const storeName = new Map(storeList.map((s) => [s.id, s.name]));
  const options = inStore
    ? ownerOptions(storeOwners.data)
    : allOwners.data.map((o) => ({
        value: o.id,
        label: storeList.length > 1 ? `${o.displayName} · ${storeName.get(o.storeId) ?? ""}` : o.displayName,
      }));
  const ownersLoading = inStore ? storeOwners.isPending : stores.isPending || allOwners.isPending;
  const sourceOptions = useEnumOptions("source", LEAD_SOURCES);
  const stateOptions = useEnumOptions("state", LEAD_STATES);
  // The search box is edited locally and applied on Enter, not on every keystroke.
  const [q, setQ] = useState(filters.q ?? "");
  useEffect(() => setQ(filters.q ?? ""), [filters.q]);

  const patch = (change: Partial<LeadFilters>) => onChange({ ...filters, ...change });

  return (
    <Space wrap size={[8, 8]}>
      <Select
        mode="multiple"
        allowClear
        placeholder={t("leads.filter.level")}
        style={{ minWidth: 150 }}
        value={filters.level ?? []}
        options={LEVELS.map((l) => ({ value: l, label: `${l} · ${t(`levelName.${l}`)}` }))}
        onChange={(level) => patch({ level: level.length ? level : undefined })}
        data-testid="lead-filter-level"
      />
      {showOwner && (
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("leads.filter.owner")}
          style={{ width: 140 }}
          loading={ownersLoading}
          value={filters.ownerId}
          options={options}
          onChange={(ownerId?: Id) => patch({ ownerId })}
          data-testid="lead-filter-owner"
        />
      )}
      <Select
        allowClear
        placeholder={t("leads.filter.source")}
        style={{ width: 120 }}
        value={filters.source}
        options={sourceOptions}
        onChange={(source) => patch({ source })}
        data-testid="lead-filter-source"
      />
      <Select
        allowClear
        placeholder={t("leads.filter.state")}
        style={{ width: 120 }}
        value={filters.state}
        options={stateOptions}
        onChange={(state) => patch({ state })}
        data-testid="lead-filter-state"
      />
      <Checkbox
        checked={Boolean(filters.overdue)}
        onChange={(e) => patch({ overdue: e.target.checked || undefined })}
        data-testid="lead-filter-overdue"
      >
        {t("leads.filter.overdue")}
      </Checkbox>
      <Checkbox
        checked={Boolean(filters.stale)}
        onChange={(e) => patch({ stale: e.target.checked || undefined })}
        data-testid="lead-filter-stale"
      >
        {t("leads.filter.stale")}
      </Checkbox>
      <Checkbox
        checked={Boolean(filters.pool)}
        onChange={(e) => patch({ pool: e.target.checked || undefined })}
        data-testid="lead-filter-pool"
      >
        {t("leads.filter.pool")}
      </Checkbox>
      <Input.Search
        allowClear
        placeholder={t("leads.filter.search")}
        style={{ width: 190 }}
        maxLength={50}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => patch({ q: value.trim() || undefined })}
        data-testid="lead-filter-search"
      />
      <Button onClick={() => onChange({})} data-testid="lead-filter-reset">
        {t("common.reset")}
      </Button>
    </Space>
  );
}
