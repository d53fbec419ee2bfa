/**
 * Bad input on every write path of appointments and service plans: a clear error with a stable code, and
 * nothing written — no appointment, slot place, status change, plan or audit row.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { caseList, caseRequest, F, type Group, NF, V } from "../../../tests/support/bad-input.ts";
import { appointmentFixtures } from "./appointment-fixtures.ts";

const NOW = "2026-11-24T02:00:00Z"; // Tuesday 10:00 in Shanghai
const WED_10 = "2026-11-25T02:00:00Z";
let ctx: TestContext;
let f: ReturnType<typeof appointmentFixtures>;
const u = {} as Record<
  "advisor" | "cs" | "gm" | "admin" | "consultant" | "reception" | "disabledAdvisor" | "foreignAdvisor",
  TestUser
>;
type Who = keyof typeof u;
const fx = {
  customer: 0,
  vehicle: 0,
  otherVehicle: 0,
  foreignCustomer: 0,
  foreignVehicle: 0,
  gmId: 0,
  disabledId: 0,
  foreignAdvisorId: 0,
  booked: 0,
  today: 0,
  cancelled: 0,
  foreign: 0,
  fullSlotCar: 0,
  fullSlotCustomer: 0,
};
const FULL_SLOT = "2026-11-26T02:00:00Z";

beforeAll(async () => {
  ctx = await testApp(NOW);
  f = appointmentFixtures(ctx);
  const store = await ctx.store();
  const store2 = await ctx.store();
  u.advisor = await ctx.user("service_advisor", store);
  u.cs = await ctx.user("customer_service", store);
  u.gm = await ctx.user("gm", store);
  u.admin = await ctx.user("admin", null);
  u.consultant = await ctx.user("consultant", store);
  u.reception = await ctx.user("reception", store);
  u.disabledAdvisor = await ctx.user("service_advisor", store);
  u.foreignAdvisor = await ctx.user("service_advisor", store2);
  await ctx.pool.query("UPDATE users SET disabled = true WHERE id = $1", [u.disabledAdvisor.id]);
  Object.assign(fx, {
    gmId: u.gm.id,
    disabledId: u.disabledAdvisor.id,
    foreignAdvisorId: u.foreignAdvisor.id,
  });
  const c = await f.customer(store);
  fx.customer = c.customerId;
  fx.vehicle = c.vehicleId;
  fx.otherVehicle = (await f.customer(store)).vehicleId;
  const foreign = await f.customer(store2);
  fx.foreignCustomer = foreign.customerId;
  fx.foreignVehicle = foreign.vehicleId;
  const book = async (by: TestUser, body: object) =>
    (await f.ok(by, "POST", "/appointments", { slotStart: WED_10, workType: "maintenance", ...body })).id;
  fx.booked = await book(u.advisor, c);
  fx.today = await book(u.advisor, { ...(await f.customer(store)), slotStart: "2026-11-24T08:00:00Z" });
  fx.cancelled = await book(u.advisor, await f.customer(store));
  await f.ok(u.advisor, "POST", `/appointments/${fx.cancelled}/cancel`);
  fx.foreign = await book(u.foreignAdvisor, foreign);
  for (let i = 0; i < 4; i++) await book(u.advisor, { ...(await f.customer(store)), slotStart: FULL_SLOT });
  const spare = await f.customer(store);
  fx.fullSlotCustomer = spare.customerId;
  fx.fullSlotCar = spare.vehicleId;
  await f.ok(u.gm, "PUT", "/service-plans", { model: "途观L", intervalMonths: 6, intervalKm: 7500 });
  await f.ok(u.admin, "PUT", `/stores/${store}/calendar`, {
    year: 2026,
    holidays: ["2026-12-02"],
    workdays: [],
  });
});

const TABLES = "appointments appointment_slots service_plans audit_log".split(" ");
const snapshot = async () => ({
  ...Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await ctx.count(t)]))),
  slots: (await ctx.pool.query("SELECT store_id, slot_start, booked FROM appointment_slots ORDER BY 1, 2"))
    .rows,
  statuses: (await ctx.pool.query("SELECT id, status FROM appointments ORDER BY id")).rows,
  plans: (await ctx.pool.query("SELECT * FROM service_plans ORDER BY store_id, model")).rows,
});

const long = (n: number) => "长".repeat(n);
const book = () => ({
  customerId: fx.customer,
  vehicleId: fx.otherVehicle,
  slotStart: WED_10,
  workType: "body",
});
const GROUPS: Record<string, Group<Who>> = {
  book: {
    by: "advisor",
    endpoint: "POST /appointments",
    base: () => ({
      ...book(),
      customerId: fx.customer,
      vehicleId: fx.vehicle,
      slotStart: "2026-11-25T03:00:00Z",
    }),
    cases: {
      "malformed JSON": ['{"customerId": 1, ', "400 malformed_request"],
      "unknown field": [{ status: "arrived" }, V],
      "no vehicle": [{ vehicleId: undefined }, V],
      "customer id as a string": [() => ({ customerId: String(fx.customer) }), V],
      "negative vehicle id": [{ vehicleId: -1 }, V],
      "slot without zone": [{ slotStart: "2026-11-25T11:00:00" }, V],
      "slot not a date": [{ slotStart: "tomorrow" }, V],
      "work type oil": [{ workType: "oil" }, V],
      "note of 501 chars": [{ note: long(501) }, V],
      "blank note": [{ note: "  " }, V],
      "slot at 11:30": [{ slotStart: "2026-11-25T03:30:00Z" }, "422 slot_not_on_hour"],
      "slot at 07:00": [{ slotStart: "2026-11-24T23:00:00Z" }, "422 outside_workshop_hours"],
      "slot at 18:00": [{ slotStart: "2026-11-25T10:00:00Z" }, "422 outside_workshop_hours"],
      "slot on a Sunday": [{ slotStart: "2026-11-29T02:00:00Z" }, "422 not_a_working_day"],
      "slot on the store's holiday": [{ slotStart: "2026-12-02T02:00:00Z" }, "422 not_a_working_day"],
      "slot this morning": [{ slotStart: "2026-11-24T01:00:00Z" }, "422 slot_in_past"],
      "slot 3 months ahead": [{ slotStart: "2027-02-24T02:00:00Z" }, "422 slot_too_far"],
      "no such customer": [{ customerId: 99_999_999 }, NF],
      "no such vehicle": [{ vehicleId: 99_999_999 }, NF],
      "another store's customer": [
        () => ({ customerId: fx.foreignCustomer, vehicleId: fx.foreignVehicle }),
        NF,
      ],
      "another store's vehicle": [() => ({ vehicleId: fx.foreignVehicle }), NF],
      "another customer's vehicle": [() => ({ vehicleId: fx.otherVehicle }), "422 vehicle_not_of_customer"],
      "the gm as advisor": [() => ({ advisorId: fx.gmId }), "422 invalid_advisor"],
      "a disabled advisor": [() => ({ advisorId: fx.disabledId }), "422 invalid_advisor"],
      "another store's advisor": [() => ({ advisorId: fx.foreignAdvisorId }), "422 invalid_advisor"],
      "another store named": [{ storeId: 99_999_999 }, NF],
      "the vehicle's slot again": [{ slotStart: WED_10 }, "409 already_booked"],
      "a full slot": [
        () => ({ customerId: fx.fullSlotCustomer, vehicleId: fx.fullSlotCar, slotStart: FULL_SLOT }),
        "409 slot_full",
      ],
      "by the gm": [{}, F, "gm"],
      "by the admin": [{ storeId: 1 }, F, "admin"],
      "by a consultant": [{}, F, "consultant"],
      "by reception": [{}, F, "reception"],
    },
  },
  cancel: {
    by: "advisor",
    endpoint: "POST /appointments/{booked}/cancel",
    cases: {
      "unknown field": [{ reason: "x" }, V],
      "malformed JSON": ["{", "400 malformed_request"],
      "id abc": [{ url: "/appointments/abc/cancel" }, V],
      "no such appointment": [{ url: "/appointments/99999999/cancel" }, NF],
      "another store's": [{ url: "/appointments/{foreign}/cancel" }, NF],
      "a cancelled one": [{ url: "/appointments/{cancelled}/cancel" }, "409 appointment_not_booked"],
      "by the gm": [{}, F, "gm"],
      "by a consultant": [{}, F, "consultant"],
      "by the admin": [{}, F, "admin"],
    },
  },
  "no-show": {
    by: "advisor",
    endpoint: "POST /appointments/{booked}/no-show",
    cases: {
      "unknown field": [{ reason: "x" }, V],
      "occurredAt without zone": [{ occurredAt: "2026-11-24T09:00:00" }, V],
      "occurredAt in the future": [{ occurredAt: "2026-11-24T02:01:00Z" }, "422 in_future"],
      "before the slot": [{}, "409 slot_not_started"],
      "today's slot, not begun yet": [{ url: "/appointments/{today}/no-show" }, "409 slot_not_started"],
      "a cancelled one": [{ url: "/appointments/{cancelled}/no-show" }, "409 appointment_not_booked"],
      "another store's": [{ url: "/appointments/{foreign}/no-show" }, NF],
      "by the gm": [{}, F, "gm"],
      "by reception": [{}, F, "reception"],
    },
  },
  "service plan": {
    by: "gm",
    endpoint: "PUT /service-plans",
    base: () => ({ model: "途观L", intervalMonths: 12, intervalKm: 10000 }),
    cases: {
      "malformed JSON": ['{"model": ', "400 malformed_request"],
      "unknown field": [{ intervalDays: 180 }, V],
      "no model": [{ model: undefined }, V],
      "blank model": [{ model: "   " }, V],
      "model of 101 chars": [{ model: long(101) }, V],
      "store id as a string": [{ storeId: "1" }, V],
      "0 months": [{ intervalMonths: 0 }, V],
      "61 months": [{ intervalMonths: 61 }, V],
      "1.5 months": [{ intervalMonths: 1.5 }, V],
      "499 km": [{ intervalKm: 499 }, V],
      "negative km": [{ intervalKm: -10000 }, V],
      "100001 km": [{ intervalKm: 100_001 }, V],
      "km as a string": [{ intervalKm: "10000" }, V],
      "another store named": [{ storeId: 99_999_999 }, NF],
      "the admin without a store": [{}, "400 store_required", "admin"],
      "the admin naming no such store": [{ storeId: 99_999_999 }, NF, "admin"],
      "by a service advisor": [{}, F, "advisor"],
      "by customer service": [{}, F, "cs"],
      "by a consultant": [{}, F, "consultant"],
    },
  },
  "service plan delete": {
    by: "gm",
    endpoint: `DELETE /service-plans/${encodeURIComponent("途观L")}`,
    cases: {
      "no such model": [{ url: "/service-plans/%E6%9C%97%E9%80%B8" }, NF],
      "another store's plan": [{ url: `/service-plans/${encodeURIComponent("途观L")}?storeId=99999999` }, NF],
      "by a service advisor": [{}, F, "advisor"],
      "by customer service": [{}, F, "cs"],
    },
  },
};

describe("bad input is refused and writes nothing", () => {
  it.each(caseList(GROUPS))("%s", async (_, group, body, expected, by) => {
    const [status, code] = expected.split(" ");
    const { method, url, headers, payload } = caseRequest(group, body, fx);
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
    ["/appointments"],
    ["/appointments?date=2026-02-30"],
    ["/appointments?date=2026-11-25&status=late"],
    ["/appointments?date=2026-11-25&storeId=x"],
    ["/appointments/slots?date=25.11.2026"],
    ["/appointments/stats?from=2026-11-01"],
    ["/service-plans?model=x"],
  ])("the query %s is refused", async (url) => {
    const res = await ctx.req(u.advisor, { method: "GET", url: `/api/v1${url}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("validation_failed");
  });

  it("the fixtures are untouched after all that", async () => {
    const rows = await ctx.pool.query("SELECT id, status FROM appointments WHERE id = ANY($1) ORDER BY id", [
      [fx.booked, fx.cancelled, fx.foreign],
    ]);
    expect(rows.rows.map((r) => r.status)).toEqual(["booked", "cancelled", "booked"]);
  });
});
