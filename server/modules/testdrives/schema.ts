/**
 * Test drives (试乘试驾, DOMAIN §4.3) on the store's demo cars. That one car is never booked twice for
 * overlapping times is an exclusion constraint, written by hand in the migration (drizzle cannot declare it).
 */
import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { id, instant } from "../../db/columns.ts";
import { stores, users } from "../identity/schema.ts";
import { leads } from "../leads/schema.ts";
import { stockVehicles } from "../stock/schema.ts";

export const testDriveRoutes = pgTable(
  "test_drive_routes",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    distanceKm: integer("distance_km"),
    minutes: integer("minutes"),
    active: boolean("active").notNull().default(true),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    check("test_drive_routes_distance", sql`${t.distanceKm} is null or ${t.distanceKm} between 0 and 500`),
    check("test_drive_routes_minutes", sql`${t.minutes} is null or ${t.minutes} between 1 and 600`),
  ],
);

export const testDrives = pgTable(
  "test_drives",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    leadId: id("lead_id").notNull(),
    vehicleId: id("vehicle_id").notNull(),
    routeId: id("route_id"),
    startAt: instant("start_at").notNull(),
    endAt: instant("end_at").notNull(),
    /** the driver's licence number (驾驶证号, in China the holder's ID number) */
    licenceNo: text("licence_no").notNull(),
    /** booked → done (feedback recorded) | cancelled | no_show */
    state: text("state").notNull().default("booked"),
    remindAt: instant("remind_at").notNull(),
    feedback: text("feedback"),
    rating: integer("rating"),
    consultantId: id("consultant_id"),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    finishedAt: instant("finished_at"),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    foreignKey({
      columns: [t.storeId, t.vehicleId],
      foreignColumns: [stockVehicles.storeId, stockVehicles.id],
    }),
    foreignKey({
      columns: [t.storeId, t.routeId],
      foreignColumns: [testDriveRoutes.storeId, testDriveRoutes.id],
    }),
    foreignKey({ columns: [t.storeId, t.consultantId], foreignColumns: [users.storeId, users.id] }),
    index("test_drives_id").on(t.id),
    index("test_drives_store_start").on(t.storeId, t.startAt),
    index("test_drives_lead").on(t.storeId, t.leadId),
    check("test_drives_times", sql`${t.endAt} > ${t.startAt}`),
    check("test_drives_state", sql`${t.state} in ('booked','done','cancelled','no_show')`),
    check("test_drives_rating", sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);
