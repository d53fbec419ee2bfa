/**
 * Every endpoint of the sales section of docs/API.md (traffic, test drives, quotes, orders, stock, care
 * tasks) × every role: allowed exactly when POLICY says so, 403 otherwise, 401 without a session. Then
 * row scope: another consultant's lead and another store's objects answer 404 and change nothing.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../tests/support/app.ts";
import { documentedEndpoints, type MatrixEndpoint, roleMatrix } from "../tests/support/role-matrix.ts";
import { ROLES, type Role } from "./platform/access.ts";
import { vinCheckDigit } from "./platform/validators.ts";

let ctx: TestContext;
let store1: number;
let store2: number;
const actors = {} as Record<Role, TestUser>;
let owner2: TestUser; // a second consultant of store 1
let foreign: TestUser; // a consultant of store 2
let manager2: TestUser; // the sales manager of store 2

const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai
const hoursFromNow = (h: number) => new Date(Date.parse(NOW) + h * 3_600_000).toISOString();

beforeAll(async () => {
  ctx = await testApp(NOW);
  store1 = await ctx.store("一号店");
  store2 = await ctx.store("二号店");
  for (const role of ROLES) actors[role] = await ctx.user(role, role === "admin" ? null : store1);
  owner2 = await ctx.user("consultant", store1);
  foreign = await ctx.user("consultant", store2);
  manager2 = await ctx.user("sales_manager", store2);
});

let seq = 0;
const phone = () => String(13600000000 + ++seq);
const vin = () => {
  const draft = `LFV3A24K0N3${String(100000 + ++seq)}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
};
const send = (u: TestUser, method: InjectOptions["method"], url: string, payload?: object) =>
  ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
const api = async (u: TestUser, method: InjectOptions["method"], url: string, payload?: object) => {
  const res = await send(u, method, url, payload);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};

// Fixtures, each made fresh for one call so that calls do not disturb each other.
const consultantOf = (s: number) => (s === store1 ? actors.consultant : foreign);
const managerOf = (s: number) => (s === store1 ? actors.sales_manager : manager2);
const ownLead = async (s = store1): Promise<{ id: number; customerId: number }> =>
  (await api(consultantOf(s), "POST", "/leads", { name: "钱先生", phone: phone(), source: "walk_in" })).lead;
const stockCar = async (s = store1): Promise<{ id: number }> =>
  api(managerOf(s), "POST", "/vehicles", {
    vin: vin(),
    model: "途观L",
    colour: "白色",
    costFen: 18_000_000,
    arrivedAt: "2026-10-01T02:00:00Z",
  });
/** Demo cars come straight from the table: the matrix tests the test-drive endpoints, not the stock ones. */
const demoCar = async (s = store1): Promise<number> => {
  const r = await ctx.pool.query(
    `INSERT INTO stock_vehicles (store_id, vin, model, colour, cost_fen, arrived_at, status)
     VALUES ($1, $2, '途观L', '黑色', 18000000, '2026-09-01T02:00:00Z', 'demo') RETURNING id`,
    [s, vin()],
  );
  return Number(r.rows[0].id);
};
/** A drive that has already started, for the after-the-drive endpoints. */
const pastDrive = async (s = store1): Promise<number> => {
  const lead = await ownLead(s);
  const car = await demoCar(s);
  const r = await ctx.pool.query(
    `INSERT INTO test_drives (store_id, lead_id, vehicle_id, start_at, end_at, licence_no, remind_at, created_by)
     VALUES ($1, $2, $3, $4, $5, '110101199003074514', $6, $7) RETURNING id`,
    [s, lead.id, car, hoursFromNow(-2), hoursFromNow(-1), hoursFromNow(-3), consultantOf(s).id],
  );
  return Number(r.rows[0].id);
};
const booking = async (s = store1): Promise<{ id: number }> => {
  const lead = await ownLead(s);
  return api(consultantOf(s), "POST", "/test-drives", {
    leadId: lead.id,
    vehicleId: await demoCar(s),
    startAt: hoursFromNow(24 + ++seq),
    endAt: hoursFromNow(24.5 + seq),
    licenceNo: "110101199003074514",
  });
};
const route = async (s = store1): Promise<{ id: number }> =>
  api(managerOf(s), "POST", "/test-drive-routes", { name: `线路${++seq}`, distanceKm: 8 });
const quote = async (s = store1): Promise<{ id: number }> =>
  api(consultantOf(s), "POST", "/quotes", { leadId: (await ownLead(s)).id, vehiclePriceFen: 20_000_000 });
const order = async (s = store1, opts: { factory?: boolean } = {}) => {
  const lead = await ownLead(s);
  const vehicle = opts.factory
    ? { factoryOrder: { model: "途观L", colour: "白色" } }
    : { vehicleId: (await stockCar(s)).id };
  const o = await api(consultantOf(s), "POST", "/orders", {
    leadId: lead.id,
    ...vehicle,
    depositFen: 500_000,
    depositMethod: "wechat",
    priceFen: 20_000_000,
  });
  return { ...o, lead } as { id: number; lead: { id: number; customerId: number } };
};
const cancelledLead = async () => {
  const o = await order();
  await api(actors.sales_manager, "POST", `/orders/${o.id}/cancel`, {
    reason: "资金不足",
    refundFen: 500_000,
  });
  return o.lead;
};
const FULL_CHECKLIST = {
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
const careTask = async (s = store1): Promise<number> => {
  const o = await order(s);
  await api(consultantOf(s), "POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST);
  const r = await ctx.pool.query(
    "SELECT id FROM care_tasks WHERE order_id = $1 ORDER BY day_offset LIMIT 1",
    [o.id],
  );
  return Number(r.rows[0].id);
};
const asAdminStore = (role: Role) => (role === "admin" ? { storeId: store1 } : {});
const adminQuery = (role: Role, url: string) =>
  role === "admin" ? `${url}${url.includes("?") ? "&" : "?"}storeId=${store1}` : url;

const get =
  (url: string) =>
  async (role: Role): Promise<InjectOptions> => ({ method: "GET", url: adminQuery(role, url) });
const post = (url: string, payload: object = {}): InjectOptions => ({ method: "POST", url, payload });

const ENDPOINTS: MatrixEndpoint[] = [
  // traffic
  {
    name: "POST /traffic/visits",
    action: "traffic.write",
    request: async (role) =>
      post("/traffic/visits", {
        leadId: (await ownLead()).id,
        firstVisit: false,
        partySize: 2,
        arrivedAt: hoursFromNow(-0.5),
        consultantId: actors.consultant.id,
        ...asAdminStore(role),
      }),
  },
  {
    name: "POST /traffic/visits/:id/leave",
    action: "traffic.write",
    request: async () => {
      const v = await api(actors.reception, "POST", "/traffic/visits", {
        firstVisit: true,
        partySize: 1,
        arrivedAt: hoursFromNow(-1),
        consultantId: actors.consultant.id,
      });
      return post(`/traffic/visits/${v.id}/leave`);
    },
  },
  { name: "GET /traffic/visits", action: "traffic.read", request: get("/traffic/visits") },
  {
    name: "POST /traffic/calls",
    action: "traffic.write",
    request: async (role) => post("/traffic/calls", { at: hoursFromNow(-0.2), ...asAdminStore(role) }),
  },
  { name: "GET /traffic/calls", action: "traffic.read", request: get("/traffic/calls") },
  { name: "GET /traffic/board", action: "traffic.read", request: get("/traffic/board") },
  {
    name: "PUT /traffic/plans/:month",
    action: "traffic.plan",
    request: async (role) => ({
      method: "PUT",
      url: "/traffic/plans/2026-12",
      payload: { visits: 400, calls: 300, ...asAdminStore(role) },
    }),
  },
  { name: "GET /traffic/summary", action: "traffic.read", request: get("/traffic/summary?month=2026-11") },
  // test drives
  { name: "GET /test-drive-routes", action: "testDrive.read", request: get("/test-drive-routes") },
  {
    name: "POST /test-drive-routes",
    action: "testDrive.routes",
    request: async (role) => post("/test-drive-routes", { name: `城市线${++seq}`, ...asAdminStore(role) }),
  },
  {
    name: "PATCH /test-drive-routes/:id",
    action: "testDrive.routes",
    request: async () => ({
      method: "PATCH",
      url: `/test-drive-routes/${(await route()).id}`,
      payload: { minutes: 30 },
    }),
  },
  {
    name: "POST /test-drives",
    action: "testDrive.write",
    request: async () => {
      ++seq;
      return post("/test-drives", {
        leadId: (await ownLead()).id,
        vehicleId: await demoCar(),
        startAt: hoursFromNow(2),
        endAt: hoursFromNow(3),
        licenceNo: "110101199003074514",
      });
    },
  },
  { name: "GET /test-drives", action: "testDrive.read", request: get("/test-drives") },
  {
    name: "POST /test-drives/:id/feedback",
    action: "testDrive.write",
    request: async () =>
      post(`/test-drives/${await pastDrive()}/feedback`, { feedback: "底盘扎实", rating: 5 }),
  },
  {
    name: "POST /test-drives/:id/cancel",
    action: "testDrive.write",
    request: async () => post(`/test-drives/${(await booking()).id}/cancel`, { reason: "客户改期" }),
  },
  {
    name: "POST /test-drives/:id/no-show",
    action: "testDrive.write",
    request: async () => post(`/test-drives/${await pastDrive()}/no-show`),
  },
  // quotes
  {
    name: "POST /quotes",
    action: "quote.create",
    request: async () =>
      post("/quotes", {
        leadId: (await ownLead()).id,
        vehiclePriceFen: 20_000_000,
        discountFen: 500_000,
        lines: [{ kind: "accessory", name: "脚垫", amountFen: 80_000 }],
        loan: { downPaymentFen: 6_000_000, months: 36, annualRatePct: 3.85 },
      }),
  },
  {
    name: "GET /quotes",
    action: "quote.read",
    request: async () => {
      const lead = await ownLead();
      await api(actors.consultant, "POST", "/quotes", { leadId: lead.id, vehiclePriceFen: 20_000_000 });
      return { method: "GET", url: `/quotes?leadId=${lead.id}` };
    },
  },
  {
    name: "GET /quotes/:id",
    action: "quote.read",
    request: async () => ({ method: "GET", url: `/quotes/${(await quote()).id}` }),
  },
  // orders
  {
    name: "POST /orders",
    action: "order.create",
    request: async () =>
      post("/orders", {
        leadId: (await ownLead()).id,
        vehicleId: (await stockCar()).id,
        depositFen: 500_000,
        depositMethod: "cash",
        priceFen: 20_000_000,
      }),
  },
  { name: "GET /orders", action: "order.read", request: get("/orders") },
  {
    name: "GET /orders/:id",
    action: "order.read",
    request: async () => ({ method: "GET", url: `/orders/${(await order()).id}` }),
  },
  {
    name: "POST /orders/:id/allocate",
    action: "order.create",
    request: async () =>
      post(`/orders/${(await order(store1, { factory: true })).id}/allocate`, {
        vehicleId: (await stockCar()).id,
      }),
  },
  {
    name: "POST /orders/:id/cancel",
    action: "order.cancel",
    request: async () =>
      post(`/orders/${(await order()).id}/cancel`, { reason: "客户放弃", refundFen: 500_000 }),
  },
  {
    name: "POST /orders/:id/deliver",
    action: "order.deliver",
    request: async () => post(`/orders/${(await order()).id}/deliver`, FULL_CHECKLIST),
  },
  {
    name: "POST /leads/:id/after-cancel",
    action: "lead.afterCancel",
    request: async () =>
      post(`/leads/${(await cancelledLead()).id}/after-cancel`, { action: "regrade", level: "B" }),
  },
  {
    name: "GET /customers/:id/referrals",
    action: "order.read",
    request: async () => ({ method: "GET", url: `/customers/${(await ownLead()).customerId}/referrals` }),
  },
  // stock
  {
    name: "POST /vehicles",
    action: "stock.write",
    request: async (role) =>
      post("/vehicles", {
        vin: vin(),
        model: "帕萨特",
        colour: "灰色",
        costFen: 16_000_000,
        arrivedAt: "2026-11-01T02:00:00Z",
        ...asAdminStore(role),
      }),
  },
  { name: "GET /vehicles", action: "stock.read", request: get("/vehicles") },
  {
    name: "GET /vehicles/:id",
    action: "stock.read",
    request: async () => ({ method: "GET", url: `/vehicles/${(await stockCar()).id}` }),
  },
  {
    name: "PATCH /vehicles/:id",
    action: "stock.write",
    request: async () => ({
      method: "PATCH",
      url: `/vehicles/${(await stockCar()).id}`,
      payload: { incentiveFen: 100_000 },
    }),
  },
  { name: "GET /vehicles/long-stock", action: "stock.read", request: get("/vehicles/long-stock") },
  {
    name: "GET /vehicles/match",
    action: "stock.read",
    request: get("/vehicles/match?model=途观L&colour=白色"),
  },
  { name: "GET /model-rules", action: "stock.read", request: get("/model-rules") },
  {
    name: "PUT /model-rules/:model",
    action: "stock.write",
    request: async (role) => ({
      method: "PUT",
      url: `/model-rules/${encodeURIComponent("途观L")}`,
      payload: { colourQuota: 3, optionAllOrNone: true, ...asAdminStore(role) },
    }),
  },
  {
    name: "POST /vehicles/purchase-check",
    action: "stock.write",
    request: async (role) =>
      post("/vehicles/purchase-check", {
        lines: [{ model: "途观L", colour: "红色", quantity: 2 }],
        ...asAdminStore(role),
      }),
  },
  // care tasks
  { name: "GET /care-tasks", action: "careTask.read", request: get("/care-tasks") },
  {
    name: "GET /care-tasks/:id",
    action: "careTask.read",
    request: async () => ({ method: "GET", url: `/care-tasks/${await careTask()}` }),
  },
  {
    name: "POST /care-tasks/:id",
    action: "careTask.record",
    request: async () =>
      post(`/care-tasks/${await careTask()}`, { reached: true, satisfaction: 5, comment: "满意" }),
  },
  {
    name: "GET /care-tasks/stats",
    action: "careTask.read",
    request: get("/care-tasks/stats?from=2026-11-01&to=2026-11-30"),
  },
];
describe("the sales role matrix", () => {
  it("covers every endpoint of the sales section of docs/API.md except imports", () => {
    const documented = documentedEndpoints("<!-- sales", "<!-- service", /import/);
    expect(ENDPOINTS.map((e) => e.name).sort()).toEqual(documented);
  });

  const call = roleMatrix(ENDPOINTS, () => ({ ctx, actors }));

  // Hard-coded, so that the matrix cannot pass by reading a wrong POLICY back to itself.
  it.each([
    ["POST /orders/:id/cancel", "consultant", 403],
    ["POST /orders/:id/cancel", "sales_manager", 200],
    ["POST /orders/:id/deliver", "consultant", 200],
    ["POST /orders", "reception", 403],
    ["POST /vehicles", "consultant", 403],
    ["GET /vehicles", "consultant", 200],
    ["POST /test-drives", "reception", 201],
    ["POST /traffic/visits", "consultant", 403],
    ["POST /care-tasks/:id", "customer_service", 200],
    ["POST /care-tasks/:id", "sales_manager", 403],
    ["GET /care-tasks", "consultant", 403],
    ["POST /leads/:id/after-cancel", "consultant", 403],
  ] as const)("spot check: %s as %s is %i", async (name, role, status) => {
    expect((await call(name, role)).statusCode).toBe(status);
  });
});

describe("sales row scope", () => {
  const TABLES = [
    "traffic_visits",
    "traffic_calls",
    "test_drives",
    "quotes",
    "orders",
    "stock_vehicles",
    "care_tasks",
    "care_task_attempts",
    "leads",
    "lead_events",
    "vehicles",
    "audit_log",
  ];
  const written = () => Promise.all(TABLES.map((t) => ctx.count(t)));

  it("purchase cost is shown to managers only", async () => {
    const car = await stockCar();
    expect((await api(actors.sales_manager, "GET", `/vehicles/${car.id}`)).costFen).toBe(18_000_000);
    expect((await api(actors.consultant, "GET", `/vehicles/${car.id}`)).costFen).toBeNull();
    expect((await api(actors.reception, "GET", "/vehicles")).summary.valueFen).toBeNull();
  });

  it("a consultant does not reach another consultant's lead's quotes, orders and test drives", async () => {
    const lead = await ownLead();
    const q = await api(actors.consultant, "POST", "/quotes", {
      leadId: lead.id,
      vehiclePriceFen: 10_000_000,
    });
    const o = await order();
    const car = await stockCar();
    const demo = await demoCar();
    const before = await written();
    for (const [method, url, payload] of [
      ["POST", "/quotes", { leadId: lead.id, vehiclePriceFen: 10_000_000 }],
      ["GET", `/quotes/${q.id}`],
      ["GET", `/orders/${o.id}`],
      [
        "POST",
        "/orders",
        { leadId: lead.id, vehicleId: car.id, depositFen: 1, depositMethod: "cash", priceFen: 10_000_000 },
      ],
      ["POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST],
      ["GET", `/vehicles/match?leadId=${lead.id}`],
      [
        "POST",
        "/test-drives",
        {
          leadId: lead.id,
          vehicleId: demo,
          startAt: hoursFromNow(5),
          endAt: hoursFromNow(6),
          licenceNo: "110101199003074514",
        },
      ],
    ] as const) {
      expect((await send(owner2, method, url, payload)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect(await written()).toEqual(before);
    const mine = (await api(owner2, "GET", "/orders")).items as { id: number }[];
    expect(mine.map((x) => x.id)).not.toContain(o.id);
  });

  it("a user of store 1 does not reach store 2's stock, orders, drives, visits or tasks", async () => {
    const lead2 = await ownLead(store2);
    const car2 = await stockCar(store2);
    const demo2 = await demoCar(store2);
    const o2 = await order(store2);
    const drive2 = await pastDrive(store2);
    const task2 = await careTask(store2);
    const lead1 = await ownLead(store1);
    const before = await written();
    const refusals: [Role, InjectOptions["method"], string, object?][] = [
      ["gm", "GET", `/vehicles/${car2.id}`],
      ["sales_manager", "PATCH", `/vehicles/${car2.id}`, { incentiveFen: 1 }],
      ["gm", "GET", `/orders/${o2.id}`],
      ["sales_manager", "POST", `/orders/${o2.id}/cancel`, { reason: "x", refundFen: 0 }],
      ["sales_manager", "POST", `/orders/${o2.id}/deliver`, FULL_CHECKLIST],
      ["sales_manager", "POST", "/quotes", { leadId: lead2.id, vehiclePriceFen: 10_000_000 }],
      // a store-1 lead cannot take a store-2 car
      [
        "sales_manager",
        "POST",
        "/orders",
        { leadId: lead1.id, vehicleId: car2.id, depositFen: 1, depositMethod: "cash", priceFen: 10_000_000 },
      ],
      [
        "sales_manager",
        "POST",
        "/test-drives",
        {
          leadId: lead1.id,
          vehicleId: demo2,
          startAt: hoursFromNow(7),
          endAt: hoursFromNow(8),
          licenceNo: "110101199003074514",
        },
      ],
      ["sales_manager", "POST", `/test-drives/${drive2}/feedback`, { feedback: "x", rating: 3 }],
      [
        "reception",
        "POST",
        "/traffic/visits",
        {
          leadId: lead2.id,
          firstVisit: false,
          partySize: 1,
          arrivedAt: hoursFromNow(-1),
          consultantId: actors.consultant.id,
        },
      ],
      [
        "reception",
        "POST",
        "/traffic/visits",
        { firstVisit: true, partySize: 1, arrivedAt: hoursFromNow(-1), consultantId: foreign.id },
      ],
      ["customer_service", "POST", `/care-tasks/${task2}`, { reached: true, satisfaction: 4 }],
      ["gm", "GET", `/customers/${lead2.customerId}/referrals`],
      ["gm", "GET", `/traffic/board?storeId=${store2}`],
      ["gm", "GET", `/vehicles?storeId=${store2}`],
    ];
    for (const [role, method, url, payload] of refusals) {
      expect((await send(actors[role], method, url, payload)).statusCode, `${role} ${method} ${url}`).toBe(
        404,
      );
    }
    expect(await written()).toEqual(before);
    for (const url of ["/vehicles?pageSize=200", "/orders?pageSize=200", "/care-tasks?pageSize=200"]) {
      const items = (await api(actors.gm, "GET", url)).items as { storeId: number }[];
      expect(items.length, url).toBeGreaterThan(0);
      expect(
        items.every((i) => i.storeId === store1),
        url,
      ).toBe(true);
    }
  });

  it("the group admin reaches both stores", async () => {
    const [one, two] = [await order(store1), await order(store2)];
    for (const o of [one, two])
      expect((await send(actors.admin, "GET", `/orders/${o.id}`)).statusCode).toBe(200);
    const ids = ((await api(actors.admin, "GET", "/orders?pageSize=200")).items as { id: number }[]).map(
      (o) => o.id,
    );
    expect(ids).toEqual(expect.arrayContaining([one.id, two.id]));
  });
});
