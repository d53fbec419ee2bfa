import { describe, expect, it } from "vitest";
import { type TestUser, testApp } from "../../../tests/support/app.ts";
import { fixtures, nextPhone, validVin } from "./test-support.ts";

const ctx = await testApp("2026-11-24T02:00:00Z");
const fx = fixtures(ctx);
const storeA = await ctx.store("一店");
const storeB = await ctx.store("二店");
const admin = await ctx.user("admin", null);
const advisor = await ctx.user("service_advisor", storeA);
const cs = await ctx.user("customer_service", storeA);
const consultant = await ctx.user("consultant", storeA);
const partsClerk = await ctx.user("parts_clerk", storeA);

const wangPhone = nextPhone();
const wang = await fx.customer(storeA, "王小明", wangPhone);
const wangVin = validVin("LFV2A21K5M3");
const wangCar = await fx.vehicle(storeA, wang, { vin: wangVin, plate: "粤A12345", model: "迈腾" });
const wangSecond = await fx.vehicle(storeA, wang, { plate: "粤B99887", model: "帕萨特" });
const li = await fx.customer(storeA, "李华");
const liCar = await fx.vehicle(storeA, li, { plate: "粤A12399", model: "凯美瑞" });
const noPlate = await fx.vehicle(storeA, li, { plate: null, model: "雅阁" });
// another store has the same customer name and a look-alike plate
const other = await fx.customer(storeB, "王小明", wangPhone);
const otherCar = await fx.vehicle(storeB, other, { vin: wangVin, plate: "粤A12345" });

type Hit = { id: number; customerId: number; customerName: string; phone: string; phoneMasked: boolean };
async function search(user: TestUser, query: string) {
  const res = await ctx.req(user, { method: "GET", url: `/api/v1/customer-vehicles?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { items: Hit[]; total: number };
  expect(body.total).toBeGreaterThanOrEqual(body.items.length);
  return body;
}
const ids = (b: { items: Hit[] }) => b.items.map((i) => i.id).sort((x, y) => x - y);
const sorted = (...xs: number[]) => xs.sort((x, y) => x - y);

describe("customer-vehicle search", () => {
  it.each([
    ["a full plate", "粤A12345", [wangCar]],
    ["a plate with spaces and lower case", "粤a 123 45", [wangCar]],
    ["a plate prefix", "粤A123", [wangCar, liCar]],
    ["a plate without its province character", "A12399", [liCar]],
    ["the full VIN", wangVin.toLowerCase(), [wangCar]],
    ["the VIN's last 6 characters", wangVin.slice(-6), [wangCar]],
    ["the VIN's last 8 characters", wangVin.slice(-8), [wangCar]],
    ["the full phone with country code", `+86 ${wangPhone}`, [wangCar, wangSecond]],
    ["a name prefix", "王小", [wangCar, wangSecond]],
    ["a name", "李华", [liCar, noPlate]],
  ])("finds by %s, only in the own store", async (_what, q, expected) => {
    const body = await search(advisor, `q=${encodeURIComponent(q)}`);
    expect(ids(body)).toEqual(sorted(...expected));
    expect(body.total).toBe(expected.length);
  });

  it.each([
    ["the phone's last 4 digits (only the full phone finds)", wangPhone.slice(-4)],
    ["5 characters of the VIN (6 at least)", wangVin.slice(-5)],
    ["a name in the middle", "小明"],
    ["LIKE wildcards", "%"],
    ["an underscore wildcard", "王_明"],
  ])("does not find by %s", async (_what, q) => {
    const body = await search(advisor, `q=${encodeURIComponent(q)}`);
    expect(body.items.filter((i) => i.customerId === wang)).toEqual([]);
  });

  it("lists one customer's vehicles with customerId, with the owner and the masked phone", async () => {
    const body = await search(advisor, `customerId=${wang}`);
    expect(ids(body)).toEqual(sorted(wangCar, wangSecond));
    const car = body.items.find((i) => i.id === wangCar)!;
    expect(car).toMatchObject({
      vin: wangVin,
      plate: "粤A12345",
      model: "迈腾",
      customerId: wang,
      customerName: "王小明",
      phone: `${wangPhone.slice(0, 3)}****${wangPhone.slice(7)}`,
      phoneMasked: true,
      soldByStore: false,
    });
    // customer service sees full phones (DOMAIN §10)
    const full = await search(cs, `customerId=${wang}&q=${encodeURIComponent("粤B")}`);
    expect(full.items).toHaveLength(1);
    expect(full.items[0]).toMatchObject({ id: wangSecond, phone: wangPhone, phoneMasked: false });
  });

  it("gives an empty list for another store's customer and pages the rest", async () => {
    expect(await search(advisor, `customerId=${other}`)).toEqual({ items: [], total: 0 });
    const q = encodeURIComponent("粤A");
    const page1 = await search(advisor, `q=${q}&pageSize=1&page=1`);
    const page2 = await search(advisor, `q=${q}&pageSize=1&page=2`);
    expect(page1.total).toBe(2);
    expect(page1.items).toHaveLength(1);
    expect(page2.items).toHaveLength(1);
    expect(new Set([...ids(page1), ...ids(page2)])).toEqual(new Set([wangCar, liCar]));
  });

  it("lets the group admin search every store", async () => {
    const body = await search(admin, `q=${wangVin.slice(-6)}`);
    expect(ids(body)).toEqual(sorted(wangCar, otherCar));
  });

  it("lets a consultant find only vehicles of customers with a lead of his own, with their full phone", async () => {
    expect((await search(consultant, "q=%E7%8E%8B")).items).toEqual([]);
    await fx.lead(storeA, wang, consultant.id);
    const body = await search(consultant, "q=%E7%8E%8B");
    expect(ids(body)).toEqual(sorted(wangCar, wangSecond));
    expect(body.items[0]).toMatchObject({ phone: wangPhone, phoneMasked: false });
  });

  it("refuses roles without customer.read, anonymous callers and bad parameters", async () => {
    const refused = await ctx.req(partsClerk, {
      method: "GET",
      url: "/api/v1/customer-vehicles?q=%E7%8E%8B",
    });
    expect(refused.statusCode).toBe(403);
    const anonymous = await ctx.req(null, { method: "GET", url: "/api/v1/customer-vehicles" });
    expect(anonymous.statusCode).toBe(401);
    for (const query of [
      "customerId=abc",
      "customerId=0",
      "pageSize=0",
      "page=-1",
      "foo=1",
      `q=${"x".repeat(101)}`,
    ]) {
      const res = await ctx.req(advisor, { method: "GET", url: `/api/v1/customer-vehicles?${query}` });
      expect(res.statusCode, query).toBe(400);
    }
  });
});
