/**
 * Vehicle stock through the API: arrivals, the list with its filters, summary and aging, the long-stock
 * board, matching a lead, the manager's changes, model rules and the purchase-plan check.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { badCheckDigit, daysAgo, kit, NOW, vin } from "./test-kit.ts";

let ctx: TestContext;
let store: number;
let admin: TestUser;
let manager: TestUser;
let gm: TestUser;
let consultant: TestUser;
let consultant2: TestUser;
let reception: TestUser;
const { send, ok, car, setStatus } = kit(() => ctx);

interface Car {
  id: number;
  vin: string;
  status: string;
  ageDays: number | null;
  ageBucket: string | null;
  longStock: boolean;
  costFen: number | null;
  arrivedAt: string | null;
  orderId: number | null;
  orderNo: string | null;
  incentiveFen: number;
}

beforeAll(async () => {
  ctx = await testApp(NOW);
  store = await ctx.store();
  admin = await ctx.user("admin", null);
  manager = await ctx.user("sales_manager", store);
  gm = await ctx.user("gm", store);
  consultant = await ctx.user("consultant", store);
  consultant2 = await ctx.user("consultant", store);
  reception = await ctx.user("reception", store);
});

/** Each test works in a store of its own, so lists and sums are exactly what the test made. */
async function freshStore() {
  const s = await ctx.store();
  const m = await ctx.user("sales_manager", s);
  return { s, m };
}

describe("an arrival (新车入库)", () => {
  it("is created in stock with its age, and audited", async () => {
    const audits = await ctx.count("audit_log", "entity = 'stock_vehicle'");
    const v = vin().toLowerCase();
    const res = await send(manager, "POST", "/vehicles", {
      vin: ` ${v} `,
      model: "途观L",
      trim: "330TSI 豪华版",
      colour: "白色",
      optionPackage: "驾驶辅助包",
      costFen: 18_000_000,
      listPriceFen: 21_500_000,
      arrivedAt: daysAgo(3),
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      vin: v.toUpperCase(),
      status: "in_stock",
      ageDays: 3,
      ageBucket: "0-30",
      longStock: false,
      costFen: 18_000_000,
      listPriceFen: 21_500_000,
      incentiveFen: 0,
      vinCheckWarning: false,
      warnings: [],
      orderId: null,
      storeId: store,
    });
    expect(await ctx.count("audit_log", "entity = 'stock_vehicle'")).toBe(audits + 1);
    const [row] = (await ctx.pool.query("SELECT action, actor_id FROM audit_log ORDER BY id DESC LIMIT 1"))
      .rows;
    expect(row).toMatchObject({ action: "create", actor_id: manager.id });
  });

  it("arrived today is 0 days old; in transit has no age", async () => {
    expect(await car(manager, { arrivedAt: NOW })).toMatchObject({ ageDays: 0, ageBucket: "0-30" });
    expect(await car(manager, { status: "in_transit" })).toMatchObject({
      status: "in_transit",
      arrivedAt: null,
      ageDays: null,
      ageBucket: null,
      longStock: false,
    });
  });

  it("counts the store-local days: arrived 23:30 yesterday in Shanghai is 1 day old at 10:00", async () => {
    // 2026-11-23T15:30Z is 23:30 on the 23rd in Shanghai; 16:30Z is 00:30 on the 24th
    expect((await car(manager, { arrivedAt: "2026-11-23T15:30:00Z" })).ageDays).toBe(1);
    expect((await car(manager, { arrivedAt: "2026-11-23T16:30:00Z" })).ageDays).toBe(0);
  });

  it("with a wrong check digit is refused, or accepted with a warning where the store allows it", async () => {
    const bad = badCheckDigit(vin());
    const refused = await send(manager, "POST", "/vehicles", {
      vin: bad,
      model: "途观L",
      colour: "白色",
      costFen: 1,
      arrivedAt: NOW,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: "invalid_vin", details: { reason: "check_digit" } });

    const { s, m } = await freshStore();
    await ok(admin, "PATCH", `/stores/${s}`, { vinCheckDigitWarnOnly: true });
    const accepted = await car(m, { vin: bad });
    expect(accepted).toMatchObject({ vin: bad, vinCheckWarning: true, warnings: ["vin_check_digit"] });
    // a malformed VIN is never accepted
    const malformed = await send(m, "POST", "/vehicles", {
      vin: "LSVAM4180N31OOOO1",
      model: "途观L",
      colour: "白色",
      costFen: 1,
      arrivedAt: NOW,
    });
    expect(malformed.json().error).toMatchObject({ code: "invalid_vin", details: { reason: "characters" } });
  });

  it("the same VIN twice in one store is 409 vin_exists; another store may have it", async () => {
    const first = await car(manager);
    const again = await send(manager, "POST", "/vehicles", {
      vin: first.vin,
      model: "途观L",
      colour: "白色",
      costFen: 1,
      arrivedAt: NOW,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("vin_exists");
    const { m } = await freshStore();
    expect((await car(m, { vin: first.vin })).vin).toBe(first.vin);
  });

  it("the group admin names the store", async () => {
    const v = await car(admin, { storeId: store });
    expect(v.storeId).toBe(store);
    const res = await send(admin, "POST", "/vehicles", {
      vin: vin(),
      model: "途观L",
      colour: "白色",
      costFen: 1,
      arrivedAt: NOW,
    });
    expect(res.json().error.code).toBe("store_required");
  });
});

describe("purchase cost", () => {
  it("is shown to gm and managers only", async () => {
    const v = await car(manager);
    for (const [u, cost] of [
      [gm, 18_000_000],
      [manager, 18_000_000],
      [admin, 18_000_000],
      [consultant, null],
      [reception, null],
    ] as const) {
      expect((await ok(u, "GET", `/vehicles/${v.id}`)).costFen, u.role).toBe(cost);
      const list = await ok(u, "GET", `/vehicles?q=${v.vin}`);
      expect(list.items[0].costFen, u.role).toBe(cost);
      expect(list.summary.valueFen === null, u.role).toBe(cost === null);
    }
  });
});

describe("the stock list", () => {
  let s: number;
  let m: TestUser;
  const byAge: Record<number, Car> = {};
  let transit: Car;
  let sold: Car;
  let demo: Car;

  beforeAll(async () => {
    ({ s, m } = await freshStore());
    for (const age of [0, 30, 31, 60, 61, 90, 91, 200]) {
      byAge[age] = await car(m, { costFen: 10_000_000 + age, colour: age % 2 ? "黑色" : "白色" }, age);
    }
    transit = await car(m, { status: "in_transit", model: "帕萨特", costFen: 5_000_000 });
    demo = await car(m, { status: "demo", model: "帕萨特", costFen: 7_000_000 }, 45);
    sold = await car(m, { model: "帕萨特", costFen: 9_000_000 }, 100);
    await setStatus(sold.id, "sold", `, sold_at = '${daysAgo(20)}'`);
  });
  const list = async (query = "") => ok(m, "GET", `/vehicles${query}`);
  const ids = (body: { items: Car[] }) => body.items.map((c) => c.id);

  it("shows each car's age bucket at the edges 30/31, 60/61, 90/91", async () => {
    const items = (await list("?pageSize=50")).items as Car[];
    const bucketOf = (c: Car) => items.find((i) => i.id === c.id)!.ageBucket;
    expect(
      [0, 30, 31, 60, 61, 90, 91, 200].map((a) => [
        a,
        bucketOf(byAge[a]!),
        items.find((i) => i.id === byAge[a]!.id)!.ageDays,
      ]),
    ).toEqual([
      [0, "0-30", 0],
      [30, "0-30", 30],
      [31, "31-60", 31],
      [60, "31-60", 60],
      [61, "61-90", 61],
      [90, "61-90", 90],
      [91, "90+", 91],
      [200, "90+", 200],
    ]);
  });

  it("leaves sold cars out unless asked for, and gives a sold car its age at the sale", async () => {
    const all = await list("?pageSize=50");
    expect(ids(all)).not.toContain(sold.id);
    expect(all.total).toBe(10);
    const soldOnly = await list("?status=sold");
    expect(ids(soldOnly)).toEqual([sold.id]);
    expect(soldOnly.items[0]).toMatchObject({ ageDays: 80, longStock: false });
    expect(soldOnly.summary).toMatchObject({ count: 0, valueFen: 0 });
  });

  it("filters by bucket, minimum age, long stock, status, model, colour and VIN", async () => {
    expect(ids(await list("?ageBucket=0-30")).sort()).toEqual([byAge[0]!.id, byAge[30]!.id].sort());
    expect(ids(await list("?ageBucket=31-60")).sort()).toEqual(
      [byAge[31]!.id, demo.id, byAge[60]!.id].sort(),
    );
    expect(ids(await list("?ageBucket=61-90")).sort()).toEqual([byAge[61]!.id, byAge[90]!.id].sort());
    expect(ids(await list("?ageBucket=90%2B"))).toEqual([byAge[200]!.id, byAge[91]!.id]);
    expect(ids(await list("?minAgeDays=90"))).toEqual([byAge[200]!.id, byAge[91]!.id, byAge[90]!.id]);
    expect(ids(await list("?longStock=true"))).toEqual([byAge[200]!.id, byAge[91]!.id]);
    expect(ids(await list("?longStock=false&pageSize=50"))).not.toContain(byAge[91]!.id);
    expect(ids(await list("?status=in_transit,demo")).sort()).toEqual([transit.id, demo.id].sort());
    expect(ids(await list("?model=帕萨特")).sort()).toEqual([demo.id, transit.id].sort());
    expect((await list("?colour=黑色")).total).toBe(3);
    const v = byAge[61]!.vin;
    expect(ids(await list(`?q=${v.slice(-6)}`))).toEqual([byAge[61]!.id]);
    expect(ids(await list(`?q=${v.slice(0, 12).toLowerCase()}`))).toContain(byAge[61]!.id);
  });

  it("sorts oldest first by default, by arrival or by VIN on request, and pages", async () => {
    const byAgeSort = ids(await list("?pageSize=50"));
    expect(byAgeSort.slice(0, 3)).toEqual([byAge[200]!.id, byAge[91]!.id, byAge[90]!.id]);
    expect(byAgeSort.at(-1)).toBe(transit.id);
    const arrived = ids(await list("?sort=arrived&pageSize=50"));
    expect(arrived[0]).toBe(byAge[0]!.id);
    const vins = ((await list("?sort=vin&pageSize=50")).items as Car[]).map((c) => c.vin);
    expect(vins).toEqual([...vins].sort());
    const p2 = await list("?pageSize=4&page=2");
    expect(p2.total).toBe(10);
    expect(ids(p2)).toEqual(byAgeSort.slice(4, 8));
  });

  it("summarises the matching unsold cars: count, value and buckets", async () => {
    const { summary } = await list();
    expect(summary).toEqual({
      count: 10,
      valueFen:
        [0, 30, 31, 60, 61, 90, 91, 200].reduce((n, a) => n + 10_000_000 + a, 0) + 5_000_000 + 7_000_000,
      buckets: { "0-30": 2, "31-60": 3, "61-90": 2, "90+": 2 },
    });
    expect((await list("?model=帕萨特")).summary).toEqual({
      count: 2,
      valueFen: 12_000_000,
      buckets: { "0-30": 0, "31-60": 1, "61-90": 0, "90+": 0 },
    });
  });

  it("shows the order holding a reserved car", async () => {
    const c = await car(m);
    const lead = (await ok(m, "POST", "/leads", { name: "林女士", phone: "13912345678", source: "walk_in" }))
      .lead;
    await setStatus(c.id, "reserved");
    const r = await ctx.pool.query(
      `INSERT INTO orders (store_id, order_no, lead_id, customer_id, vehicle_id, price_fen, deposit_fen,
         deposit_method, ordered_at, created_by)
       VALUES ($1, 'SO2026-000001', $2, $3, $4, 20000000, 500000, 'cash', now(), $5) RETURNING id`,
      [s, lead.id, lead.customerId, c.id, m.id],
    );
    const shown = await ok(m, "GET", `/vehicles/${c.id}`);
    expect(shown).toMatchObject({
      status: "reserved",
      orderId: Number(r.rows[0].id),
      orderNo: "SO2026-000001",
    });
    expect((await list(`?q=${c.vin}`)).items[0].orderNo).toBe("SO2026-000001");
  });

  it("the group admin's list spans stores; a store's users see their own store only", async () => {
    const other = await car(manager);
    const adminIds = ids(await ok(admin, "GET", "/vehicles?pageSize=200"));
    expect(adminIds).toEqual(expect.arrayContaining([other.id, byAge[0]!.id]));
    expect(ids(await ok(admin, "GET", `/vehicles?storeId=${s}&pageSize=200`))).not.toContain(other.id);
    expect(ids(await list("?pageSize=200"))).not.toContain(other.id);
    expect((await send(m, "GET", `/vehicles/${other.id}`)).statusCode).toBe(404);
    expect((await send(m, "GET", `/vehicles?storeId=${store}`)).statusCode).toBe(404);
  });
});

describe("the long-stock board (长库存)", () => {
  it("lists the cars older than the store's threshold, oldest first, with value and incentives", async () => {
    const { s, m } = await freshStore();
    const c90 = await car(m, { costFen: 100 }, 90);
    const c91 = await car(m, { costFen: 200, incentiveFen: 300_000 }, 91);
    const c150 = await car(m, { costFen: 400, status: "demo", incentiveFen: 50_000 }, 150);
    const soldOld = await car(m, { costFen: 800 }, 300);
    await setStatus(soldOld.id, "sold", ", sold_at = now()");
    const board = await ok(m, "GET", "/vehicles/long-stock");
    expect(board).toMatchObject({ thresholdDays: 90, valueFen: 600, incentiveFen: 350_000 });
    expect(board.items.map((c: Car) => c.id)).toEqual([c150.id, c91.id]);
    expect(board.items.every((c: Car) => c.longStock)).toBe(true);

    await ok(admin, "PATCH", `/stores/${s}`, { longStockDays: 60 });
    const lower = await ok(m, "GET", "/vehicles/long-stock");
    expect(lower.thresholdDays).toBe(60);
    expect(lower.items.map((c: Car) => c.id)).toEqual([c150.id, c91.id, c90.id]);

    const consultantView = await ok(await ctx.user("consultant", s), "GET", "/vehicles/long-stock");
    expect(consultantView).toMatchObject({ valueFen: null, incentiveFen: 350_000 });
    expect(consultantView.items[0].costFen).toBeNull();
  });

  it("is one store's: the group admin names it, others may not name another", async () => {
    expect((await send(admin, "GET", "/vehicles/long-stock")).json().error.code).toBe("store_required");
    expect((await send(admin, "GET", `/vehicles/long-stock?storeId=${store}`)).statusCode).toBe(200);
    const { s } = await freshStore();
    expect((await send(manager, "GET", `/vehicles/long-stock?storeId=${s}`)).statusCode).toBe(404);
  });
});

describe("matching stock to a lead", () => {
  let m: TestUser;
  let s: number;
  let c: TestUser;
  const cars: Record<string, Car> = {};
  beforeAll(async () => {
    ({ s, m } = await freshStore());
    c = await ctx.user("consultant", s);
    cars.whiteNew = await car(m, { model: "凯美瑞", colour: "白色" }, 5);
    cars.whiteOld = await car(m, { model: "凯美瑞", colour: "白色" }, 70);
    cars.blackOld = await car(m, { model: "凯美瑞", colour: "黑色" }, 100);
    cars.whiteTransit = await car(m, { model: "凯美瑞", colour: "白色", status: "in_transit" });
    cars.demo = await car(m, { model: "凯美瑞", colour: "白色", status: "demo" }, 200);
    const reserved = await car(m, { model: "凯美瑞", colour: "白色" }, 300);
    await setStatus(reserved.id, "reserved");
    cars.other = await car(m, { model: "雅阁", colour: "白色" }, 400);
  });
  const matchIds = (body: { items: Car[] }) => body.items.map((x) => x.id);

  it("by model and colour: in stock or in transit, exact colour first, oldest first", async () => {
    const res = await ok(m, "GET", `/vehicles/match?model=${encodeURIComponent("凯美瑞")}&colour=白色`);
    expect(matchIds(res)).toEqual([
      cars.whiteOld!.id,
      cars.whiteNew!.id,
      cars.whiteTransit!.id,
      cars.blackOld!.id,
    ]);
    expect(matchIds(await ok(m, "GET", "/vehicles/match?model=凯美瑞"))).toEqual([
      cars.blackOld!.id,
      cars.whiteOld!.id,
      cars.whiteNew!.id,
      cars.whiteTransit!.id,
    ]);
  });

  it("by lead: the lead's intended model (as typed) and colour", async () => {
    const { lead } = await ok(c, "POST", "/leads", {
      name: "周先生",
      phone: "13812340001",
      source: "walk_in",
      intendedModel: " 凯美瑞 ",
      colour: "黑色",
    });
    const res = await ok(c, "GET", `/vehicles/match?leadId=${lead.id}`);
    expect(res.model).toBe("凯美瑞");
    expect(matchIds(res)[0]).toBe(cars.blackOld!.id);
    expect(res.items).toHaveLength(4);
    // another consultant does not reach the lead
    const other = await ctx.user("consultant", s);
    expect((await send(other, "GET", `/vehicles/match?leadId=${lead.id}`)).statusCode).toBe(404);
    // the manager and reception reach the store's leads
    expect(matchIds(await ok(m, "GET", `/vehicles/match?leadId=${lead.id}`))).toEqual(matchIds(res));
  });

  it("a lead without an intended model is 422 no_intended_model", async () => {
    const { lead } = await ok(c, "POST", "/leads", {
      name: "吴先生",
      phone: "13812340002",
      source: "walk_in",
    });
    const res = await send(c, "GET", `/vehicles/match?leadId=${lead.id}`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("no_intended_model");
  });

  it("another store's lead is 404", async () => {
    const { lead } = await ok(consultant, "POST", "/leads", {
      name: "郑先生",
      phone: "13812340003",
      source: "walk_in",
      intendedModel: "凯美瑞",
    });
    expect((await send(m, "GET", `/vehicles/match?leadId=${lead.id}`)).statusCode).toBe(404);
    expect((await send(consultant2, "GET", `/vehicles/match?leadId=${lead.id}`)).statusCode).toBe(404);
    expect(s).not.toBe(store);
  });
});

describe("the manager's changes", () => {
  it("an in-transit car arrives (now, or at the time given) and starts aging", async () => {
    const t = await car(manager, { status: "in_transit" });
    const arrived = await ok(manager, "PATCH", `/vehicles/${t.id}`, { status: "in_stock" });
    expect(arrived).toMatchObject({ status: "in_stock", ageDays: 0, arrivedAt: new Date(NOW).toISOString() });
    const [audit] = (
      await ctx.pool.query(
        "SELECT action FROM audit_log WHERE entity = 'stock_vehicle' AND entity_id = $1 ORDER BY id DESC",
        [String(t.id)],
      )
    ).rows;
    expect(audit.action).toBe("arrive");
    const t2 = await car(manager, { status: "in_transit" });
    expect(
      await ok(manager, "PATCH", `/vehicles/${t2.id}`, { status: "demo", arrivedAt: daysAgo(2) }),
    ).toMatchObject({
      status: "demo",
      ageDays: 2,
    });
  });

  it("an in-transit car does not take an arrival time without a status", async () => {
    const t = await car(manager, { status: "in_transit" });
    const res = await send(manager, "PATCH", `/vehicles/${t.id}`, { arrivedAt: NOW });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("not_arrived");
  });

  it("in stock ↔ demo car, incentive, list price, description", async () => {
    const v = await car(manager);
    expect((await ok(manager, "PATCH", `/vehicles/${v.id}`, { status: "demo" })).status).toBe("demo");
    expect((await ok(manager, "PATCH", `/vehicles/${v.id}`, { status: "in_stock" })).status).toBe("in_stock");
    const changed = await ok(gm, "PATCH", `/vehicles/${v.id}`, {
      incentiveFen: 200_000,
      listPriceFen: 22_000_000,
      trim: "380TSI",
      colour: "珍珠白",
      optionPackage: null,
      arrivedAt: daysAgo(40),
    });
    expect(changed).toMatchObject({
      incentiveFen: 200_000,
      listPriceFen: 22_000_000,
      trim: "380TSI",
      colour: "珍珠白",
      optionPackage: null,
      ageDays: 40,
      ageBucket: "31-60",
    });
  });

  it("a demo car with test drives to come stays in the fleet", async () => {
    const d = await car(manager, { status: "demo" });
    const { lead } = await ok(consultant, "POST", "/leads", {
      name: "冯先生",
      phone: "13812340010",
      source: "walk_in",
    });
    await ctx.pool.query(
      `INSERT INTO test_drives (store_id, lead_id, vehicle_id, start_at, end_at, licence_no, remind_at, created_by)
       VALUES ($1, $2, $3, $4::timestamptz + interval '1 day', $4::timestamptz + interval '25 hours',
         '110101199003074514', $4, $5)`,
      [store, lead.id, d.id, NOW, consultant.id],
    );
    const res = await send(manager, "PATCH", `/vehicles/${d.id}`, { status: "in_stock" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("demo_car_booked");
    await ctx.pool.query("UPDATE test_drives SET state = 'cancelled' WHERE vehicle_id = $1", [d.id]);
    expect((await ok(manager, "PATCH", `/vehicles/${d.id}`, { status: "in_stock" })).status).toBe("in_stock");
  });

  it("reserved and sold cars are locked, except the arrival of a reserved car still in transit", async () => {
    const r = await car(manager);
    await setStatus(r.id, "reserved");
    const s = await car(manager);
    await setStatus(s.id, "sold", ", sold_at = now()");
    for (const [id, patch] of [
      [r.id, { incentiveFen: 1 }],
      [r.id, { status: "in_stock" }],
      [r.id, { arrivedAt: daysAgo(1) }],
      [s.id, { colour: "黑色" }],
      [s.id, { arrivedAt: daysAgo(1) }],
    ] as const) {
      const res = await send(manager, "PATCH", `/vehicles/${id}`, patch);
      expect(res.statusCode, JSON.stringify(patch)).toBe(409);
      expect(res.json().error.code).toBe("vehicle_locked");
    }
    const t = await car(manager, { status: "in_transit" });
    await setStatus(t.id, "reserved");
    expect(
      (await send(manager, "PATCH", `/vehicles/${t.id}`, { arrivedAt: NOW, incentiveFen: 1 })).statusCode,
    ).toBe(409);
    expect(await ok(manager, "PATCH", `/vehicles/${t.id}`, { arrivedAt: NOW })).toMatchObject({
      status: "reserved",
      ageDays: 0,
    });
  });
});

describe("model rules and the purchase-plan check", () => {
  it("lists the store's models with their rules; a manager sets one by its (Chinese) name", async () => {
    const { s, m } = await freshStore();
    await car(m, { model: "途观L" });
    await car(m, { model: "ID.4 X" });
    const before = await ok(m, "GET", "/model-rules");
    expect(before).toEqual({
      defaultColourQuota: 3,
      items: [
        // by the Chinese collation: 途观L before ID.4 X
        { model: "途观L", colourQuota: 3, optionAllOrNone: false, custom: false },
        { model: "ID.4 X", colourQuota: 3, optionAllOrNone: false, custom: false },
      ],
    });
    const audits = await ctx.count("audit_log", "entity = 'model_rule'");
    const put = await ok(m, "PUT", `/model-rules/${encodeURIComponent("途观L")}`, {
      colourQuota: 2,
      optionAllOrNone: true,
    });
    expect(put).toEqual({ model: "途观L", colourQuota: 2, optionAllOrNone: true, custom: true });
    await ok(m, "PUT", `/model-rules/${encodeURIComponent("ID.4 X")}`, {
      colourQuota: 4,
      optionAllOrNone: false,
    });
    await ok(m, "PUT", `/model-rules/${encodeURIComponent("途观L")}`, {
      colourQuota: 5,
      optionAllOrNone: true,
    });
    expect(await ctx.count("audit_log", "entity = 'model_rule'")).toBe(audits + 3);
    await ok(admin, "PATCH", `/stores/${s}`, { colourQuota: 4 });
    const after = await ok(m, "GET", "/model-rules");
    expect(after.defaultColourQuota).toBe(4);
    expect(after.items).toEqual([
      { model: "途观L", colourQuota: 5, optionAllOrNone: true, custom: true },
      { model: "ID.4 X", colourQuota: 4, optionAllOrNone: false, custom: true },
    ]);
    expect((await ok(await ctx.user("consultant", s), "GET", "/model-rules")).items).toHaveLength(2);
  });

  it("takes a model's full Chinese name in the URL", async () => {
    const { m } = await freshStore();
    const model = "途观L 2026款 330TSI 自动两驱智享版 七座 新能源混动增程长续航旗舰型号";
    const put = await ok(m, "PUT", `/model-rules/${encodeURIComponent(model)}`, {
      colourQuota: 2,
      optionAllOrNone: false,
    });
    expect(put.model).toBe(model);
    expect((await ok(m, "GET", "/model-rules")).items).toEqual([put]);
  });

  it("warns when the plan breaks the colour quota or the option rule, with the numbers", async () => {
    const { s, m } = await freshStore();
    await car(m, { colour: "白色", optionPackage: "豪华包" });
    await car(m, { colour: "黑色", optionPackage: "豪华包" });
    await car(m, { colour: "灰色", optionPackage: "豪华包", status: "in_transit" });
    // reserved and demo cars are not the stock a purchase tops up
    const r = await car(m, { colour: "红色" });
    await setStatus(r.id, "reserved");
    await car(m, { colour: "绿色", status: "demo" });
    const check = (lines: object[]) => ok(m, "POST", "/vehicles/purchase-check", { lines });

    expect(await check([{ model: "途观L", colour: "白色", optionPackage: "豪华包", quantity: 3 }])).toEqual({
      ok: true,
      warnings: [],
    });
    const quota = await check([{ model: "途观L", colour: "蓝色", optionPackage: "豪华包", quantity: 1 }]);
    expect(quota.ok).toBe(false);
    expect(quota.warnings).toEqual([
      expect.objectContaining({
        code: "colour_quota",
        model: "途观L",
        details: expect.objectContaining({ quota: 3, colourCount: 4, newColours: ["蓝色"] }),
      }),
    ]);
    // the store's default moves the quota; a model rule overrides it
    await ok(admin, "PATCH", `/stores/${s}`, { colourQuota: 4 });
    expect((await check([{ model: "途观L", colour: "蓝色", optionPackage: "豪华包", quantity: 1 }])).ok).toBe(
      true,
    );
    await ok(m, "PUT", `/model-rules/${encodeURIComponent("途观L")}`, {
      colourQuota: 3,
      optionAllOrNone: true,
    });
    const both = await check([
      { model: "途观L", colour: "蓝色", quantity: 2 },
      { model: "帕萨特", colour: "白色", quantity: 1 },
    ]);
    expect(both.warnings.map((w: { code: string }) => w.code)).toEqual(["colour_quota", "option_rule"]);
    expect(both.warnings[1].details).toMatchObject({ withPackage: 3, withoutPackage: 2 });
    expect(both.warnings[1].message).toContain("3 in stock");
  });
});

describe("concurrent arrivals of one VIN", () => {
  it("exactly one is created, the other is 409 vin_exists", async () => {
    for (let round = 0; round < 3; round++) {
      const v = vin();
      const before = await ctx.count("stock_vehicles");
      const audits = await ctx.count("audit_log");
      const body = { vin: v, model: "途观L", colour: "白色", costFen: 1, arrivedAt: NOW };
      const results = await Promise.all([
        send(manager, "POST", "/vehicles", body),
        send(gm, "POST", "/vehicles", body),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe("vin_exists");
      expect(await ctx.count("stock_vehicles")).toBe(before + 1);
      expect(await ctx.count("audit_log")).toBe(audits + 1);
    }
  });
});

// Last: moving the clock a day ends every session opened before (idle timeout), so it runs after the rest.
describe("stock age follows the clock", () => {
  it("a car turns long stock at the store's midnight, not at UTC's", async () => {
    const { s, m } = await freshStore();
    const c = await car(m, {}, 90);
    // 16:00 UTC is midnight in Shanghai: the car is 91 days old from then on
    ctx.clock.set("2026-11-24T15:59:00Z");
    const before = await ctx.user("sales_manager", s);
    expect(await ok(before, "GET", `/vehicles/${c.id}`)).toMatchObject({ ageDays: 90, longStock: false });
    expect((await ok(before, "GET", "/vehicles/long-stock")).items).toEqual([]);
    ctx.clock.set("2026-11-24T16:00:00Z");
    expect(await ok(before, "GET", `/vehicles/${c.id}`)).toMatchObject({
      ageDays: 91,
      ageBucket: "90+",
      longStock: true,
    });
    expect((await ok(before, "GET", "/vehicles?longStock=true")).items.map((i: Car) => i.id)).toEqual([c.id]);
    expect((await ok(before, "GET", "/vehicles/long-stock")).items.map((i: Car) => i.id)).toEqual([c.id]);
  });
});
