/**
 * What the benchmark's order scenarios use up, made before they run: an order takes a lead without an open
 * order and a free stock car, a delivery takes an open order whose car has arrived. Each request gets its
 * own, so a run of N orders needs N (lead, car) pairs; the deliveries then use the orders just created
 * (plus any open orders of the same consultants), and so leave no open orders behind.
 *
 * The pairs are fresh rows (a customer with a lead at level H, an in-stock car) inserted in one transaction,
 * owned by the consultants that place the orders — not those of the lead scenarios, whose books stay as
 * generated. Their phones start with 198, a prefix the generator never gives out.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../server/db/index.ts";
import { listPriceFen, MODEL_DRAW, modelName, optionPackage, paletteColour, trimName } from "./catalogue.ts";
import { createSqlFunctions } from "./sql-functions.ts";

export interface OrderPair {
  leadId: number;
  vehicleId: number;
  priceFen: number;
}

export async function prepareOrderPairs(
  db: Db,
  owners: { userId: number; storeId: number }[],
  perOwner: number,
): Promise<Map<number, OrderPair[]>> {
  const out = new Map<number, OrderPair[]>();
  await db.transaction(async (tx) => {
    await createSqlFunctions(tx);
    for (const o of owners) {
      const r = await tx.execute<{ lead_id: string; vehicle_id: string; price_fen: string }>(sql`
        WITH g AS (
          SELECT nextval(pg_get_serial_sequence('customers', 'id')) AS customer_id,
            nextval(pg_get_serial_sequence('leads', 'id')) AS lead_id,
            nextval(pg_get_serial_sequence('stock_vehicles', 'id')) AS vehicle_id,
            (${sql.param(MODEL_DRAW)}::int[])[1 + floor(random() * ${MODEL_DRAW.length})::int] AS model_no,
            1 + floor(random() * 3)::int AS trim_no, random() AS r_colour, random() AS r_option,
            now() - (10 + random() * 50) * interval '1 day' AS arrived_at,
            st.time_zone AS tz, st.business_day_end::time AS day_end
          FROM stores st CROSS JOIN generate_series(1, ${perOwner}::int)
          WHERE st.id = ${o.storeId}
        ), car AS (
          SELECT g.*, ${modelName(sql`model_no`)} AS model, ${trimName(sql`trim_no`)} AS trim,
            ${paletteColour(sql`model_no`, sql`r_colour`)} AS colour, ${listPriceFen(sql`model_no`, sql`trim_no`)} AS list_price_fen
          FROM g
        ), customers_in AS (
          INSERT INTO customers (store_id, id, kind, name, phone, created_at, updated_at)
          SELECT ${o.storeId}, customer_id, 'person', '压测订单客户' || customer_id,
            '198' || lpad((customer_id % 100000000)::text, 8, '0'), now() - interval '10 days', now() - interval '10 days'
          FROM g
        ), leads_in AS (
          -- level H, reached yesterday: due at the end of tomorrow's business day (H: within 2 days)
          INSERT INTO leads (store_id, id, customer_id, name, phone, source, intended_model, payment_method, colour,
            level, level_since, state, owner_id, in_pool, due_at, last_reached_at, created_at, updated_at)
          SELECT ${o.storeId}, lead_id, customer_id, '压测订单客户' || customer_id,
            '198' || lpad((customer_id % 100000000)::text, 8, '0'), 'walk_in', model, 'cash', colour,
            'H', now() - interval '2 days', 'active', ${o.userId}, false,
            (((now() - interval '1 day') AT TIME ZONE tz)::date + 2 + day_end) AT TIME ZONE tz,
            now() - interval '1 day', now() - interval '10 days', now() - interval '1 day'
          FROM car
        ), owners_in AS (
          INSERT INTO lead_owners (store_id, lead_id, owner_id, from_at, reason, actor_id)
          SELECT ${o.storeId}, lead_id, ${o.userId}, now() - interval '10 days', 'created', ${o.userId} FROM g
        ), cars_in AS (
          INSERT INTO stock_vehicles (store_id, id, vin, model, trim, colour, option_package, cost_fen, list_price_fen,
            arrived_at, status, created_at, updated_at)
          SELECT ${o.storeId}, vehicle_id, pg_temp.bench_vin(model_no, trim_no, extract(year FROM arrived_at)::int, vehicle_id),
            model, trim, colour, ${optionPackage(sql`model_no`, sql`r_option`)}, (list_price_fen * 0.88)::bigint, list_price_fen,
            arrived_at, 'in_stock', arrived_at - interval '20 days', arrived_at
          FROM car
        )
        SELECT lead_id, vehicle_id, list_price_fen AS price_fen FROM car ORDER BY lead_id`);
      out.set(
        o.userId,
        r.rows.map((x) => ({
          leadId: Number(x.lead_id),
          vehicleId: Number(x.vehicle_id),
          priceFen: Number(x.price_fen),
        })),
      );
    }
  });
  return out;
}

/** Open orders of these consultants' leads whose car has arrived: what a delivery can take. */
export async function deliverableOrders(
  db: Db,
  owners: { userId: number; storeId: number }[],
): Promise<Map<number, number[]>> {
  const r = await db.execute<{ id: string; owner_id: string }>(sql`
    SELECT o.id, l.owner_id
    FROM orders o
    JOIN leads l ON l.store_id = o.store_id AND l.id = o.lead_id
    JOIN stock_vehicles v ON v.store_id = o.store_id AND v.id = o.vehicle_id
    WHERE o.store_id = ANY(${sql.param(owners.map((o) => o.storeId))}::bigint[])
      AND l.owner_id = ANY(${sql.param(owners.map((o) => o.userId))}::bigint[])
      AND o.state = 'open' AND v.arrived_at IS NOT NULL
      -- a VIN some customer has already (a leftover of an interrupted run) would answer 409
      AND NOT EXISTS (SELECT 1 FROM vehicles c WHERE c.store_id = v.store_id AND c.vin = v.vin)
    ORDER BY o.id`);
  const out = new Map<number, number[]>(owners.map((o) => [o.userId, []]));
  for (const row of r.rows) out.get(Number(row.owner_id))?.push(Number(row.id));
  return out;
}
