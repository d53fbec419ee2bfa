/**
 * The baseline of `npm run bench`: a bare Fastify server that answers the benchmarked endpoints by sending
 * the SAME SQL as our server (copied from what Drizzle sends for leads/queries.ts, record-follow-up.ts,
 * traffic/queries.ts, stock/queries.ts, care/queries.ts, sales/orders.ts and sales/deliver-order.ts, in
 * the same order, with the same locks) through `pg` — and nothing else: no session look-up, no access
 * checks, no ORM, no zod serialisation, no masking. Our median over the baseline's median is the price of
 * all of that.
 *
 * The acting user comes from the header `x-bench-actor: <userId>:<storeId>`. Started by bench/run.ts as a
 * child process (its own event loop, like our server); env: DATABASE_URL, BASELINE_PORT.
 * The pure rules (cadence, the board's consultant states, order numbers, the delivery checklist, callback
 * due times) are called as our server calls them: they are the work, not the overhead.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";
import pg from "pg";
import { POST_SALE_CALLBACK_DAYS, postSaleCallbackDue } from "../server/modules/care/rules.ts";
import { MY_DAY_LIMIT } from "../server/modules/leads/queries.ts";
import {
  applyFollowUp,
  type CadenceSettings,
  type LeadState,
  type Level,
  localDateOf,
  localDayBounds,
  salesLevelChange,
} from "../server/modules/leads/rules.ts";
import { checklistMissing, type Documents, orderNo } from "../server/modules/sales/rules.ts";
import { canReserve } from "../server/modules/stock/rules.ts";
import type { StockStatus } from "../server/modules/stock/schema.ts";
import { consultantCards, nextInTurn } from "../server/modules/traffic/rules.ts";
import { localDateIn, localDayRange } from "../server/platform/local-date.ts";

// The same type parsing as server/db/index.ts, so both sides build the same JavaScript values.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

const LEAD_COLUMNS = `"leads"."store_id", "leads"."id", "leads"."customer_id", "leads"."name", "leads"."phone", "leads"."source", "leads"."referrer_customer_id", "leads"."intended_model", "leads"."budget_fen", "leads"."payment_method", "leads"."colour", "leads"."expected_purchase_date", "leads"."focus_points", "leads"."competitor_models", "leads"."level", "leads"."level_since", "leads"."state", "leads"."owner_id", "leads"."in_pool", "leads"."due_at", "leads"."next_contact_at", "leads"."last_reached_at", "leads"."created_at", "leads"."updated_at"`;
const BARE_LEAD_COLUMNS = LEAD_COLUMNS.replaceAll(`"leads".`, "");
const WITH_OWNER = `select ${LEAD_COLUMNS}, "users"."display_name" from "leads" left join "users" on "users"."id" = "leads"."owner_id"`;
const STORE_COLUMNS = `"id", "name", "time_zone", "business_day_end", "cadence", "validity_days", "escalate_after_days", "vin_check_digit_warn_only", "long_stock_days", "colour_quota", "created_at", "updated_at"`;
const ORDER_BARE = `"store_id", "id", "order_no", "lead_id", "customer_id", "quote_id", "vehicle_id", "vehicle_status_before", "factory_model", "factory_trim", "factory_colour", "factory_option_package", "price_fen", "deposit_fen", "deposit_method", "referrer_customer_id", "consultant_id", "state", "ordered_at", "created_by", "cancelled_at", "cancelled_by", "cancel_reason", "refund_fen", "delivered_at", "delivered_by", "pdi_done", "documents", "customer_vehicle_id", "created_at", "updated_at"`;
const ORDER_COLUMNS = ORDER_BARE.replaceAll(/"([a-z_]+)"/g, `"orders"."$1"`);
const STOCK_BARE = `"store_id", "id", "vin", "vin_check_warning", "model", "trim", "colour", "option_package", "cost_fen", "list_price_fen", "arrived_at", "status", "incentive_fen", "sold_at", "created_at", "updated_at"`;
const STOCK_COLUMNS = STOCK_BARE.replaceAll(/"([a-z_]+)"/g, `"stock_vehicles"."$1"`);
const VEHICLE_BARE = `"store_id", "id", "customer_id", "vin", "vin_check_warning", "plate", "brand", "model", "trim", "colour", "purchase_date", "mileage_km", "sold_by_store", "created_at"`;
const CARE_COLUMNS =
  `"store_id", "id", "type", "customer_id", "vehicle_id", "order_id", "repair_order_id", "day_offset", "due_at", "done", "done_at", "reached", "reached_at", "satisfaction", "comment", "attempts", "flagged", "done_by", "created_at"`.replaceAll(
    /"([a-z_]+)"/g,
    `"care_tasks"."$1"`,
  );
/** the holding order of a stock car (stock/access.ts orderColumns) */
const holdingOrder = (
  column: string,
) => `(SELECT o.${column} FROM orders o WHERE o.store_id = stock_vehicles.store_id
    AND o.vehicle_id = stock_vehicles.id
    AND o.state = CASE WHEN stock_vehicles.status = 'sold' THEN 'delivered' ELSE 'open' END)`;
/** stock age in days from $a/$b (now, twice), as stock/queries.ts ageSql */
const age = (a: number, b: number) =>
  `(timezone("stores"."time_zone", CASE WHEN "stock_vehicles"."status" = 'sold' THEN coalesce("stock_vehicles"."sold_at", $${a}::timestamptz) ELSE $${b}::timestamptz END)::date - timezone("stores"."time_zone", "stock_vehicles"."arrived_at")::date)`;
const STOCK_FROM = `from "stock_vehicles" inner join "stores" on "stores"."id" = "stock_vehicles"."store_id"`;
const STOCK_PAGE = `select ${STOCK_COLUMNS}, ${holdingOrder("id")}, ${holdingOrder("order_no")} ${STOCK_FROM}`;
const stockTotals = (w: string) =>
  `select count(*), count(*) FILTER (WHERE "stock_vehicles"."status" <> 'sold'), coalesce(sum("stock_vehicles"."cost_fen") FILTER (WHERE "stock_vehicles"."status" <> 'sold'), 0), count(*) FILTER (WHERE "stock_vehicles"."status" <> 'sold' AND ${age(1, 2)} BETWEEN $3 AND $4), count(*) FILTER (WHERE "stock_vehicles"."status" <> 'sold' AND ${age(5, 6)} BETWEEN $7 AND $8), count(*) FILTER (WHERE "stock_vehicles"."status" <> 'sold' AND ${age(9, 10)} BETWEEN $11 AND $12), count(*) FILTER (WHERE "stock_vehicles"."status" <> 'sold' AND ${age(13, 14)} >= $15) ${STOCK_FROM} where ${w}`;
const AUDIT_ROW = (n: number) =>
  `(default, $${n + 1}, default, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8})`;
const insertAudits = (rows: number) =>
  `insert into "audit_log" ("id", "store_id", "at", "actor_id", "action", "entity", "entity_id", "before", "after", "ip") values ${Array.from({ length: rows }, (_, i) => AUDIT_ROW(i * 8)).join(", ")}`;
const ORDER_JOINED = `select ${ORDER_COLUMNS}, "leads"."name", "leads"."phone", "leads"."owner_id", "customer"."name", "referrer"."name", "consultant"."display_name", "stock_vehicles"."vin", "stock_vehicles"."model", "stock_vehicles"."trim", "stock_vehicles"."colour", "stock_vehicles"."option_package", "vehicles"."plate" from "orders" inner join "leads" on ("leads"."store_id" = "orders"."store_id" and "leads"."id" = "orders"."lead_id") inner join "customers" "customer" on ("customer"."store_id" = "orders"."store_id" and "customer"."id" = "orders"."customer_id") left join "customers" "referrer" on ("referrer"."store_id" = "orders"."store_id" and "referrer"."id" = "orders"."referrer_customer_id") left join "users" "consultant" on "consultant"."id" = "orders"."consultant_id" left join "stock_vehicles" on ("stock_vehicles"."store_id" = "orders"."store_id" and "stock_vehicles"."id" = "orders"."vehicle_id") left join "vehicles" on ("vehicles"."store_id" = "orders"."store_id" and "vehicles"."id" = "orders"."customer_vehicle_id") where ("orders"."id" = $1 and ("orders"."store_id" = $2 and "leads"."owner_id" = $3))`;
// with after-sales, a task also shows its repair order and vehicle (care/queries.ts selectJoined)
const CARE_JOINED = `select ${CARE_COLUMNS}, "care_tasks"."for_date", "customers"."name", "customers"."phone", "orders"."order_no", "repair_orders"."ro_no", "repair_orders"."work_type", "vehicles"."plate", "vehicles"."model" from "care_tasks" inner join "customers" on ("customers"."store_id" = "care_tasks"."store_id" and "customers"."id" = "care_tasks"."customer_id") left join "orders" on ("orders"."store_id" = "care_tasks"."store_id" and "orders"."id" = "care_tasks"."order_id") left join "repair_orders" on ("repair_orders"."store_id" = "care_tasks"."store_id" and "repair_orders"."id" = "care_tasks"."repair_order_id") left join "vehicles" on ("vehicles"."store_id" = "care_tasks"."store_id" and "vehicles"."id" = "care_tasks"."vehicle_id")`;
const CARE_TODAY = `("care_tasks"."store_id" = $1 and not "care_tasks"."done" and not "care_tasks"."done" and "care_tasks"."due_at" >= $2 and "care_tasks"."due_at" < $3)`;
const CARE_VALUES = (n: number) =>
  `($${n + 1}, default, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, default, $${n + 6}, $${n + 7}, default, default, default, default, default, default, default, default, default, $${n + 8})`;

export const SQL = {
  storeById: `select ${STORE_COLUMNS} from "stores" where "stores"."id" = $1`,
  myDayDue: `${WITH_OWNER} where (("leads"."store_id" = $1 and "leads"."owner_id" = $2 and "leads"."state" = $3) and ("leads"."due_at" >= $4 AND "leads"."due_at" < $5 OR "leads"."next_contact_at" >= $6 AND "leads"."next_contact_at" < $7 AND "leads"."due_at" >= $8)) order by "leads"."due_at" asc limit $9`,
  myDayOverdue: `${WITH_OWNER} where (("leads"."store_id" = $1 and "leads"."owner_id" = $2 and "leads"."state" = $3) and ("leads"."state" = 'active' AND "leads"."due_at" < $4)) order by "leads"."due_at" asc limit $5`,
  /** the stale bound per level (pairs of level and instant: C, B, A, H), as queries.ts sends it with the store's settings */
  myDayStale: `${WITH_OWNER} where (("leads"."store_id" = $1 and "leads"."owner_id" = $2 and "leads"."state" = $3) and ("leads"."state" = 'active' AND (("leads"."level" = $4 AND "leads"."level_since" < $5) OR ("leads"."level" = $6 AND "leads"."level_since" < $7) OR ("leads"."level" = $8 AND "leads"."level_since" < $9) OR ("leads"."level" = $10 AND "leads"."level_since" < $11)))) order by "leads"."level_since" asc limit $12`,
  /** the three counts of my-day in one pass (today's bounds, now, the stale pairs, then the lead owner) */
  myDayTotals: `select count(*) FILTER (WHERE ("leads"."due_at" >= $1 AND "leads"."due_at" < $2 OR "leads"."next_contact_at" >= $3 AND "leads"."next_contact_at" < $4 AND "leads"."due_at" >= $5)), count(*) FILTER (WHERE ("leads"."state" = 'active' AND "leads"."due_at" < $6)), count(*) FILTER (WHERE ("leads"."state" = 'active' AND (("leads"."level" = $7 AND "leads"."level_since" < $8) OR ("leads"."level" = $9 AND "leads"."level_since" < $10) OR ("leads"."level" = $11 AND "leads"."level_since" < $12) OR ("leads"."level" = $13 AND "leads"."level_since" < $14)))) from "leads" where ("leads"."store_id" = $15 and "leads"."owner_id" = $16 and "leads"."state" = $17)`,
  myDayAppointments: `select "lead_appointments"."id", "lead_appointments"."lead_id", "leads"."name", "lead_appointments"."kind", "lead_appointments"."at" from "lead_appointments" inner join "leads" on ("leads"."store_id" = "lead_appointments"."store_id" and "leads"."id" = "lead_appointments"."lead_id") where ("lead_appointments"."store_id" = $1 and "leads"."owner_id" = $2 and "lead_appointments"."at" >= $3 AND "lead_appointments"."at" < $4) order by "lead_appointments"."at" asc`,
  /** a consultant's phone search: own leads, phone prefix */
  searchOwn: `select ${LEAD_COLUMNS}, "users"."display_name" from "leads" left join "users" on "users"."id" = "leads"."owner_id" where (("leads"."store_id" = $1 and "leads"."owner_id" = $2) and "leads"."phone" LIKE $3) order by "leads"."due_at" ASC NULLS LAST, "leads"."id" desc limit $4`,
  /** a manager's filtered page: levels A,B, overdue */
  overdueAB: `select ${LEAD_COLUMNS}, "users"."display_name" from "leads" left join "users" on "users"."id" = "leads"."owner_id" where ("leads"."store_id" = $1 and "leads"."level" in ($2, $3) and ("leads"."state" = 'active' AND "leads"."due_at" < $4)) order by "leads"."due_at" ASC NULLS LAST, "leads"."id" desc limit $5`,
  overdueABCount: `select count(*) from "leads" where ("leads"."store_id" = $1 and "leads"."level" in ($2, $3) and ("leads"."state" = 'active' AND "leads"."due_at" < $4))`,
  searchOwnCount: `select count(*) from "leads" where (("leads"."store_id" = $1 and "leads"."owner_id" = $2) and "leads"."phone" LIKE $3)`,
  lockOwnLead: `select ${BARE_LEAD_COLUMNS} from "leads" where ("leads"."id" = $1 and ("leads"."store_id" = $2 and "leads"."owner_id" = $3)) for update`,
  insertFollowUp: `insert into "follow_ups" ("store_id", "id", "lead_id", "occurred_at", "channel", "reached", "content", "level_before", "level_after", "next_contact_at", "actor_id", "created_at") values ($1, default, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning "store_id", "id", "lead_id", "occurred_at", "channel", "reached", "content", "level_before", "level_after", "next_contact_at", "actor_id", "created_at"`,
  updateLead: `update "leads" set "level" = $1, "level_since" = $2, "due_at" = $3, "next_contact_at" = $4, "last_reached_at" = $5, "updated_at" = $6 where ("leads"."store_id" = $7 and "leads"."id" = $8) returning ${BARE_LEAD_COLUMNS}`,
  insertAudit: insertAudits(2),
  /** today's booked test drives of the consultant's leads (my-day) */
  myDayTestDrives: `select "test_drives"."id", "test_drives"."lead_id", "leads"."name", "test_drives"."start_at", "test_drives"."end_at", "stock_vehicles"."model", "test_drives"."remind_at" from "test_drives" inner join "leads" on ("leads"."store_id" = "test_drives"."store_id" and "leads"."id" = "test_drives"."lead_id") inner join "stock_vehicles" on ("stock_vehicles"."store_id" = "test_drives"."store_id" and "stock_vehicles"."id" = "test_drives"."vehicle_id") where ("test_drives"."store_id" = $1 and "leads"."owner_id" = $2 and "test_drives"."state" = $3 and "test_drives"."start_at" >= $4 AND "test_drives"."start_at" < $5) order by "test_drives"."start_at" asc`,

  // the reception board (traffic/queries.ts receptionBoard)
  boardConsultants: `select "id", "display_name", "paused", "last_assigned_at" from "users" where ("users"."store_id" = $1 and "users"."role" = $2 and "users"."disabled" = $3) order by "users"."id" asc`,
  boardVisits: `select "id", "consultant_id", "arrived_at", "left_at", "first_visit", "lead_id" from "traffic_visits" where ("traffic_visits"."store_id" = $1 and "traffic_visits"."arrived_at" >= $2 AND "traffic_visits"."arrived_at" < $3)`,
  boardCalls: `select count(*) from "traffic_calls" where ("traffic_calls"."store_id" = $1 and "traffic_calls"."at" >= $2 AND "traffic_calls"."at" < $3)`,

  // the stock list (stock/queries.ts listVehicles, sort by age), unfiltered and in the bucket 90+
  stockPage: `${STOCK_PAGE} where ("stock_vehicles"."store_id" = $1 and "stock_vehicles"."status" <> 'sold') order by ${age(2, 3)} DESC NULLS LAST, "stock_vehicles"."id" asc limit $4`,
  stockTotals: stockTotals(`("stock_vehicles"."store_id" = $16 and "stock_vehicles"."status" <> 'sold')`),
  stockAgedPage: `${STOCK_PAGE} where ("stock_vehicles"."store_id" = $1 and "stock_vehicles"."status" <> 'sold' and ${age(2, 3)} >= $4) order by ${age(5, 6)} DESC NULLS LAST, "stock_vehicles"."id" asc limit $7`,
  stockAgedTotals: stockTotals(
    `("stock_vehicles"."store_id" = $16 and "stock_vehicles"."status" <> 'sold' and ${age(17, 18)} >= $19)`,
  ),
  stockSettings: `select "id", "time_zone", "long_stock_days", "colour_quota", "vin_check_digit_warn_only" from "stores" where "stores"."id" in ($1)`,

  // customer service's callbacks due today (care/queries.ts listCareTasks)
  careToday: `${CARE_JOINED} where ${CARE_TODAY} order by "care_tasks"."due_at" asc, "care_tasks"."id" asc limit $4`,
  careTodayCount: `select count(*) from "care_tasks" where ${CARE_TODAY}`,

  // the repair order board (service/ro-queries.ts repairOrderBoard): the unfinished orders and today's counts
  roBoard: `select "repair_orders"."id", "repair_orders"."ro_no", "repair_orders"."state", "vehicles"."plate", "vehicles"."model", "customers"."name", "repair_orders"."work_type", "advisor"."display_name", "repair_orders"."technician", "repair_orders"."opened_at", "repair_orders"."return_repair" from "repair_orders" inner join "customers" on ("customers"."store_id" = "repair_orders"."store_id" and "customers"."id" = "repair_orders"."customer_id") inner join "vehicles" on ("vehicles"."store_id" = "repair_orders"."store_id" and "vehicles"."id" = "repair_orders"."vehicle_id") inner join "users" "advisor" on "advisor"."id" = "repair_orders"."advisor_id" where ("repair_orders"."store_id" = $1 and "repair_orders"."state" in ($2, $3, $4, $5)) order by "repair_orders"."opened_at" asc, "repair_orders"."id" asc`,
  roBoardCounts: `select (select count(*) from "repair_orders" where ("repair_orders"."store_id" = $1 and "repair_orders"."handed_back_at" >= $2 and "repair_orders"."handed_back_at" < $3)) as handed, (select count(*) from "repair_orders" where ("repair_orders"."store_id" = $4 and "repair_orders"."opened_at" >= $5 and "repair_orders"."opened_at" < $6)) as opened from (select 1) as one`,

  // creating an order (sales/orders.ts createOrder) and the answer (routes: the order joined, its callbacks)
  openOrderOfLead: `select "id", "order_no" from "orders" where ("orders"."store_id" = $1 and "orders"."lead_id" = $2 and "orders"."state" = $3)`,
  lockCar: `select ${STOCK_BARE} from "stock_vehicles" where ("stock_vehicles"."store_id" = $1 and "stock_vehicles"."id" = $2) for update`,
  nextOrderNo: `insert into "order_counters" ("store_id", "year", "last") values ($1, $2, $3) on conflict ("store_id","year") do update set "last" = "order_counters"."last" + 1 returning "last"`,
  insertOrder: `insert into "orders" (${ORDER_BARE}) values ($1, default, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, default, $17, $18, default, default, default, default, default, default, default, default, default, $19, $20) returning ${ORDER_BARE}`,
  reserveCar: `update "stock_vehicles" set "status" = $1, "updated_at" = $2 where ("stock_vehicles"."store_id" = $3 and "stock_vehicles"."id" = $4) returning ${STOCK_BARE}`,
  insertAudit1: insertAudits(1),
  insertAudit3: insertAudits(3),
  leadOrdered: `update "leads" set "level" = $1, "level_since" = $2, "state" = $3, "due_at" = $4, "last_reached_at" = $5, "updated_at" = $6 where ("leads"."store_id" = $7 and "leads"."id" = $8) returning ${BARE_LEAD_COLUMNS}`,
  insertLeadEvent: `insert into "lead_events" ("store_id", "id", "lead_id", "kind", "at", "actor_id", "data") values ($1, default, $2, $3, $4, $5, $6)`,
  orderJoined: ORDER_JOINED,
  careOfOrder: `${CARE_JOINED} where ("care_tasks"."store_id" = $1 and "care_tasks"."order_id" = $2) order by "care_tasks"."due_at" asc, "care_tasks"."id" asc`,

  // delivering (sales/deliver-order.ts deliverOrder)
  orderInScope: `select "orders"."store_id", "orders"."lead_id" from "orders" inner join "leads" on ("leads"."store_id" = "orders"."store_id" and "leads"."id" = "orders"."lead_id") where ("orders"."id" = $1 and ("orders"."store_id" = $2 and "leads"."owner_id" = $3))`,
  lockOrder: `select ${ORDER_BARE} from "orders" where ("orders"."store_id" = $1 and "orders"."id" = $2) for update`,
  vehicleByVin: `select ${VEHICLE_BARE} from "vehicles" where ("vehicles"."store_id" = $1 and "vehicles"."vin" = $2) for update`,
  insertVehicle: `insert into "vehicles" (${VEHICLE_BARE}) values ($1, default, $2, $3, $4, default, default, $5, $6, $7, $8, default, $9, $10) returning ${VEHICLE_BARE}`,
  sellCar: `update "stock_vehicles" set "status" = $1, "sold_at" = $2, "updated_at" = $3 where ("stock_vehicles"."store_id" = $4 and "stock_vehicles"."id" = $5) returning ${STOCK_BARE}`,
  orderDelivered: `update "orders" set "state" = $1, "delivered_at" = $2, "delivered_by" = $3, "pdi_done" = $4, "documents" = $5, "customer_vehicle_id" = $6, "updated_at" = $7 where ("orders"."store_id" = $8 and "orders"."id" = $9) returning ${ORDER_BARE}`,
  leadDelivered: `update "leads" set "level" = $1, "level_since" = $2, "state" = $3, "due_at" = $4, "next_contact_at" = $5, "last_reached_at" = $6, "updated_at" = $7 where ("leads"."store_id" = $8 and "leads"."id" = $9) returning ${BARE_LEAD_COLUMNS}`,
  insertCallbacks: `insert into "care_tasks" (${CARE_COLUMNS.replaceAll(`"care_tasks".`, "")}) values ${[0, 8, 16].map(CARE_VALUES).join(", ")} on conflict ("store_id","order_id","type","day_offset") where order_id is not null do nothing returning ${CARE_COLUMNS.replaceAll(`"care_tasks".`, "")}`,
};

interface StoreRow {
  time_zone: string;
  business_day_end: string;
  cadence: CadenceSettings["cadence"];
  validity_days: CadenceSettings["validityDays"];
  escalate_after_days: number;
}
const settingsOf = (s: StoreRow): CadenceSettings => ({
  timeZone: s.time_zone,
  businessDayEnd: s.business_day_end,
  cadence: s.cadence,
  validityDays: s.validity_days,
  escalateAfterDays: s.escalate_after_days,
});

function actorOf(header: string | string[] | undefined): { userId: number; storeId: number } {
  const [userId, storeId] = String(header ?? "")
    .split(":")
    .map(Number);
  if (!userId || !storeId)
    throw Object.assign(new Error("x-bench-actor: <userId>:<storeId> missing"), { statusCode: 400 });
  return { userId, storeId };
}

export async function startBaseline(databaseUrl: string, port: number): Promise<() => Promise<void>> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20, idleTimeoutMillis: 30_000 });
  // the app keeps store settings in memory; so does the baseline, or it would pay a query we do not
  const settingsCache = new Map<number, CadenceSettings>();
  const settingsFor = async (storeId: number): Promise<CadenceSettings> => {
    let s = settingsCache.get(storeId);
    if (!s) {
      s = settingsOf((await pool.query<StoreRow>(SQL.storeById, [storeId])).rows[0]!);
      settingsCache.set(storeId, s);
    }
    return s;
  };
  const DAY = 86_400_000;
  const app = Fastify({ logger: false });

  app.get("/health", async () => ({ status: "ok" }));

  app.get("/api/v1/my-day", async (request) => {
    const a = actorOf(request.headers["x-bench-actor"]);
    const settings = await settingsFor(a.storeId);
    const now = new Date();
    const { start, end } = localDayBounds(now, settings);
    const staleBefore = (["C", "B", "A", "H"] as const).flatMap((l) => [
      l,
      new Date(now.getTime() - settings.validityDays[l] * DAY),
    ]);
    const mine = [a.storeId, a.userId, "active"];
    const [dueToday, overdue, stale, totals, appointments, testDrives] = await Promise.all([
      pool.query(SQL.myDayDue, [...mine, now, end, start, end, now, MY_DAY_LIMIT]),
      pool.query(SQL.myDayOverdue, [...mine, now, MY_DAY_LIMIT]),
      pool.query(SQL.myDayStale, [...mine, ...staleBefore, MY_DAY_LIMIT]),
      pool.query(SQL.myDayTotals, [now, end, start, end, now, now, ...staleBefore, ...mine]),
      pool.query(SQL.myDayAppointments, [a.storeId, a.userId, start, end]),
      pool.query(SQL.myDayTestDrives, [a.storeId, a.userId, "booked", start, end]),
    ]);
    return {
      dueToday: dueToday.rows,
      overdue: overdue.rows,
      stale: stale.rows,
      totals: totals.rows[0],
      appointments: appointments.rows,
      testDrives: testDrives.rows,
    };
  });

  app.get("/api/v1/traffic/board", async (request) => {
    const a = actorOf(request.headers["x-bench-actor"]);
    const { timeZone } = await settingsFor(a.storeId);
    const now = new Date();
    const date = localDateIn(now, timeZone);
    const { start, end } = localDayRange(date, timeZone);
    const [people, visits, calls] = await Promise.all([
      pool.query(SQL.boardConsultants, [a.storeId, "consultant", false]),
      pool.query(SQL.boardVisits, [a.storeId, start, end]),
      pool.query(SQL.boardCalls, [a.storeId, start, end]),
    ]);
    // the board's rules are the work, as in our server
    const consultants = people.rows.map((r) => ({
      userId: r.id,
      displayName: r.display_name,
      paused: r.paused,
      lastAssignedAt: r.last_assigned_at,
    }));
    const todays = visits.rows.map((v) => ({
      id: v.id,
      consultantId: v.consultant_id,
      arrivedAt: v.arrived_at,
      leftAt: v.left_at,
    }));
    const cards = consultantCards(consultants, todays);
    return {
      date,
      consultants: cards,
      nextInTurn: nextInTurn(consultants, cards),
      today: { visits: visits.rows.length, calls: Number(calls.rows[0].count) },
    };
  });

  app.get<{ Querystring: { ageBucket?: string; pageSize?: string } }>("/api/v1/vehicles", async (request) => {
    const a = actorOf(request.headers["x-bench-actor"]);
    const pageSize = Number(request.query.pageSize ?? 20);
    const now = new Date();
    const buckets = [now, now, 0, 30, now, now, 31, 60, now, now, 61, 90, now, now, 91, a.storeId];
    const aged = request.query.ageBucket === "90+";
    const [page, totals] = await Promise.all([
      aged
        ? pool.query(SQL.stockAgedPage, [a.storeId, now, now, 91, now, now, pageSize])
        : pool.query(SQL.stockPage, [a.storeId, now, now, pageSize]),
      pool.query(aged ? SQL.stockAgedTotals : SQL.stockTotals, aged ? [...buckets, now, now, 91] : buckets),
    ]);
    // the app reads the stores' zone and long-stock threshold for the rows it shows
    await pool.query(SQL.stockSettings, [a.storeId]);
    return { items: page.rows, total: Number(totals.rows[0].count), summary: totals.rows[0] };
  });

  app.get("/api/v1/repair-orders/board", async (request) => {
    const a = actorOf(request.headers["x-bench-actor"]);
    const now = new Date();
    const { start, end } = localDayBounds(now, await settingsFor(a.storeId));
    const [rows, counts] = await Promise.all([
      pool.query(SQL.roBoard, [a.storeId, "open", "in_progress", "done", "settled"]),
      pool.query(SQL.roBoardCounts, [a.storeId, start, end, a.storeId, start, end]),
    ]);
    const columns: Record<string, unknown[]> = { open: [], in_progress: [], done: [], settled: [] };
    for (const r of rows.rows) columns[r.state]!.push(r);
    return {
      columns,
      handedBackToday: Number(counts.rows[0].handed),
      openedToday: Number(counts.rows[0].opened),
    };
  });

  app.get<{ Querystring: { pageSize?: string } }>("/api/v1/care-tasks", async (request) => {
    const a = actorOf(request.headers["x-bench-actor"]);
    const pageSize = Number(request.query.pageSize ?? 20);
    const now = new Date();
    const { end } = localDayBounds(now, await settingsFor(a.storeId));
    const items = (await pool.query(SQL.careToday, [a.storeId, now, end, pageSize])).rows;
    const total =
      items.length < pageSize
        ? items.length
        : Number((await pool.query(SQL.careTodayCount, [a.storeId, now, end])).rows[0].count);
    return { items, total };
  });

  app.get<{ Querystring: { q?: string; level?: string; pageSize?: string } }>(
    "/api/v1/leads",
    async (request) => {
      const a = actorOf(request.headers["x-bench-actor"]);
      const { q, level } = request.query;
      const pageSize = Number(request.query.pageSize ?? 20);
      const params = q
        ? [a.storeId, a.userId, `${q.replace(/\D/g, "")}%`]
        : [a.storeId, ...(level ?? "A,B").split(","), new Date()];
      const page = await pool.query(q ? SQL.searchOwn : SQL.overdueAB, [...params, pageSize]);
      // as listLeads: a first page that is not full is its own count
      const total =
        page.rows.length < pageSize
          ? page.rows.length
          : Number((await pool.query(q ? SQL.searchOwnCount : SQL.overdueABCount, params)).rows[0].count);
      return { items: page.rows, total };
    },
  );

  app.post<{ Params: { id: string }; Body: { channel: string; reached: boolean; content: string } }>(
    "/api/v1/leads/:id/follow-ups",
    async (request, reply) => {
      const a = actorOf(request.headers["x-bench-actor"]);
      const leadId = Number(request.params.id);
      const { channel, reached, content } = request.body;
      const now = new Date();
      const client = await pool.connect();
      try {
        await client.query("begin");
        const before = (await client.query(SQL.lockOwnLead, [leadId, a.storeId, a.userId])).rows[0];
        if (!before) {
          await client.query("rollback");
          return reply.status(404).send({ error: { code: "not_found" } });
        }
        const outcome = applyFollowUp(
          {
            level: before.level as Level,
            levelSince: before.level_since,
            state: before.state as LeadState,
            createdAt: before.created_at,
            lastReachedAt: before.last_reached_at,
            dueAt: before.due_at,
          },
          { occurredAt: now, reached },
          now,
          await settingsFor(before.store_id),
        );
        if (!outcome.ok) {
          await client.query("rollback");
          return reply.status(422).send({ error: { code: outcome.code } });
        }
        const fu = (
          await client.query(SQL.insertFollowUp, [
            before.store_id,
            leadId,
            now,
            channel,
            reached,
            content,
            outcome.levelBefore,
            outcome.levelAfter,
            outcome.nextContactAt,
            a.userId,
            now,
          ])
        ).rows[0];
        const lead = (
          await client.query(SQL.updateLead, [
            outcome.levelAfter,
            outcome.levelSince,
            outcome.dueAt,
            outcome.nextContactAt,
            outcome.lastReachedAt,
            now,
            before.store_id,
            leadId,
          ])
        ).rows[0];
        await client.query(SQL.insertAudit, [
          before.store_id,
          a.userId,
          "create",
          "follow_up",
          String(fu.id),
          null,
          JSON.stringify(fu),
          request.ip,
          before.store_id,
          a.userId,
          "follow_up",
          "lead",
          String(leadId),
          JSON.stringify(before),
          JSON.stringify(lead),
          request.ip,
        ]);
        await client.query("commit");
        return reply.status(201).send({ followUp: fu, lead });
      } catch (err) {
        await client.query("rollback").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  );

  /** One write transaction on a client of the pool; a refusal answers its status and code, like our server. */
  const inTransaction = async <T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      const out = await work(client);
      await client.query("commit");
      return out;
    } catch (err) {
      await client.query("rollback").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
  const refuse = (statusCode: number, code: string) => Object.assign(new Error(code), { statusCode, code });
  /** the route's answer after a write: the order joined with its lead, people and car, and its callbacks */
  const orderAnswer = async (a: { userId: number; storeId: number }, orderId: number) => {
    const [order, callbacks] = [
      (await pool.query(SQL.orderJoined, [orderId, a.storeId, a.userId])).rows[0],
      (await pool.query(SQL.careOfOrder, [a.storeId, orderId])).rows,
    ];
    return { ...order, careTasks: callbacks };
  };

  app.post<{
    Body: { leadId: number; vehicleId: number; depositFen: number; depositMethod?: string; priceFen: number };
  }>("/api/v1/orders", async (request, reply) => {
    const a = actorOf(request.headers["x-bench-actor"]);
    const b = request.body;
    const now = new Date();
    const ip = request.ip;
    const orderId = await inTransaction(async (c) => {
      const lead = (await c.query(SQL.lockOwnLead, [b.leadId, a.storeId, a.userId])).rows[0];
      if (!lead) throw refuse(404, "not_found");
      if (lead.state !== "active") throw refuse(409, "lead_not_active");
      if ((await c.query(SQL.openOrderOfLead, [lead.store_id, lead.id, "open"])).rows[0])
        throw refuse(409, "lead_has_open_order");
      const car = (await c.query(SQL.lockCar, [lead.store_id, b.vehicleId])).rows[0];
      if (!car) throw refuse(404, "not_found");
      if (!canReserve(car.status as StockStatus)) throw refuse(409, "vin_reserved");
      const settings = await settingsFor(lead.store_id);
      const year = Number(localDateOf(now, settings).slice(0, 4));
      const seq = (await c.query(SQL.nextOrderNo, [lead.store_id, year, 1])).rows[0].last;
      const no = orderNo(year, seq);
      const order = (
        await c.query(SQL.insertOrder, [
          lead.store_id,
          no,
          lead.id,
          lead.customer_id,
          null,
          car.id,
          car.status,
          null,
          null,
          null,
          null,
          b.priceFen,
          b.depositFen,
          b.depositMethod ?? "cash",
          lead.referrer_customer_id,
          lead.owner_id,
          now,
          a.userId,
          now,
          now,
        ])
      ).rows[0];
      const reserved = (await c.query(SQL.reserveCar, ["reserved", now, car.store_id, car.id])).rows[0];
      await c.query(SQL.insertAudit1, [
        ...[car.store_id, a.userId, "reserve", "stock_vehicle", String(car.id)],
        ...[JSON.stringify(car), JSON.stringify({ ...reserved, orderId: order.id }), ip],
      ]);
      const change = salesLevelChange(
        "ordered",
        { state: lead.state, lastReachedAt: lead.last_reached_at },
        now,
        settings,
      );
      const after = (
        await c.query(SQL.leadOrdered, [
          ...[change.level, change.levelSince, change.state, change.dueAt, change.lastReachedAt, now],
          ...[lead.store_id, lead.id],
        ])
      ).rows[0];
      const data = {
        orderId: order.id,
        orderNo: no,
        vin: car.vin,
        model: car.model,
        from: lead.level,
        to: "O",
      };
      await c.query(SQL.insertLeadEvent, [
        lead.store_id,
        lead.id,
        "ordered",
        now,
        a.userId,
        JSON.stringify(data),
      ]);
      await c.query(SQL.insertAudit1, [
        ...[lead.store_id, a.userId, "ordered", "lead", String(lead.id)],
        ...[JSON.stringify(lead), JSON.stringify(after), ip],
      ]);
      await c.query(SQL.insertAudit1, [
        ...[lead.store_id, a.userId, "create", "order", String(order.id), null, JSON.stringify(order), ip],
      ]);
      return order.id as number;
    });
    return reply.status(201).send(await orderAnswer(a, orderId));
  });

  app.post<{ Params: { id: string }; Body: { pdiDone: boolean; documents: Documents } }>(
    "/api/v1/orders/:id/deliver",
    async (request) => {
      const a = actorOf(request.headers["x-bench-actor"]);
      const id = Number(request.params.id);
      const now = new Date();
      const ip = request.ip;
      await inTransaction(async (c) => {
        const found = (await c.query(SQL.orderInScope, [id, a.storeId, a.userId])).rows[0];
        if (!found) throw refuse(404, "not_found");
        const lead = (await c.query(SQL.lockOwnLead, [found.lead_id, a.storeId, a.userId])).rows[0];
        if (!lead) throw refuse(404, "not_found");
        const order = (await c.query(SQL.lockOrder, [found.store_id, id])).rows[0];
        if (order.state !== "open") throw refuse(409, "order_not_open");
        if (order.vehicle_id === null) throw refuse(409, "no_vehicle");
        if (checklistMissing(request.body.pdiDone, request.body.documents).length)
          throw refuse(409, "checklist_incomplete");
        const car = (await c.query(SQL.lockCar, [order.store_id, order.vehicle_id])).rows[0];
        if (car.arrived_at === null) throw refuse(409, "vehicle_not_arrived");
        const settings = await settingsFor(order.store_id);
        if ((await c.query(SQL.vehicleByVin, [order.store_id, car.vin])).rows[0])
          throw refuse(409, "vin_owned_by_other_customer");
        const vehicle = (
          await c.query(SQL.insertVehicle, [
            ...[
              order.store_id,
              order.customer_id,
              car.vin,
              car.vin_check_warning,
              car.model,
              car.trim,
              car.colour,
            ],
            ...[localDateOf(now, settings), true, now],
          ])
        ).rows[0];
        await c.query(SQL.insertAudit1, [
          ...[
            order.store_id,
            a.userId,
            "create",
            "vehicle",
            String(vehicle.id),
            null,
            JSON.stringify(vehicle),
            ip,
          ],
        ]);
        const sold = (await c.query(SQL.sellCar, ["sold", now, now, order.store_id, car.id])).rows[0];
        const after = (
          await c.query(SQL.orderDelivered, [
            ...["delivered", now, a.userId, true, JSON.stringify(request.body.documents), vehicle.id, now],
            ...[order.store_id, order.id],
          ])
        ).rows[0];
        const change = salesLevelChange(
          "delivered",
          { state: lead.state, lastReachedAt: lead.last_reached_at },
          now,
          settings,
        );
        const leadAfter = (
          await c.query(SQL.leadDelivered, [
            ...[change.level, change.levelSince, change.state, change.dueAt, null, change.lastReachedAt, now],
            ...[lead.store_id, lead.id],
          ])
        ).rows[0];
        const data = { orderId: order.id, orderNo: order.order_no, vin: car.vin, from: lead.level, to: "D" };
        await c.query(SQL.insertLeadEvent, [
          lead.store_id,
          lead.id,
          "delivered",
          now,
          a.userId,
          JSON.stringify(data),
        ]);
        await c.query(SQL.insertAudit1, [
          ...[lead.store_id, a.userId, "delivered", "lead", String(lead.id)],
          ...[JSON.stringify(lead), JSON.stringify(leadAfter), ip],
        ]);
        const callbacks = (
          await c.query(
            SQL.insertCallbacks,
            POST_SALE_CALLBACK_DAYS.flatMap((d) => [
              ...[order.store_id, "post_sale_callback", order.customer_id, vehicle.id, order.id, d],
              ...[postSaleCallbackDue(now, d, settings), now],
            ]),
          )
        ).rows;
        await c.query(
          SQL.insertAudit3,
          callbacks.flatMap((t) => [
            order.store_id,
            a.userId,
            "create",
            "care_task",
            String(t.id),
            null,
            JSON.stringify(t),
            ip,
          ]),
        );
        await c.query(SQL.insertAudit, [
          ...[order.store_id, a.userId, "sell", "stock_vehicle", String(car.id)],
          ...[JSON.stringify(car), JSON.stringify({ ...sold, orderId: order.id }), ip],
          ...[order.store_id, a.userId, "deliver", "order", String(order.id)],
          ...[JSON.stringify(order), JSON.stringify(after), ip],
        ]);
      });
      return orderAnswer(a, id);
    },
  );

  await app.listen({ port, host: "127.0.0.1" });
  return async () => {
    await app.close();
    await pool.end();
  };
}

// Run as a program (by bench/run.ts): serve until told to stop.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const url = process.env.DATABASE_URL;
  const port = Number(process.env.BASELINE_PORT ?? 3999);
  if (!url) throw new Error("DATABASE_URL is required");
  const stop = await startBaseline(url, port);
  console.log(`baseline listening on http://127.0.0.1:${port}`);
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => void stop().then(() => process.exit(0)));
}
