/** What a visit or a call points at: the lead (by id or by the caller's phone) and the consultant serving it. */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import type { Actor } from "../../platform/access.ts";
import { notFound, unprocessable } from "../../platform/errors.ts";
import { storeUser, type UserRow } from "../identity/index.ts";
import { leads } from "../leads/index.ts";
import { reachLead } from "../leads/lead-access.ts";
import type { LeadRow } from "../leads/lead-view.ts";

export interface LeadLink {
  lead: LeadRow | null;
  /** the lead was found by the phone, not named by id */
  byPhone: boolean;
}

/**
 * A lead named by id must be one of the store's (another store's answers 404, like any object out of reach);
 * any state will do, a visit is a fact. A phone attaches to the store's open lead of that phone; without one
 * the visitor is not archived (未留档) — the phone is not kept on the visit, its place is a lead.
 */
export async function linkLead(
  tx: Executor,
  actor: Actor,
  storeId: number,
  input: { leadId?: number; phone?: string },
): Promise<LeadLink> {
  if (input.leadId !== undefined) {
    const lead = await reachLead(tx, actor, input.leadId);
    if (lead.storeId !== storeId) throw notFound("lead");
    return { lead, byPhone: false };
  }
  if (input.phone === undefined) return { lead: null, byPhone: false };
  const [lead] = await tx
    .select()
    .from(leads)
    .where(
      and(
        eq(leads.storeId, storeId),
        eq(leads.phone, input.phone),
        inArray(leads.state, ["active", "defeat_requested"]),
      ),
    )
    .orderBy(desc(leads.createdAt))
    .limit(1);
  return { lead: lead ?? null, byPhone: lead !== undefined };
}

const SERVING_ROLES = new Set(["consultant", "sales_manager"]);

/** Visitors are served by the store's enabled consultants or sales managers (the same people who own leads). */
export async function servingConsultant(tx: Executor, storeId: number, userId: number): Promise<UserRow> {
  const user = await storeUser(tx, storeId, userId);
  if (!user) throw notFound("consultant");
  if (!SERVING_ROLES.has(user.role) || user.disabled) {
    throw unprocessable(
      "consultant_not_eligible",
      "visitors are served by an enabled sales consultant or sales manager of the store",
    );
  }
  return user;
}
