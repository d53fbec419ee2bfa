/**
 * What the after-sales write scenarios use up, made before they run: opening a repair order takes a
 * customer vehicle that is not in the workshop, settling takes a repair order that is `done`. The done
 * orders are the ones the open scenario just created, finished in SQL (a labour line, the state steps):
 * walking each through three more API calls would triple the preparation for no measurement.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../server/db/index.ts";

export interface FreeVehicle {
  vehicleId: number;
  mileageKm: number;
}

/** Per advisor, vehicles of the store without an unfinished repair order, each handed out once. */
export async function freeVehicles(
  db: Db,
  advisors: { userId: number; storeId: number }[],
  perAdvisor: number,
): Promise<Map<number, FreeVehicle[]>> {
  const out = new Map<number, FreeVehicle[]>();
  const storeIds = [...new Set(advisors.map((a) => a.storeId))];
  for (const storeId of storeIds) {
    const group = advisors.filter((a) => a.storeId === storeId);
    const r = await db.execute<{ id: string; km: string }>(sql`
      SELECT v.id, coalesce(v.mileage_km, 0) AS km FROM vehicles v
      WHERE v.store_id = ${storeId} AND NOT EXISTS (
        SELECT 1 FROM repair_orders o WHERE o.store_id = v.store_id AND o.vehicle_id = v.id AND o.state <> 'handed_back')
      ORDER BY random() LIMIT ${perAdvisor * group.length}`);
    const rows = r.rows.map((x) => ({ vehicleId: Number(x.id), mileageKm: Number(x.km) }));
    for (const [i, a] of group.entries()) {
      out.set(
        a.userId,
        rows.filter((_, k) => k % group.length === i),
      );
    }
  }
  return out;
}

/**
 * Finishes the given advisors' untouched open repair orders (no lines yet) as the workshop would: a labour
 * line, in progress, done, with their state history. Returns them per advisor.
 */
export async function finishOpenOrders(
  db: Db,
  advisors: { userId: number; storeId: number }[],
): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  await db.transaction(async (tx) => {
    for (const a of advisors) {
      const r = await tx.execute<{ id: string }>(sql`
        WITH picked AS (
          SELECT o.id FROM repair_orders o
          WHERE o.store_id = ${a.storeId} AND o.advisor_id = ${a.userId} AND o.state = 'open'
            AND NOT EXISTS (SELECT 1 FROM ro_labour_lines l WHERE l.store_id = o.store_id AND l.repair_order_id = o.id)
            AND NOT EXISTS (SELECT 1 FROM ro_part_lines p WHERE p.store_id = o.store_id AND p.repair_order_id = o.id)
          FOR UPDATE
        ), lines AS (
          INSERT INTO ro_labour_lines (store_id, repair_order_id, description, hours_centi, rate_fen, amount_fen, payer, created_by)
          SELECT ${a.storeId}, id, '常规保养工时', 100, 18000, 18000, 'customer', ${a.userId} FROM picked
        ), events AS (
          INSERT INTO ro_events (store_id, repair_order_id, from_state, to_state, at, actor_id)
          SELECT ${a.storeId}, id, s.f, s.t, now(), ${a.userId} FROM picked
          CROSS JOIN (VALUES ('open', 'in_progress'), ('in_progress', 'done')) s(f, t)
        )
        UPDATE repair_orders o SET state = 'done', started_at = now(), done_at = now(), updated_at = now()
        FROM picked WHERE o.store_id = ${a.storeId} AND o.id = picked.id
        RETURNING o.id`);
      out.set(
        a.userId,
        r.rows.map((x) => Number(x.id)),
      );
    }
  });
  return out;
}

/** Per customer-service agent, customers of the store who have been to the workshop (their 360 has content). */
export async function serviceCustomers(
  db: Db,
  agents: { userId: number; storeId: number }[],
  perAgent: number,
): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const a of agents) {
    const r = await db.execute<{ id: string }>(sql`
      SELECT id FROM (SELECT DISTINCT customer_id AS id FROM repair_orders
                      WHERE store_id = ${a.storeId} AND opened_at > now() - interval '400 days') c
      ORDER BY random() LIMIT ${perAgent}`);
    out.set(
      a.userId,
      r.rows.map((x) => Number(x.id)),
    );
  }
  return out;
}

/**
 * After the settle run: the customers collect their cars (hand-back in SQL, with its step), so that the
 * next run's board shows a workshop's day again and not every order the write runs made.
 */
export async function handBackSettled(
  db: Db,
  advisors: { userId: number; storeId: number }[],
): Promise<number> {
  let n = 0;
  await db.transaction(async (tx) => {
    for (const a of advisors) {
      const r = await tx.execute(sql`
        WITH picked AS (
          SELECT o.id FROM repair_orders o
          WHERE o.store_id = ${a.storeId} AND o.advisor_id = ${a.userId} AND o.state = 'settled'
          FOR UPDATE
        ), events AS (
          INSERT INTO ro_events (store_id, repair_order_id, from_state, to_state, at, actor_id)
          SELECT ${a.storeId}, id, 'settled', 'handed_back', now(), ${a.userId} FROM picked
        )
        UPDATE repair_orders o SET state = 'handed_back', handed_back_at = now(), handed_back_by = ${a.userId},
          updated_at = now()
        FROM picked WHERE o.store_id = ${a.storeId} AND o.id = picked.id`);
      n += r.rowCount ?? 0;
    }
  });
  return n;
}
