/**
 * The levels the sales process sets (DOMAIN §3): an order makes the lead O, a cancellation T, a delivery D
 * (won). The sales module calls `moveBySales` inside its own transaction, on the lead row it has locked;
 * the manager's decision on a T lead (re-grade or close) is a use case of its own here.
 */
import { and, eq } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict } from "../../platform/errors.ts";
import { addEvent } from "./history.ts";
import { reachLead } from "./lead-access.ts";
import type { LeadRow } from "./lead-view.ts";
import { dueAt, type GradableLevel, type LeadState, type SalesStep, salesLevelChange } from "./rules.ts";
import { leads } from "./schema.ts";
import { loadSettings } from "./settings.ts";

const EVENT_OF_STEP = { ordered: "ordered", cancelled: "order_cancelled", delivered: "delivered" } as const;

/**
 * Moves a lead (already locked by the caller) to O, T or D, logs the step on its timeline (with the level
 * before and after) and audits the change. `data` says which order did it.
 */
export async function moveBySales(
  tx: Executor,
  actor: Actor,
  lead: LeadRow,
  step: SalesStep,
  at: Date,
  now: Date,
  data: Record<string, unknown>,
): Promise<LeadRow> {
  const settings = await loadSettings(tx, lead.storeId);
  const change = salesLevelChange(
    step,
    { state: lead.state as LeadState, lastReachedAt: lead.lastReachedAt },
    at,
    settings,
  );
  const [after] = await tx
    .update(leads)
    .set({
      ...change,
      // a won lead has nothing left to plan: customer service's callbacks follow the customer now
      ...(step === "delivered" ? { nextContactAt: null } : {}),
      updatedAt: now,
    })
    .where(and(eq(leads.storeId, lead.storeId), eq(leads.id, lead.id)))
    .returning();
  await addEvent(tx, {
    storeId: lead.storeId,
    leadId: lead.id,
    kind: EVENT_OF_STEP[step],
    at,
    actorId: actor.userId,
    data: { ...data, from: lead.level, to: change.level },
  });
  await audit(tx, actor, {
    storeId: lead.storeId,
    action: step,
    entity: "lead",
    entityId: lead.id,
    before: lead,
    after,
  });
  return after!;
}

export type AfterCancelDecision =
  | { action: "regrade"; level: GradableLevel }
  | { action: "close"; note?: string };

/**
 * The manager's decision on a lead whose order was cancelled (T): re-grade it (C, B, A or H; due from now
 * by that level's range, the consultant follows it up again) or close it (defeated). 409 `not_cancelled`
 * when the lead is not an open T lead — also when another manager decided first.
 */
export async function decideAfterCancel(
  db: Db,
  actor: Actor,
  leadId: number,
  decision: AfterCancelDecision,
  now: Date,
): Promise<LeadRow> {
  requirePermission(actor, "lead.afterCancel");
  return db.transaction(async (tx) => {
    const before = await reachLead(tx, actor, leadId, { lock: true });
    if (before.level !== "T" || before.state !== "active") {
      throw conflict("not_cancelled", "only a lead whose order was cancelled (T) waits for this decision", {
        level: before.level,
        state: before.state,
      });
    }
    const settings = await loadSettings(tx, before.storeId);
    const set =
      decision.action === "regrade"
        ? { level: decision.level, levelSince: now, dueAt: dueAt(decision.level, now, settings) }
        : { state: "defeated" as const, dueAt: null };
    const [after] = await tx
      .update(leads)
      .set({ ...set, updatedAt: now })
      .where(and(eq(leads.storeId, before.storeId), eq(leads.id, leadId)))
      .returning();
    await addEvent(tx, {
      storeId: before.storeId,
      leadId,
      kind: decision.action === "regrade" ? "cancel_regraded" : "cancel_closed",
      at: now,
      actorId: actor.userId,
      data:
        decision.action === "regrade"
          ? { from: before.level, to: decision.level }
          : { note: decision.note ?? null },
    });
    await audit(tx, actor, {
      storeId: before.storeId,
      action: decision.action === "regrade" ? "after_cancel_regrade" : "after_cancel_close",
      entity: "lead",
      entityId: leadId,
      before,
      after,
    });
    return after!;
  });
}
