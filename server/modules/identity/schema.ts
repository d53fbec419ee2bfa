/** Stores, users and their sessions. Stores and users are the roots every business row hangs from. */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { id, instant } from "../../db/columns.ts";

export const stores = pgTable("stores", {
  id: id().primaryKey().generatedByDefaultAsIdentity(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("Asia/Shanghai"),
  businessDayEnd: text("business_day_end").notNull().default("18:00"),
  /** per-level follow-up ranges (跟进周期维护); the defaults live in leads/rules.ts */
  cadence: jsonb("cadence").notNull(),
  validityDays: jsonb("validity_days").notNull(),
  escalateAfterDays: integer("escalate_after_days").notNull().default(3),
  /** imported cars may carry VINs without a valid check digit: warn instead of refusing */
  vinCheckDigitWarnOnly: boolean("vin_check_digit_warn_only").notNull().default(false),
  /** stock older than this many days is long stock (长库存, DOMAIN §5) */
  longStockDays: integer("long_stock_days").notNull().default(90),
  /** colours a model may be ordered in, unless the model's own rule says otherwise */
  colourQuota: integer("colour_quota").notNull().default(3),
  /** repair orders the workshop can take in per hour slot (工位产能); a full slot refuses more appointments */
  workshopCapacityPerHour: integer("workshop_capacity_per_hour").notNull().default(4),
  /** the workshop's opening hours, store-local "HH:MM": appointment slots lie inside them */
  workshopOpens: text("workshop_opens").notNull().default("08:00"),
  workshopCloses: text("workshop_closes").notNull().default("18:00"),
  /** maintenance reminders (保养提醒): the first and the second one, days before the due date */
  reminderFirstDays: integer("reminder_first_days").notNull().default(14),
  reminderSecondDays: integer("reminder_second_days").notNull().default(2),
  /** hours a complaint may stay unresolved, per severity; the defaults live in complaints/rules.ts */
  complaintDeadlineHours: jsonb("complaint_deadline_hours"),
  createdAt: instant("created_at").notNull().defaultNow(),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});

/**
 * The store's exceptions to "Monday to Friday" (DOMAIN §1): public holidays (a weekday off) and make-up
 * working days (调休, a weekend day worked). The admin edits them; working-day counts read them.
 */
export const storeCalendarDays = pgTable(
  "store_calendar_days",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    day: date("day", { mode: "string" }).notNull(),
    kind: text("kind").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.day] }),
    check("store_calendar_days_kind", sql`${t.kind} in ('holiday','workday')`),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id().primaryKey().generatedByDefaultAsIdentity(),
    storeId: id("store_id").references(() => stores.id),
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    displayName: text("display_name").notNull(),
    role: text("role").notNull(),
    disabled: boolean("disabled").notNull().default(false),
    /** a consultant paused by the manager gets no round-robin leads */
    paused: boolean("paused").notNull().default(false),
    lastAssignedAt: instant("last_assigned_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_username").on(sql`lower(${t.username})`),
    // business tables reference (store_id, user id) so a row can never point at another store's user
    unique("users_store_id_id").on(t.storeId, t.id),
    check(
      "users_role",
      sql`${t.role} in ('admin','gm','sales_manager','consultant','reception','customer_service','service_advisor','parts_clerk','marketing')`,
    ),
    check("users_admin_has_no_store", sql`(${t.role} = 'admin') = (${t.storeId} is null)`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie token: a leaked table does not give working cookies */
    tokenHash: text("token_hash").primaryKey(),
    userId: id("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: instant("created_at").notNull(),
    lastSeenAt: instant("last_seen_at").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** Failed logins per key (account, ip, account+ip): the throttle's memory, shared by every app process. */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStart: instant("window_start").notNull(),
  lockedUntil: instant("locked_until"),
});
