/**
 * Labour (工时) and parts (配件) lines of a repair order, added and removed while the work is open or in
 * progress. Each parts line is its own record: the parts warehouse will issue it and attach its FIFO cost.
 * The order's row lock orders a line against a concurrent "done" or settlement: a line never slips in after.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, notFound, unprocessable } from "../../platform/errors.ts";
import { lockRepairOrder } from "./ro-access.ts";
import { defaultPayer, lineAmountFen, linesEditable, MAX_LINES } from "./ro-rules.ts";
import type { RepairOrderRow } from "./ro-view.ts";
import { type Payer, type RoState, roLabourLines, roPartLines, type WorkType } from "./schema.ts";

export interface LabourInput {
  description: string;
  /** hours in hundredths (1.5 h = 150), made exact by the route */
  hoursCenti: number;
  rateFen: number;
  payer?: Payer;
}

export interface PartInput {
  partNo: string;
  name: string;
  quantityCenti: number;
  unitPriceFen: number;
  payer?: Payer;
}

export type LineKind = "labour" | "parts";

const TABLE = { labour: roLabourLines, parts: roPartLines } as const;
const ENTITY = { labour: "ro_labour_line", parts: "ro_part_line" } as const;

async function lockEditable(tx: Executor, actor: Actor, id: number): Promise<RepairOrderRow> {
  const ro = await lockRepairOrder(tx, actor, id);
  if (!linesEditable(ro.state as RoState)) {
    throw conflict("ro_locked", `the repair order is ${ro.state}: its lines are fixed`, { state: ro.state });
  }
  return ro;
}

function amountOf(centi: number, unitFen: number): number {
  const amount = lineAmountFen(centi, unitFen);
  if (amount === null) throw unprocessable("amount_too_large", "the line's amount exceeds 1亿元");
  return amount;
}

async function checkRoom(tx: Executor, kind: LineKind, ro: RepairOrderRow): Promise<void> {
  const t = TABLE[kind];
  const [row] = await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(t)
    .where(and(eq(t.storeId, ro.storeId), eq(t.repairOrderId, ro.id)));
  if ((row?.n ?? 0) >= MAX_LINES) {
    throw unprocessable("too_many_lines", `a repair order takes at most ${MAX_LINES} ${kind} lines`);
  }
}

export async function addLabourLine(
  db: Db,
  actor: Actor,
  id: number,
  input: LabourInput,
  now: Date,
): Promise<void> {
  requirePermission(actor, "repairOrder.write");
  const amountFen = amountOf(input.hoursCenti, input.rateFen);
  await db.transaction(async (tx) => {
    const ro = await lockEditable(tx, actor, id);
    await checkRoom(tx, "labour", ro);
    const [line] = await tx
      .insert(roLabourLines)
      .values({
        storeId: ro.storeId,
        repairOrderId: ro.id,
        description: input.description,
        hoursCenti: input.hoursCenti,
        rateFen: input.rateFen,
        amountFen,
        payer: input.payer ?? defaultPayer(ro.workType as WorkType),
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    await audit(tx, actor, {
      storeId: ro.storeId,
      action: "create",
      entity: ENTITY.labour,
      entityId: line!.id,
      after: line,
    });
  });
}

export async function addPartLine(
  db: Db,
  actor: Actor,
  id: number,
  input: PartInput,
  now: Date,
): Promise<void> {
  requirePermission(actor, "repairOrder.write");
  const amountFen = amountOf(input.quantityCenti, input.unitPriceFen);
  await db.transaction(async (tx) => {
    const ro = await lockEditable(tx, actor, id);
    await checkRoom(tx, "parts", ro);
    const [line] = await tx
      .insert(roPartLines)
      .values({
        storeId: ro.storeId,
        repairOrderId: ro.id,
        partNo: input.partNo,
        name: input.name,
        quantityCenti: input.quantityCenti,
        unitPriceFen: input.unitPriceFen,
        amountFen,
        payer: input.payer ?? defaultPayer(ro.workType as WorkType),
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    await audit(tx, actor, {
      storeId: ro.storeId,
      action: "create",
      entity: ENTITY.parts,
      entityId: line!.id,
      after: line,
    });
  });
}

export async function removeLine(
  db: Db,
  actor: Actor,
  id: number,
  kind: LineKind,
  lineId: number,
): Promise<void> {
  requirePermission(actor, "repairOrder.write");
  const t = TABLE[kind];
  await db.transaction(async (tx) => {
    const ro = await lockRepairOrder(tx, actor, id);
    const [line] = await tx
      .select()
      .from(t)
      .where(and(eq(t.storeId, ro.storeId), eq(t.repairOrderId, ro.id), eq(t.id, lineId)));
    if (!line) throw notFound(kind === "labour" ? "labour line" : "parts line");
    if (!linesEditable(ro.state as RoState)) {
      throw conflict("ro_locked", `the repair order is ${ro.state}: its lines are fixed`, {
        state: ro.state,
      });
    }
    await tx.delete(t).where(and(eq(t.storeId, ro.storeId), eq(t.id, lineId)));
    await audit(tx, actor, {
      storeId: ro.storeId,
      action: "delete",
      entity: ENTITY[kind],
      entityId: lineId,
      before: line,
    });
  });
}
