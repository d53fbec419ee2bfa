/**
 * Reception's traffic log (客流登记, DOMAIN §4.1): showroom visits, their leave, inbound sales calls. A visit
 * or call that belongs to a lead shows on the lead's timeline (`visited`, `called`).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, notFound, unprocessable } from "../../platform/errors.ts";
import { addEvent, ROUND_ROBIN_LOCK } from "../leads/history.ts";
import { linkLead, servingConsultant } from "./links.ts";
import { checkTrafficTimes, MAX_BACKDATE_DAYS, type TimeRefusal, takesTurn } from "./rules.ts";
import { trafficCalls, trafficVisits } from "./schema.ts";

export type VisitRow = typeof trafficVisits.$inferSelect;
export type CallRow = typeof trafficCalls.$inferSelect;

export interface VisitInput {
  leadId?: number;
  phone?: string;
  firstVisit: boolean;
  partySize: number;
  arrivedAt?: Date;
  leftAt?: Date;
  consultantId: number;
  note?: string;
  storeId?: number;
}

export interface CallInput {
  leadId?: number;
  phone?: string;
  at?: Date;
  consultantId?: number;
  note?: string;
  storeId?: number;
}

const TIME_MESSAGES: Record<TimeRefusal, string> = {
  in_future: "the time may not be in the future",
  too_far_back: `traffic is logged at most ${MAX_BACKDATE_DAYS} days after the fact`,
  left_before_arrival: "the visitor cannot leave before arriving",
};

function refuseTimes(refusal: TimeRefusal | null): void {
  if (refusal) throw unprocessable(refusal, TIME_MESSAGES[refusal]);
}

/** The serving consultant's round-robin turn is used up (see rules.takesTurn), serialised like lead creation. */
async function takeTurn(tx: Tx, storeId: number, consultantId: number, now: Date): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROUND_ROBIN_LOCK}, ${storeId}::int)`);
  await tx.execute(sql`
    UPDATE users SET last_assigned_at = ${now}
    WHERE id = ${consultantId} AND store_id = ${storeId} AND role = 'consultant'`);
}

export async function logVisit(db: Db, actor: Actor, input: VisitInput, now: Date): Promise<VisitRow> {
  requirePermission(actor, "traffic.write");
  const storeId = targetStore(actor, input.storeId);
  const arrivedAt = input.arrivedAt ?? now;
  refuseTimes(checkTrafficTimes(arrivedAt, input.leftAt, now));
  return db.transaction(async (tx) => {
    await servingConsultant(tx, storeId, input.consultantId);
    const { lead, byPhone } = await linkLead(tx, actor, storeId, input);
    const [visit] = await tx
      .insert(trafficVisits)
      .values({
        storeId,
        leadId: lead?.id ?? null,
        firstVisit: input.firstVisit,
        partySize: input.partySize,
        arrivedAt,
        leftAt: input.leftAt ?? null,
        consultantId: input.consultantId,
        note: input.note ?? null,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    if (takesTurn(input.firstVisit, lead?.ownerId, input.consultantId)) {
      await takeTurn(tx, storeId, input.consultantId, now);
    }
    if (lead) {
      const [{ n: priorVisits }] = (await tx
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(trafficVisits)
        .where(
          and(
            eq(trafficVisits.storeId, storeId),
            eq(trafficVisits.leadId, lead.id),
            sql`${trafficVisits.id} <> ${visit!.id}`,
          ),
        )) as [{ n: number }];
      await addEvent(tx, {
        storeId,
        leadId: lead.id,
        kind: "visited",
        at: arrivedAt,
        actorId: actor.userId,
        // A "first" visit of a phone that already has a lead is kept as reception said, but the timeline
        // shows how it was matched and how many visits the lead had before, so the flag can be judged.
        data: {
          visitId: visit!.id,
          firstVisit: input.firstVisit,
          partySize: input.partySize,
          consultantId: input.consultantId,
          matchedBy: byPhone ? "phone" : "lead",
          priorVisits,
        },
      });
    }
    await audit(tx, actor, {
      storeId,
      action: "create",
      entity: "traffic_visit",
      entityId: visit!.id,
      after: visit,
    });
    return visit!;
  });
}

export async function leaveVisit(
  db: Db,
  actor: Actor,
  id: number,
  input: { leftAt?: Date },
  now: Date,
): Promise<VisitRow> {
  requirePermission(actor, "traffic.write");
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(trafficVisits)
      .where(
        and(
          eq(trafficVisits.id, id),
          actor.storeId === null ? undefined : eq(trafficVisits.storeId, actor.storeId),
        ),
      )
      .for("update");
    if (!before) throw notFound("visit");
    if (before.leftAt)
      throw conflict("already_left", "the visitor has already left", { leftAt: before.leftAt });
    const leftAt = input.leftAt ?? now;
    if (leftAt > now) refuseTimes("in_future");
    // leaving is recorded for a visit that is open, whenever it began; only the order of the two counts
    if (leftAt < before.arrivedAt) refuseTimes("left_before_arrival");
    const [after] = await tx
      .update(trafficVisits)
      .set({ leftAt })
      .where(and(eq(trafficVisits.storeId, before.storeId), eq(trafficVisits.id, id)))
      .returning();
    await audit(tx, actor, {
      storeId: before.storeId,
      action: "leave",
      entity: "traffic_visit",
      entityId: id,
      before,
      after,
    });
    return after!;
  });
}

export async function logCall(db: Db, actor: Actor, input: CallInput, now: Date): Promise<CallRow> {
  requirePermission(actor, "traffic.write");
  const storeId = targetStore(actor, input.storeId);
  const at = input.at ?? now;
  refuseTimes(checkTrafficTimes(at, undefined, now));
  return db.transaction(async (tx) => {
    if (input.consultantId !== undefined) await servingConsultant(tx, storeId, input.consultantId);
    const { lead, byPhone } = await linkLead(tx, actor, storeId, input);
    const [call] = await tx
      .insert(trafficCalls)
      .values({
        storeId,
        leadId: lead?.id ?? null,
        at,
        consultantId: input.consultantId ?? null,
        note: input.note ?? null,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    if (lead) {
      await addEvent(tx, {
        storeId,
        leadId: lead.id,
        kind: "called",
        at,
        actorId: actor.userId,
        data: {
          callId: call!.id,
          consultantId: input.consultantId ?? null,
          matchedBy: byPhone ? "phone" : "lead",
        },
      });
    }
    await audit(tx, actor, {
      storeId,
      action: "create",
      entity: "traffic_call",
      entityId: call!.id,
      after: call,
    });
    return call!;
  });
}
