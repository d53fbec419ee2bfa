/** Small factories shared by the stock tests: valid VINs, cars of a given age, calls that must succeed. */
import type { InjectOptions } from "fastify";
import type { TestContext, TestUser } from "../../../tests/support/app.ts";
import { vinCheckDigit } from "../../platform/validators.ts";

export const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai: the store-local day is 2026-11-24
const DAY = 86_400_000;

/** The same local time of day, n days earlier. */
export const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * DAY).toISOString();

let seq = 0;
/** A VIN with a correct check digit, different on every call (`prefix` keeps cars of one test apart). */
export function vin(prefix = "LSVAM418"): string {
  const draft = `${prefix.padEnd(8, "0").slice(0, 8)}0N3${String(100000 + (++seq % 900000))}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

/** The same VIN with a wrong check digit. */
export function badCheckDigit(v: string): string {
  const wrong = v[8] === "1" ? "2" : "1";
  return `${v.slice(0, 8)}${wrong}${v.slice(9)}`;
}

export function kit(ctx: () => TestContext) {
  const send = (u: TestUser, method: InjectOptions["method"], url: string, payload?: object | string) =>
    ctx().req(u, {
      method,
      url: `/api/v1${url}`,
      ...(typeof payload === "string" ? { headers: { "content-type": "application/json" } } : {}),
      ...(payload === undefined ? {} : { payload }),
    });
  const ok = async (u: TestUser, method: InjectOptions["method"], url: string, payload?: object) => {
    const res = await send(u, method, url, payload);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  /** A car through the API: in stock, arrived `age` days ago, unless the fields say otherwise. */
  const car = (u: TestUser, fields: Record<string, unknown> = {}, age = 10) =>
    ok(u, "POST", "/vehicles", {
      vin: vin(),
      model: "途观L",
      colour: "白色",
      costFen: 18_000_000,
      ...(fields.status === "in_transit" ? {} : { arrivedAt: daysAgo(age) }),
      ...fields,
    });
  /** Sets a car's status behind the API's back, as the sales module does in its own transactions. */
  const setStatus = (id: number, status: string, extra = "") =>
    ctx().pool.query(`UPDATE stock_vehicles SET status = $1 ${extra} WHERE id = $2`, [status, id]);
  return { send, ok, car, setStatus };
}
