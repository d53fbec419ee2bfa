/**
 * Customer service's care tasks (客服任务), shared by sales and after-sales: post-sale callbacks (售后回访,
 * DOMAIN §4.7) now; post-service callbacks, maintenance reminders and birthdays come with the service issue.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
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
    /** which callback of a series: 3, 7 or 30 days after delivery */
    dayOffset: integer("day_offset"),
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
    // a delivery creates its callbacks once
    uniqueIndex("care_tasks_order_offset")
      .on(t.storeId, t.orderId, t.type, t.dayOffset)
      .where(sql`order_id is not null`),
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
