/**
 * Shared by the repair order writes: the row scope (the workshop is one team — every service advisor of the
 * store works every order; the group admin reaches all stores), the order locked for a check-then-act, the
 * time of a step and its record in ro_events.
 */
import { and, eq } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import type { Actor } from "../../platform/access.ts";
import { notFound, unprocessable } from "../../platform/errors.ts";
import type { RepairOrderRow } from "./ro-view.ts";
import { type RoState, repairOrders, roEvents } from "./schema.ts";

export const roScope = (actor: Actor) =>
  actor.storeId === null ? undefined : eq(repairOrders.storeId, actor.storeId);

/** The order to change, locked until the transaction ends; 404 out of reach. */
export async function lockRepairOrder(tx: Executor, actor: Actor, id: number): Promise<RepairOrderRow> {
  const [ro] = await tx
    .select()
    .from(repairOrders)
    .where(and(eq(repairOrders.id, id), roScope(actor)))
    .for("update");
  if (!ro) throw notFound("repair order");
  return ro;
}

/**
 * A step is recorded when it happened (`occurredAt`): never in the future, never before the step it follows
 * (in progress not before the opening, done not before the start, …).
 */
export function checkStepTime(at: Date, now: Date, previous: Date): void {
  if (at > now) throw unprocessable("in_future", "occurredAt may not be in the future");
  if (at < previous) {
    throw unprocessable("before_previous_step", `occurredAt is before ${previous.toISOString()}`, {
      notBefore: previous.toISOString(),
    });
  }
}

/** The time of the order's latest step: the one the next step may not precede. */
export function lastStepAt(ro: RepairOrderRow): Date {
  return ro.settledAt ?? ro.doneAt ?? ro.startedAt ?? ro.openedAt;
}

export async function recordStep(
  tx: Executor,
  actor: Actor,
  ro: { storeId: number; id: number },
  fromState: RoState | null,
  toState: RoState,
  at: Date,
): Promise<void> {
  await tx.insert(roEvents).values({
    storeId: ro.storeId,
    repairOrderId: ro.id,
    fromState,
    toState,
    at,
    actorId: actor.userId,
  });
}
