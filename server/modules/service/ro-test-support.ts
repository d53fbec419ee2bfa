/**
 * Fixtures of the repair order tests: a customer with a vehicle straight into the tables (independent of the
 * customer endpoints), and request helpers for the repair order endpoints.
 */
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { TestContext, TestUser } from "../../../tests/support/app.ts";
import { vinCheckDigit } from "../../platform/validators.ts";

let seq = 0;
let phoneSeq = 13700000000 + Math.floor(Math.random() * 9_000_000) * 10;

/** A VIN with a valid check digit, unique within the test run. */
export function nextVin(): string {
  const draft = `LFV2A21K0${String(10_000_000 + ++seq * 7 + Math.floor(Math.random() * 7)).slice(-8)}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

export interface Owned {
  customerId: number;
  vehicleId: number;
  vin: string;
  plate: string;
}

/** the tables a refused repair order request must leave as they were */
export const RO_TABLES = [
  "repair_orders",
  "ro_counters",
  "ro_labour_lines",
  "ro_part_lines",
  "ro_events",
  "care_tasks",
  "appointments",
  "vehicles",
  "audit_log",
];

export function roFixtures(ctx: TestContext) {
  const send = (u: TestUser | null, method: InjectOptions["method"], url: string, payload?: unknown) =>
    ctx.req(u, {
      method,
      url: `/api/v1${url}`,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = async (u: TestUser, method: InjectOptions["method"], url: string, payload?: unknown) => {
    const res = await send(u, method, url, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const refused = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    return res.json().error;
  };

  return {
    send,
    ok,
    refused,
    /**
     * Sets the clock. Sessions end after 2 h idle and 12 h in all: the tests' sessions are renewed at that
     * time, so a test can move across days without logging everybody in again (scrypt is slow on purpose).
     */
    async at(iso: string) {
      ctx.clock.set(iso);
      await ctx.pool.query("UPDATE sessions SET created_at = $1, last_seen_at = $1", [iso]);
      return iso;
    },
    /** a customer of the store with one vehicle (mileage as the customer record knows it) */
    async vehicle(storeId: number, over: { mileageKm?: number | null; model?: string } = {}): Promise<Owned> {
      const n = ++seq;
      const c = await ctx.pool.query(
        "INSERT INTO customers (store_id, kind, name, phone) VALUES ($1, 'person', $2, $3) RETURNING id",
        [storeId, `车主${n}`, String(++phoneSeq)],
      );
      const vin = nextVin();
      const plate = `苏A${String(10000 + n).slice(-5)}`;
      const v = await ctx.pool.query(
        `INSERT INTO vehicles (store_id, customer_id, vin, plate, model, mileage_km)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          storeId,
          c.rows[0].id,
          vin,
          plate,
          over.model ?? "帕萨特",
          over.mileageKm === undefined ? 20_000 : over.mileageKm,
        ],
      );
      return { customerId: Number(c.rows[0].id), vehicleId: Number(v.rows[0].id), vin, plate };
    },
    async open(by: TestUser, body: Record<string, unknown>) {
      const res = await send(by, "POST", "/repair-orders", {
        mileageIn: 25_000,
        complaint: "发动机异响",
        workType: "mechanical",
        ...body,
      });
      if (res.statusCode !== 201) throw new Error(`open: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    /** an order moved through its steps up to `until`, one labour line on it */
    async through(
      by: TestUser,
      body: Record<string, unknown>,
      until: "open" | "in_progress" | "done" | "settled" | "handed_back",
      at: { settled?: string; handedBack?: string } = {},
    ) {
      let ro = await this.open(by, body);
      ro = await ok(by, "POST", `/repair-orders/${ro.id}/labour`, {
        description: "检查",
        hours: 1,
        rateFen: 20_000,
      });
      for (const to of ["in_progress", "done"] as const) {
        if (until === "open" || (until === "in_progress" && to === "done")) return ro;
        ro = await ok(by, "POST", `/repair-orders/${ro.id}/transition`, { to });
      }
      if (until === "done") return ro;
      ro = await ok(
        by,
        "POST",
        `/repair-orders/${ro.id}/settle`,
        at.settled ? { occurredAt: at.settled } : {},
      );
      if (until === "settled") return ro;
      return ok(
        by,
        "POST",
        `/repair-orders/${ro.id}/hand-back`,
        at.handedBack ? { occurredAt: at.handedBack } : {},
      );
    },
  };
}

export async function snapshot(ctx: TestContext): Promise<Record<string, unknown>> {
  return {
    ...Object.fromEntries(await Promise.all(RO_TABLES.map(async (t) => [t, await ctx.count(t)]))),
    orders: (await ctx.pool.query("SELECT id, state, total_fen, updated_at FROM repair_orders ORDER BY id"))
      .rows,
    counters: (await ctx.pool.query("SELECT store_id, day, last FROM ro_counters ORDER BY store_id, day"))
      .rows,
    mileage: (await ctx.pool.query("SELECT id, mileage_km FROM vehicles ORDER BY id")).rows,
  };
}
