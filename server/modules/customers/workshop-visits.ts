/**
 * Workshop visits (a repair order opened, DOMAIN §2) in SQL, for the customer list's loyalty column and
 * filter. The 12-month window starts at store-local midnight (loyalty.ts `loyaltyWindowStart`), so it is
 * computed per store in TypeScript and passed in as a parameter: the filter and the class shown on each row
 * use the same instant and the same thresholds as the pure rule.
 *
 * Repair orders are read with plain SQL: the service module depends on this one, not the other way round.
 */
import { inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { stores } from "../identity/index.ts";
import {
  ACTIVE_VISITS,
  FREQUENT_VISITS,
  type LoyaltyClass,
  loyaltyClassOf,
  loyaltyWindowStart,
} from "./loyalty.ts";

/** The window start of every store a query spans (a store user's one store; the group admin's all). */
export type WindowStarts = Map<number, Date>;

export async function windowStarts(db: Executor, storeId: number | null, now: Date): Promise<WindowStarts> {
  const rows = await db
    .select({ id: stores.id, timeZone: stores.timeZone })
    .from(stores)
    .where(storeId === null ? undefined : inArray(stores.id, [storeId]));
  return new Map(rows.map((s) => [s.id, loyaltyWindowStart(now, s.timeZone)]));
}

const instant = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * The window start for the store in `storeColumn`: one parameter for one store (the index range
 * `repair_orders_opened (store_id, opened_at)` applies), a CASE over the group's few stores otherwise.
 */
function windowStartOf(storeColumn: SQL, starts: WindowStarts): SQL {
  const entries = [...starts];
  if (entries.length === 1) return instant(entries[0]![1]);
  // no store at all (an empty group): nothing is in any window
  if (entries.length === 0) return sql`'infinity'::timestamptz`;
  return sql`(case ${storeColumn} ${sql.join(
    entries.map(([id, start]) => sql`when ${id} then ${instant(start)}`),
    sql` `,
  )} end)`;
}

function storeCondition(starts: WindowStarts): SQL {
  const ids = [...starts.keys()];
  return ids.length === 1 ? sql`ro.store_id = ${ids[0]}` : sql`ro.store_id in (${sql.join(ids, sql`, `)})`;
}

/**
 * The condition on the (unaliased) `customers` row for a loyalty class. frequent/active/once/lost are one
 * grouped pass over the store's repair orders (the window's orders only, by `repair_orders_opened`, for
 * the first three; `repair_orders_customer` covers lost's max(opened_at)) giving a set of customers that is
 * joined to the page — never a count per customer row by row over the 200k customers. `none` is an anti-join.
 */
export function loyaltyCondition(cls: LoyaltyClass, starts: WindowStarts): SQL {
  const start = windowStartOf(sql`ro.store_id`, starts);
  const inWindow = (having: SQL) =>
    sql`(customers.store_id, customers.id) in (select ro.store_id, ro.customer_id from repair_orders ro where ${storeCondition(starts)} and ro.opened_at >= ${start} group by ro.store_id, ro.customer_id having ${having})`;
  switch (cls) {
    case "frequent":
      return inWindow(sql`count(*) >= ${FREQUENT_VISITS}`);
    case "active":
      return inWindow(sql`count(*) between ${ACTIVE_VISITS} and ${FREQUENT_VISITS - 1}`);
    case "once":
      return inWindow(sql`count(*) = 1`);
    case "lost":
      return sql`(customers.store_id, customers.id) in (select ro.store_id, ro.customer_id from repair_orders ro where ${storeCondition(starts)} group by ro.store_id, ro.customer_id having max(ro.opened_at) < ${start})`;
    case "none":
      return sql`not exists (select 1 from repair_orders ro where ro.store_id = customers.store_id and ro.customer_id = customers.id)`;
  }
}

export interface Visits {
  visits12m: number;
  loyaltyClass: LoyaltyClass;
}

const key = (storeId: number, customerId: number) => `${storeId}:${customerId}`;

/**
 * Visits in the window and before it for the customers of one page, in one grouped query by the index
 * `repair_orders_customer (store_id, customer_id, opened_at)`. Keyed by `storeId:customerId`.
 */
export async function visitsOf(
  db: Executor,
  customers: readonly { storeId: number; id: number }[],
  starts: WindowStarts,
): Promise<(storeId: number, customerId: number) => Visits> {
  const counts = new Map<string, { inWindow: number; before: number }>();
  if (customers.length > 0 && starts.size > 0) {
    const start = windowStartOf(sql`ro.store_id`, starts);
    const pairs = sql.join(
      customers.map((c) => sql`(${c.storeId}::bigint, ${c.id}::bigint)`),
      sql`, `,
    );
    const rows = await db.execute<{
      store_id: string;
      customer_id: string;
      in_window: number;
      before: number;
    }>(
      sql`select ro.store_id, ro.customer_id,
            (count(*) filter (where ro.opened_at >= ${start}))::int as in_window,
            (count(*) filter (where ro.opened_at < ${start}))::int as before
          from repair_orders ro
          where (ro.store_id, ro.customer_id) in (${pairs})
          group by ro.store_id, ro.customer_id`,
    );
    for (const r of rows.rows) {
      counts.set(key(Number(r.store_id), Number(r.customer_id)), { inWindow: r.in_window, before: r.before });
    }
  }
  return (storeId, customerId) => {
    const c = counts.get(key(storeId, customerId)) ?? { inWindow: 0, before: 0 };
    return { visits12m: c.inWindow, loyaltyClass: loyaltyClassOf(c.inWindow, c.before) };
  };
}
