/**
 * Customer service's care tasks (客服任务), shared by sales and after-sales: post-sale callbacks (售后回访,
 * DOMAIN §4.7), post-service callbacks, maintenance reminders and birthday greetings (DOMAIN §6).
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
import { id, instant } from "../../db/columns.ts";
import { customers, vehicles } from "../customers/schema.ts";
import { stores, users } from "../identity/schema.ts";
import { repairOrders } from "../service/schema.ts";

export const CARE_TASK_TYPES = [
  "post_sale_callback",
  "post_service_callback",
  "maintenance_reminder",
  "birthday",
] as const;
export type CareTaskType = (typeof CARE_TASK_TYPES)[number];

export const careTasks = pgTable(
  "care_tasks",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    type: text("type").notNull(),
    customerId: id("customer_id").notNull(),
    /** the customer's vehicle the task is about */
    vehicleId: id("vehicle_id"),
    /** the source record: a sales order (post-sale) or, later, a repair order (post-service) */
    orderId: id("order_id"),
    repairOrderId: id("repair_order_id"),
    /** which task of a series: 3, 7 or 30 days after delivery; 14 or 2 days before a maintenance due date */
    dayOffset: integer("day_offset"),
    /** the date the task is about: the maintenance due date, or the birthday being greeted */
    forDate: date("for_date", { mode: "string" }),
    dueAt: instant("due_at").notNull(),
    /** done: reached, or closed after the last allowed unreached attempt */
    done: boolean("done").notNull().default(false),
    doneAt: instant("done_at"),
    reached: boolean("reached"),
    /** when the customer was actually reached (for the 3-day effective callback rate) */
    reachedAt: instant("reached_at"),
    satisfaction: integer("satisfaction"),
    comment: text("comment"),
    attempts: integer("attempts").notNull().default(0),
    /** an unsatisfied result (1–2) waits for customer service's follow-up */
    flagged: boolean("flagged").notNull().default(false),
    doneBy: id("done_by"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.customerId], foreignColumns: [customers.storeId, customers.id] }),
    foreignKey({ columns: [t.storeId, t.vehicleId], foreignColumns: [vehicles.storeId, vehicles.id] }),
    foreignKey({ columns: [t.storeId, t.doneBy], foreignColumns: [users.storeId, users.id] }),
    index("care_tasks_id").on(t.id),
    index("care_tasks_open_due").on(t.storeId, t.dueAt).where(sql`not done`),
    index("care_tasks_store_type_due").on(t.storeId, t.type, t.dueAt),
    index("care_tasks_customer").on(t.storeId, t.customerId),
    // replanning a vehicle's reminders looks up its open ones (after a hand-back, and in the daily run)
    index("care_tasks_open_reminders")
      .on(t.storeId, t.vehicleId)
      .where(sql`type = 'maintenance_reminder' and not done`),
    // a delivery creates its callbacks once
    uniqueIndex("care_tasks_order_offset")
      .on(t.storeId, t.orderId, t.type, t.dayOffset)
      .where(sql`order_id is not null`),
    // a hand-back creates its callback once
    uniqueIndex("care_tasks_repair_order")
      .on(t.storeId, t.repairOrderId, t.type)
      .where(sql`repair_order_id is not null`),
    // reminders and birthday greetings are generated idempotently: one per customer, vehicle, date and stage
    uniqueIndex("care_tasks_for_date")
      .on(
        t.storeId,
        t.type,
        t.customerId,
        sql`coalesce(vehicle_id, 0)`,
        t.forDate,
        sql`coalesce(day_offset, 0)`,
      )
      .where(sql`for_date is not null`),
    foreignKey({
      columns: [t.storeId, t.repairOrderId],
      foreignColumns: [repairOrders.storeId, repairOrders.id],
    }),
    check(
      "care_tasks_type",
      sql`${t.type} in ('post_sale_callback','post_service_callback','maintenance_reminder','birthday')`,
    ),
    check("care_tasks_satisfaction", sql`${t.satisfaction} is null or ${t.satisfaction} between 1 and 5`),
    check("care_tasks_done", sql`${t.done} = (${t.doneAt} is not null)`),
  ],
);

/** Every call customer service makes on a task, reached or not (append-only). */
export const careTaskAttempts = pgTable(
  "care_task_attempts",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    taskId: id("task_id").notNull(),
    at: instant("at").notNull(),
    reached: boolean("reached").notNull(),
    satisfaction: integer("satisfaction"),
    comment: text("comment"),
    actorId: id("actor_id").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.taskId], foreignColumns: [careTasks.storeId, careTasks.id] }),
    foreignKey({ columns: [t.storeId, t.actorId], foreignColumns: [users.storeId, users.id] }),
    index("care_task_attempts_task").on(t.storeId, t.taskId, t.at),
    check(
      "care_task_attempts_satisfaction",
      sql`${t.satisfaction} is null or ${t.satisfaction} between 1 and 5`,
    ),
  ],
);
