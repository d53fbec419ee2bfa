/** Complaints (投诉, DOMAIN §6): from any channel or from a dissatisfied callback, with every step recorded. */
import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, instant, sqlList } from "../../db/columns.ts";
import { careTasks } from "../care/schema.ts";
import { customers, vehicles } from "../customers/schema.ts";
import { stores, users } from "../identity/schema.ts";
import { repairOrders } from "../service/schema.ts";

export const COMPLAINT_CHANNELS = ["phone", "walk_in", "wechat", "oem", "online", "callback"] as const;
export const COMPLAINT_CATEGORIES = [
  "service_quality",
  "repair_quality",
  "price",
  "waiting_time",
  "sales",
  "parts",
  "other",
] as const;
export const COMPLAINT_SEVERITIES = ["low", "medium", "high"] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export const COMPLAINT_STATES = ["received", "handling", "resolved", "confirmed"] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const complaints = pgTable(
  "complaints",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    customerId: id("customer_id").notNull(),
    vehicleId: id("vehicle_id"),
    repairOrderId: id("repair_order_id"),
    /** the dissatisfied callback that opened it */
    careTaskId: id("care_task_id"),
    channel: text("channel").notNull(),
    category: text("category").notNull(),
    severity: text("severity").notNull(),
    description: text("description").notNull(),
    ownerId: id("owner_id").notNull(),
    state: text("state").notNull().default("received"),
    receivedAt: instant("received_at").notNull(),
    deadlineAt: instant("deadline_at").notNull(),
    resolvedAt: instant("resolved_at"),
    confirmedAt: instant("confirmed_at"),
    resolution: text("resolution"),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.customerId], foreignColumns: [customers.storeId, customers.id] }),
    foreignKey({ columns: [t.storeId, t.vehicleId], foreignColumns: [vehicles.storeId, vehicles.id] }),
    foreignKey({
      columns: [t.storeId, t.repairOrderId],
      foreignColumns: [repairOrders.storeId, repairOrders.id],
    }),
    foreignKey({ columns: [t.storeId, t.careTaskId], foreignColumns: [careTasks.storeId, careTasks.id] }),
    foreignKey({ columns: [t.storeId, t.ownerId], foreignColumns: [users.storeId, users.id] }),
    foreignKey({ columns: [t.storeId, t.createdBy], foreignColumns: [users.storeId, users.id] }),
    index("complaints_id").on(t.id),
    index("complaints_open_deadline")
      .on(t.storeId, t.deadlineAt)
      .where(sql`state in ('received','handling')`),
    index("complaints_customer").on(t.storeId, t.customerId),
    index("complaints_received").on(t.storeId, t.receivedAt),
    // a dissatisfied callback opens one complaint
    uniqueIndex("complaints_care_task").on(t.storeId, t.careTaskId).where(sql`care_task_id is not null`),
    check("complaints_channel", sql`${t.channel} in (${sqlList(COMPLAINT_CHANNELS)})`),
    check("complaints_category", sql`${t.category} in (${sqlList(COMPLAINT_CATEGORIES)})`),
    check("complaints_severity", sql`${t.severity} in (${sqlList(COMPLAINT_SEVERITIES)})`),
    check("complaints_state", sql`${t.state} in (${sqlList(COMPLAINT_STATES)})`),
  ],
);

/** Every step of a complaint: state changes, owner changes and notes (append-only). */
export const complaintEvents = pgTable(
  "complaint_events",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    complaintId: id("complaint_id").notNull(),
    kind: text("kind").notNull(),
    fromState: text("from_state"),
    toState: text("to_state"),
    note: text("note"),
    /** the new owner of an `assigned` step (and the first owner of `received`) */
    ownerId: id("owner_id"),
    at: instant("at").notNull(),
    actorId: id("actor_id").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.complaintId], foreignColumns: [complaints.storeId, complaints.id] }),
    foreignKey({ columns: [t.storeId, t.actorId], foreignColumns: [users.storeId, users.id] }),
    foreignKey({ columns: [t.storeId, t.ownerId], foreignColumns: [users.storeId, users.id] }),
    check("complaint_events_kind", sql`${t.kind} in ('received','transition','assigned','note')`),
    index("complaint_events_complaint").on(t.storeId, t.complaintId, t.at),
  ],
);
