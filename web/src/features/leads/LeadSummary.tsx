import { Descriptions, Space, Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Lead } from "../../api/types";
import { useLocale } from "../../app/LocaleProvider";
import { DueCell } from "../../shared/DueCell";
import { formatDate, formatFen, formatInstant } from "../../shared/format";
import { LevelTag } from "../../shared/LevelTag";
import { PhoneReveal } from "./PhoneReveal";

export function LeadSummary({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const dash = (v: string | null) => v || "—";

  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, lg: 3 }}
      data-testid="lead-summary"
      items={[
        {
          key: "phone",
          label: t("leads.field.phone"),
          children: <PhoneReveal customerId={lead.customerId} phone={lead.phone} masked={lead.phoneMasked} />,
        },
        {
          key: "level",
          label: t("leads.field.level"),
          children: (
            <Space size={4}>
              <LevelTag level={lead.level} />
              {t(`levelName.${lead.level}`)}
              <span style={{ color: "#8c8c8c" }}>
                {t("leads.detail.since", { at: formatInstant(lead.levelSince) })}
              </span>
            </Space>
          ),
        },
        {
          key: "state",
          label: t("leads.field.state"),
          children: (
            <Space size={4}>
              <span data-testid="lead-state">{t(`state.${lead.state}`)}</span>
              {lead.inPool && <Tag color="purple">{t("leads.badge.pool")}</Tag>}
            </Space>
          ),
        },
        {
          key: "owner",
          label: t("leads.field.owner"),
          children: <span data-testid="lead-owner">{dash(lead.ownerName)}</span>,
        },
        { key: "source", label: t("leads.field.source"), children: t(`source.${lead.source}`) },
        { key: "model", label: t("leads.field.intendedModel"), children: dash(lead.intendedModel) },
        { key: "budget", label: t("leads.field.budget"), children: formatFen(lead.budgetFen, language) },
        {
          key: "payment",
          label: t("leads.field.paymentMethod"),
          children: lead.paymentMethod ? t(`payment.${lead.paymentMethod}`) : "—",
        },
        { key: "colour", label: t("leads.field.colour"), children: dash(lead.colour) },
        {
          key: "expected",
          label: t("leads.field.expectedPurchaseDate"),
          children: formatDate(lead.expectedPurchaseDate),
        },
        { key: "focus", label: t("leads.field.focusPoints"), children: dash(lead.focusPoints) },
        {
          key: "competitors",
          label: t("leads.field.competitorModels"),
          children: dash(lead.competitorModels),
        },
        { key: "due", label: t("leads.field.dueAt"), children: <DueCell lead={lead} /> },
        { key: "next", label: t("leads.field.nextContactAt"), children: formatInstant(lead.nextContactAt) },
        {
          key: "reached",
          label: t("leads.field.lastReachedAt"),
          children: formatInstant(lead.lastReachedAt),
        },
        { key: "created", label: t("leads.field.createdAt"), children: formatInstant(lead.createdAt) },
      ]}
    />
  );
}
