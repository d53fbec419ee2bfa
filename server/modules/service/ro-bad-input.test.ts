/**
 * Bad input on every write path of repair orders: a clear error with a stable code, and nothing written — no
 * order, RO number, line, step, callback, appointment change, vehicle mileage or audit row. Then the reads
 * with bad filters.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { caseList, caseRequest, F, type Group, NF, V } from "../../../tests/support/bad-input.ts";
import { MAX_FEN } from "../../platform/money.ts";
import { roFixtures, snapshot } from "./ro-test-support.ts";

const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai
let ctx: TestContext;
let f: ReturnType<typeof roFixtures>;
const u = {} as Record<
  "advisor" | "cs" | "gm" | "consultant" | "reception" | "admin" | "partsClerk" | "foreign",
  TestUser
>;
type Who = keyof typeof u;
/** the objects the refusals aim at */
const fx = {
  vehicle: 0,
  busyVehicle: 0,
  lowVehicle: 0,
  foreignVehicle: 0,
  foreignAppointment: 0,
  usedAppointment: 0,
  open: 0,
  labourLine: 0,
  otherLabourLine: 0,
  done: 0,
  settled: 0,
  handedBack: 0,
  foreign: 0,
  foreignLine: 0,
  store2: 0,
};

const later = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
const long = (n: number) => "长".repeat(n);

beforeAll(async () => {
  ctx = await testApp(NOW);
  f = roFixtures(ctx);
  const store = await ctx.store();
  fx.store2 = await ctx.store();
  u.advisor = await ctx.user("service_advisor", store);
  u.cs = await ctx.user("customer_service", store);
  u.gm = await ctx.user("gm", store);
  u.consultant = await ctx.user("consultant", store);
  u.reception = await ctx.user("reception", store);
  u.partsClerk = await ctx.user("parts_clerk", store);
  u.admin = await ctx.user("admin", null);
  u.foreign = await ctx.user("service_advisor", fx.store2);
  fx.vehicle = (await f.vehicle(store)).vehicleId;
  fx.lowVehicle = (await f.vehicle(store, { mileageKm: 50_000 })).vehicleId;
  const foreignVehicle = await f.vehicle(fx.store2);
  fx.foreignVehicle = foreignVehicle.vehicleId;
  const appt = await ctx.pool.query(
    `INSERT INTO appointments (store_id, customer_id, vehicle_id, slot_start, work_type, created_by)
     VALUES ($1, $2, $3, $4, 'maintenance', $5) RETURNING id`,
    [fx.store2, foreignVehicle.customerId, foreignVehicle.vehicleId, "2026-11-24T01:00:00Z", u.foreign.id],
  );
  fx.foreignAppointment = Number(appt.rows[0].id);

  await f.at("2026-11-23T02:00:00Z");
  const open = await f.through(u.advisor, { vehicleId: (await f.vehicle(store)).vehicleId }, "in_progress");
  fx.busyVehicle = open.vehicleId;
  fx.open = open.id;
  fx.labourLine = open.labour[0].id;
  fx.done = (await f.through(u.advisor, { vehicleId: (await f.vehicle(store)).vehicleId }, "done")).id;
  fx.settled = (await f.through(u.advisor, { vehicleId: (await f.vehicle(store)).vehicleId }, "settled")).id;
  const back = await f.through(u.advisor, { vehicleId: (await f.vehicle(store)).vehicleId }, "handed_back");
  fx.handedBack = back.id;
  fx.otherLabourLine = back.labour[0].id;
  const appointed = await f.vehicle(store);
  const appt2 = await ctx.pool.query(
    `INSERT INTO appointments (store_id, customer_id, vehicle_id, slot_start, work_type, created_by)
     VALUES ($1, $2, $3, $4, 'maintenance', $5) RETURNING id`,
    [store, appointed.customerId, appointed.vehicleId, "2026-11-23T01:00:00Z", u.advisor.id],
  );
  fx.usedAppointment = Number(appt2.rows[0].id);
  await ctx.pool.query("UPDATE appointments SET status = 'no_show' WHERE id = $1", [fx.usedAppointment]);
  const foreign = await f.through(
    u.foreign,
    { vehicleId: (await f.vehicle(fx.store2)).vehicleId },
    "in_progress",
  );
  fx.foreign = foreign.id;
  fx.foreignLine = foreign.labour[0].id;
  await f.at(NOW);
});

const create = () => ({
  vehicleId: fx.vehicle,
  mileageIn: 25_000,
  complaint: "空调不制冷",
  workType: "mechanical",
});
const labour = () => ({ description: "更换空调滤芯", hours: 0.5, rateFen: 20_000 });
const parts = () => ({ partNo: "6Q0820367", name: "空调滤芯", quantity: 1, unitPriceFen: 12_000 });

const GROUPS: Record<string, Group<Who>> = {
  create: {
    by: "advisor",
    endpoint: "POST /repair-orders",
    base: create,
    cases: {
      "malformed JSON": ['{"vehicleId": 1, "mileageIn": ', "400 malformed_request"],
      "unknown field": [{ roNo: "RO20261124-0001" }, V],
      "a state": [{ state: "done" }, V],
      "no vehicle": [{ vehicleId: undefined }, V],
      "vehicle as a string": [{ vehicleId: "1" }, V],
      "vehicle 0": [{ vehicleId: 0 }, V],
      "negative mileage": [{ mileageIn: -1 }, V],
      "mileage 1.5": [{ mileageIn: 1.5 }, V],
      "mileage above 2 000 000": [{ mileageIn: 2_000_001 }, V],
      "blank complaint": [{ complaint: "   " }, V],
      "complaint of 1001 chars": [{ complaint: long(1001) }, V],
      "unknown work type": [{ workType: "tyres" }, V],
      "blank technician": [{ technician: " " }, V],
      "blank override reason": [{ vehicleId: () => fx.lowVehicle, mileageOverrideReason: "" }, V],
      "occurredAt without zone": [{ occurredAt: "2026-11-24T09:00:00" }, V],
      "occurredAt 2026-02-30": [{ occurredAt: "2026-02-30T02:00:00Z" }, V],
      "occurredAt in the future": [{ occurredAt: later(60_000) }, "422 in_future"],
      "unknown vehicle": [{ vehicleId: 999_999_999 }, NF],
      "another store's vehicle": [() => ({ vehicleId: fx.foreignVehicle }), NF],
      "another store named": [() => ({ storeId: fx.store2 }), NF],
      "another store's vehicle in that store": [
        () => ({ vehicleId: fx.foreignVehicle, storeId: fx.store2 }),
        NF,
      ],
      "another store's appointment": [() => ({ appointmentId: fx.foreignAppointment }), NF],
      "an appointment not booked": [
        () => ({ appointmentId: fx.usedAppointment }),
        "409 appointment_not_booked",
      ],
      "a vehicle in the workshop": [() => ({ vehicleId: fx.busyVehicle }), "409 vehicle_in_workshop"],
      "a lower mileage without reason": [
        () => ({ vehicleId: fx.lowVehicle, mileageIn: 49_999 }),
        "422 mileage_lower",
      ],
      "customer service": [{}, F, "cs"],
      "the gm": [{}, F, "gm"],
      "a consultant": [{}, F, "consultant"],
      reception: [{}, F, "reception"],
      "a parts clerk": [{}, F, "partsClerk"],
      "the group admin": [() => ({ storeId: fx.store2, vehicleId: fx.foreignVehicle }), F, "admin"],
    },
  },
  labour: {
    by: "advisor",
    endpoint: "POST /repair-orders/{open}/labour",
    base: labour,
    cases: {
      "malformed JSON": ['{"hours": 1', "400 malformed_request"],
      "unknown field": [{ amountFen: 10_000 }, V],
      "negative hours": [{ hours: -1 }, V],
      "0 hours": [{ hours: 0 }, V],
      "hours with 3 decimals": [{ hours: 1.125 }, V],
      "0.001 hours": [{ hours: 0.001 }, V],
      "201 hours": [{ hours: 201 }, V],
      "hours as a string": [{ hours: "1.5" }, V],
      "negative rate": [{ rateFen: -20_000 }, V],
      "rate 1.5 fen": [{ rateFen: 1.5 }, V],
      "rate above 1亿元": [{ rateFen: MAX_FEN + 1 }, V],
      "unknown payer": [{ payer: "dealer" }, V],
      "blank description": [{ description: "" }, V],
      "amount above 1亿元": [{ hours: 200, rateFen: MAX_FEN }, "422 amount_too_large"],
      "id not a number": [{ url: "/repair-orders/abc/labour" }, V],
      "unknown order": [{ url: "/repair-orders/999999999/labour" }, NF],
      "another store's order": [{ url: "/repair-orders/{foreign}/labour" }, NF],
      "a done order": [{ url: "/repair-orders/{done}/labour" }, "409 ro_locked"],
      "a settled order": [{ url: "/repair-orders/{settled}/labour" }, "409 ro_locked"],
      "customer service": [{}, F, "cs"],
      "the gm": [{}, F, "gm"],
    },
  },
  parts: {
    by: "advisor",
    endpoint: "POST /repair-orders/{open}/parts",
    base: parts,
    cases: {
      "unknown field": [{ costFen: 1 }, V],
      "negative quantity": [{ quantity: -2 }, V],
      "0 quantity": [{ quantity: 0 }, V],
      "quantity with 3 decimals": [{ quantity: 4.125 }, V],
      "quantity above 10 000": [{ quantity: 10_001 }, V],
      "negative price": [{ unitPriceFen: -12_000 }, V],
      "price as a string": [{ unitPriceFen: "12000" }, V],
      "blank part number": [{ partNo: " " }, V],
      "no name": [{ name: undefined }, V],
      "amount above 1亿元": [{ quantity: 2, unitPriceFen: MAX_FEN }, "422 amount_too_large"],
      "another store's order": [{ url: "/repair-orders/{foreign}/parts" }, NF],
      "a handed-back order": [{ url: "/repair-orders/{handedBack}/parts" }, "409 ro_locked"],
      "a consultant": [{}, F, "consultant"],
    },
  },
  "remove line": {
    by: "advisor",
    endpoint: "DELETE /repair-orders/{open}/labour/{labourLine}",
    cases: {
      "unknown field": [{ reason: "x" }, V],
      "an unknown line": [{ url: "/repair-orders/{open}/labour/999999999" }, NF],
      "another order's line": [{ url: "/repair-orders/{open}/labour/{otherLabourLine}" }, NF],
      "another store's line": [{ url: "/repair-orders/{foreign}/labour/{foreignLine}" }, NF],
      "another store's line on the own order": [{ url: "/repair-orders/{open}/labour/{foreignLine}" }, NF],
      "a line of a handed-back order": [
        { url: "/repair-orders/{handedBack}/labour/{otherLabourLine}" },
        "409 ro_locked",
      ],
      "line id not a number": [{ url: "/repair-orders/{open}/parts/x" }, V],
      "customer service": [{}, F, "cs"],
    },
  },
  transition: {
    by: "advisor",
    endpoint: "POST /repair-orders/{open}/transition",
    base: () => ({ to: "done" }),
    cases: {
      "no body": ["", "400 malformed_request"],
      "unknown state": [{ to: "finished" }, V],
      "unknown field": [{ note: "x" }, V],
      "back to open": [{ to: "open" }, "422 invalid_transition"],
      "to the same state": [{ to: "in_progress" }, "422 invalid_transition"],
      "skipping to settled": [{ to: "settled" }, "422 invalid_transition"],
      "skipping to handed back": [{ to: "handed_back" }, "422 invalid_transition"],
      "a done order to done": [{ url: "/repair-orders/{done}/transition" }, "422 invalid_transition"],
      "a settled order back to in progress": [
        { url: "/repair-orders/{settled}/transition", to: "in_progress" },
        "422 invalid_transition",
      ],
      "occurredAt in the future": [{ occurredAt: later(1000) }, "422 in_future"],
      "occurredAt before the start": [{ occurredAt: "2026-11-23T01:59:00Z" }, "422 before_previous_step"],
      "another store's order": [{ url: "/repair-orders/{foreign}/transition" }, NF],
      "customer service": [{}, F, "cs"],
      "the gm": [{}, F, "gm"],
      "the group admin": [{}, F, "admin"],
    },
  },
  settle: {
    by: "advisor",
    endpoint: "POST /repair-orders/{done}/settle",
    base: () => ({}),
    cases: {
      "unknown field": [{ totalFen: 1 }, V],
      "occurredAt as a number": [{ occurredAt: 1 }, V],
      "occurredAt in the future": [{ occurredAt: later(1000) }, "422 in_future"],
      "occurredAt before done": [{ occurredAt: "2026-11-23T01:00:00Z" }, "422 before_previous_step"],
      "an order in progress": [{ url: "/repair-orders/{open}/settle" }, "422 invalid_transition"],
      "settling twice": [{ url: "/repair-orders/{settled}/settle" }, "409 already_settled"],
      "a handed-back order": [{ url: "/repair-orders/{handedBack}/settle" }, "409 already_settled"],
      "another store's order": [{ url: "/repair-orders/{foreign}/settle" }, NF],
      "customer service": [{}, F, "cs"],
      "the gm": [{}, F, "gm"],
    },
  },
  "hand back": {
    by: "advisor",
    endpoint: "POST /repair-orders/{settled}/hand-back",
    base: () => ({}),
    cases: {
      "unknown field": [{ signature: "x" }, V],
      "occurredAt in the future": [{ occurredAt: later(1000) }, "422 in_future"],
      "occurredAt before settlement": [{ occurredAt: "2026-11-23T01:00:00Z" }, "422 before_previous_step"],
      "an unsettled (done) order": [{ url: "/repair-orders/{done}/hand-back" }, "409 not_settled"],
      "an order in progress": [{ url: "/repair-orders/{open}/hand-back" }, "409 not_settled"],
      "handing back twice": [{ url: "/repair-orders/{handedBack}/hand-back" }, "409 already_handed_back"],
      "another store's order": [{ url: "/repair-orders/{foreign}/hand-back" }, NF],
      "customer service": [{}, F, "cs"],
      "a consultant": [{}, F, "consultant"],
    },
  },
};

describe("bad calls are refused and write nothing", () => {
  it.each(caseList(GROUPS))("%s", async (_, group, body, expected, by) => {
    const [status, code] = expected.split(" ");
    const { method, url, headers, payload } = caseRequest(group, body, fx);
    const before = await snapshot(ctx);
    const res = await ctx.req(u[by], {
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, res.body).toBe(Number(status));
    expect(res.json().error.code).toBe(code);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it("still takes each base request afterwards (the fixtures were valid all along)", async () => {
    for (const group of Object.values(GROUPS)) {
      const { method, url, headers, payload } = caseRequest(group, undefined, fx);
      const res = await ctx.req(u.advisor, {
        method,
        url: `/api/v1${url}`,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(res.statusCode, `${group.endpoint}: ${res.body}`).toBeLessThan(300);
    }
  });
});

describe("bad filters are refused", () => {
  it.each([
    ["/repair-orders?state=finished", 400],
    ["/repair-orders?workType=tyres", 400],
    ["/repair-orders?pageSize=201", 400],
    ["/repair-orders?from=2026-02-30", 400],
    ["/repair-orders?returnRepair=yes", 400],
    ["/repair-orders?vehicleId=abc", 400],
    ["/repair-orders?sort=roNo", 400],
    ["/repair-orders?from=2026-11-30&to=2026-11-01", 422],
    ["/repair-orders/stats?from=2026-11-01", 400],
    ["/repair-orders/stats?from=2026-11-01&to=2026-11", 400],
    ["/repair-orders/board?storeId=x", 400],
    ["/repair-orders/board?storeId={store2}", 404],
    ["/repair-orders?storeId={store2}", 404],
    ["/repair-orders/{foreign}", 404],
    ["/repair-orders/0", 400],
  ])("%s → %i", async (url, status) => {
    const res = await ctx.req(u.advisor, {
      method: "GET",
      url: `/api/v1${url.replace(/\{(\w+)\}/g, (_, k: keyof typeof fx) => String(fx[k]))}`,
    });
    expect(res.statusCode, res.body).toBe(status);
  });

  it("refuses reads to roles without repairOrder.read", async () => {
    for (const who of [u.consultant, u.reception, u.partsClerk]) {
      const res = await ctx.req(who, { method: "GET", url: "/api/v1/repair-orders" });
      expect(res.statusCode).toBe(403);
    }
  });
});
