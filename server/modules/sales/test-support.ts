/**
 * Fixtures of the sales tests: leads through the API, stock cars straight into the table (the tests choose
 * any status and arrival, independent of the stock endpoints), and small request helpers.
 */
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { TestContext, TestUser } from "../../../tests/support/app.ts";
import { vinCheckDigit } from "../../platform/validators.ts";
import type { StockStatus } from "../stock/index.ts";

let seq = 0;
let phoneSeq = 13500000000 + Math.floor(Math.random() * 9_000_000) * 10;

export const nextPhone = () => String(++phoneSeq);

/** A VIN with a valid check digit, unique within the test run. */
export function nextVin(): string {
  const draft = `LSVAU2180N${String(1_000_000 + ++seq * 7 + Math.floor(Math.random() * 7)).slice(-7)}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

export const FULL_CHECKLIST = {
  pdiDone: true,
  documents: {
    invoice: true,
    certificate: true,
    manual: true,
    warrantyCard: true,
    keys: true,
    insurancePolicy: true,
  },
};

export interface Car {
  id: number;
  vin: string;
}

export function salesFixtures(ctx: TestContext) {
  const send = (u: TestUser | null, method: InjectOptions["method"], url: string, payload?: unknown) =>
    ctx.req(u, {
      method,
      url: `/api/v1${url}`,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = async (
    u: TestUser,
    method: InjectOptions["method"],
    url: string,
    payload?: unknown,
    status?: number,
  ) => {
    const res = await send(u, method, url, payload);
    if (res.statusCode >= 300 || (status !== undefined && res.statusCode !== status)) {
      throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    }
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
    async lead(by: TestUser, over: Record<string, unknown> = {}) {
      const body = await ok(by, "POST", "/leads", {
        name: "周先生",
        phone: nextPhone(),
        source: "walk_in",
        intendedModel: "途观L",
        colour: "白色",
        ...over,
      });
      return body.lead as { id: number; customerId: number; phone: string; level: string; ownerId: number };
    },
    async car(
      storeId: number,
      over: {
        status?: StockStatus;
        arrivedAt?: string | null;
        model?: string;
        colour?: string;
        trim?: string;
        optionPackage?: string;
      } = {},
    ): Promise<Car> {
      const status = over.status ?? "in_stock";
      const arrivedAt =
        over.arrivedAt !== undefined
          ? over.arrivedAt
          : status === "in_transit"
            ? null
            : "2026-10-01T02:00:00Z";
      const vin = nextVin();
      const r = await ctx.pool.query(
        `INSERT INTO stock_vehicles (store_id, vin, model, trim, colour, option_package, cost_fen, list_price_fen,
           arrived_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, 18000000, 21000000, $7, $8) RETURNING id`,
        [
          storeId,
          vin,
          over.model ?? "途观L",
          over.trim ?? null,
          over.colour ?? "白色",
          over.optionPackage ?? null,
          arrivedAt,
          status,
        ],
      );
      return { id: Number(r.rows[0].id), vin };
    },
    async carStatus(id: number): Promise<{ status: string; soldAt: Date | null }> {
      const r = await ctx.pool.query("SELECT status, sold_at FROM stock_vehicles WHERE id = $1", [id]);
      return { status: r.rows[0].status, soldAt: r.rows[0].sold_at };
    },
    async order(by: TestUser, body: Record<string, unknown>) {
      return ok(
        by,
        "POST",
        "/orders",
        { depositFen: 500_000, depositMethod: "wechat", priceFen: 20_000_000, ...body },
        201,
      );
    },
  };
}
