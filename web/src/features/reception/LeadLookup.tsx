import { Alert, Button, Flex, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useLeadsByPhone } from "../../api/traffic";
import type { Lead } from "../../api/types";
import { useCan } from "../../app/auth";
import { LevelTag } from "../../shared/LevelTag";
import { NewLeadDrawer } from "../leads/NewLeadDrawer";

// Mainland mobile numbers, as the lead form checks them.
const MOBILE = /^1[3-9]\d{9}$/;

export function cleanPhone(value: string | undefined): string | undefined {
  const digits = value?.replace(/[\s-]/g, "");
  return digits && MOBILE.test(digits) ? digits : undefined;
}

/** The open lead of a typed phone: the visit or call attaches to it (the server matches it the same way). */
export function usePhoneLookup(phone: string | undefined): { lead: Lead | undefined; searching: boolean } {
  const leads = useLeadsByPhone(cleanPhone(phone));
  return { lead: leads.data?.[0], searching: leads.isFetching };
}

/** What the look-up found, under the phone field: the lead, or a note that the visitor is not archived. */
export function LeadLookupResult({
  phone,
  lead,
  searching,
}: {
  phone: string | undefined;
  lead?: Lead;
  searching: boolean;
}) {
  const { t } = useTranslation();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  if (!cleanPhone(phone)) return null;
  if (searching) return <Spin size="small" />;
  if (lead) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="lookup-found"
        title={
          <Flex gap={8} align="center" wrap>
            {t("reception.visit.found")}
            <Link to={`/leads/${lead.id}`} target="_blank">
              {lead.name}
            </Link>
            <LevelTag level={lead.level} />
            {lead.ownerName ? (
              <Typography.Text type="secondary">
                {t("reception.visit.owner", { name: lead.ownerName })}
              </Typography.Text>
            ) : (
              <Tag color="purple">{t("reception.visit.pool")}</Tag>
            )}
          </Flex>
        }
      />
    );
  }
  return (
    <>
      <Alert
        type="info"
        showIcon
        data-testid="lookup-not-found"
        title={t("reception.visit.notFound")}
        action={
          can("lead.create") && (
            <Button size="small" onClick={() => setCreating(true)} data-testid="lookup-create-lead">
              {t("reception.visit.createLead")}
            </Button>
          )
        }
      />
      {creating && <NewLeadDrawer open onClose={() => setCreating(false)} />}
    </>
  );
}
