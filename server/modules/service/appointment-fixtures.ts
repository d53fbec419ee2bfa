/** Fixtures of the appointment tests: customers and vehicles written straight into their tables. */
import type { InjectOptions } from "fastify";
import type { TestContext, TestUser } from "../../../tests/support/app.ts";
import { vinCheckDigit } from "../../platform/validators.ts";

let seq = 0;

export function appointmentFixtures(ctx: TestContext) {
  const send = (u: TestUser, method: InjectOptions["method"], url: string, payload?: unknown) =>
    ctx.req(u, {
      method,
      url: `/api/v1${url}`,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    send,
    async ok(u: TestUser, method: InjectOptions["method"], url: string, payload?: unknown) {
      const res = await send(u, method, url, payload);
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.statusCode === 204 ? null : res.json();
    },
    /** a customer with one vehicle */
    async customer(storeId: number, model = "朗逸"): Promise<{ customerId: number; vehicleId: number }> {
      const n = ++seq;
      const c = await ctx.pool.query(
        "INSERT INTO customers (store_id, kind, name, phone) VALUES ($1, 'person', $2, $3) RETURNING id",
        [storeId, `车主${n}`, String(13900000000 + Math.floor(Math.random() * 90_000_000) + n)],
      );
      const customerId = Number(c.rows[0].id);
      return { customerId, vehicleId: await this.vehicle(storeId, customerId, model) };
    },
    async vehicle(storeId: number, customerId: number, model = "朗逸"): Promise<number> {
      const draft = `LSVNB41Z0N${String(2_000_000 + ++seq * 13 + Math.floor(Math.random() * 13)).slice(-7)}`;
      const vin = `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
      const v = await ctx.pool.query(
        "INSERT INTO vehicles (store_id, customer_id, vin, plate, model) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        [storeId, customerId, vin, `沪A${String(10000 + seq).slice(-5)}`, model],
      );
      return Number(v.rows[0].id);
    },
  };
}
