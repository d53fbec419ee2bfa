/**
 * The steps of a repair order: open → in progress → done by `transition`, then settlement (结算) and hand-back
 * (交车) by their own endpoints. Each step locks the order, so of two concurrent settlements exactly one finds
 * the order done; each writes its ro_events row (who, when) and the audit in the same transaction.
 */
import { and, eq } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, unprocessable } from "../../platform/errors.ts";
import { afterHandBack } from "../care/after-service.ts";
import { checkStepTime, lastStepAt, lockRepairOrder, recordStep } from "./ro-access.ts";
import { checkTransition, totalsOf } from "./ro-rules.ts";
import { type Payer, type RoState, repairOrders, roLabourLines, roPartLines } from "./schema.ts";

type RoKey = { storeId: number; id: number };
const whereRo = (ro: RoKey) => and(eq(repairOrders.storeId, ro.storeId), eq(repairOrders.id, ro.id));
const linesOf = (t: typeof roLabourLines | typeof roPartLines, ro: RoKey) =>
  and(eq(t.storeId, ro.storeId), eq(t.repairOrderId, ro.id));

async function hasLines(tx: Executor, ro: RoKey): Promise<boolean> {
  for (const t of [roLabourLines, roPartLines]) {
    const [line] = await tx.select({ id: t.id }).from(t).where(linesOf(t, ro)).limit(1);
    if (line) return true;
  }
  return false;
}

/** open → in_progress (startedAt), in_progress → done (doneAt; at least one line). */
export async function transitionRepairOrder(
  db: Db,
  actor: Actor,
  id: number,
  input: { to: RoState; occurredAt?: Date },
  now: Date,
): Promise<void> {
  requirePermission(actor, "repairOrder.write");
  const at = input.occurredAt ?? now;
  await db.transaction(async (tx) => {
    const ro = await lockRepairOrder(tx, actor, id);
    const from = ro.state as RoState;
    const check = checkTransition(from, input.to);
    if (!check.ok) throw unprocessable(check.code, check.message, { from, to: input.to });
    checkStepTime(at, now, lastStepAt(ro));
    if (input.to === "done" && !(await hasLines(tx, ro))) {
      throw unprocessable("no_lines", "a repair order without labour or parts cannot be done");
    }
    const [after] = await tx
      .update(repairOrders)
      .set({
        state: input.to,
        ...(input.to === "in_progress" ? { startedAt: at } : { doneAt: at }),
        updatedAt: now,
      })
      .where(whereRo(ro))
      .returning();
    await recordStep(tx, actor, ro, from, input.to, at);
    await audit(tx, actor, {
      storeId: ro.storeId,
      action: input.to,
      entity: "repair_order",
      entityId: ro.id,
      before: ro,
      after,
    });
  });
}

/** Settlement (结算): only a done order; the totals by payer are fixed from the lines as they stand. */
export async function settleRepairOrder(
  db: Db,
  actor: Actor,
  id: number,
  input: { occurredAt?: Date },
  now: Date,
): Promise<void> {
  requirePermission(actor, "repairOrder.write");
  const at = input.occurredAt ?? now;
  await db.transaction(async (tx) => {
    const ro = await lockRepairOrder(tx, actor, id);
    if (ro.state === "settled" || ro.state === "handed_back") {
      throw conflict("already_settled", `the repair order was settled at ${ro.settledAt!.toISOString()}`, {
        settledAt: ro.settledAt!.toISOString(),
      });
    }
    // settling an order still open or in progress skips steps, like a transition that skips
    if (ro.state !== "done") {
      throw unprocessable("invalid_transition", `only a done repair order can be settled, not ${ro.state}`, {
        from: ro.state,
        to: "settled",
      });
    }
    checkStepTime(at, now, lastStepAt(ro));
    const money = (t: typeof roLabourLines | typeof roPartLines) =>
      tx.select({ amountFen: t.amountFen, payer: t.payer }).from(t).where(linesOf(t, ro));
    const [labour, parts] = await Promise.all([money(roLabourLines), money(roPartLines)]);
    const asMoney = (l: { amountFen: number; payer: string }) => ({
      amountFen: l.amountFen,
      payer: l.payer as Payer,
    });
    const totals = totalsOf(labour.map(asMoney), parts.map(asMoney));
    const [after] = await tx
      .update(repairOrders)
      .set({
        state: "settled",
        settledAt: at,
        settledBy: actor.userId,
        labourFen: totals.labourFen,
        partsFen: totals.partsFen,
        totalFen: totals.totalFen,
        customerFen: totals.byPayer.customer,
        insurerFen: totals.byPayer.insurer,
        warrantyFen: totals.byPayer.warranty,
        updatedAt: now,
      })
      .where(whereRo(ro))
      .returning();
    await recordStep(tx, actor, ro, "done", "settled", at);
    await audit(tx, actor, {
      storeId: ro.storeId,
      action: "settle",
      entity: "repair_order",
      entityId: ro.id,
      before: ro,
      after,
    });
  });
}

/** Hand-back (交车): only a settled order; customer service gets its post-service callback in the same transaction. */
export async function handBackRepairOrder(
  db: Db,
  actor: Actor,
  id: number,
  input: { occurredAt?: Date },
  now: Date,
): Promise<void> {
  requirePermission(actor, "repairOrder.write");
  const at = input.occurredAt ?? now;
  await db.transaction(async (tx) => {
    const ro = await lockRepairOrder(tx, actor, id);
    if (ro.state === "handed_back") {
      throw conflict(
        "already_handed_back",
        `the vehicle was handed back at ${ro.handedBackAt!.toISOString()}`,
      );
    }
    if (ro.state !== "settled") throw conflict("not_settled", `the repair order is ${ro.state}, not settled`);
    checkStepTime(at, now, lastStepAt(ro));
    const [after] = await tx
      .update(repairOrders)
      .set({ state: "handed_back", handedBackAt: at, handedBackBy: actor.userId, updatedAt: now })
      .where(whereRo(ro))
      .returning();
    await recordStep(tx, actor, ro, "settled", "handed_back", at);
    await audit(tx, actor, {
      storeId: ro.storeId,
      action: "hand_back",
      entity: "repair_order",
      entityId: ro.id,
      before: ro,
      after,
    });
    await afterHandBack(tx, {
      storeId: ro.storeId,
      repairOrderId: ro.id,
      customerId: ro.customerId,
      vehicleId: ro.vehicleId,
      handedBackAt: at,
      actorId: actor.userId,
    });
  });
}
