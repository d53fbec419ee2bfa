/** Showroom traffic (客流, DOMAIN §4.1): visits and inbound sales calls logged by reception. */
import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { id, instant } from "../../db/columns.ts";
import { stores, users } from "../identity/schema.ts";
import { leads } from "../leads/schema.ts";

export const trafficVisits = pgTable(
  "traffic_visits",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    /** null: the visitor left no details (未留档) */
    leadId: id("lead_id"),
    firstVisit: boolean("first_visit").notNull(),
    partySize: integer("party_size").notNull(),
    arrivedAt: instant("arrived_at").notNull(),
    leftAt: instant("left_at"),
    consultantId: id("consultant_id").notNull(),
    note: text("note"),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    foreignKey({ columns: [t.storeId, t.consultantId], foreignColumns: [users.storeId, users.id] }),
    index("traffic_visits_id").on(t.id),
    index("traffic_visits_store_arrived").on(t.storeId, t.arrivedAt),
    index("traffic_visits_lead").on(t.storeId, t.leadId),
    // the reception board: who is with a customer right now
    index("traffic_visits_open").on(t.storeId, t.consultantId).where(sql`left_at is null`),
    check("traffic_visits_party", sql`${t.partySize} between 1 and 50`),
    check("traffic_visits_left", sql`${t.leftAt} is null or ${t.leftAt} >= ${t.arrivedAt}`),
  ],
);

export const trafficCalls = pgTable(
  "traffic_calls",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    leadId: id("lead_id"),
    at: instant("at").notNull(),
    consultantId: id("consultant_id"),
    note: text("note"),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    foreignKey({ columns: [t.storeId, t.consultantId], foreignColumns: [users.storeId, users.id] }),
    index("traffic_calls_store_at").on(t.storeId, t.at),
    index("traffic_calls_lead").on(t.storeId, t.leadId),
  ],
);

/** Planned monthly traffic (visits + calls) the month's actual traffic is compared with. */
export const trafficPlans = pgTable(
  "traffic_plans",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    /** YYYY-MM */
    month: text("month").notNull(),
    visits: integer("visits").notNull(),
    calls: integer("calls").notNull(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.month] }),
    check("traffic_plans_month", sql`${t.month} ~ '^\\d{4}-(0[1-9]|1[0-2])$'`),
    check("traffic_plans_counts", sql`${t.visits} >= 0 and ${t.calls} >= 0`),
  ],
);
