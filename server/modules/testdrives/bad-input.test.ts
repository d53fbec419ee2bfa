/**
 * Bad input on every write path of test drives and their routes: a clear error with a stable code, and
 * nothing written — not a booking, a state change, a route, a lead event, an audit row.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { caseList, caseRequest, F, type Group, NF, V } from "../../../tests/support/bad-input.ts";
import { vinCheckDigit } from "../../platform/validators.ts";

const NOW = "2026-11-24T02:00:00Z";
const LICENCE = "110101199003074514";
let ctx: TestContext;
let store: number;
let store2: number;
const u = {} as Record<
  "admin" | "gm" | "manager" | "consultant" | "consultant2" | "reception" | "service" | "foreign",
  TestUser
>;
const f = {
  lead: 0,
  otherLead: 0,
  closedLead: 0,
  foreignLead: 0,
  car: 0,
  stockCar: 0,
  foreignCar: 0,
  route: 0,
  foreignRoute: 0,
  upcoming: 0,
  started: 0,
  over: 0,
  done: 0,
  cancelled: 0,
  othersDrive: 0,
  foreignDrive: 0,
};

let seq = 0;
const phone = () => String(13400000000 + ++seq);
const at = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const long = (n: number) => "长".repeat(n);
const vin = () => {
  const draft = `LFV2A21K0N${String(4000000 + ++seq)}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
};

async function ok(by: TestUser, method: InjectOptions["method"], url: string, payload?: object) {
  const res = await ctx.req(by, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const lead = async (owner: TestUser) =>
  (await ok(owner, "POST", "/leads", { name: "韩先生", phone: phone(), source: "walk_in" })).lead
    .id as number;
async function car(s: number, status = "demo"): Promise<number> {
  const r = await ctx.pool.query(
    `INSERT INTO stock_vehicles (store_id, vin, model, colour, cost_fen, arrived_at, status)
     VALUES ($1, $2, '迈腾', '白色', 20000000, '2026-09-01T02:00:00Z', $3) RETURNING id`,
    [s, vin(), status],
  );
  return Number(r.rows[0].id);
}
/** A drive at any time and in any state, written directly (bookings in the past are refused by the API). */
async function drive(
  s: number,
  leadId: number,
  start: number,
  end: number,
  state = "booked",
): Promise<number> {
  const r = await ctx.pool.query(
    `INSERT INTO test_drives (store_id, lead_id, vehicle_id, start_at, end_at, licence_no, state, remind_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [s, leadId, await car(s), at(start), at(end), LICENCE, state, at(start - 60), u.manager.id],
  );
  return Number(r.rows[0].id);
}

beforeAll(async () => {
  ctx = await testApp(NOW);
  store = await ctx.store();
  store2 = await ctx.store();
  u.admin = await ctx.user("admin", null);
  u.gm = await ctx.user("gm", store);
  u.manager = await ctx.user("sales_manager", store);
  u.consultant = await ctx.user("consultant", store);
  u.consultant2 = await ctx.user("consultant", store);
  u.reception = await ctx.user("reception", store);
  u.service = await ctx.user("customer_service", store);
  u.foreign = await ctx.user("consultant", store2);
  const foreignManager = await ctx.user("sales_manager", store2);
  f.lead = await lead(u.consultant);
  f.otherLead = await lead(u.consultant2);
  f.closedLead = await lead(u.consultant);
  await ok(u.consultant, "POST", `/leads/${f.closedLead}/defeat`, { reason: "price" });
  await ok(u.manager, "POST", `/leads/${f.closedLead}/defeat/approve`, {});
  f.foreignLead = await lead(u.foreign);
  f.car = await car(store);
  f.stockCar = await car(store, "in_stock");
  f.foreignCar = await car(store2);
  f.route = (await ok(u.manager, "POST", "/test-drive-routes", { name: "市区线" })).id;
  f.foreignRoute = (await ok(foreignManager, "POST", "/test-drive-routes", { name: "外店线" })).id;
  // f.car is taken 12:00–13:00 today
  f.upcoming = (
    await ok(u.consultant, "POST", "/test-drives", {
      leadId: f.lead,
      vehicleId: f.car,
      startAt: at(120),
      endAt: at(180),
      licenceNo: LICENCE,
    })
  ).id;
  const mine = await lead(u.consultant);
  f.started = await drive(store, mine, -30, 30);
  f.over = await drive(store, mine, -180, -120);
  f.done = await drive(store, mine, -300, -240, "done");
  f.cancelled = await drive(store, mine, 300, 360, "cancelled");
  f.othersDrive = await drive(store, f.otherLead, -30, 30);
  f.foreignDrive = await drive(store2, f.foreignLead, -30, 30);
});

const TABLES = "test_drives test_drive_routes lead_events leads audit_log".split(" ");
const snapshot = async () => ({
  counts: Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await ctx.count(t)]))),
  drives: (await ctx.pool.query("SELECT * FROM test_drives ORDER BY id")).rows,
  routes: (await ctx.pool.query("SELECT * FROM test_drive_routes ORDER BY id")).rows,
});

type Who = keyof typeof u;

const booking = () => ({
  leadId: f.lead,
  vehicleId: f.car,
  startAt: at(24 * 60),
  endAt: at(25 * 60),
  licenceNo: LICENCE,
});

const GROUPS: Record<string, Group<Who>> = {
  book: {
    by: "consultant",
    endpoint: "POST /test-drives",
    base: booking,
    cases: {
      "malformed JSON": ['{"leadId": 1,', "400 malformed_request"],
      "unknown field": [{ state: "done" }, V],
      "no licence": [{ licenceNo: undefined }, V],
      "licence with a wrong check digit": [{ licenceNo: "110101199003074515" }, V],
      "licence of 17 digits": [{ licenceNo: "11010119900307451" }, V],
      "licence with an impossible birthday": [{ licenceNo: "110101199002304517" }, V],
      "licence as a number": [{ licenceNo: 11010119900 }, V],
      "startAt 'tomorrow'": [{ startAt: "tomorrow" }, V],
      "startAt without zone": [{ startAt: "2026-11-25T10:00:00" }, V],
      "endAt 2026-02-30": [{ endAt: "2026-02-30T02:00:00Z" }, V],
      "lead as a string": [() => ({ leadId: String(f.lead) }), V],
      "vehicle 0": [{ vehicleId: 0 }, V],
      "route as a string": [() => ({ routeId: String(f.route) }), V],
      "ending when it starts": [{ endAt: at(24 * 60) }, "422 invalid_time"],
      "ending before it starts": [{ endAt: at(23 * 60) }, "422 invalid_time"],
      "over 4 hours": [{ endAt: at(24 * 60 + 241) }, "422 invalid_time"],
      "in the past": [{ startAt: at(-60), endAt: at(-30) }, "422 invalid_time"],
      "a year ahead": [{ startAt: at(365 * 1440), endAt: at(365 * 1440 + 60) }, "422 invalid_time"],
      "overlapping the car's booking": [{ startAt: at(150), endAt: at(200) }, "409 vehicle_busy"],
      "a car in stock": [() => ({ vehicleId: f.stockCar }), "422 not_demo_car"],
      "no such car": [{ vehicleId: 999_999 }, NF],
      "another store's car": [() => ({ vehicleId: f.foreignCar }), NF],
      "no such route": [{ routeId: 999_999 }, NF],
      "another store's route": [() => ({ routeId: f.foreignRoute }), NF],
      "another consultant's lead": [() => ({ leadId: f.otherLead }), NF],
      "another store's lead": [() => ({ leadId: f.foreignLead }), NF, "manager"],
      "no such lead": [{ leadId: 999_999 }, NF],
      "a closed lead": [() => ({ leadId: f.closedLead }), "422 lead_not_active"],
      "by the gm": [{}, F, "gm"],
      "by the admin": [{}, F, "admin"],
      "by customer service": [{}, F, "service"],
    },
  },
  feedback: {
    by: "consultant",
    endpoint: "POST /test-drives/{started}/feedback",
    base: () => ({ feedback: "动力不错", rating: 4 }),
    cases: {
      "malformed JSON": ['{"feedback": "x', "400 malformed_request"],
      "unknown field": [{ state: "done" }, V],
      "no feedback": [{ feedback: undefined }, V],
      "empty feedback": [{ feedback: "  " }, V],
      "feedback of 2001 chars": [{ feedback: long(2001) }, V],
      "rating 0": [{ rating: 0 }, V],
      "rating 6": [{ rating: 6 }, V],
      "rating 3.5": [{ rating: 3.5 }, V],
      "rating as a string": [{ rating: "5" }, V],
      "occurredAt without zone": [{ occurredAt: "2026-11-24T10:00:00" }, V],
      "occurredAt in the future": [{ occurredAt: at(1) }, "422 in_future"],
      "occurredAt before the start": [{ occurredAt: at(-31) }, "422 before_start"],
      "before the drive": [{ url: "/test-drives/{upcoming}/feedback" }, "422 not_started"],
      "a drive already done": [{ url: "/test-drives/{done}/feedback" }, "409 not_booked"],
      "a cancelled drive": [{ url: "/test-drives/{cancelled}/feedback" }, "409 not_booked"],
      "another consultant's drive": [{ url: "/test-drives/{othersDrive}/feedback" }, NF],
      "another store's drive": [{ url: "/test-drives/{foreignDrive}/feedback" }, NF, "manager"],
      "no such drive": [{ url: "/test-drives/999999/feedback" }, NF],
      "drive id abc": [{ url: "/test-drives/abc/feedback" }, V],
      "by the gm": [{}, F, "gm"],
    },
  },
  cancel: {
    by: "consultant",
    endpoint: "POST /test-drives/{upcoming}/cancel",
    cases: {
      "malformed JSON": ['{"reason": ', "400 malformed_request"],
      "unknown field": [{ refund: 1 }, V],
      "empty reason": [{ reason: "" }, V],
      "reason of 501 chars": [{ reason: long(501) }, V],
      "after the booked time": [{ url: "/test-drives/{over}/cancel" }, "422 drive_over"],
      "cancelled already": [{ url: "/test-drives/{cancelled}/cancel" }, "409 not_booked"],
      "done already": [{ url: "/test-drives/{done}/cancel" }, "409 not_booked"],
      "another consultant's drive": [{ url: "/test-drives/{othersDrive}/cancel" }, NF],
      "another store's drive": [{ url: "/test-drives/{foreignDrive}/cancel" }, NF, "reception"],
      "by the gm": [{}, F, "gm"],
    },
  },
  "no-show": {
    by: "consultant",
    endpoint: "POST /test-drives/{started}/no-show",
    cases: {
      "a body field": [{ reason: "x" }, V],
      "before the start": [{ url: "/test-drives/{upcoming}/no-show" }, "422 not_started"],
      "done already": [{ url: "/test-drives/{done}/no-show" }, "409 not_booked"],
      "another consultant's drive": [{ url: "/test-drives/{othersDrive}/no-show" }, NF],
      "another store's drive": [{ url: "/test-drives/{foreignDrive}/no-show" }, NF, "manager"],
      "by customer service": [{}, F, "service"],
    },
  },
  route: {
    by: "manager",
    endpoint: "POST /test-drive-routes",
    base: () => ({ name: "新线路", distanceKm: 10, minutes: 30 }),
    cases: {
      "malformed JSON": ['{"name": ', "400 malformed_request"],
      "unknown field": [{ active: false }, V],
      "empty name": [{ name: "" }, V],
      "name of 51 chars": [{ name: long(51) }, V],
      "distance -1": [{ distanceKm: -1 }, V],
      "distance 501": [{ distanceKm: 501 }, V],
      "distance 1.5": [{ distanceKm: 1.5 }, V],
      "0 minutes": [{ minutes: 0 }, V],
      "601 minutes": [{ minutes: 601 }, V],
      "another store": [() => ({ storeId: store2 }), NF],
      "the admin names no store": [{}, "400 store_required", "admin"],
      "by a consultant": [{}, F, "consultant"],
      "by reception": [{}, F, "reception"],
    },
  },
  "route patch": {
    by: "manager",
    endpoint: "PATCH /test-drive-routes/{route}",
    cases: {
      "nothing to change": [{}, V],
      "unknown field": [{ storeId: 1 }, V],
      "active 'no'": [{ active: "no" }, V],
      "empty name": [{ name: "" }, V],
      "minutes 601": [{ minutes: 601 }, V],
      "another store's route": [{ url: "/test-drive-routes/{foreignRoute}", name: "x" }, NF],
      "no such route": [{ url: "/test-drive-routes/999999", name: "x" }, NF],
      "by a consultant": [{ name: "x" }, F, "consultant"],
    },
  },
};

describe("bad input is refused and writes nothing", () => {
  it.each(caseList(GROUPS))("%s", async (_, group, body, expected, by) => {
    const [status, code] = expected.split(" ");
    const { method, url, headers, payload } = caseRequest(group, body, f);
    const before = await snapshot();
    const res = await ctx.req(u[by], {
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, res.body).toBe(Number(status));
    expect(res.json().error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["/test-drives?from=yesterday"],
    ["/test-drives?state=lost"],
    ["/test-drives?vehicleId=abc"],
    ["/test-drives?color=red"],
    ["/test-drive-routes?storeId=x"],
  ])("the query %s is refused", async (url) => {
    const res = await ctx.req(u.manager, { method: "GET", url: `/api/v1${url}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
  });

  it("a calendar longer than 42 days, or ending before it starts, is refused", async () => {
    for (const [from, to] of [
      [at(0), at(43 * 1440)],
      [at(60), at(0)],
    ]) {
      const res = await ctx.req(u.manager, {
        method: "GET",
        url: `/api/v1/test-drives?from=${from}&to=${to}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("invalid_range");
    }
  });

  it("the fixtures are untouched after all that", async () => {
    const states = await ctx.pool.query("SELECT id, state FROM test_drives ORDER BY id");
    expect(Object.fromEntries(states.rows.map((r) => [Number(r.id), r.state]))).toEqual({
      [f.upcoming]: "booked",
      [f.started]: "booked",
      [f.over]: "booked",
      [f.done]: "done",
      [f.cancelled]: "cancelled",
      [f.othersDrive]: "booked",
      [f.foreignDrive]: "booked",
    });
  });
});
