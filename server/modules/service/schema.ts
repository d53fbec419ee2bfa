/**
 * The workshop (售后, DOMAIN §6): service plans, appointments and repair orders with their labour and parts
 * lines and their state history.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { fen, id, instant, sqlList } from "../../db/columns.ts";
import { customers, vehicles } from "../customers/schema.ts";
import { stores, users } from "../identity/schema.ts";

export const WORK_TYPES = ["maintenance", "mechanical", "body", "paint", "warranty", "insurance"] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export const RO_STATES = ["open", "in_progress", "done", "settled", "handed_back"] as const;
export type RoState = (typeof RO_STATES)[number];

/** Who pays a line (结算对象): the customer, the insurer (保险理赔) or the manufacturer's warranty (索赔). */
export const PAYERS = ["customer", "insurer", "warranty"] as const;
export type Payer = (typeof PAYERS)[number];

export const APPOINTMENT_STATUSES = ["booked", "arrived", "no_show", "cancelled"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** A model's maintenance interval (保养周期): whichever of months and km comes first. */
export const servicePlans = pgTable(
  "service_plans",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    model: text("model").notNull(),
    intervalMonths: integer("interval_months").notNull(),
    intervalKm: integer("interval_km").notNull(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.model] }),
    check("service_plans_months", sql`${t.intervalMonths} between 1 and 60`),
    check("service_plans_km", sql`${t.intervalKm} between 500 and 100000`),
  ],
);

/**
 * Booked appointments per hour slot, kept as a counter row so that "is the slot full?" and "take a place"
 * are one atomic statement under concurrent bookings.
 */
export const appointmentSlots = pgTable(
  "appointment_slots",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    slotStart: instant("slot_start").notNull(),
    booked: integer("booked").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.slotStart] }),
    check("appointment_slots_booked", sql`${t.booked} >= 0`),
  ],
);

export const appointments = pgTable(
  "appointments",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    customerId: id("customer_id").notNull(),
    vehicleId: id("vehicle_id").notNull(),
    slotStart: instant("slot_start").notNull(),
    workType: text("work_type").notNull(),
    advisorId: id("advisor_id"),
    note: text("note"),
    status: text("status").notNull().default("booked"),
    statusAt: instant("status_at"),
    statusBy: id("status_by"),
    /** the repair order the appointment became on arrival */
    repairOrderId: id("repair_order_id"),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.customerId], foreignColumns: [customers.storeId, customers.id] }),
    foreignKey({ columns: [t.storeId, t.vehicleId], foreignColumns: [vehicles.storeId, vehicles.id] }),
    foreignKey({ columns: [t.storeId, t.advisorId], foreignColumns: [users.storeId, users.id] }),
    foreignKey({ columns: [t.storeId, t.createdBy], foreignColumns: [users.storeId, users.id] }),
    index("appointments_id").on(t.id),
    index("appointments_slot").on(t.storeId, t.slotStart),
    index("appointments_vehicle").on(t.storeId, t.vehicleId),
    check("appointments_work_type", sql`${t.workType} in (${sqlList(WORK_TYPES)})`),
    check("appointments_status", sql`${t.status} in (${sqlList(APPOINTMENT_STATUSES)})`),
  ],
);

/** RO numbers per store and store-local day: RO20261122-0007 is the 7th repair order opened that day. */
export const roCounters = pgTable(
  "ro_counters",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    day: date("day", { mode: "string" }).notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day] })],
);

export const repairOrders = pgTable(
  "repair_orders",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    roNo: text("ro_no").notNull(),
    customerId: id("customer_id").notNull(),
    vehicleId: id("vehicle_id").notNull(),
    appointmentId: id("appointment_id"),
    mileageIn: integer("mileage_in").notNull(),
    /** a mileage below the last known one is accepted only with the advisor's reason (e.g. odometer replaced) */
    mileageOverrideReason: text("mileage_override_reason"),
    complaint: text("complaint").notNull(),
    workType: text("work_type").notNull(),
    advisorId: id("advisor_id").notNull(),
    technician: text("technician"),
    state: text("state").notNull().default("open"),
    /** 返修: the same vehicle back with the same work type within 30 days of an earlier hand-back */
    returnRepair: boolean("return_repair").notNull().default(false),
    returnOfId: id("return_of_id"),
    openedAt: instant("opened_at").notNull(),
    startedAt: instant("started_at"),
    doneAt: instant("done_at"),
    settledAt: instant("settled_at"),
    settledBy: id("settled_by"),
    handedBackAt: instant("handed_back_at"),
    handedBackBy: id("handed_back_by"),
    /** settlement totals, fixed when the order is settled (结算) */
    labourFen: fen("labour_fen"),
    partsFen: fen("parts_fen"),
    totalFen: fen("total_fen"),
    customerFen: fen("customer_fen"),
    insurerFen: fen("insurer_fen"),
    warrantyFen: fen("warranty_fen"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.customerId], foreignColumns: [customers.storeId, customers.id] }),
    foreignKey({ columns: [t.storeId, t.vehicleId], foreignColumns: [vehicles.storeId, vehicles.id] }),
    foreignKey({
      columns: [t.storeId, t.appointmentId],
      foreignColumns: [appointments.storeId, appointments.id],
    }),
    foreignKey({ columns: [t.storeId, t.advisorId], foreignColumns: [users.storeId, users.id] }),
    foreignKey({ columns: [t.storeId, t.returnOfId], foreignColumns: [t.storeId, t.id] }),
    uniqueIndex("repair_orders_ro_no").on(t.storeId, t.roNo),
    // an appointment becomes one repair order
    uniqueIndex("repair_orders_appointment")
      .on(t.storeId, t.appointmentId)
      .where(sql`appointment_id is not null`),
    index("repair_orders_id").on(t.id),
    index("repair_orders_state").on(t.storeId, t.state, t.openedAt),
    index("repair_orders_vehicle").on(t.storeId, t.vehicleId, t.openedAt),
    index("repair_orders_customer").on(t.storeId, t.customerId, t.openedAt),
    index("repair_orders_opened").on(t.storeId, t.openedAt),
    // the board's "handed back today" and the hand-backs of a period (return repair rate) without the history
    index("repair_orders_handed_back").on(t.storeId, t.handedBackAt).where(sql`handed_back_at is not null`),
    check("repair_orders_work_type", sql`${t.workType} in (${sqlList(WORK_TYPES)})`),
    check("repair_orders_state", sql`${t.state} in (${sqlList(RO_STATES)})`),
    check("repair_orders_mileage", sql`${t.mileageIn} between 0 and 2000000`),
    check("repair_orders_settled", sql`(${t.settledAt} is not null) = (${t.totalFen} is not null)`),
  ],
);

/** Labour (工时): hours × rate. Hours are kept in hundredths so that 1.5 h stays exact. */
export const roLabourLines = pgTable(
  "ro_labour_lines",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    repairOrderId: id("repair_order_id").notNull(),
    description: text("description").notNull(),
    hoursCenti: integer("hours_centi").notNull(),
    rateFen: fen("rate_fen").notNull(),
    amountFen: fen("amount_fen").notNull(),
    payer: text("payer").notNull(),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({
      columns: [t.storeId, t.repairOrderId],
      foreignColumns: [repairOrders.storeId, repairOrders.id],
    }),
    foreignKey({ columns: [t.storeId, t.createdBy], foreignColumns: [users.storeId, users.id] }),
    index("ro_labour_lines_order").on(t.storeId, t.repairOrderId),
    check("ro_labour_lines_hours", sql`${t.hoursCenti} > 0`),
    check("ro_labour_lines_rate", sql`${t.rateFen} >= 0`),
    check("ro_labour_lines_payer", sql`${t.payer} in (${sqlList(PAYERS)})`),
  ],
);

/**
 * Parts (配件) sold on the order at their price. Each line is its own record so that the parts warehouse
 * can later issue it and attach its FIFO cost. Quantities are in hundredths (4.5 L of oil).
 */
export const roPartLines = pgTable(
  "ro_part_lines",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    repairOrderId: id("repair_order_id").notNull(),
    partNo: text("part_no").notNull(),
    name: text("name").notNull(),
    quantityCenti: integer("quantity_centi").notNull(),
    unitPriceFen: fen("unit_price_fen").notNull(),
    amountFen: fen("amount_fen").notNull(),
    payer: text("payer").notNull(),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({
      columns: [t.storeId, t.repairOrderId],
      foreignColumns: [repairOrders.storeId, repairOrders.id],
    }),
    foreignKey({ columns: [t.storeId, t.createdBy], foreignColumns: [users.storeId, users.id] }),
    index("ro_part_lines_order").on(t.storeId, t.repairOrderId),
    index("ro_part_lines_part").on(t.storeId, t.partNo),
    check("ro_part_lines_quantity", sql`${t.quantityCenti} > 0`),
    check("ro_part_lines_price", sql`${t.unitPriceFen} >= 0`),
    check("ro_part_lines_payer", sql`${t.payer} in (${sqlList(PAYERS)})`),
  ],
);

/** Every state change of a repair order, who and when (append-only). */
export const roEvents = pgTable(
  "ro_events",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    repairOrderId: id("repair_order_id").notNull(),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    at: instant("at").notNull(),
    actorId: id("actor_id").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({
      columns: [t.storeId, t.repairOrderId],
      foreignColumns: [repairOrders.storeId, repairOrders.id],
    }),
    foreignKey({ columns: [t.storeId, t.actorId], foreignColumns: [users.storeId, users.id] }),
    index("ro_events_order").on(t.storeId, t.repairOrderId, t.at),
  ],
);
