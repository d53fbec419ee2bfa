/**
 * Booking a test drive on a demo car and what happens to the booking afterwards: the customer's feedback,
 * a cancellation, a no-show. Every step shows on the lead's timeline. That one car is never booked twice for
 * overlapping times is the database's exclusion constraint; a lost race answers like a visible clash.
 */
import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { AppError, conflict, notFound, pgError, unprocessable } from "../../platform/errors.ts";
import { addEvent } from "../leads/history.ts";
import { leadScope, reachLead } from "../leads/lead-access.ts";
import { leads } from "../leads/schema.ts";
import { stockVehicles } from "../stock/schema.ts";
import { bookingTimeProblem, type Outcome, outcomeRefusal, remindAt, type TimeProblem } from "./rules.ts";
import { testDriveRoutes, testDrives } from "./schema.ts";

export type TestDriveRow = typeof testDrives.$inferSelect;

export interface BookingInput {
  leadId: number;
  vehicleId: number;
  startAt: Date;
  endAt: Date;
  licenceNo: string;
  routeId?: number;
}

const TIME_MESSAGES: Record<TimeProblem, string> = {
  end_not_after_start: "the drive must end after it starts",
  too_long: "a test drive lasts at most 4 hours",
  in_past: "a test drive cannot be booked in the past",
  too_far_ahead: "a test drive is booked at most 90 days ahead",
};

const OVERLAP_CONSTRAINT = "test_drives_no_overlap";

/** A booking (not cancelled) of the same car, or of the same customer, overlapping [start, end). */
async function clash(
  tx: Executor,
  storeId: number,
  on: SQL,
  startAt: Date,
  endAt: Date,
): Promise<number | undefined> {
  const [row] = await tx
    .select({ id: testDrives.id })
    .from(testDrives)
    .where(
      and(
        eq(testDrives.storeId, storeId),
        on,
        ne(testDrives.state, "cancelled"),
        sql`${testDrives.startAt} < ${endAt} AND ${testDrives.endAt} > ${startAt}`,
      ),
    )
    .limit(1);
  return row?.id;
}

const vehicleBusy = (conflictingId: number | null) =>
  conflict("vehicle_busy", "the car is booked for an overlapping time", { conflictingId });

export async function bookTestDrive(
  db: Db,
  actor: Actor,
  input: BookingInput,
  now: Date,
): Promise<TestDriveRow> {
  requirePermission(actor, "testDrive.write");
  const problem = bookingTimeProblem(input.startAt, input.endAt, now);
  if (problem) throw unprocessable("invalid_time", TIME_MESSAGES[problem], { reason: problem });
  // the lead's store, known once the lead is read: where a lost race looks for the winner
  let storeId: number | undefined;
  try {
    return await db.transaction(async (tx) => {
      // The lead's lock serialises bookings of one customer, so the check below that he is not booked twice
      // at once holds; the car's overlap is the exclusion constraint's, also across different customers.
      const lead = await reachLead(tx, actor, input.leadId, { lock: true });
      storeId = lead.storeId;
      if (lead.state !== "active")
        throw unprocessable("lead_not_active", "the lead is no longer followed up");
      // FOR SHARE: the car cannot leave the demo fleet while it is being booked.
      const [car] = await tx
        .select()
        .from(stockVehicles)
        .where(and(eq(stockVehicles.storeId, storeId), eq(stockVehicles.id, input.vehicleId)))
        .for("share");
      if (!car) throw notFound("vehicle");
      if (car.status !== "demo") {
        throw unprocessable("not_demo_car", "only the store's demo cars are booked for test drives", {
          status: car.status,
        });
      }
      if (input.routeId !== undefined) {
        const [route] = await tx
          .select()
          .from(testDriveRoutes)
          .where(and(eq(testDriveRoutes.storeId, storeId), eq(testDriveRoutes.id, input.routeId)));
        if (!route) throw notFound("route");
        if (!route.active) throw unprocessable("route_inactive", "the route is no longer in use");
      }
      const carClash = await clash(tx, storeId, eq(testDrives.vehicleId, car.id), input.startAt, input.endAt);
      if (carClash !== undefined) throw vehicleBusy(carClash);
      const leadClash = await clash(tx, storeId, eq(testDrives.leadId, lead.id), input.startAt, input.endAt);
      if (leadClash !== undefined) {
        throw conflict("lead_busy", "the customer has another test drive at that time", {
          conflictingId: leadClash,
        });
      }
      const [drive] = await tx
        .insert(testDrives)
        .values({
          storeId,
          leadId: lead.id,
          vehicleId: car.id,
          routeId: input.routeId ?? null,
          startAt: input.startAt,
          endAt: input.endAt,
          licenceNo: input.licenceNo,
          state: "booked",
          remindAt: remindAt(input.startAt),
          // the lead's consultant accompanies the drive and gets the reminder
          consultantId: lead.ownerId,
          createdBy: actor.userId,
          createdAt: now,
        })
        .returning();
      await addEvent(tx, {
        storeId,
        leadId: lead.id,
        kind: "test_drive_booked",
        at: now,
        actorId: actor.userId,
        data: {
          testDriveId: drive!.id,
          vehicleId: car.id,
          model: car.model,
          startAt: input.startAt.toISOString(),
          endAt: input.endAt.toISOString(),
        },
      });
      await audit(tx, actor, {
        storeId,
        action: "create",
        entity: "test_drive",
        entityId: drive!.id,
        after: drive,
      });
      return drive!;
    });
  } catch (err) {
    // Lost the race for the car: the winner has committed by the time the constraint refuses us.
    const e = pgError(err);
    if (e?.code === "23P01" && e.constraint === OVERLAP_CONSTRAINT && storeId !== undefined) {
      const winner = await clash(
        db,
        storeId,
        eq(testDrives.vehicleId, input.vehicleId),
        input.startAt,
        input.endAt,
      );
      throw vehicleBusy(winner ?? null);
    }
    throw err;
  }
}

const OUTCOME_MESSAGES = {
  not_started: "the test drive has not started yet",
  drive_over: "the booked time is over: record the feedback or the no-show",
  in_future: "the time may not be in the future",
  before_start: "feedback cannot be given before the drive started",
} as const;

const OUTCOME_STATE = { feedback: "done", cancel: "cancelled", no_show: "no_show" } as const;

export interface OutcomeInput {
  feedback?: string;
  rating?: number;
  occurredAt?: Date;
  reason?: string;
}

/** Feedback after the drive (done), a cancellation, a no-show: only a booked drive, each once. */
export async function recordOutcome(
  db: Db,
  actor: Actor,
  id: number,
  outcome: Outcome,
  input: OutcomeInput,
  now: Date,
): Promise<TestDriveRow> {
  requirePermission(actor, "testDrive.write");
  const occurredAt = input.occurredAt ?? now;
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ drive: testDrives })
      .from(testDrives)
      .innerJoin(leads, and(eq(leads.storeId, testDrives.storeId), eq(leads.id, testDrives.leadId)))
      .where(and(eq(testDrives.id, id), leadScope(actor)))
      .for("update", { of: testDrives });
    if (!found) throw notFound("test drive");
    const before = found.drive;
    const refusal = outcomeRefusal(before, outcome, now, occurredAt);
    if (refusal) {
      const message =
        refusal.code === "not_booked"
          ? `the test drive is ${before.state}, no longer booked`
          : OUTCOME_MESSAGES[refusal.code];
      throw new AppError(refusal.kind, refusal.code, message);
    }
    const [after] = await tx
      .update(testDrives)
      .set({
        state: OUTCOME_STATE[outcome],
        finishedAt: outcome === "feedback" ? occurredAt : now,
        ...(outcome === "feedback" ? { feedback: input.feedback ?? null, rating: input.rating ?? null } : {}),
      })
      .where(and(eq(testDrives.storeId, before.storeId), eq(testDrives.id, id)))
      .returning();
    await addEvent(tx, {
      storeId: before.storeId,
      leadId: before.leadId,
      kind: outcome === "feedback" ? "test_drive_done" : "test_drive_cancelled",
      at: outcome === "feedback" ? occurredAt : now,
      actorId: actor.userId,
      // no-show has no event kind of its own: it is a drive that did not take place, marked as such
      data:
        outcome === "feedback"
          ? { testDriveId: id, rating: input.rating ?? null, feedback: input.feedback ?? null }
          : { testDriveId: id, noShow: outcome === "no_show", reason: input.reason ?? null },
    });
    await audit(tx, actor, {
      storeId: before.storeId,
      action: outcome,
      entity: "test_drive",
      entityId: id,
      before,
      // the reason of a cancellation has no column; the audit keeps it with the event
      after: outcome === "cancel" ? { ...after, reason: input.reason ?? null } : after,
    });
    return after!;
  });
}
