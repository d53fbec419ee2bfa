import { Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Lead } from "../api/types";
import { formatInstant } from "./format";

/** Due time with the two flags a manager scans for: overdue (missed cadence) and stale (level too old). */
export function DueCell({ lead }: { lead: Pick<Lead, "dueAt" | "overdue" | "stale" | "escalated"> }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Typography.Text type={lead.overdue ? "danger" : undefined} className="nowrap">
        {formatInstant(lead.dueAt)}
      </Typography.Text>
      {lead.overdue && <Tag color="error">{t("leads.badge.overdue")}</Tag>}
      {lead.stale && <Tag color="warning">{t("leads.badge.stale")}</Tag>}
      {lead.escalated && <Tag color="magenta">{t("leads.badge.escalated")}</Tag>}
    </Space>
  );
}
