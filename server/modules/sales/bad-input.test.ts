/**
 * Bad input on every write path of quotes and orders: a clear error with a stable code, and nothing written
 * — no quote, order, order number, reserved or sold car, customer vehicle, callback, lead change, event or
 * audit row. Then the races: double reservations, double deliveries, cancellations racing each other.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { MAX_FEN } from "../../platform/money.ts";
import { FULL_CHECKLIST, salesFixtures } from "./test-support.ts";

const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai
let ctx: TestContext;
let f: ReturnType<typeof salesFixtures>;
let store: number;
let store2: number;
const u = {} as Record<
  "consultant" | "consultant2" | "manager" | "gm" | "reception" | "cs" | "admin" | "foreignManager",
  TestUser
>;
type Who = keyof typeof u;
/** the objects the refusals aim at */
const fx = {
  lead: 0,
  otherLead: 0,
  defeatedLead: 0,
  foreignLead: 0,
  car: 0,
  blackCar: 0,
  foreignCar: 0,
  foreignQuote: 0,
  open: 0,
  factory: 0,
  delivered: 0,
  cancelled: 0,
  foreignOrder: 0,
  tLead: 0,
  customer: 0,
  soldCar: 0,
};

beforeAll(async () => {
  ctx = await testApp(NOW);
  f = salesFixtures(ctx);
  store = await ctx.store();
  store2 = await ctx.store();
  u.consultant = await ctx.user("consultant", store);
  u.consultant2 = await ctx.user("consultant", store);
  u.manager = await ctx.user("sales_manager", store);
  u.gm = await ctx.user("gm", store);
  u.reception = await ctx.user("reception", store);
  u.cs = await ctx.user("customer_service", store);
  u.admin = await ctx.user("admin", null);
  u.foreignManager = await ctx.user("sales_manager", store2);
  const lead = await f.lead(u.consultant, { occurredAt: "2026-11-24T01:00:00Z" });
  fx.lead = lead.id;
  fx.customer = lead.customerId;
  fx.otherLead = (await f.lead(u.consultant2)).id;
  fx.defeatedLead = (await f.lead(u.consultant)).id;
  await f.ok(u.consultant, "POST", `/leads/${fx.defeatedLead}/defeat`, { reason: "price" });
  fx.foreignLead = (await f.lead(u.foreignManager)).id;
  fx.car = (await f.car(store)).id;
  fx.blackCar = (await f.car(store, { colour: "黑色" })).id;
  fx.foreignCar = (await f.car(store2)).id;
  fx.soldCar = (await f.car(store, { status: "sold" })).id;
  fx.foreignQuote = (
    await f.ok(u.foreignManager, "POST", "/quotes", { leadId: fx.foreignLead, vehiclePriceFen: 1 })
  ).id;
  fx.open = (
    await f.order(u.consultant, {
      leadId: (await f.lead(u.consultant)).id,
      vehicleId: (await f.car(store)).id,
      depositFen: 500_000,
    })
  ).id;
  fx.factory = (
    await f.order(u.consultant, {
      leadId: (await f.lead(u.consultant)).id,
      factoryOrder: { model: "途观L", colour: "黑色" },
    })
  ).id;
  fx.delivered = (
    await f.order(u.consultant, {
      leadId: (await f.lead(u.consultant)).id,
      vehicleId: (await f.car(store)).id,
    })
  ).id;
  await f.ok(u.consultant, "POST", `/orders/${fx.delivered}/deliver`, FULL_CHECKLIST);
  const t = await f.lead(u.consultant);
  fx.tLead = t.id;
  fx.cancelled = (await f.order(u.consultant, { leadId: t.id, vehicleId: (await f.car(store)).id })).id;
  await f.ok(u.manager, "POST", `/orders/${fx.cancelled}/cancel`, { reason: "客户放弃", refundFen: 0 });
  fx.foreignOrder = (
    await f.order(u.foreignManager, {
      leadId: (await f.lead(u.foreignManager)).id,
      vehicleId: (await f.car(store2)).id,
    })
  ).id;
});

const TABLES =
  `quotes quote_lines orders order_counters leads lead_events vehicles care_tasks audit_log`.split(" ");
/** counts, and the cars' statuses: a refused request leaves every car where it was */
const snapshot = async () => ({
  ...Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await ctx.count(t)]))),
  cars: (await ctx.pool.query("SELECT id, status FROM stock_vehicles ORDER BY id")).rows,
  leads: (await ctx.pool.query("SELECT id, level, state, due_at FROM leads ORDER BY id")).rows,
  orders: (await ctx.pool.query("SELECT id, state, vehicle_id FROM orders ORDER BY id")).rows,
});

type Body = object | (() => object) | string;
/** [body, "status code", who sends it instead of the group's actor] */
type Entry = [Body, string, Who?];
interface Group {
  by: Who;
  at: string;
  base: () => object;
  cases: Record<string, Entry>;
}
const V = "400 validation_failed";
const NF = "404 not_found";
const F = "403 forbidden";
const long = (n: number) => "长".repeat(n);
const later = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

const GROUPS: Record<string, Group> = {
  quote: {
    by: "consultant",
    at: "POST /quotes",
    base: () => ({ leadId: fx.lead, vehiclePriceFen: 20_000_000 }),
    cases: {
      "malformed JSON": ['{"leadId": 1, "vehiclePriceFen": ', "400 malformed_request"],
      "unknown field": [{ totalFen: 1 }, V],
      "no price": [{ vehiclePriceFen: undefined }, V],
      "price 0": [{ vehiclePriceFen: 0 }, V],
      "negative price": [{ vehiclePriceFen: -20_000_000 }, V],
      "price 1.5 fen": [{ vehiclePriceFen: 1.5 }, V],
      "price as a string": [{ vehiclePriceFen: "20000000" }, V],
      "price above 1亿元": [{ vehiclePriceFen: MAX_FEN + 1 }, V],
      "negative discount": [{ discountFen: -1 }, V],
      "discount above the price": [{ discountFen: 20_000_001 }, "422 discount_exceeds_price"],
      "negative line": [{ lines: [{ kind: "accessory", name: "脚垫", amountFen: -100 }] }, V],
      "absurd line": [{ lines: [{ kind: "accessory", name: "脚垫", amountFen: 1e15 }] }, V],
      "line kind gift": [{ lines: [{ kind: "gift", name: "脚垫", amountFen: 100 }] }, V],
      "line without name": [{ lines: [{ kind: "other", name: " ", amountFen: 100 }] }, V],
      "line with an unknown field": [{ lines: [{ kind: "other", name: "x", amountFen: 1, qty: 2 }] }, V],
      "51 lines": [
        { lines: Array.from({ length: 51 }, () => ({ kind: "other", name: "x", amountFen: 1 })) },
        V,
      ],
      "loan of 0 months": [{ loan: { downPaymentFen: 0, months: 0, annualRatePct: 3.85 } }, V],
      "loan of 121 months": [{ loan: { downPaymentFen: 0, months: 121, annualRatePct: 3.85 } }, V],
      "loan of 1.5 months": [{ loan: { downPaymentFen: 0, months: 1.5, annualRatePct: 3.85 } }, V],
      "negative rate": [{ loan: { downPaymentFen: 0, months: 36, annualRatePct: -1 } }, V],
      "rate above 36 %": [{ loan: { downPaymentFen: 0, months: 36, annualRatePct: 36.001 } }, V],
      "rate with 4 decimals": [{ loan: { downPaymentFen: 0, months: 36, annualRatePct: 3.8555 } }, V],
      "rate as a string": [{ loan: { downPaymentFen: 0, months: 36, annualRatePct: "3.85" } }, V],
      "negative down payment": [{ loan: { downPaymentFen: -1, months: 36, annualRatePct: 3 } }, V],
      "loan without months": [{ loan: { downPaymentFen: 0, annualRatePct: 3 } }, V],
      "down payment of the whole total": [
        { loan: { downPaymentFen: 20_000_000, months: 36, annualRatePct: 3 } },
        "422 down_payment_exceeds_total",
      ],
      "valid until 2026-02-30": [{ validUntil: "2026-02-30" }, V],
      "valid until yesterday": [{ validUntil: "2026-11-23" }, "422 invalid_valid_until"],
      "valid two years": [{ validUntil: "2028-11-24" }, "422 invalid_valid_until"],
      "note of 501 chars": [{ note: long(501) }, V],
      "lead id as a string": [() => ({ leadId: String(fx.lead) }), V],
      "no such lead": [{ leadId: 99_999_999 }, NF],
      "another store's lead": [() => ({ leadId: fx.foreignLead }), NF, "manager"],
      "another consultant's lead": [() => ({ leadId: fx.otherLead }), NF],
      "another store's car": [() => ({ vehicleId: fx.foreignCar }), NF],
      "a defeat-requested lead": [() => ({ leadId: fx.defeatedLead }), "409 lead_not_active"],
      "by reception": [{}, F, "reception"],
      "by customer service": [{}, F, "cs"],
      "by the admin": [{}, F, "admin"],
      "by the gm": [{}, F, "gm"],
    },
  },
  order: {
    by: "consultant",
    at: "POST /orders",
    base: () => ({
      leadId: fx.lead,
      vehicleId: fx.car,
      depositFen: 500_000,
      depositMethod: "cash",
      priceFen: 20_000_000,
    }),
    cases: {
      "malformed JSON": ['{"leadId": ', "400 malformed_request"],
      "unknown field": [{ orderNo: "SO2026-000001" }, V],
      "both a car and a factory order": [{ factoryOrder: { model: "途观L", colour: "白色" } }, V],
      "neither a car nor a factory order": [{ vehicleId: undefined }, V],
      "factory order without colour": [{ vehicleId: undefined, factoryOrder: { model: "途观L" } }, V],
      "factory order with an unknown field": [
        { vehicleId: undefined, factoryOrder: { model: "途观L", colour: "白", vin: "x" } },
        V,
      ],
      "negative deposit": [{ depositFen: -500_000 }, V],
      "deposit 0.5 fen": [{ depositFen: 0.5 }, V],
      "deposit above the price": [{ depositFen: 20_000_001 }, "422 deposit_exceeds_price"],
      "price 0": [{ priceFen: 0, depositFen: 0 }, V],
      "price above 1亿元": [{ priceFen: MAX_FEN + 1 }, V],
      "absurd price": [{ priceFen: 1e300 }, V],
      "deposit by bitcoin": [{ depositMethod: "bitcoin" }, V],
      "occurredAt in the future": [{ occurredAt: later(60_000) }, "422 in_future"],
      "occurredAt without zone": [{ occurredAt: "2026-11-24T09:00:00" }, V],
      "occurredAt before the lead": [{ occurredAt: "2026-11-24T00:59:00Z" }, "422 before_lead_created"],
      "no such car": [{ vehicleId: 99_999_999 }, NF],
      "another store's car": [() => ({ vehicleId: fx.foreignCar }), NF],
      "another store's lead": [() => ({ leadId: fx.foreignLead }), NF, "manager"],
      "another consultant's lead": [() => ({ leadId: fx.otherLead }), NF],
      "another store's quote": [() => ({ quoteId: fx.foreignQuote }), NF],
      "a sold car": [() => ({ vehicleId: fx.soldCar }), "409 vin_reserved"],
      "a defeat-requested lead": [() => ({ leadId: fx.defeatedLead }), "409 lead_not_active"],
      "by reception": [{}, F, "reception"],
      "by customer service": [{}, F, "cs"],
      "by the gm": [{}, F, "gm"],
      "by the admin": [{}, F, "admin"],
    },
  },
  allocate: {
    by: "consultant",
    at: "POST /orders/{factory}/allocate",
    base: () => ({ vehicleId: fx.blackCar }),
    cases: {
      "unknown field": [{ force: true }, V],
      "car id as a string": [() => ({ vehicleId: String(fx.blackCar) }), V],
      "no car": [{ vehicleId: undefined }, V],
      "another store's car": [() => ({ vehicleId: fx.foreignCar }), NF],
      "a car of the wrong colour": [() => ({ vehicleId: fx.car }), "422 vehicle_mismatch"],
      "another consultant": [{}, NF, "consultant2"],
      "another store's manager": [{}, NF, "foreignManager"],
      "no such order": [{ at: "/orders/99999999/allocate" }, NF],
      "a delivered order": [{ at: "/orders/{delivered}/allocate" }, "409 order_not_open"],
      "by reception": [{}, F, "reception"],
      "by customer service": [{}, F, "cs"],
    },
  },
  cancel: {
    by: "manager",
    at: "POST /orders/{open}/cancel",
    base: () => ({ reason: "客户资金不足", refundFen: 500_000 }),
    cases: {
      "malformed JSON": ['{"reason": "x", ', "400 malformed_request"],
      "unknown field": [{ state: "cancelled" }, V],
      "no reason": [{ reason: undefined }, V],
      "blank reason": [{ reason: "  " }, V],
      "reason of 501 chars": [{ reason: long(501) }, V],
      "no refund": [{ refundFen: undefined }, V],
      "negative refund": [{ refundFen: -1 }, V],
      "refund above 1亿元": [{ refundFen: MAX_FEN + 1 }, V],
      "refund above the deposit": [{ refundFen: 500_001 }, "422 refund_exceeds_deposit"],
      "occurredAt in the future": [{ occurredAt: later(60_000) }, "422 in_future"],
      "occurredAt before the order": [{ occurredAt: later(-60_000) }, "422 before_ordered"],
      "a delivered order": [{ at: "/orders/{delivered}/cancel" }, "409 order_not_open"],
      "a cancelled order": [{ at: "/orders/{cancelled}/cancel" }, "409 order_not_open"],
      "another store's order": [{ at: "/orders/{foreignOrder}/cancel" }, NF],
      "order id abc": [{ at: "/orders/abc/cancel" }, V],
      "by the consultant": [{}, F, "consultant"],
      "by customer service": [{}, F, "cs"],
      "by the admin": [{}, F, "admin"],
    },
  },
  deliver: {
    by: "consultant",
    at: "POST /orders/{open}/deliver",
    base: () => structuredClone(FULL_CHECKLIST),
    cases: {
      "malformed JSON": ['{"pdiDone": tru', "400 malformed_request"],
      "PDI not done": [{ pdiDone: false }, "409 checklist_incomplete"],
      "no keys": [{ documents: { ...FULL_CHECKLIST.documents, keys: false } }, "409 checklist_incomplete"],
      "pdiDone 'yes'": [{ pdiDone: "yes" }, V],
      "a document left out": [{ documents: { ...FULL_CHECKLIST.documents, manual: undefined } }, V],
      "an unknown document": [{ documents: { ...FULL_CHECKLIST.documents, receipt: true } }, V],
      "unknown field": [{ signedBy: "x" }, V],
      "plate 12345": [{ plate: "12345" }, V],
      "occurredAt in the future": [{ occurredAt: later(60_000) }, "422 in_future"],
      "occurredAt before the order": [{ occurredAt: later(-60_000) }, "422 before_ordered"],
      "a factory order without its car": [{ at: "/orders/{factory}/deliver" }, "409 no_vehicle"],
      "a delivered order": [{ at: "/orders/{delivered}/deliver" }, "409 order_not_open"],
      "a cancelled order": [{ at: "/orders/{cancelled}/deliver" }, "409 order_not_open"],
      "another consultant": [{}, NF, "consultant2"],
      "another store's manager": [{}, NF, "foreignManager"],
      "by reception": [{}, F, "reception"],
      "by customer service": [{}, F, "cs"],
      "by the gm": [{}, F, "gm"],
    },
  },
  "after-cancel": {
    by: "manager",
    at: "POST /leads/{tLead}/after-cancel",
    base: () => ({ action: "regrade", level: "B" }),
    cases: {
      "level O": [{ level: "O" }, V],
      "level N": [{ level: "N" }, V],
      "no level": [{ level: undefined }, V],
      "action reopen": [{ action: "reopen" }, V],
      "close with a level": [{ action: "close" }, V],
      "close with a note of 501 chars": [{ action: "close", level: undefined, note: long(501) }, V],
      "a lead that is not T": [{ at: "/leads/{lead}/after-cancel" }, "409 not_cancelled"],
      "another store's lead": [{}, NF, "foreignManager"],
      "by the consultant": [{}, F, "consultant"],
      "by reception": [{}, F, "reception"],
      "by the admin": [{}, F, "admin"],
    },
  },
};

const placeholder = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, k: string) => String(fx[k as keyof typeof fx]));
function build(group: Group, body: Body): { url: string; payload: unknown } {
  const path = group.at.split(" ")[1]!;
  if (typeof body === "string") return { url: placeholder(path), payload: body };
  const { at, ...fields } = (typeof body === "function" ? body() : body) as { at?: string };
  return { url: placeholder(at ?? path), payload: { ...group.base(), ...fields } };
}
const CASES = Object.entries(GROUPS).flatMap(([name, group]) =>
  Object.entries(group.cases).map(
    ([title, [body, expected, by]]) => [`${name}: ${title}`, group, body, expected, by ?? group.by] as const,
  ),
);

describe("bad input is refused and writes nothing", () => {
  it.each(CASES)("%s", async (_, group, body, expected, by) => {
    const [status, code] = expected.split(" ");
    const { url, payload } = build(group, body);
    const headers = typeof payload === "string" ? { "content-type": "application/json" } : {};
    const before = await snapshot();
    const res = await ctx.req(u[by], {
      method: "POST",
      url: `/api/v1${url}`,
      headers,
      payload: payload as object,
    });
    expect(res.statusCode, res.body).toBe(Number(status));
    expect(res.json().error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it("reads refuse bad parameters and other stores", async () => {
    for (const [who, url, expected] of [
      ["manager", "/orders?state=lost", V],
      ["manager", "/orders?page=0", V],
      ["manager", "/orders?pageSize=201", V],
      ["manager", "/orders?sort=price", V],
      ["manager", `/orders?storeId=${store2}`, NF],
      ["manager", "/orders/abc", V],
      ["manager", `/orders/${fx.foreignOrder}`, NF],
      ["manager", "/quotes?leadId=abc", V],
      ["manager", `/quotes/${fx.foreignQuote}`, NF],
      ["manager", "/customers/abc/referrals", V],
      ["reception", "/orders", F],
      ["reception", `/quotes?leadId=${fx.lead}`, F],
    ] as const) {
      const res = await f.send(u[who], "GET", url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(Number(expected.split(" ")[0]));
      expect(res.json().error.code).toBe(expected.split(" ")[1]);
    }
  });

  it("the fixtures are untouched after all that", async () => {
    const open = (await f.ok(u.manager, "GET", `/orders/${fx.open}`)).order;
    expect(open).toMatchObject({ state: "open", cancelledAt: null, deliveredAt: null });
    expect((await f.carStatus(fx.car)).status).toBe("in_stock");
    expect((await f.carStatus(fx.blackCar)).status).toBe("in_stock");
    expect((await f.ok(u.manager, "GET", `/leads/${fx.lead}`)).lead.level).toBe("N");
    expect((await f.ok(u.manager, "GET", `/leads/${fx.tLead}`)).lead).toMatchObject({
      level: "T",
      state: "active",
    });
  });
});

describe("concurrent conflicting requests: exactly one wins", () => {
  it("two orders on one car: one 201, the other 409 vin_reserved, nothing else written", async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = [await f.lead(u.consultant), await f.lead(u.consultant2)];
      const car = await f.car(store);
      const before = await snapshot();
      const [ra, rb] = await Promise.all(
        [
          [u.consultant, a],
          [u.consultant2, b],
        ].map(([who, lead]) =>
          f.send(who as TestUser, "POST", "/orders", {
            leadId: (lead as { id: number }).id,
            vehicleId: car.id,
            depositFen: 100_000,
            priceFen: 20_000_000,
          }),
        ),
      );
      expect([ra!.statusCode, rb!.statusCode].sort()).toEqual([201, 409]);
      const [winner, loser] = ra!.statusCode === 201 ? [a, b] : [b, a];
      expect((ra!.statusCode === 409 ? ra! : rb!).json().error.code).toBe("vin_reserved");
      const after = await snapshot();
      expect(after.orders).toHaveLength(before.orders.length + 1);
      expect(after.order_counters).toBe(before.order_counters);
      // one order, its car, its lead: three audit rows; one event
      expect(after.audit_log).toBe(before.audit_log + 3);
      expect(after.lead_events).toBe(before.lead_events + 1);
      expect((await f.ok(u.manager, "GET", `/leads/${winner.id}`)).lead.level).toBe("O");
      expect((await f.ok(u.manager, "GET", `/leads/${loser.id}`)).lead.level).toBe("N");
      expect((await f.carStatus(car.id)).status).toBe("reserved");
    }
  });

  it("two orders for one lead on two cars: one 201, the other 409 lead_has_open_order", async () => {
    const lead = await f.lead(u.consultant);
    const cars = [await f.car(store), await f.car(store)];
    const res = await Promise.all(
      cars.map((c) =>
        f.send(u.consultant, "POST", "/orders", {
          leadId: lead.id,
          vehicleId: c.id,
          depositFen: 0,
          priceFen: 1,
        }),
      ),
    );
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const lost = res.findIndex((r) => r.statusCode === 409);
    expect(res[lost]!.json().error.code).toBe("lead_has_open_order");
    expect((await f.carStatus(cars[lost]!.id)).status).toBe("in_stock");
  });

  it("orders at once get distinct, consecutive numbers", async () => {
    const leads = await Promise.all(Array.from({ length: 6 }, () => f.lead(u.consultant)));
    const cars = await Promise.all(leads.map(() => f.car(store)));
    const res = await Promise.all(
      leads.map((l, i) =>
        f.send(u.consultant, "POST", "/orders", {
          leadId: l.id,
          vehicleId: cars[i]!.id,
          depositFen: 0,
          priceFen: 1,
        }),
      ),
    );
    expect(res.every((r) => r.statusCode === 201)).toBe(true);
    const seqs = res.map((r) => Number(r.json().orderNo.slice(-6))).sort((x, y) => x - y);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it("one car allocated to two factory orders at once: one wins", async () => {
    const orders = await Promise.all(
      [1, 2].map(async () =>
        f.order(u.consultant, {
          leadId: (await f.lead(u.consultant)).id,
          factoryOrder: { model: "途观L", colour: "银色" },
        }),
      ),
    );
    const car = await f.car(store, { colour: "银色" });
    const res = await Promise.all(
      orders.map((o) => f.send(u.consultant, "POST", `/orders/${o.id}/allocate`, { vehicleId: car.id })),
    );
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(res.find((r) => r.statusCode === 409)!.json().error.code).toBe("vin_reserved");
  });

  it("delivering twice: one delivery, one car sold, one customer vehicle, three callbacks", async () => {
    const lead = await f.lead(u.consultant);
    const o = await f.order(u.consultant, { leadId: lead.id, vehicleId: (await f.car(store)).id });
    const before = await snapshot();
    const res = await Promise.all([
      f.send(u.consultant, "POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST),
      f.send(u.manager, "POST", `/orders/${o.id}/deliver`, { ...FULL_CHECKLIST, plate: "沪A12345" }),
    ]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(res.find((r) => r.statusCode === 409)!.json().error.code).toBe("order_not_open");
    const after = await snapshot();
    expect(after.care_tasks).toBe(before.care_tasks + 3);
    expect(after.vehicles).toBe(before.vehicles + 1);
    expect(after.lead_events).toBe(before.lead_events + 1);
    expect((await f.ok(u.manager, "GET", `/leads/${lead.id}`)).lead).toMatchObject({
      level: "D",
      state: "won",
    });
  });

  it("cancelling twice: one cancellation, one event", async () => {
    const o = await f.order(u.consultant, {
      leadId: (await f.lead(u.consultant)).id,
      vehicleId: (await f.car(store)).id,
    });
    const before = await snapshot();
    const res = await Promise.all([
      f.send(u.manager, "POST", `/orders/${o.id}/cancel`, { reason: "a", refundFen: 0 }),
      f.send(u.gm, "POST", `/orders/${o.id}/cancel`, { reason: "b", refundFen: 500_000 }),
    ]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(res.find((r) => r.statusCode === 409)!.json().error.code).toBe("order_not_open");
    expect((await snapshot()).lead_events).toBe(before.lead_events + 1);
  });

  it("a cancellation racing a delivery: one wins, and the car and lead agree with it", async () => {
    for (let round = 0; round < 3; round++) {
      const lead = await f.lead(u.consultant);
      const car = await f.car(store);
      const o = await f.order(u.consultant, { leadId: lead.id, vehicleId: car.id });
      const [cancel, deliver] = await Promise.all([
        f.send(u.manager, "POST", `/orders/${o.id}/cancel`, { reason: "x", refundFen: 0 }),
        f.send(u.consultant, "POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST),
      ]);
      expect([cancel.statusCode, deliver.statusCode].sort()).toEqual([200, 409]);
      const delivered = deliver.statusCode === 200;
      expect((await f.carStatus(car.id)).status).toBe(delivered ? "sold" : "in_stock");
      expect((await f.ok(u.manager, "GET", `/leads/${lead.id}`)).lead.level).toBe(delivered ? "D" : "T");
      expect(await ctx.count("care_tasks", `order_id = ${o.id}`)).toBe(delivered ? 3 : 0);
    }
  });

  it("two managers deciding one T lead: one decision", async () => {
    const lead = await f.lead(u.consultant);
    const o = await f.order(u.consultant, { leadId: lead.id, vehicleId: (await f.car(store)).id });
    await f.ok(u.manager, "POST", `/orders/${o.id}/cancel`, { reason: "x", refundFen: 0 });
    const res = await Promise.all([
      f.send(u.manager, "POST", `/leads/${lead.id}/after-cancel`, { action: "regrade", level: "A" }),
      f.send(u.gm, "POST", `/leads/${lead.id}/after-cancel`, { action: "close" }),
    ]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(res.find((r) => r.statusCode === 409)!.json().error.code).toBe("not_cancelled");
    const d = await f.ok(u.manager, "GET", `/leads/${lead.id}`);
    expect(d.events.filter((e: { kind: string }) => e.kind.startsWith("cancel_"))).toHaveLength(1);
  });
});
