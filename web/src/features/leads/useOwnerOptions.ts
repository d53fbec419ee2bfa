import { useTranslation } from "react-i18next";
import type { Id, Lead } from "../../api/types";
import { type LeadOwner, useLeadOwners } from "../../api/users";
import { useCan, useSession } from "../../app/auth";

export interface OwnerSelectOption {
  value: Id;
  label: string;
}

/** Who a lead of `storeId` can be given to (`GET /lead-owners`: consultants and sales managers). */
export function useOwnerOptions(storeId: Id | undefined, enabled = true) {
  return useLeadOwners(storeId, enabled && storeId !== undefined);
}

/**
 * Select options for owners: consultants by name, the sales manager with the role beside the name (a manager
 * owning a lead is the exception, and should read as one), paused people marked.
 */
export function useOwnerSelectOptions(): (owners: readonly LeadOwner[] | undefined) => OwnerSelectOption[] {
  const { t } = useTranslation();
  return (owners) =>
    (owners ?? []).map((o) => {
      const notes = [
        o.role === "consultant" ? null : t(`roles.${o.role}`),
        o.paused ? t("board.pausedShort") : null,
      ].filter(Boolean);
      const label = notes.length
        ? t("leads.ownerWithNote", { name: o.displayName, note: notes.join(" · ") })
        : o.displayName;
      return { value: o.id, label };
    });
}

/** May this user open an owner picker at all (new-lead form, assign dialog, owner filter)? */
export function useCanPickOwner(): boolean {
  const can = useCan();
  return can("lead.assign");
}

/**
 * Which leads this user may assign. Reception hands out new leads only: a lead that already has an owner is
 * the manager's to move (the server answers 422 `already_owned` otherwise).
 */
export function useCanAssign(): (lead: Pick<Lead, "ownerId" | "state">) => boolean {
  const can = useCan();
  const me = useSession();
  const onlyUnowned = me.user.role === "reception";
  return (lead) => lead.state === "active" && can("lead.assign") && (!onlyUnowned || lead.ownerId === null);
}
