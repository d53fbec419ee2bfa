import { Flex, Table, Typography } from "antd";
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
      // The card beside the timeline is narrow: dates stay whole and the table scrolls if it must.
      scroll={{ x: "max-content" }}
      data-testid="lead-owner-history"
      columns={[
        {
          title: t("leads.field.owner"),
          dataIndex: "ownerName",
          // Who, and beneath it why (assigned, claimed …): a fourth column would not fit beside the timeline.
          render: (name: string | null, o) => (
            <Flex vertical>
              {/* No owner means the lead sat in the store pool for that period. */}
              <span>{name ?? t("leads.badge.pool")}</span>
              {o.reason && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {reason(o.reason)}
                </Typography.Text>
              )}
            </Flex>
          ),
        },
        {
          title: t("leads.owners.from"),
          dataIndex: "fromAt",
          className: "nowrap",
          render: (v: string) => formatInstant(v),
        },
        {
          title: t("leads.owners.to"),
          dataIndex: "toAt",
          className: "nowrap",
          render: (v: string | null) => (v ? formatInstant(v) : t("leads.owners.current")),
        },
      ]}
    />
  );
}
