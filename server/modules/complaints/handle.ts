/**
 * Working a complaint: moving it through its states, handing it to a colleague, adding notes. Each is one
 * transaction on the locked complaint row, so two people acting at once are applied one after the other and the
 * second one sees the first one's result; every step writes a complaint_events row and the audit.
 *
 * Who moves a complaint on: its owner, and the managers above the owner — the gm (after-sales manager, whose
 * list the escalated complaints are on) for every complaint, the sales manager for complaints about sales.
 */
import { and, eq, max } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { AppError, conflict, notFound, unprocessable } from "../../platform/errors.ts";
import { checkOwner } from "./open-complaint.ts";
import { checkTransition } from "./rules.ts";
import { type ComplaintState, complaintEvents, complaints } from "./schema.ts";
import type { ComplaintRow } from "./view.ts";

export function managesComplaint(actor: Actor, c: Pick<ComplaintRow, "ownerId" | "category">): boolean {
  return (
    actor.userId === c.ownerId ||
    actor.role === "gm" ||
    (actor.role === "sales_manager" && c.category === "sales")
  );
}

/** The complaint in the actor's store, locked for the change. The group admin reads complaints but handles none. */
async function lockComplaint(tx: Executor, actor: Actor, id: number): Promise<ComplaintRow> {
  if (actor.storeId === null) throw notFound("complaint");
  const [row] = await tx
    .select()
    .from(complaints)
    .where(and(eq(complaints.storeId, actor.storeId), eq(complaints.id, id)))
    .for("update");
  if (!row) throw notFound("complaint");
  return row;
}

function requireManager(actor: Actor, c: ComplaintRow): void {
  if (!managesComplaint(actor, c)) {
    throw new AppError("forbidden", "not_owner", "only the complaint's owner or a manager may do this");
  }
}

/** An event is recorded at its real time, which is neither in the future nor before the step before it. */
async function checkAt(tx: Executor, c: ComplaintRow, at: Date, now: Date): Promise<void> {
  if (at > now) throw unprocessable("in_future", "occurredAt may not be in the future");
  const [last] = await tx
    .select({ at: max(complaintEvents.at) })
    .from(complaintEvents)
    .where(and(eq(complaintEvents.storeId, c.storeId), eq(complaintEvents.complaintId, c.id)));
  const notBefore = last?.at ?? c.receivedAt;
  if (at < notBefore) {
    throw unprocessable("before_previous_step", `occurredAt is before ${notBefore.toISOString()}`, {
      notBefore: notBefore.toISOString(),
    });
  }
}

async function record(
  tx: Executor,
  actor: Actor,
  before: ComplaintRow,
  after: ComplaintRow | null,
  event: Omit<typeof complaintEvents.$inferInsert, "storeId" | "complaintId" | "actorId">,
  action: string,
): Promise<void> {
  const [e] = await tx
    .insert(complaintEvents)
    .values({ ...event, storeId: before.storeId, complaintId: before.id, actorId: actor.userId })
    .returning();
  await audit(tx, actor, [
    ...(after
      ? [{ storeId: before.storeId, action, entity: "complaint", entityId: before.id, before, after }]
      : []),
    { storeId: before.storeId, action: "create", entity: "complaint_event", entityId: e!.id, after: e },
  ]);
}

export interface TransitionInput {
  to: ComplaintState;
  note?: string;
  resolution?: string;
  occurredAt?: Date;
}

export async function transitionComplaint(
  db: Db,
  actor: Actor,
  id: number,
  input: TransitionInput,
  now: Date,
): Promise<void> {
  requirePermission(actor, "complaint.handle");
  const at = input.occurredAt ?? now;
  await db.transaction(async (tx) => {
    const c = await lockComplaint(tx, actor, id);
    requireManager(actor, c);
    const from = c.state as ComplaintState;
    // the same step twice: somebody else took it a moment ago
    if (from === input.to) throw conflict("state_changed", `the complaint is ${from} already`);
    const check = checkTransition(from, input.to, input);
    if (!check.ok) throw unprocessable(check.code, check.message);
    await checkAt(tx, c, at, now);
    const change =
      input.to === "resolved"
        ? { resolvedAt: at, resolution: input.resolution! }
        : input.to === "confirmed"
          ? { confirmedAt: at }
          : // reopened: the earlier resolution did not satisfy the customer; it stays in the steps
            check.reopen
            ? { resolvedAt: null, resolution: null }
            : {};
    const [after] = await tx
      .update(complaints)
      .set({ state: input.to, ...change, updatedAt: now })
      .where(and(eq(complaints.storeId, c.storeId), eq(complaints.id, c.id)))
      .returning();
    const note = [input.resolution, input.note].filter(Boolean).join("\n") || null;
    await record(
      tx,
      actor,
      c,
      after!,
      { kind: "transition", fromState: from, toState: input.to, note, at, createdAt: now },
      "transition",
    );
  });
}

export async function assignComplaint(
  db: Db,
  actor: Actor,
  id: number,
  input: { ownerId: number; note?: string },
  now: Date,
): Promise<void> {
  requirePermission(actor, "complaint.handle");
  await db.transaction(async (tx) => {
    const c = await lockComplaint(tx, actor, id);
    requireManager(actor, c);
    if (c.state === "confirmed")
      throw conflict("complaint_closed", "the customer has confirmed it: it is closed");
    if (c.ownerId === input.ownerId)
      throw unprocessable("same_owner", "the complaint is this colleague's already");
    await checkOwner(tx, c.storeId, input.ownerId);
    const [after] = await tx
      .update(complaints)
      .set({ ownerId: input.ownerId, updatedAt: now })
      .where(and(eq(complaints.storeId, c.storeId), eq(complaints.id, c.id)))
      .returning();
    await record(
      tx,
      actor,
      c,
      after!,
      { kind: "assigned", ownerId: input.ownerId, note: input.note ?? null, at: now, createdAt: now },
      "assign",
    );
  });
}

/** Any colleague who handles complaints may add what they learn; a note changes nothing else. */
export async function addComplaintNote(
  db: Db,
  actor: Actor,
  id: number,
  input: { note: string },
  now: Date,
): Promise<void> {
  requirePermission(actor, "complaint.handle");
  await db.transaction(async (tx) => {
    const c = await lockComplaint(tx, actor, id);
    await record(tx, actor, c, null, { kind: "note", note: input.note, at: now, createdAt: now }, "note");
  });
}
