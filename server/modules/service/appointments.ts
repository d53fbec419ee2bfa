/**
 * Appointments (预约, DOMAIN §6): a customer's vehicle booked into one hour slot of the workshop. A slot holds
 * at most the store's workshop capacity: the `appointment_slots` counter row takes a place with one atomic
 * upsert (`booked + 1 where booked < capacity`), so concurrent bookings of the last place cannot both win.
 * Arrival is the repair order's (it calls `markArrived` in its own transaction); cancelling and no-shows
 * are recorded here.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, notFound, unprocessable } from "../../platform/errors.ts";
import { localDateIn } from "../../platform/local-date.ts";
import { customers, vehicles } from "../customers/index.ts";
import { loadWorkCalendar, stores, users } from "../identity/index.ts";
import { canRecordNoShow, SLOT_PROBLEM_MESSAGES, slotProblem } from "./appointment-rules.ts";
import { appointmentSlots, appointments, type WorkType } from "./schema.ts";

export type AppointmentRow = typeof appointments.$inferSelect;

export interface AppointmentInput {
  customerId: number;
  vehicleId: number;
  slotStart: Date;
  workType: WorkType;
  advisorId?: number;
  note?: string;
  storeId?: number;
}

/** The workshop settings a booking checks, read fresh (not cached): capacity decides who gets the place. */
async function workshopOf(tx: Tx, storeId: number) {
  const [store] = await tx
    .select({
      timeZone: stores.timeZone,
      workshopOpens: stores.workshopOpens,
      workshopCloses: stores.workshopCloses,
      capacity: stores.workshopCapacityPerHour,
    })
    .from(stores)
    .where(eq(stores.id, storeId));
  if (!store) throw notFound("store");
  return store;
}

async function checkAdvisor(tx: Tx, storeId: number, advisorId: number): Promise<void> {
  const [advisor] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, advisorId),
        eq(users.storeId, storeId),
        eq(users.role, "service_advisor"),
        eq(users.disabled, false),
      ),
    );
  if (!advisor)
    throw unprocessable("invalid_advisor", "the advisor is not an active service advisor of the store");
}

/** Takes one place of the slot, or answers 409 slot_full with the slot's load. */
async function takePlace(tx: Tx, storeId: number, slotStart: Date, capacity: number): Promise<void> {
  const taken = await tx
    .insert(appointmentSlots)
    .values({ storeId, slotStart, booked: 1 })
    .onConflictDoUpdate({
      target: [appointmentSlots.storeId, appointmentSlots.slotStart],
      set: { booked: sql`${appointmentSlots.booked} + 1` },
      setWhere: sql`${appointmentSlots.booked} < ${capacity}`,
    })
    .returning({ booked: appointmentSlots.booked });
  if (taken.length) return;
  const [slot] = await tx
    .select({ booked: appointmentSlots.booked })
    .from(appointmentSlots)
    .where(and(eq(appointmentSlots.storeId, storeId), eq(appointmentSlots.slotStart, slotStart)));
  throw conflict("slot_full", "the slot is fully booked", { capacity, booked: slot?.booked ?? capacity });
}

async function releasePlace(tx: Tx, storeId: number, slotStart: Date): Promise<void> {
  await tx
    .update(appointmentSlots)
    .set({ booked: sql`${appointmentSlots.booked} - 1` })
    .where(
      and(
        eq(appointmentSlots.storeId, storeId),
        eq(appointmentSlots.slotStart, slotStart),
        sql`${appointmentSlots.booked} > 0`,
      ),
    );
}

export async function createAppointment(
  db: Db,
  actor: Actor,
  input: AppointmentInput,
  now: Date,
): Promise<AppointmentRow> {
  requirePermission(actor, "appointment.write");
  const storeId = targetStore(actor, input.storeId);
  return db.transaction(async (tx) => {
    const w = await workshopOf(tx, storeId);
    const day = localDateIn(input.slotStart, w.timeZone);
    const problem = slotProblem(input.slotStart, now, w, await loadWorkCalendar(tx, storeId, day, day));
    if (problem) throw unprocessable(problem, SLOT_PROBLEM_MESSAGES[problem]);

    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.storeId, storeId), eq(customers.id, input.customerId)));
    if (!customer) throw notFound("customer");
    // the vehicle's row lock serialises bookings of one vehicle: two clicks cannot book it twice into a slot
    const [vehicle] = await tx
      .select({ customerId: vehicles.customerId })
      .from(vehicles)
      .where(and(eq(vehicles.storeId, storeId), eq(vehicles.id, input.vehicleId)))
      .for("no key update");
    if (!vehicle) throw notFound("vehicle");
    if (vehicle.customerId !== input.customerId) {
      throw unprocessable("vehicle_not_of_customer", "the vehicle is registered to another customer");
    }
    // a service advisor booking for a customer is the advisor of the appointment unless another is named
    const advisorId = input.advisorId ?? (actor.role === "service_advisor" ? actor.userId : null);
    if (input.advisorId !== undefined) await checkAdvisor(tx, storeId, input.advisorId);

    const [held] = await tx
      .select({ id: appointments.id })
      .from(appointments)
      .where(
        and(
          eq(appointments.storeId, storeId),
          eq(appointments.vehicleId, input.vehicleId),
          eq(appointments.slotStart, input.slotStart),
          eq(appointments.status, "booked"),
        ),
      );
    if (held)
      throw conflict("already_booked", "the vehicle is booked into this slot already", { id: held.id });

    await takePlace(tx, storeId, input.slotStart, w.capacity);
    const [row] = await tx
      .insert(appointments)
      .values({
        storeId,
        customerId: input.customerId,
        vehicleId: input.vehicleId,
        slotStart: input.slotStart,
        workType: input.workType,
        advisorId,
        note: input.note ?? null,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    await audit(tx, actor, {
      storeId,
      action: "create",
      entity: "appointment",
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

/** The appointment locked for a status change; out of reach (another store's, none) answers 404. */
async function lockAppointment(tx: Tx, storeId: number | null, id: number): Promise<AppointmentRow> {
  const [row] = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, id), storeId === null ? undefined : eq(appointments.storeId, storeId)))
    .for("update");
  if (!row) throw notFound("appointment");
  return row;
}

function requireBooked(row: AppointmentRow): void {
  if (row.status !== "booked") {
    throw conflict("appointment_not_booked", `the appointment is ${row.status}`, { status: row.status });
  }
}

async function setStatus(
  tx: Tx,
  actor: Parameters<typeof audit>[1],
  before: AppointmentRow,
  set: Partial<AppointmentRow>,
  action: string,
): Promise<AppointmentRow> {
  const [after] = await tx
    .update(appointments)
    .set(set)
    .where(and(eq(appointments.storeId, before.storeId), eq(appointments.id, before.id)))
    .returning();
  await audit(tx, actor, {
    storeId: before.storeId,
    action,
    entity: "appointment",
    entityId: before.id,
    before,
    after,
  });
  return after!;
}

/**
 * The customer called it off: the place is free again. Only before the slot begins — afterwards the
 * appointment either arrived or was a no-show, and cancelling it would hide the no-show from the count.
 */
export async function cancelAppointment(
  db: Db,
  actor: Actor,
  id: number,
  now: Date,
): Promise<AppointmentRow> {
  requirePermission(actor, "appointment.write");
  return db.transaction(async (tx) => {
    const row = await lockAppointment(tx, actor.storeId, id);
    requireBooked(row);
    if (row.slotStart.getTime() <= now.getTime()) {
      throw conflict("slot_started", "the slot has begun: record the arrival or a no-show");
    }
    await releasePlace(tx, row.storeId, row.slotStart);
    return setStatus(
      tx,
      actor,
      row,
      { status: "cancelled", statusAt: now, statusBy: actor.userId },
      "cancel",
    );
  });
}

/** The customer did not come. The place stays counted: the slot's hour is gone either way. */
export async function recordNoShow(
  db: Db,
  actor: Actor,
  id: number,
  occurredAt: Date | undefined,
  now: Date,
): Promise<AppointmentRow> {
  requirePermission(actor, "appointment.write");
  const at = occurredAt ?? now;
  if (at.getTime() > now.getTime()) throw unprocessable("in_future", "occurredAt may not be in the future");
  return db.transaction(async (tx) => {
    const row = await lockAppointment(tx, actor.storeId, id);
    requireBooked(row);
    if (!canRecordNoShow(row.slotStart, at)) {
      throw conflict("slot_not_started", "a no-show is recorded once the slot has begun", {
        slotStart: row.slotStart.toISOString(),
      });
    }
    return setStatus(tx, actor, row, { status: "no_show", statusAt: at, statusBy: actor.userId }, "no_show");
  });
}

/**
 * Arrival (到店): the repair order opened from the appointment calls this inside its own transaction, after
 * its permission and scope checks. Locks the appointment, which must be booked and for the order's vehicle.
 */
export async function markArrived(
  tx: Tx,
  storeId: number,
  appointmentId: number,
  vehicleId: number,
  repairOrderId: number,
  at: Date,
  actorId?: number,
): Promise<AppointmentRow> {
  const row = await lockAppointment(tx, storeId, appointmentId);
  requireBooked(row);
  if (row.vehicleId !== vehicleId) {
    throw unprocessable("appointment_other_vehicle", "the appointment is for another vehicle");
  }
  return setStatus(
    tx,
    actorId === undefined ? null : { userId: actorId },
    row,
    { status: "arrived", statusAt: at, statusBy: actorId ?? null, repairOrderId },
    "arrive",
  );
}
