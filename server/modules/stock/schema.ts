/** Vehicle stock (整车库存, DOMAIN §5): the store's own cars by VIN, and each model's purchase rules. */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { fen, id, instant } from "../../db/columns.ts";
import { stores } from "../identity/schema.ts";

export const STOCK_STATUSES = ["in_transit", "in_stock", "reserved", "sold", "demo"] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

/**
 * A car the store owns or has ordered from the factory. It is a different thing from a customer's vehicle
 * (customers/schema.ts `vehicles`): at delivery the sold stock car becomes a customer vehicle with the same VIN.
 */
export const stockVehicles = pgTable(
  "stock_vehicles",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    vin: text("vin").notNull(),
    vinCheckWarning: boolean("vin_check_warning").notNull().default(false),
    model: text("model").notNull(),
    trim: text("trim"),
    colour: text("colour").notNull(),
    optionPackage: text("option_package"),
    /** purchase cost from the manufacturer (采购成本), integer fen */
    costFen: fen("cost_fen").notNull(),
    /** the manufacturer's suggested retail price (指导价), the quote's starting point */
    listPriceFen: fen("list_price_fen"),
    /** null while in transit; stock age (库龄) counts from the store-local date of arrival */
    arrivedAt: instant("arrived_at"),
    status: text("status").notNull(),
    /** extra commission for selling a long-stock car (长库存激励) */
    incentiveFen: fen("incentive_fen").notNull().default(0),
    soldAt: instant("sold_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    uniqueIndex("stock_vehicles_store_vin").on(t.storeId, t.vin),
    index("stock_vehicles_id").on(t.id),
    index("stock_vehicles_store_status_arrived").on(t.storeId, t.status, t.arrivedAt),
    index("stock_vehicles_store_model").on(t.storeId, t.model, t.colour),
    check("stock_vehicles_status", sql`${t.status} in ('in_transit','in_stock','reserved','sold','demo')`),
    check("stock_vehicles_cost", sql`${t.costFen} >= 0`),
    check("stock_vehicles_list_price", sql`${t.listPriceFen} is null or ${t.listPriceFen} >= 0`),
    check("stock_vehicles_incentive", sql`${t.incentiveFen} >= 0`),
    // a car ordered by a customer while still on its way is reserved before it arrives; it is never
    // in stock, a demo car or sold without an arrival
    check(
      "stock_vehicles_arrived",
      sql`${t.status} in ('in_transit','reserved') or ${t.arrivedAt} is not null`,
    ),
    check("stock_vehicles_transit", sql`${t.status} <> 'in_transit' or ${t.arrivedAt} is null`),
  ],
);

/** Per model: the colour quota (at most N colours ordered) and the option rule (all of its stock or none). */
export const modelRules = pgTable(
  "model_rules",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    model: text("model").notNull(),
    colourQuota: integer("colour_quota").notNull().default(3),
    /** true: the model's stock carries the option package on all cars or on none */
    optionAllOrNone: boolean("option_all_or_none").notNull().default(false),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.model] }),
    check("model_rules_quota", sql`${t.colourQuota} between 1 and 50`),
  ],
);
