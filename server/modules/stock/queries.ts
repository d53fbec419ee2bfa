/** Reading stock: the filtered list with its summary, one car, the long-stock board, cars matching a lead. */
import { and, asc, desc, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Actor, can, readStore, requirePermission, targetStore } from "../../platform/access.ts";
import { unprocessable } from "../../platform/errors.ts";
import { stores } from "../identity/index.ts";
import { reachLead } from "../leads/lead-access.ts";
import { orderColumns, reachVehicle, storeScope } from "./access.ts";
import { type AgeBucket, BUCKET_DAYS } from "./rules.ts";
import { type StockStatus, stockVehicles as sv } from "./schema.ts";
import { loadStockSettings, type StockVehicleOut, stockVehicleView, viewAll } from "./view.ts";

export interface StockFilter {
  storeId?: number;
  status?: StockStatus[];
  model?: string;
  colour?: string;
  minAgeDays?: number;
  ageBucket?: AgeBucket;
  longStock?: boolean;
  q?: string;
}

export const STOCK_SORTS = ["age", "arrived", "vin"] as const;
export type StockSort = (typeof STOCK_SORTS)[number];

/**
 * Stock age in SQL, mirroring rules.stockAgeDays: calendar days between the store-local arrival date and
 * the store-local day of now (of the sale, for a sold car). The queries join the car's store for its zone.
 */
function ageSql(now: Date): SQL<number | null> {
  const until = sql`CASE WHEN ${sv.status} = 'sold' THEN coalesce(${sv.soldAt}, ${now}::timestamptz) ELSE ${now}::timestamptz END`;
  return sql`(timezone(${stores.timeZone}, ${until})::date - timezone(${stores.timeZone}, ${sv.arrivedAt})::date)`;
}
/** Mirrors rules.isLongStock with the store's own threshold. */
const longStockSql = (now: Date) =>
  sql`(${sv.status} <> 'sold' AND ${sv.arrivedAt} IS NOT NULL AND ${ageSql(now)} > ${stores.longStockDays})`;
const unsold = sql`${sv.status} <> 'sold'`;

function bucketSql(bucket: AgeBucket, now: Date): SQL {
  const { min, max } = BUCKET_DAYS[bucket];
  return max === null ? sql`${ageSql(now)} >= ${min}` : sql`${ageSql(now)} BETWEEN ${min} AND ${max}`;
}

/** VIN search: what staff type is the start of the VIN or its last digits (车架号后六位). */
function vinSearchSql(q: string): SQL {
  const s = q.toUpperCase();
  return sql`(${sv.vin} LIKE ${`${s}%`} OR ${sv.vin} LIKE ${`%${s}`})`;
}

function filterSql(storeId: number | null, f: StockFilter, now: Date): SQL | undefined {
  const where: (SQL | undefined)[] = [storeScope(storeId)];
  // sold cars are history: listed only when asked for
  where.push(f.status?.length ? inArray(sv.status, f.status) : unsold);
  if (f.model) where.push(eq(sv.model, f.model));
  if (f.colour) where.push(eq(sv.colour, f.colour));
  if (f.minAgeDays !== undefined) where.push(sql`${ageSql(now)} >= ${f.minAgeDays}`);
  if (f.ageBucket) where.push(bucketSql(f.ageBucket, now));
  if (f.longStock !== undefined) where.push(f.longStock ? longStockSql(now) : sql`NOT ${longStockSql(now)}`);
  if (f.q) where.push(vinSearchSql(f.q));
  return and(...where);
}

const ORDER: Record<StockSort, (now: Date) => SQL[]> = {
  // oldest first; cars in transit have no age and come last
  age: (now) => [sql`${ageSql(now)} DESC NULLS LAST`, asc(sv.id)],
  arrived: () => [sql`${sv.arrivedAt} DESC NULLS LAST`, desc(sv.id)],
  vin: () => [asc(sv.vin)],
};

const withOrder = { ...getTableColumns(sv), ...orderColumns };

export interface StockSummary {
  count: number;
  valueFen: number | null;
  buckets: Record<AgeBucket, number>;
}

/**
 * The list and its summary. The summary counts the matching cars not yet sold (stock = arrivals −
 * sales): their number, their purchase cost (hidden like the cost itself) and their age buckets.
 */
export async function listVehicles(
  db: Executor,
  actor: Actor,
  f: StockFilter,
  page: { page: number; pageSize: number },
  sort: StockSort,
  now: Date,
): Promise<{ items: StockVehicleOut[]; total: number; summary: StockSummary }> {
  requirePermission(actor, "stock.read");
  const where = filterSql(readStore(actor, f.storeId), f, now);
  const n = (cond: SQL) => sql<number>`count(*) FILTER (WHERE ${cond})`.mapWith(Number);
  const [rows, [totals]] = await Promise.all([
    db
      .select(withOrder)
      .from(sv)
      .innerJoin(stores, eq(stores.id, sv.storeId))
      .where(where)
      .orderBy(...ORDER[sort](now))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({
        total: sql<number>`count(*)`.mapWith(Number),
        count: n(unsold),
        valueFen: sql<number>`coalesce(sum(${sv.costFen}) FILTER (WHERE ${unsold}), 0)`.mapWith(Number),
        b0: n(sql`${unsold} AND ${bucketSql("0-30", now)}`),
        b1: n(sql`${unsold} AND ${bucketSql("31-60", now)}`),
        b2: n(sql`${unsold} AND ${bucketSql("61-90", now)}`),
        b3: n(sql`${unsold} AND ${bucketSql("90+", now)}`),
      })
      .from(sv)
      .innerJoin(stores, eq(stores.id, sv.storeId))
      .where(where),
  ]);
  const t = totals!;
  return {
    items: await viewAll(db, actor, rows, now),
    total: t.total,
    summary: {
      count: t.count,
      valueFen: can(actor, "stock.cost") ? t.valueFen : null,
      buckets: { "0-30": t.b0, "31-60": t.b1, "61-90": t.b2, "90+": t.b3 },
    },
  };
}

export async function getVehicle(
  db: Executor,
  actor: Actor,
  id: number,
  now: Date,
): Promise<StockVehicleOut> {
  requirePermission(actor, "stock.read");
  const row = await reachVehicle(db, actor, id);
  return (await viewAll(db, actor, [row], now))[0]!;
}

/** A store's long stock is a few dozen cars; the board shows them all, up to this many. */
const LONG_STOCK_LIMIT = 1000;

/** The long-stock board (长库存): the store's cars older than its threshold, oldest first. */
export async function longStock(db: Executor, actor: Actor, requestedStore: number | undefined, now: Date) {
  requirePermission(actor, "stock.read");
  const storeId = targetStore(actor, requestedStore);
  const [settings, rows] = await Promise.all([
    loadStockSettings(db, storeId),
    db
      .select(withOrder)
      .from(sv)
      .innerJoin(stores, eq(stores.id, sv.storeId))
      .where(and(storeScope(storeId), longStockSql(now)))
      .orderBy(asc(sv.arrivedAt), asc(sv.id))
      .limit(LONG_STOCK_LIMIT),
  ]);
  return {
    thresholdDays: settings.longStockDays,
    // one store's cars: its settings are loaded already
    items: rows.map((r) => stockVehicleView(r, actor, settings, now)),
    valueFen: can(actor, "stock.cost") ? rows.reduce((sum, r) => sum + r.costFen, 0) : null,
    incentiveFen: rows.reduce((sum, r) => sum + r.incentiveFen, 0),
  };
}

const MATCH_LIMIT = 50;
/** Models are typed by hand on leads: "途观 L" and "途观l" mean the stock's "途观L". */
const modelKey = (s: string) => s.replace(/\s+/g, "").toLowerCase();

export type MatchQuery = { leadId: number } | { model: string; colour?: string; storeId?: number };

/**
 * Stock cars that fit a lead's model and colour (or a model and colour asked directly): in stock or in
 * transit, the exact colour first, the oldest first (they should sell first).
 */
export async function matchVehicles(db: Executor, actor: Actor, q: MatchQuery, now: Date) {
  requirePermission(actor, "stock.read");
  let storeId: number;
  let model: string;
  let colour: string | null;
  if ("leadId" in q) {
    // a consultant matches cars for the own leads only
    const lead = await reachLead(db, actor, q.leadId);
    if (!lead.intendedModel) {
      throw unprocessable("no_intended_model", "the lead has no intended model to match stock against");
    }
    [storeId, model, colour] = [lead.storeId, lead.intendedModel, lead.colour];
  } else {
    [storeId, model, colour] = [targetStore(actor, q.storeId), q.model, q.colour ?? null];
  }
  const colourFirst = colour === null ? [] : [sql`(trim(${sv.colour}) = ${colour.trim()}) DESC`];
  const rows = await db
    .select(withOrder)
    .from(sv)
    .where(
      and(
        storeScope(storeId),
        inArray(sv.status, ["in_stock", "in_transit"]),
        sql`lower(regexp_replace(${sv.model}, '\\s+', '', 'g')) = ${modelKey(model)}`,
      ),
    )
    .orderBy(...colourFirst, sql`${sv.arrivedAt} ASC NULLS LAST`, asc(sv.id))
    .limit(MATCH_LIMIT);
  return { model, colour, items: await viewAll(db, actor, rows, now) };
}
