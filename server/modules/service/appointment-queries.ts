/**
 * Reading appointments: a day's list, one appointment, the slot load of a day for the calendar, and the
 * no-show statistics. Row scope: the own store; the group admin all stores, each day in its store's zone.
 */
import { and, eq, getTableColumns, gte, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Executor } from "../../db/index.ts";
import {
  type Actor,
  readStore,
  requirePermission,
  seesFullPhone,
  targetStore,
} from "../../platform/access.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { addDays, localDayRange } from "../../platform/local-date.ts";
import { maskPhone } from "../../platform/validators.ts";
import { isWorkingDay } from "../../platform/working-days.ts";
import { customers, vehicles } from "../customers/index.ts";
import { loadWorkCalendar, stores, users } from "../identity/index.ts";
import { noShowRate, slotsOfDay } from "./appointment-rules.ts";
import {
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  appointmentSlots,
  appointments,
  WORK_TYPES,
  type WorkType,
} from "./schema.ts";

export const Appointment = z.object({
  id: z.number(),
  storeId: z.number(),
  customerId: z.number(),
  customerName: z.string(),
  /** masked unless the role sees full phones; null for a company without a mobile */
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  vehicleId: z.number(),
  plate: z.string().nullable(),
  vin: z.string(),
  model: z.string(),
  slotStart: z.date(),
  workType: z.enum(WORK_TYPES),
  advisorId: z.number().nullable(),
  advisorName: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(APPOINTMENT_STATUSES),
  statusAt: z.date().nullable(),
  repairOrderId: z.number().nullable(),
  createdBy: z.number(),
  createdAt: z.date(),
});
export type AppointmentOut = z.infer<typeof Appointment>;

const advisor = alias(users, "advisor");

function selectJoined(db: Executor) {
  return db
    .select({
      ...getTableColumns(appointments),
      customerName: customers.name,
      customerPhone: customers.phone,
      plate: vehicles.plate,
      vin: vehicles.vin,
      model: vehicles.model,
      advisorName: advisor.displayName,
    })
    .from(appointments)
    .innerJoin(
      customers,
      and(eq(customers.storeId, appointments.storeId), eq(customers.id, appointments.customerId)),
    )
    .innerJoin(
      vehicles,
      and(eq(vehicles.storeId, appointments.storeId), eq(vehicles.id, appointments.vehicleId)),
    )
    .leftJoin(advisor, eq(advisor.id, appointments.advisorId));
}
type Joined = Awaited<ReturnType<ReturnType<typeof selectJoined>["execute"]>>[number];

function view(r: Joined, actor: Actor): AppointmentOut {
  const full = seesFullPhone(actor);
  return {
    id: r.id,
    storeId: r.storeId,
    customerId: r.customerId,
    customerName: r.customerName,
    phone: r.customerPhone === null || full ? r.customerPhone : maskPhone(r.customerPhone),
    phoneMasked: r.customerPhone !== null && !full,
    vehicleId: r.vehicleId,
    plate: r.plate,
    vin: r.vin,
    model: r.model,
    slotStart: r.slotStart,
    workType: r.workType as WorkType,
    advisorId: r.advisorId,
    advisorName: r.advisorName,
    note: r.note,
    status: r.status as AppointmentStatus,
    statusAt: r.statusAt,
    repairOrderId: r.repairOrderId,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

export async function appointmentView(db: Executor, actor: Actor, id: number): Promise<AppointmentOut> {
  requirePermission(actor, "appointment.read");
  const [row] = await selectJoined(db).where(
    and(
      eq(appointments.id, id),
      actor.storeId === null ? undefined : eq(appointments.storeId, actor.storeId),
    ),
  );
  if (!row) throw notFound("appointment");
  return view(row, actor);
}

/** The group admin's named store must exist: a missing one is 404, not an empty answer. */
async function existingStore(db: Executor, storeId: number) {
  const [store] = await db
    .select({
      timeZone: stores.timeZone,
      capacity: stores.workshopCapacityPerHour,
      opens: stores.workshopOpens,
      closes: stores.workshopCloses,
    })
    .from(stores)
    .where(eq(stores.id, storeId));
  if (!store) throw notFound("store");
  return store;
}

/**
 * The slot starts within a store-local day, for one store or all of them. Instants within a day around the
 * date (±14 h covers every zone) let the slot index work; the zone expression then picks the exact day.
 */
function onLocalDates(from: string, to: string) {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${addDays(to, 1)}T00:00:00Z`);
  return and(
    gte(appointments.slotStart, new Date(start.getTime() - 14 * 3_600_000)),
    lt(appointments.slotStart, new Date(end.getTime() + 14 * 3_600_000)),
    sql`(${appointments.slotStart} at time zone (select s.time_zone from stores s where s.id = ${appointments.storeId}))::date between ${from}::date and ${to}::date`,
  );
}

export interface AppointmentFilter {
  date: string;
  status?: AppointmentStatus;
  storeId?: number;
}

export async function listAppointments(
  db: Executor,
  actor: Actor,
  f: AppointmentFilter,
): Promise<AppointmentOut[]> {
  requirePermission(actor, "appointment.read");
  const storeId = readStore(actor, f.storeId);
  if (storeId !== null && actor.storeId === null) await existingStore(db, storeId);
  const rows = await selectJoined(db)
    .where(
      and(
        storeId === null ? undefined : eq(appointments.storeId, storeId),
        onLocalDates(f.date, f.date),
        f.status ? eq(appointments.status, f.status) : undefined,
      ),
    )
    .orderBy(appointments.slotStart, appointments.id);
  return rows.map((r) => view(r, actor));
}

export interface SlotLoad {
  slotStart: Date;
  booked: number;
  capacity: number;
  full: boolean;
}

/** A day's slots with their load, for the calendar; a closed day still lists its hours (greyed out). */
export async function slotsOfDate(
  db: Executor,
  actor: Actor,
  date: string,
  requestedStore: number | undefined,
): Promise<{ date: string; capacity: number; workingDay: boolean; slots: SlotLoad[] }> {
  requirePermission(actor, "appointment.read");
  const storeId = targetStore(actor, requestedStore);
  const store = await existingStore(db, storeId);
  const { start, end } = localDayRange(date, store.timeZone);
  const [counters, cal] = await Promise.all([
    db
      .select({ slotStart: appointmentSlots.slotStart, booked: appointmentSlots.booked })
      .from(appointmentSlots)
      .where(
        and(
          eq(appointmentSlots.storeId, storeId),
          gte(appointmentSlots.slotStart, start),
          lt(appointmentSlots.slotStart, end),
        ),
      ),
    loadWorkCalendar(db, storeId, date, date),
  ]);
  const booked = new Map(counters.map((c) => [c.slotStart.getTime(), c.booked]));
  const slots = slotsOfDay(date, {
    timeZone: store.timeZone,
    workshopOpens: store.opens,
    workshopCloses: store.closes,
  }).map((slotStart) => {
    const n = booked.get(slotStart.getTime()) ?? 0;
    return { slotStart, booked: n, capacity: store.capacity, full: n >= store.capacity };
  });
  return { date, capacity: store.capacity, workingDay: isWorkingDay(date, cal), slots };
}

export interface AppointmentStats {
  /** still booked (not yet arrived, cancelled or marked no-show) */
  booked: number;
  arrived: number;
  noShow: number;
  cancelled: number;
  /** no-shows ÷ (arrived + no-shows); null when none came due */
  noShowRate: number | null;
}

/** Appointments whose slot lies in the store-local period [from, to], by status. */
export async function appointmentStats(
  db: Executor,
  actor: Actor,
  q: { from: string; to: string; storeId?: number },
): Promise<AppointmentStats> {
  requirePermission(actor, "appointment.read");
  if (q.to < q.from || addDays(q.from, 366) < q.to) {
    throw badRequest("invalid_range", "from must not be after to, and the period at most a year");
  }
  const storeId = readStore(actor, q.storeId);
  if (storeId !== null && actor.storeId === null) await existingStore(db, storeId);
  const rows = await db
    .select({ status: appointments.status, n: sql<number>`count(*)::int` })
    .from(appointments)
    .where(and(storeId === null ? undefined : eq(appointments.storeId, storeId), onLocalDates(q.from, q.to)))
    .groupBy(appointments.status);
  const n = (s: AppointmentStatus) => rows.find((r) => r.status === s)?.n ?? 0;
  return {
    booked: n("booked"),
    arrived: n("arrived"),
    noShow: n("no_show"),
    cancelled: n("cancelled"),
    noShowRate: noShowRate(n("arrived"), n("no_show")),
  };
}
