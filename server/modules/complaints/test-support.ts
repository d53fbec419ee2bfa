/**
 * Fixtures of the complaint and claim tests written straight into the tables: customers, vehicles, repair orders
 * with their lines and care tasks are other modules' records, and these tests must not depend on their use cases.
 */
import type { TestContext } from "../../../tests/support/app.ts";

let seq = 0;
const phoneBase = 13600000000 + Math.floor(Math.random() * 90_000_000);

export function fixtures(ctx: TestContext) {
  const one = async (text: string, values: unknown[]) =>
    Number((await ctx.pool.query(text, values)).rows[0].id);
  return {
    customer: (storeId: number, name = `客户${++seq}`) =>
      one(`INSERT INTO customers (store_id, kind, name, phone) VALUES ($1, 'person', $2, $3) RETURNING id`, [
        storeId,
        name,
        String(phoneBase + ++seq),
      ]),
    vehicle: (storeId: number, customerId: number, plate: string | null = null) =>
      one(
        `INSERT INTO vehicles (store_id, customer_id, vin, plate, model) VALUES ($1, $2, $3, $4, '帕萨特') RETURNING id`,
        [storeId, customerId, `LSVTEST${String(++seq).padStart(10, "0")}`, plate],
      ),
    /** a repair order of the vehicle in the given state; done and later states have their done time */
    repairOrder: async (
      storeId: number,
      vehicleId: number,
      advisorId: number,
      o: { workType?: string; state?: string; doneAt?: string } = {},
    ) => {
      const state = o.state ?? "done";
      const done = ["done", "settled", "handed_back"].includes(state);
      return one(
        `INSERT INTO repair_orders (store_id, ro_no, customer_id, vehicle_id, mileage_in, complaint, work_type,
           advisor_id, state, opened_at, done_at)
         SELECT $1, $2, customer_id, id, 12000, '发动机异响', $3, $4, $5, $6::timestamptz - interval '1 day', $7
         FROM vehicles WHERE store_id = $1 AND id = $8 RETURNING id`,
        [
          storeId,
          `RO20261120-${String(++seq).padStart(4, "0")}`,
          o.workType ?? "warranty",
          advisorId,
          state,
          o.doneAt ?? "2026-11-20T02:00:00Z",
          done ? (o.doneAt ?? "2026-11-20T02:00:00Z") : null,
          vehicleId,
        ],
      );
    },
    labour: (storeId: number, roId: number, amountFen: number, payer: string, by: number) =>
      one(
        `INSERT INTO ro_labour_lines (store_id, repair_order_id, description, hours_centi, rate_fen, amount_fen, payer, created_by)
         VALUES ($1, $2, '更换', 100, $3, $3, $4, $5) RETURNING id`,
        [storeId, roId, amountFen, payer, by],
      ),
    part: (storeId: number, roId: number, amountFen: number, payer: string, by: number) =>
      one(
        `INSERT INTO ro_part_lines (store_id, repair_order_id, part_no, name, quantity_centi, unit_price_fen, amount_fen, payer, created_by)
         VALUES ($1, $2, 'P-001', '水泵', 100, $3, $3, $4, $5) RETURNING id`,
        [storeId, roId, amountFen, payer, by],
      ),
    /** an open callback task of the customer (post-service ones with their repair order) */
    careTask: (
      storeId: number,
      customerId: number,
      type: "post_sale_callback" | "post_service_callback",
      o: { vehicleId?: number; repairOrderId?: number; createdAt?: string } = {},
    ) =>
      one(
        `INSERT INTO care_tasks (store_id, type, customer_id, vehicle_id, repair_order_id, day_offset, due_at, created_at)
         VALUES ($1, $2, $3, $4, $5, 3, '2026-11-27T10:00:00Z', $6) RETURNING id`,
        [
          storeId,
          type,
          customerId,
          o.vehicleId ?? null,
          o.repairOrderId ?? null,
          o.createdAt ?? "2026-11-20T02:00:00Z",
        ],
      ),
  };
}
