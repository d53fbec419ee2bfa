/** Quotes (报价) through the HTTP API against a real database: money, defaults, the timeline, who reaches them. */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { salesFixtures } from "./test-support.ts";

const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai
let ctx: TestContext;
let f: ReturnType<typeof salesFixtures>;
let store: number;
let store2: number;
let consultant: TestUser;
let consultant2: TestUser;
let manager: TestUser;
let cs: TestUser;
let admin: TestUser;

beforeAll(async () => {
  ctx = await testApp(NOW);
  f = salesFixtures(ctx);
  store = await ctx.store("一号店");
  store2 = await ctx.store("二号店");
  consultant = await ctx.user("consultant", store, { displayName: "张三" });
  consultant2 = await ctx.user("consultant", store);
  manager = await ctx.user("sales_manager", store);
  cs = await ctx.user("customer_service", store);
  admin = await ctx.user("admin", null);
});

const FULL = {
  vehiclePriceFen: 21_000_000,
  discountFen: 1_000_000,
  lines: [
    { kind: "accessory", name: "全车贴膜", amountFen: 350_000 },
    { kind: "accessory", name: "脚垫", amountFen: 80_050 },
    { kind: "insurance", name: "商业险+交强险", amountFen: 620_000 },
    { kind: "registration", name: "上牌服务费", amountFen: 50_000 },
  ],
  loan: { downPaymentFen: 11_100_050, months: 36, annualRatePct: 3.85 },
  validUntil: "2026-12-10",
  note: "含三年免费保养",
};

describe("making a quote", () => {
  it("sums exactly, finances the rest and computes the monthly payment", async () => {
    const lead = await f.lead(consultant);
    const audits = await ctx.count("audit_log");
    const q = await f.ok(consultant, "POST", "/quotes", { leadId: lead.id, ...FULL }, 201);
    // 21 000 000 − 1 000 000 + 1 100 050 = 21 100 050; financed 10 000 000 → 294 573 a month (loan.test.ts)
    expect(q).toMatchObject({
      leadId: lead.id,
      storeId: store,
      vehiclePriceFen: 21_000_000,
      discountFen: 1_000_000,
      linesFen: 1_100_050,
      totalFen: 21_100_050,
      loan: {
        downPaymentFen: 11_100_050,
        months: 36,
        annualRatePct: 3.85,
        financedFen: 10_000_000,
        monthlyPaymentFen: 294_573,
        totalInterestFen: 294_573 * 36 - 10_000_000,
      },
      validUntil: "2026-12-10",
      note: "含三年免费保养",
      model: "途观L",
      colour: "白色",
      createdBy: consultant.id,
      createdByName: "张三",
    });
    expect(q.lines.map((l: { name: string }) => l.name)).toEqual(FULL.lines.map((l) => l.name));
    expect(await f.ok(consultant, "GET", `/quotes/${q.id}`)).toEqual(q);
    expect(await ctx.count("audit_log")).toBe(audits + 1);
    const d = await f.ok(consultant, "GET", `/leads/${lead.id}`);
    expect(d.events[0]).toMatchObject({ kind: "quoted", data: { quoteId: q.id, totalFen: 21_100_050 } });
    // a quote moves no level: the lead is still what the consultant graded it
    expect(d.lead.level).toBe("N");
  });

  it("is valid a week by default (store-local today + 7), without a loan, lines or discount", async () => {
    const lead = await f.lead(consultant);
    const q = await f.ok(
      consultant,
      "POST",
      "/quotes",
      { leadId: lead.id, vehiclePriceFen: 19_990_000 },
      201,
    );
    expect(q).toMatchObject({ discountFen: 0, lines: [], linesFen: 0, totalFen: 19_990_000, loan: null });
    expect(q.validUntil).toBe("2026-12-01");
    // at 23:30 in Shanghai (15:30 UTC) the store's today is still the 24th; at 00:30 on the 25th it is the 25th
    // (a manager who logs in then: the others' sessions would time out across those hours)
    ctx.clock.set("2026-11-24T16:30:00Z");
    const nightShift = await ctx.user("sales_manager", store);
    const late = await f.ok(nightShift, "POST", "/quotes", { leadId: lead.id, vehiclePriceFen: 1 }, 201);
    ctx.clock.set(NOW);
    expect(late.validUntil).toBe("2026-12-02");
  });

  it("a loan at 0 % pays P/n a month and carries no interest", async () => {
    const lead = await f.lead(consultant);
    const q = await f.ok(
      consultant,
      "POST",
      "/quotes",
      {
        leadId: lead.id,
        vehiclePriceFen: 12_000_000,
        loan: { downPaymentFen: 2_000_000, months: 36, annualRatePct: 0 },
      },
      201,
    );
    expect(q.loan).toEqual({
      downPaymentFen: 2_000_000,
      months: 36,
      annualRatePct: 0,
      financedFen: 10_000_000,
      monthlyPaymentFen: 277_778,
      totalInterestFen: 0,
    });
  });

  it("describes a stock car by the car unless the consultant typed it", async () => {
    const lead = await f.lead(consultant, { intendedModel: "帕萨特", colour: "灰色" });
    const car = await f.car(store, { model: "途岳", colour: "蓝色", trim: "380TSI" });
    const byCar = await f.ok(
      consultant,
      "POST",
      "/quotes",
      { leadId: lead.id, vehicleId: car.id, vehiclePriceFen: 1 },
      201,
    );
    expect(byCar).toMatchObject({ vehicleId: car.id, model: "途岳", trim: "380TSI", colour: "蓝色" });
    const typed = await f.ok(
      consultant,
      "POST",
      "/quotes",
      { leadId: lead.id, model: "ID.4", colour: "黑色", vehiclePriceFen: 1 },
      201,
    );
    expect(typed).toMatchObject({ vehicleId: null, model: "ID.4", trim: null, colour: "黑色" });
    const fromLead = await f.ok(consultant, "POST", "/quotes", { leadId: lead.id, vehiclePriceFen: 1 }, 201);
    expect(fromLead).toMatchObject({ model: "帕萨特", colour: "灰色" });
  });

  it("is never changed: there is no route to edit or delete it", async () => {
    const lead = await f.lead(consultant);
    const q = await f.ok(
      consultant,
      "POST",
      "/quotes",
      { leadId: lead.id, vehiclePriceFen: 10_000_000 },
      201,
    );
    for (const method of ["PATCH", "PUT", "DELETE"] as const) {
      f.refused(await f.send(manager, method, `/quotes/${q.id}`, { discountFen: 1 }), 404, "not_found");
    }
    expect(await f.ok(consultant, "GET", `/quotes/${q.id}`)).toEqual(q);
  });
});

describe("reading quotes", () => {
  it("lists a lead's quotes newest first, to the owner and the managers", async () => {
    const lead = await f.lead(consultant);
    const first = await f.ok(
      consultant,
      "POST",
      "/quotes",
      { leadId: lead.id, vehiclePriceFen: 10_000_000 },
      201,
    );
    ctx.clock.set("2026-11-24T03:00:00Z");
    const second = await f.ok(
      consultant,
      "POST",
      "/quotes",
      { leadId: lead.id, vehiclePriceFen: 9_000_000 },
      201,
    );
    ctx.clock.set(NOW);
    for (const u of [consultant, manager]) {
      const { items } = await f.ok(u, "GET", `/quotes?leadId=${lead.id}`);
      expect(items.map((q: { id: number }) => q.id)).toEqual([second.id, first.id]);
    }
    const { items } = await f.ok(admin, "GET", `/quotes?leadId=${lead.id}&storeId=${store}`);
    expect(items).toHaveLength(2);
    f.refused(await f.send(admin, "GET", `/quotes?leadId=${lead.id}&storeId=${store2}`), 404, "not_found");
    f.refused(await f.send(manager, "GET", `/quotes?leadId=${lead.id}&storeId=${store2}`), 404, "not_found");
  });

  it("another consultant's and another store's quotes answer 404; customer service reads none (403)", async () => {
    const lead = await f.lead(consultant);
    const q = await f.ok(
      consultant,
      "POST",
      "/quotes",
      { leadId: lead.id, vehiclePriceFen: 10_000_000 },
      201,
    );
    const foreignManager = await ctx.user("sales_manager", store2);
    for (const [u, url] of [
      [consultant2, `/quotes/${q.id}`],
      [consultant2, `/quotes?leadId=${lead.id}`],
      [foreignManager, `/quotes/${q.id}`],
      [foreignManager, `/quotes?leadId=${lead.id}`],
    ] as const) {
      f.refused(await f.send(u, "GET", url), 404, "not_found");
    }
    f.refused(await f.send(cs, "GET", `/quotes/${q.id}`), 403, "forbidden");
    f.refused(await f.send(manager, "GET", "/quotes"), 400, "validation_failed");
  });
});
