import { App, Button, Popconfirm, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useClaimLead, useReleaseLeads } from "../../api/leads";
import type { Lead } from "../../api/types";
import { useCan, useSession } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { FollowUpModal } from "../followups/FollowUpModal";
import { OrderDrawer } from "../sales/OrderDrawer";
import { AssignModal } from "./AssignModal";
import { DefeatDecision } from "./DefeatDecision";
import { DefeatRequestModal } from "./DefeatRequestModal";
import { useCanAssign } from "./useOwnerOptions";

/** The actions a lead offers to this user in its current state; the server re-checks every one. */
export function LeadActions({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const can = useCan();
  const canAssign = useCanAssign();
  const errorText = useErrorText();
  const release = useReleaseLeads();
  const claim = useClaimLead();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<"followUp" | "assign" | "defeat" | "order">();

  const active = lead.state === "active";
  const mine = lead.ownerId === me.user.id;
  /** the owner, or a manager, works an active lead out of the pool: follows it up, quotes, orders */
  const works = active && !lead.inPool && (mine || can("lead.board"));
  const onError = (error: unknown) => message.error(errorText(error));

  return (
    <Space wrap>
      {works && can("lead.followUp") && (
        <Button type="primary" onClick={() => setDialog("followUp")} data-testid="lead-followup">
          {t("followUp.button")}
        </Button>
      )}
      {works && can("quote.create") && (
        <Button onClick={() => navigate(`/leads/${lead.id}/quote`)} data-testid="lead-quote">
          {t("sales.quote.button")}
        </Button>
      )}
      {/* O has its open order already */}
      {works && lead.level !== "O" && can("order.create") && (
        <Button onClick={() => setDialog("order")} data-testid="lead-order">
          {t("sales.order.button")}
        </Button>
      )}
      {canAssign(lead) && (
        <Button onClick={() => setDialog("assign")} data-testid="lead-assign">
          {t("leads.assign.button")}
        </Button>
      )}
      {active && can("lead.release") && !lead.inPool && (
        <Popconfirm
          title={t("leads.release.confirm", { count: 1 })}
          onConfirm={() =>
            release.mutate([lead.id], {
              onSuccess: () => message.success(t("leads.release.done", { count: 1 })),
              onError,
            })
          }
        >
          <Button loading={release.isPending} data-testid="lead-release">
            {t("leads.release.button")}
          </Button>
        </Popconfirm>
      )}
      {active && lead.inPool && can("lead.claim") && (
        <Button
          type="primary"
          loading={claim.isPending}
          onClick={() =>
            claim.mutate(lead.id, { onSuccess: () => message.success(t("leads.claim.done")), onError })
          }
          data-testid="lead-claim"
        >
          {t("leads.claim.button")}
        </Button>
      )}
      {active && mine && can("lead.defeatRequest") && (
        <Button danger onClick={() => setDialog("defeat")} data-testid="lead-defeat-request">
          {t("defeat.request")}
        </Button>
      )}
      {lead.state === "defeat_requested" && can("lead.defeatDecide") && <DefeatDecision leadId={lead.id} />}

      <FollowUpModal lead={lead} open={dialog === "followUp"} onClose={() => setDialog(undefined)} />
      <AssignModal
        leadIds={[lead.id]}
        storeId={lead.storeId}
        currentOwnerId={lead.ownerId}
        open={dialog === "assign"}
        onClose={() => setDialog(undefined)}
      />
      <DefeatRequestModal leadId={lead.id} open={dialog === "defeat"} onClose={() => setDialog(undefined)} />
      <OrderDrawer lead={lead} open={dialog === "order"} onClose={() => setDialog(undefined)} />
    </Space>
  );
}
