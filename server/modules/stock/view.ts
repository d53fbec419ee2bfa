/**
 * The stock car as the API shows it (docs/API.md StockVehicle): stock age, bucket and long stock computed
 * at the moment of the answer in the store's zone, and the purchase cost hidden from roles without
 * `stock.cost` (consultants and reception).
 */
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../../db/index.ts";
import { type Actor, can } from "../../platform/access.ts";
import { notFound } from "../../platform/errors.ts";
import { stores } from "../identity/index.ts";
import { AGE_BUCKETS, ageBucket, ageUntil, isLongStock, type StockSettings, stockAgeDays } from "./rules.ts";
import { STOCK_STATUSES, type StockStatus, type stockVehicles } from "./schema.ts";

export type StockVehicleRow = typeof stockVehicles.$inferSelect;
/** A row with the order holding the car, when the query joined it. */
export type StockVehicleWithOrder = StockVehicleRow & { orderId?: number | null; orderNo?: string | null };

export const StockVehicle = z.object({
  id: z.number(),
  storeId: z.number(),
  vin: z.string(),
  vinCheckWarning: z.boolean(),
  model: z.string(),
  trim: z.string().nullable(),
  colour: z.string(),
  optionPackage: z.string().nullable(),
  costFen: z.number().nullable(),
  listPriceFen: z.number().nullable(),
  arrivedAt: z.date().nullable(),
  status: z.enum(STOCK_STATUSES),
  ageDays: z.number().nullable(),
  ageBucket: z.enum(AGE_BUCKETS).nullable(),
  longStock: z.boolean(),
  incentiveFen: z.number(),
  soldAt: z.date().nullable(),
  orderId: z.number().nullable(),
  orderNo: z.string().nullable(),
  createdAt: z.date(),
});
export type StockVehicleOut = z.infer<typeof StockVehicle>;

export function stockVehicleView(
  row: StockVehicleWithOrder,
  actor: Actor,
  s: StockSettings,
  now: Date,
): StockVehicleOut {
  const status = row.status as StockStatus;
  const ageDays = stockAgeDays(row.arrivedAt, ageUntil(status, row.soldAt, now), s.timeZone);
  return {
    id: row.id,
    storeId: row.storeId,
    vin: row.vin,
    vinCheckWarning: row.vinCheckWarning,
    model: row.model,
    trim: row.trim,
    colour: row.colour,
    optionPackage: row.optionPackage,
    costFen: can(actor, "stock.cost") ? row.costFen : null,
    listPriceFen: row.listPriceFen,
    arrivedAt: row.arrivedAt,
    status,
    ageDays,
    ageBucket: ageDays === null ? null : ageBucket(ageDays),
    longStock: isLongStock(status, ageDays, s.longStockDays),
    incentiveFen: row.incentiveFen,
    soldAt: row.soldAt,
    orderId: row.orderId ?? null,
    orderNo: row.orderNo ?? null,
    createdAt: row.createdAt,
  };
}

/** A store's stock settings, and what creating a car needs besides. */
export interface StoreStockSettings extends StockSettings {
  storeId: number;
  colourQuota: number;
  vinCheckDigitWarnOnly: boolean;
}

const settingsColumns = {
  storeId: stores.id,
  timeZone: stores.timeZone,
  longStockDays: stores.longStockDays,
  colourQuota: stores.colourQuota,
  vinCheckDigitWarnOnly: stores.vinCheckDigitWarnOnly,
};

/**
 * Read on every request rather than cached: one primary-key look-up, and a threshold changed through
 * PATCH /stores shows on the next answer.
 */
export async function loadStockSettings(db: Executor, storeId: number): Promise<StoreStockSettings> {
  const [s] = await db.select(settingsColumns).from(stores).where(eq(stores.id, storeId));
  if (!s) throw notFound("store");
  return s;
}

/** Settings of the stores of some rows (the group admin's lists span stores). */
async function loadStockSettingsMap(
  db: Executor,
  storeIds: number[],
): Promise<Map<number, StoreStockSettings>> {
  const ids = [...new Set(storeIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.select(settingsColumns).from(stores).where(inArray(stores.id, ids));
  return new Map(rows.map((s) => [s.storeId, s]));
}

/** Views of rows of possibly several stores, each with its own store's settings. */
export async function viewAll(
  db: Executor,
  actor: Actor,
  rows: StockVehicleWithOrder[],
  now: Date,
): Promise<StockVehicleOut[]> {
  const settings = await loadStockSettingsMap(
    db,
    rows.map((r) => r.storeId),
  );
  return rows.map((r) => stockVehicleView(r, actor, settings.get(r.storeId)!, now));
}
