/** Quotes (报价), orders (订单) with their cancellation and delivery (交车) — DOMAIN §4.4–4.6. */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { fen, id, instant } from "../../db/columns.ts";
import { customers, vehicles } from "../customers/schema.ts";
import { stores, users } from "../identity/schema.ts";
import { leads } from "../leads/schema.ts";
import { stockVehicles } from "../stock/schema.ts";

/** A quote is a record of what was offered: never edited, a new offer is a new quote. */
export const quotes = pgTable(
  "quotes",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    leadId: id("lead_id").notNull(),
    /** the stock car quoted, when there is one; model/trim/colour describe the car either way */
    vehicleId: id("vehicle_id"),
    model: text("model"),
    trim: text("trim"),
    colour: text("colour"),
    vehiclePriceFen: fen("vehicle_price_fen").notNull(),
    discountFen: fen("discount_fen").notNull().default(0),
    totalFen: fen("total_fen").notNull(),
    loanDownPaymentFen: fen("loan_down_payment_fen"),
    loanMonths: integer("loan_months"),
    /** annual rate in percent, exact (e.g. 3.850) */
    loanAnnualRatePct: numeric("loan_annual_rate_pct", { precision: 6, scale: 3 }),
    loanFinancedFen: fen("loan_financed_fen"),
    loanMonthlyPaymentFen: fen("loan_monthly_payment_fen"),
    validUntil: date("valid_until").notNull(),
    note: text("note"),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    foreignKey({
      columns: [t.storeId, t.vehicleId],
      foreignColumns: [stockVehicles.storeId, stockVehicles.id],
    }),
    foreignKey({ columns: [t.storeId, t.createdBy], foreignColumns: [users.storeId, users.id] }),
    index("quotes_id").on(t.id),
    index("quotes_lead").on(t.storeId, t.leadId, t.createdAt),
    check("quotes_money", sql`${t.vehiclePriceFen} > 0 and ${t.discountFen} >= 0 and ${t.totalFen} >= 0`),
    check(
      "quotes_loan",
      sql`(${t.loanMonths} is null) = (${t.loanDownPaymentFen} is null) and (${t.loanMonths} is null) = (${t.loanAnnualRatePct} is null)`,
    ),
  ],
);

export const QUOTE_LINE_KINDS = ["accessory", "insurance", "registration", "other"] as const;

export const quoteLines = pgTable(
  "quote_lines",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    quoteId: id("quote_id").notNull(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    amountFen: fen("amount_fen").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.quoteId], foreignColumns: [quotes.storeId, quotes.id] }),
    index("quote_lines_quote").on(t.storeId, t.quoteId, t.position),
    check("quote_lines_kind", sql`${t.kind} in ('accessory','insurance','registration','other')`),
    check("quote_lines_amount", sql`${t.amountFen} >= 0`),
  ],
);

export const ORDER_STATES = ["open", "cancelled", "delivered"] as const;
export const DEPOSIT_METHODS = ["cash", "card", "transfer", "wechat", "alipay"] as const;

export const orders = pgTable(
  "orders",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    /** SO2026-000123: per store and year, from order_counters */
    orderNo: text("order_no").notNull(),
    leadId: id("lead_id").notNull(),
    customerId: id("customer_id").notNull(),
    quoteId: id("quote_id"),
    /** the reserved stock car; null for a factory order until a car is allocated */
    vehicleId: id("vehicle_id"),
    /**
     * the car's stock status before this order reserved it: a cancellation gives a demo car back to the demo
     * fleet (other cars go back to in stock, or in transit while they have not arrived)
     */
    vehicleStatusBefore: text("vehicle_status_before"),
    factoryModel: text("factory_model"),
    factoryTrim: text("factory_trim"),
    factoryColour: text("factory_colour"),
    factoryOptionPackage: text("factory_option_package"),
    priceFen: fen("price_fen").notNull(),
    depositFen: fen("deposit_fen").notNull(),
    depositMethod: text("deposit_method").notNull(),
    /** the referring customer of a referral lead (转介绍), credited with this deal */
    referrerCustomerId: id("referrer_customer_id"),
    consultantId: id("consultant_id"),
    state: text("state").notNull().default("open"),
    orderedAt: instant("ordered_at").notNull(),
    createdBy: id("created_by").notNull(),
    cancelledAt: instant("cancelled_at"),
    cancelledBy: id("cancelled_by"),
    cancelReason: text("cancel_reason"),
    refundFen: fen("refund_fen"),
    deliveredAt: instant("delivered_at"),
    deliveredBy: id("delivered_by"),
    pdiDone: boolean("pdi_done"),
    documents: jsonb("documents"),
    /** the customer's vehicle the delivery created */
    customerVehicleId: id("customer_vehicle_id"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    foreignKey({ columns: [t.storeId, t.customerId], foreignColumns: [customers.storeId, customers.id] }),
    foreignKey({ columns: [t.storeId, t.quoteId], foreignColumns: [quotes.storeId, quotes.id] }),
    foreignKey({
      columns: [t.storeId, t.vehicleId],
      foreignColumns: [stockVehicles.storeId, stockVehicles.id],
    }),
    foreignKey({
      columns: [t.storeId, t.referrerCustomerId],
      foreignColumns: [customers.storeId, customers.id],
    }),
    foreignKey({ columns: [t.storeId, t.consultantId], foreignColumns: [users.storeId, users.id] }),
    foreignKey({
      columns: [t.storeId, t.customerVehicleId],
      foreignColumns: [vehicles.storeId, vehicles.id],
    }),
    uniqueIndex("orders_store_no").on(t.storeId, t.orderNo),
    // a VIN is reserved by one open order only (concurrent attempts: exactly one wins)
    uniqueIndex("orders_open_vehicle").on(t.storeId, t.vehicleId).where(sql`state = 'open'`),
    // one open order per lead (409 lead_has_open_order; the lead's row lock serialises, this is the backstop)
    uniqueIndex("orders_open_lead").on(t.storeId, t.leadId).where(sql`state = 'open'`),
    // and sold once
    uniqueIndex("orders_delivered_vehicle").on(t.storeId, t.vehicleId).where(sql`state = 'delivered'`),
    index("orders_id").on(t.id),
    index("orders_lead").on(t.storeId, t.leadId),
    // the customer page (360) lists a customer's orders
    index("orders_customer").on(t.storeId, t.customerId),
    index("orders_store_state").on(t.storeId, t.state, t.orderedAt),
    index("orders_referrer").on(t.storeId, t.referrerCustomerId).where(sql`referrer_customer_id is not null`),
    check("orders_state", sql`${t.state} in ('open','cancelled','delivered')`),
    check("orders_deposit_method", sql`${t.depositMethod} in ('cash','card','transfer','wechat','alipay')`),
    check(
      "orders_money",
      sql`${t.priceFen} > 0 and ${t.depositFen} >= 0 and ${t.depositFen} <= ${t.priceFen} and (${t.refundFen} is null or (${t.refundFen} >= 0 and ${t.refundFen} <= ${t.depositFen}))`,
    ),
    check(
      "orders_vehicle_status_before",
      sql`${t.vehicleStatusBefore} is null or ${t.vehicleStatusBefore} in ('in_transit','in_stock','demo')`,
    ),
    check("orders_vehicle_or_factory", sql`${t.vehicleId} is not null or ${t.factoryModel} is not null`),
    check("orders_cancelled", sql`(${t.state} = 'cancelled') = (${t.cancelledAt} is not null)`),
    check("orders_delivered", sql`(${t.state} = 'delivered') = (${t.deliveredAt} is not null)`),
    check("orders_delivered_vehicle_set", sql`${t.state} <> 'delivered' or ${t.vehicleId} is not null`),
  ],
);

/** The last order number given out per store and year; incremented under the row lock of the upsert. */
export const orderCounters = pgTable(
  "order_counters",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.year] })],
);
