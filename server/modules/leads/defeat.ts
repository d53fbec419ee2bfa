/**
 * Defeat (战败): the consultant asks to close a lead as lost with a reason; the sales manager approves
 * (the lead is defeated and feeds the defeat analysis) or returns it (the lead is active again).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, unprocessable } from "../../platform/errors.ts";
import { addEvent } from "./history.ts";
import { reachLead } from "./lead-access.ts";
import type { LeadRow } from "./lead-view.ts";
import { graceDueForNewOwner } from "./rules.ts";
import { defeatRequests, leads } from "./schema.ts";
import { loadSettings } from "./settings.ts";

export const DEFEAT_REASONS = ["competitor", "price", "budget", "postponed", "unreachable", "other"] as const;
export type DefeatReason = (typeof DEFEAT_REASONS)[number];

export async function requestDefeat(
  db: Db,
  actor: Actor,
  leadId: number,
  input: { reason: DefeatReason; competitor?: string; note?: string },
  now: Date,
): Promise<LeadRow> {
  requirePermission(actor, "lead.defeatRequest");
  if (input.reason === "competitor" && !input.competitor) {
    throw unprocessable("competitor_required", "name the competitor brand or model the customer bought");
  }
  return db.transaction(async (tx) => {
    const before = await reachLead(tx, actor, leadId, { lock: true });
    if (before.state !== "active") throw conflict("lead_not_active", `the lead is ${before.state}`);
    // an ordered lead is lost only by cancelling its order (refund, car back to stock), never by a defeat
    if (before.level === "O")
      throw conflict("lead_has_open_order", "the lead has an open order: cancel the order instead");
    const [request] = await tx
      .insert(defeatRequests)
      .values({
        storeId: before.storeId,
        leadId,
        reason: input.reason,
        competitor: input.competitor ?? null,
        note: input.note ?? null,
        requestedBy: actor.userId,
        requestedAt: now,
      })
      .returning();
    const [after] = await tx
      .update(leads)
      .set({ state: "defeat_requested", updatedAt: now })
      .where(and(eq(leads.storeId, before.storeId), eq(leads.id, leadId)))
      .returning();
    await addEvent(tx, {
      storeId: before.storeId,
      leadId,
      kind: "defeat_requested",
      at: now,
      actorId: actor.userId,
      data: { ...input, requestId: request!.id },
    });
    await audit(tx, actor, [
      {
        storeId: before.storeId,
        action: "create",
        entity: "defeat_request",
        entityId: request!.id,
        after: request,
      },
      { storeId: before.storeId, action: "defeat_request", entity: "lead", entityId: leadId, before, after },
    ]);
    return after!;
  });
}

export async function decideDefeat(
  db: Db,
  actor: Actor,
  leadId: number,
  decision: "approved" | "returned",
  note: string | undefined,
  now: Date,
): Promise<LeadRow> {
  requirePermission(actor, "lead.defeatDecide");
  return db.transaction(async (tx) => {
    const before = await reachLead(tx, actor, leadId, { lock: true });
    const [request] = await tx
      .update(defeatRequests)
      .set({ status: decision, decidedBy: actor.userId, decidedAt: now, decisionNote: note ?? null })
      .where(
        and(
          eq(defeatRequests.storeId, before.storeId),
          eq(defeatRequests.leadId, leadId),
          eq(defeatRequests.status, "requested"),
        ),
      )
      .returning();
    if (!request || before.state !== "defeat_requested")
      throw conflict("no_pending_defeat", "this lead has no defeat request waiting for a decision");
    const settings = await loadSettings(tx, before.storeId);
    const [after] = await tx
      .update(leads)
      .set(
        decision === "approved"
          ? { state: "defeated", dueAt: null, updatedAt: now }
          : { state: "active", dueAt: graceDueForNewOwner(before.dueAt, now, settings), updatedAt: now },
      )
      .where(and(eq(leads.storeId, before.storeId), eq(leads.id, leadId)))
      .returning();
    await addEvent(tx, {
      storeId: before.storeId,
      leadId,
      kind: decision === "approved" ? "defeat_approved" : "defeat_returned",
      at: now,
      actorId: actor.userId,
      data: { requestId: request.id, note: note ?? null },
    });
    await audit(tx, actor, {
      storeId: before.storeId,
      action: `defeat_${decision}`,
      entity: "lead",
      entityId: leadId,
      before,
      after,
    });
    return after!;
  });
}
