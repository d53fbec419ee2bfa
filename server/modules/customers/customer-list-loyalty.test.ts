import { describe, expect, it } from "vitest";
import { type TestUser, testApp } from "../../../tests/support/app.ts";
import { LOYALTY_CLASSES, type LoyaltyClass } from "./loyalty.ts";
import { fixtures } from "./test-support.ts";

// 2026-11-24 10:00 Shanghai. Store A's window starts 2025-11-23T16:00Z (Shanghai midnight); store B runs on
// UTC, its window starts 2025-11-24T00:00Z.
const ctx = await testApp("2026-11-24T02:00:00Z");
const fx = fixtures(ctx);
const storeA = await ctx.store("一店");
const storeB = await ctx.store("二店");
await ctx.pool.query("UPDATE stores SET time_zone = 'UTC' WHERE id = $1", [storeB]);
const admin = await ctx.user("admin", null);
const cs = await ctx.user("customer_service", storeA);
const advisorA = await ctx.user("service_advisor", storeA);
const advisorB = await ctx.user("service_advisor", storeB);
const consultant = await ctx.user("consultant", storeA);

const EDGE_A = "2025-11-23T16:00:00Z";
const BEFORE_A = "2025-11-23T15:59:59Z";
const RECENT = [
  "2026-02-01T02:00:00Z",
  "2026-05-01T02:00:00Z",
  "2026-08-01T02:00:00Z",
  "2026-11-23T02:00:00Z",
];

async function customerWith(storeId: number, name: string, visits: readonly string[], vehicles = 1) {
  const c = await fx.customer(storeId, name);
  const cars: number[] = [];
  for (let i = 0; i < vehicles; i++) cars.push(await fx.vehicle(storeId, c, {}));
  const advisorId = storeId === storeA ? advisorA.id : advisorB.id;
  for (const openedAt of visits) {
    await fx.repairOrder(storeId, { customerId: c, vehicleId: cars[0]!, advisorId, openedAt });
  }
  return c;
}

// store A: one or two customers per class, boundaries at the window's first instant
const expected: Record<LoyaltyClass, number[]> = {
  frequent: [
    await customerWith(storeA, "常客甲", RECENT),
    await customerWith(storeA, "常客乙", [EDGE_A, ...RECENT.slice(1), BEFORE_A], 2),
  ],
  active: [
    await customerWith(storeA, "活跃甲", RECENT.slice(0, 2)),
    await customerWith(storeA, "活跃乙", [BEFORE_A, ...RECENT.slice(1)]),
  ],
  once: [
    await customerWith(storeA, "一次甲", [EDGE_A]),
    await customerWith(storeA, "一次乙", [BEFORE_A, RECENT[3]!]),
  ],
  lost: [
    await customerWith(storeA, "流失甲", [BEFORE_A]),
    await customerWith(storeA, "流失乙", ["2020-01-01T00:00:00Z"]),
  ],
  none: [await customerWith(storeA, "新建甲", [], 0), await customerWith(storeA, "新建乙", [])],
};
// store B (UTC): 20:00Z on 23 Nov 2025 is inside store A's window but before store B's
const lostInB = await customerWith(storeB, "二店流失", ["2025-11-23T20:00:00Z"]);
const onceInA = await customerWith(storeA, "一店一次", ["2025-11-23T20:00:00Z"]);
expected.once.push(onceInA);

interface Item {
  id: number;
  loyaltyClass: LoyaltyClass;
  workshopVisits12m: number;
  vehicleCount: number;
}
async function list(user: TestUser, query: string) {
  const res = await ctx.req(user, { method: "GET", url: `/api/v1/customers?pageSize=200&${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[]; total: number };
}
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe("the customer list's loyalty class", () => {
  it.each(LOYALTY_CLASSES)("filters %s customers live, and shows the class on each row", async (cls) => {
    const body = await list(cs, `loyalty=${cls}`);
    expect(sorted(body.items.map((i) => i.id))).toEqual(sorted(expected[cls]));
    expect(body.total).toBe(expected[cls].length);
    for (const item of body.items) expect(item.loyaltyClass).toBe(cls);
  });

  it("shows the class, the visits in 12 months and the vehicle count on every row of the unfiltered list", async () => {
    const body = await list(cs, "");
    const all = Object.values(expected).flat();
    expect(body.total).toBe(all.length);
    const byId = new Map(body.items.map((i) => [i.id, i]));
    for (const [cls, ids] of Object.entries(expected)) {
      for (const id of ids) expect(byId.get(id)?.loyaltyClass, `customer ${id}`).toBe(cls);
    }
    expect(byId.get(expected.frequent[1]!)).toMatchObject({ workshopVisits12m: 4, vehicleCount: 2 });
    expect(byId.get(expected.active[1]!)).toMatchObject({ workshopVisits12m: 3, vehicleCount: 1 });
    expect(byId.get(expected.none[0]!)).toMatchObject({ workshopVisits12m: 0, vehicleCount: 0 });
  });

  it("combines with the search and pages the filtered list", async () => {
    const body = await list(cs, `loyalty=frequent&q=${encodeURIComponent("常客乙")}`);
    expect(body.items.map((i) => i.id)).toEqual([expected.frequent[1]]);
    const p1 = await ctx.req(cs, { method: "GET", url: "/api/v1/customers?loyalty=once&pageSize=2&page=2" });
    expect(p1.json()).toMatchObject({ total: 3 });
    expect((p1.json() as { items: Item[] }).items).toHaveLength(1);
  });

  it("uses each store's own time zone for the group admin", async () => {
    const lost = await list(admin, "loyalty=lost");
    expect(lost.items.map((i) => i.id)).toContain(lostInB);
    expect(lost.items.map((i) => i.id)).not.toContain(onceInA);
    const once = await list(admin, "loyalty=once");
    expect(once.items.map((i) => i.id)).toContain(onceInA);
    expect(once.items.map((i) => i.id)).not.toContain(lostInB);
    const onlyB = await list(admin, `loyalty=lost&storeId=${storeB}`);
    expect(onlyB.items.map((i) => i.id)).toEqual([lostInB]);
    expect((await list(advisorB, "")).items).toEqual([
      expect.objectContaining({ id: lostInB, loyaltyClass: "lost" }),
    ]);
  });

  it("keeps a consultant's reach", async () => {
    expect((await list(consultant, "loyalty=frequent")).items).toEqual([]);
    await fx.lead(storeA, expected.frequent[0]!, consultant.id);
    expect((await list(consultant, "loyalty=frequent")).items.map((i) => i.id)).toEqual([
      expected.frequent[0],
    ]);
  });

  it("refuses an unknown class", async () => {
    for (const q of ["loyalty=vip", "loyalty=", "loyalty=FREQUENT"]) {
      const res = await ctx.req(cs, { method: "GET", url: `/api/v1/customers?${q}` });
      expect(res.statusCode, q).toBe(400);
    }
  });
});
