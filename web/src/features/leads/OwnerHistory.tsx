import { Table } from "antd";
import { useTranslation } from "react-i18next";
import type { OwnerPeriod } from "../../api/types";
import { formatInstant } from "../../shared/format";

export function OwnerHistory({ owners }: { owners: OwnerPeriod[] }) {
  const { t, i18n } = useTranslation();
  // Reasons are codes when the server uses a known one (assigned, claimed, round_robin …), free text otherwise.
  const reason = (r: string) => (i18n.exists(`ownerReason.${r}`) ? t(`ownerReason.${r}`) : r);
  return (
    <Table<OwnerPeriod>
      size="small"
      pagination={false}
      rowKey={(o) => `${o.ownerId}-${o.fromAt}`}
      dataSource={owners}
      data-testid="lead-owner-history"
      columns={[
        {
          title: t("leads.field.owner"),
          dataIndex: "ownerName",
          // No owner means the lead sat in the store pool for that period.
          render: (name: string | null) => name ?? t("leads.badge.pool"),
        },
        { title: t("leads.owners.from"), dataIndex: "fromAt", render: (v: string) => formatInstant(v) },
        {
          title: t("leads.owners.to"),
          dataIndex: "toAt",
          render: (v: string | null) => (v ? formatInstant(v) : t("leads.owners.current")),
        },
        {
          title: t("leads.owners.reason"),
          dataIndex: "reason",
          render: (v: string) => (v ? reason(v) : "—"),
        },
      ]}
    />
  );
}
