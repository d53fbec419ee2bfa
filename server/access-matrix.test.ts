/**
 * Every endpoint of identity, customers, leads and audit × every role: allowed exactly when POLICY
 * (platform/access.ts) says so, refused with 403 otherwise, 401 without a session. Then row scope:
 * other consultants' leads and other stores' objects answer 404; the group admin reaches all.
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
let target: TestUser; // a consultant of store 1 whom users.update / user.pause act on
let foreign: TestUser; // a consultant of store 2

beforeAll(async () => {
  ctx = await testApp();
  store1 = await ctx.store("一号店");
  store2 = await ctx.store("二号店");
  for (const role of ROLES) actors[role] = await ctx.user(role, role === "admin" ? null : store1);
  owner2 = await ctx.user("consultant", store1);
  target = await ctx.user("consultant", store1);
  foreign = await ctx.user("consultant", store2);
});

let seq = 0;
const phone = () => String(13700000000 + ++seq);
const vin = () => {
  const draft = `LSVAM4180C2${String(100000 + ++seq)}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
};
const api = async (u: TestUser, method: InjectOptions["method"], url: string, payload?: object) => {
  const res = await ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};

// Fixtures, each made fresh for one call so that calls do not disturb each other.
const consultantOf = (s: number) => (s === store1 ? actors.consultant : foreign);
const ownLead = async (s = store1): Promise<{ id: number; customerId: number }> =>
  (await api(consultantOf(s), "POST", "/leads", { name: "吴先生", phone: phone(), source: "walk_in" })).lead;
const poolLead = async () => {
  const lead = await ownLead();
  await api(actors.sales_manager, "POST", `/leads/${lead.id}/release`);
  return lead;
};
const defeatRequested = async () => {
  const lead = await ownLead();
  await api(actors.consultant, "POST", `/leads/${lead.id}/defeat`, { reason: "price" });
  return lead;
};
const asAdminStore = (role: Role) => (role === "admin" ? { storeId: store1 } : {});

const get = (url: string) => async (): Promise<InjectOptions> => ({ method: "GET", url });
const ENDPOINTS: MatrixEndpoint[] = [
  { name: "GET /auth/me", action: null, request: get("/auth/me") },
  { name: "GET /stores", action: "store.read", request: get("/stores") },
  {
    name: "GET /stores/:id",
    action: "store.read",
    request: async () => ({ method: "GET", url: `/stores/${store1}` }),
  },
  {
    name: "POST /stores",
    action: "store.create",
    request: async () => ({ method: "POST", url: "/stores", payload: { name: `店${++seq}` } }),
  },
  {
    name: "PATCH /stores/:id",
    action: "store.update",
    request: async () => ({ method: "PATCH", url: `/stores/${store1}`, payload: { escalateAfterDays: 3 } }),
  },
  { name: "GET /users", action: "user.read", request: get("/users") },
  {
    name: "POST /users",
    action: "user.create",
    request: async () => ({
      method: "POST",
      url: "/users",
      payload: {
        username: `new${++seq}`,
        password: "long-enough-1",
        displayName: "新人",
        role: "consultant",
        storeId: store1,
      },
    }),
  },
  {
    name: "PATCH /users/:id",
    action: "user.update",
    request: async () => ({
      method: "PATCH",
      url: `/users/${target.id}`,
      payload: { displayName: `改${++seq}` },
    }),
  },
  // the manager's pause switch is the same endpoint with only `paused` in the body
  {
    name: "PATCH /users/:id (paused)",
    action: "user.pause",
    request: async () => ({ method: "PATCH", url: `/users/${target.id}`, payload: { paused: true } }),
  },
  {
    name: "POST /customers",
    action: "customer.write",
    request: async (role) => ({
      method: "POST",
      url: "/customers",
      payload: { kind: "person", name: "郑女士", phone: phone(), ...asAdminStore(role) },
    }),
  },
  { name: "GET /customers", action: "customer.read", request: get("/customers") },
  {
    name: "GET /customers/:id",
    action: "customer.read",
    request: async () => ({ method: "GET", url: `/customers/${(await ownLead()).customerId}` }),
  },
  {
    name: "PATCH /customers/:id",
    action: "customer.write",
    request: async () => ({
      method: "PATCH",
      url: `/customers/${(await ownLead()).customerId}`,
      payload: { address: "北京市朝阳区" },
    }),
  },
  {
    name: "POST /customers/:id/vehicles",
    action: "customer.write",
    request: async () => ({
      method: "POST",
      url: `/customers/${(await ownLead()).customerId}/vehicles`,
      payload: { vin: vin(), model: "凯美瑞" },
    }),
  },
  {
    name: "POST /customers/:id/consents",
    action: "customer.write",
    request: async () => ({
      method: "POST",
      url: `/customers/${(await ownLead()).customerId}/consents`,
      payload: { channel: "sms", granted: true, source: "展厅登记表" },
    }),
  },
  {
    name: "POST /customers/:id/reveal",
    action: "customer.reveal",
    request: async () => ({
      method: "POST",
      url: `/customers/${(await ownLead()).customerId}/reveal`,
      payload: { field: "phone" },
    }),
  },
  {
    name: "POST /leads",
    action: "lead.create",
    request: async (role) => ({
      method: "POST",
      url: "/leads",
      payload: {
        name: "冯先生",
        phone: phone(),
        source: "phone",
        ownerId: actors.consultant.id,
        ...asAdminStore(role),
      },
    }),
  },
  { name: "GET /leads", action: "lead.read", request: get("/leads") },
  {
    name: "GET /leads/:id",
    action: "lead.read",
    request: async () => ({ method: "GET", url: `/leads/${(await ownLead()).id}` }),
  },
  {
    name: "GET /leads/:id/plan",
    action: "lead.read",
    request: async () => ({ method: "GET", url: `/leads/${(await ownLead()).id}/plan?level=B` }),
  },
  {
    name: "POST /leads/:id/follow-ups",
    action: "lead.followUp",
    request: async () => ({
      method: "POST",
      url: `/leads/${(await ownLead()).id}/follow-ups`,
      payload: { channel: "phone", reached: false, content: "未接通" },
    }),
  },
  {
    name: "POST /leads/:id/assign",
    action: "lead.assign",
    request: async () => ({
      method: "POST",
      url: `/leads/${(await poolLead()).id}/assign`,
      payload: { ownerId: owner2.id },
    }),
  },
  {
    name: "POST /leads/assign",
    action: "lead.assign",
    request: async () => ({
      method: "POST",
      url: "/leads/assign",
      payload: { leadIds: [(await poolLead()).id, (await poolLead()).id], ownerId: owner2.id },
    }),
  },
  {
    name: "POST /leads/:id/release",
    action: "lead.release",
    request: async () => ({ method: "POST", url: `/leads/${(await ownLead()).id}/release` }),
  },
  {
    name: "POST /leads/release",
    action: "lead.release",
    request: async () => ({
      method: "POST",
      url: "/leads/release",
      payload: { leadIds: [(await ownLead()).id] },
    }),
  },
  {
    name: "POST /leads/:id/claim",
    action: "lead.claim",
    request: async () => ({ method: "POST", url: `/leads/${(await poolLead()).id}/claim` }),
  },
  {
    name: "POST /leads/:id/defeat",
    action: "lead.defeatRequest",
    request: async () => ({
      method: "POST",
      url: `/leads/${(await ownLead()).id}/defeat`,
      payload: { reason: "competitor", competitor: "比亚迪 汉" },
    }),
  },
  {
    name: "POST /leads/:id/defeat/approve",
    action: "lead.defeatDecide",
    request: async () => ({
      method: "POST",
      url: `/leads/${(await defeatRequested()).id}/defeat/approve`,
      payload: { note: "同意" },
    }),
  },
  {
    name: "POST /leads/:id/defeat/return",
    action: "lead.defeatDecide",
    request: async () => ({
      method: "POST",
      url: `/leads/${(await defeatRequested()).id}/defeat/return`,
      payload: {},
    }),
  },
  { name: "GET /defeats", action: "lead.read", request: get("/defeats?status=requested") },
  { name: "GET /my-day", action: "myDay.read", request: get("/my-day") },
  {
    name: "GET /leads/board",
    action: "lead.board",
    request: async (role) => ({
      method: "GET",
      url: role === "admin" ? `/leads/board?storeId=${store1}` : "/leads/board",
    }),
  },
  {
    name: "GET /lead-owners",
    action: "lead.create",
    request: async (role) => ({
      method: "GET",
      url: role === "admin" ? `/lead-owners?storeId=${store1}` : "/lead-owners",
    }),
  },
  { name: "GET /audit", action: "audit.read", request: get("/audit") },
];
describe("the role matrix", () => {
  it("covers every endpoint of docs/API.md up to the sales section except import, export, login and logout", () => {
    // the sales and after-sales sections have their own matrices
    const documented = documentedEndpoints(null, "<!-- sales", /import|export|\/auth\/log(in|out)|\/health/);
    const tested = new Set(ENDPOINTS.map((e) => e.name.replace(/ \(.*\)$/, "")));
    expect([...tested].sort()).toEqual(documented);
  });

  const call = roleMatrix(ENDPOINTS, () => ({ ctx, actors }));

  // Hard-coded, so that the matrix above cannot pass by reading a wrong POLICY back to itself.
  it.each([
    ["GET /leads", "parts_clerk", 403],
    ["GET /leads", "reception", 200],
    ["POST /leads", "service_advisor", 403],
    ["POST /leads/:id/follow-ups", "reception", 403],
    ["POST /leads/:id/follow-ups", "consultant", 201],
    ["POST /leads/:id/assign", "consultant", 403],
    ["POST /leads/:id/assign", "reception", 200],
    ["POST /leads/:id/claim", "sales_manager", 403],
    ["POST /leads/:id/defeat/approve", "consultant", 403],
    ["POST /leads/:id/defeat/approve", "gm", 200],
    ["GET /my-day", "admin", 403],
    ["GET /customers", "marketing", 200],
    ["POST /customers", "marketing", 403],
    ["POST /customers/:id/reveal", "parts_clerk", 403],
    ["GET /audit", "gm", 200],
    ["GET /audit", "sales_manager", 403],
    ["GET /stores/:id", "consultant", 403],
    ["PATCH /users/:id (paused)", "sales_manager", 200],
    ["PATCH /users/:id", "sales_manager", 403],
    ["POST /users", "gm", 403],
  ] as const)("spot check: %s as %s is %i", async (name, role, status) => {
    expect((await call(name, role)).statusCode).toBe(status);
  });
});

describe("row scope", () => {
  const send = (u: TestUser, method: InjectOptions["method"], url: string, payload?: object) =>
    ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  const written = async () =>
    Promise.all(
      ["leads", "follow_ups", "lead_events", "defeat_requests", "audit_log", "customers"].map((t) =>
        ctx.count(t),
      ),
    );

  it("a consultant does not reach another consultant's lead", async () => {
    const lead = await ownLead();
    const before = await written();
    for (const [method, url, payload] of [
      ["GET", `/leads/${lead.id}`],
      ["GET", `/leads/${lead.id}/plan`],
      ["POST", `/leads/${lead.id}/follow-ups`, { channel: "phone", reached: false, content: "x" }],
      ["POST", `/leads/${lead.id}/defeat`, { reason: "price" }],
      ["GET", `/customers/${lead.customerId}`],
      ["POST", `/customers/${lead.customerId}/reveal`, { field: "phone" }],
    ] as const) {
      expect((await send(owner2, method, url, payload)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect(await written()).toEqual(before);
    const list = (await api(owner2, "GET", "/leads")).items as { id: number }[];
    expect(list.map((l) => l.id)).not.toContain(lead.id);
  });

  it("a user of store 1 does not reach store 2's leads, customers, users or store", async () => {
    const lead = await ownLead(store2);
    const before = await written();
    const refusals: [Role, InjectOptions["method"], string, object?][] = [
      ["gm", "GET", `/leads/${lead.id}`],
      [
        "sales_manager",
        "POST",
        `/leads/${lead.id}/follow-ups`,
        { channel: "phone", reached: false, content: "x" },
      ],
      ["sales_manager", "POST", `/leads/${lead.id}/assign`, { ownerId: actors.consultant.id }],
      ["sales_manager", "POST", "/leads/assign", { leadIds: [lead.id], ownerId: actors.consultant.id }],
      ["sales_manager", "POST", `/leads/${lead.id}/release`],
      ["consultant", "POST", `/leads/${lead.id}/claim`],
      ["sales_manager", "POST", `/leads/${lead.id}/defeat`, { reason: "price" }],
      ["reception", "POST", "/leads", { name: "x", phone: phone(), source: "walk_in", storeId: store2 }],
      ["gm", "GET", `/customers/${lead.customerId}`],
      ["gm", "PATCH", `/customers/${lead.customerId}`, { address: "x" }],
      ["gm", "POST", `/customers/${lead.customerId}/reveal`, { field: "phone" }],
      ["gm", "GET", `/customers?storeId=${store2}`],
      ["gm", "GET", `/stores/${store2}`],
      ["gm", "GET", `/users?storeId=${store2}`],
      ["sales_manager", "PATCH", `/users/${foreign.id}`, { paused: true }],
      ["gm", "GET", `/leads/board?storeId=${store2}`],
      ["sales_manager", "GET", `/defeats?storeId=${store2}`],
      ["gm", "GET", `/audit?storeId=${store2}`],
    ];
    for (const [role, method, url, payload] of refusals) {
      expect((await send(actors[role], method, url, payload)).statusCode, `${role} ${method} ${url}`).toBe(
        404,
      );
    }
    expect(await written()).toEqual(before);
    for (const [url, key] of [
      ["/leads?pageSize=200", "items"],
      ["/customers?pageSize=200", "items"],
      ["/users", "items"],
      ["/stores", "items"],
      ["/audit?pageSize=200", "items"],
    ] as const) {
      const items = (await api(actors.gm, "GET", url))[key] as { id: number; storeId?: number }[];
      expect(items.length, url).toBeGreaterThan(0);
      expect(
        items.every((i) => (url === "/stores" ? i.id === store1 : i.storeId === store1)),
        url,
      ).toBe(true);
    }
  });

  it("the group admin reaches both stores", async () => {
    const [one, two] = [await ownLead(store1), await ownLead(store2)];
    for (const lead of [one, two]) {
      expect((await send(actors.admin, "GET", `/leads/${lead.id}`)).statusCode).toBe(200);
      expect((await send(actors.admin, "GET", `/customers/${lead.customerId}`)).statusCode).toBe(200);
    }
    for (const s of [store1, store2])
      expect((await send(actors.admin, "GET", `/stores/${s}`)).statusCode).toBe(200);
    const ids = ((await api(actors.admin, "GET", "/leads?pageSize=200")).items as { id: number }[]).map(
      (l) => l.id,
    );
    expect(ids).toEqual(expect.arrayContaining([one.id, two.id]));
    expect((await send(actors.admin, "PATCH", `/users/${foreign.id}`, { paused: true })).statusCode).toBe(
      200,
    );
    expect((await send(actors.admin, "POST", `/leads/${two.id}/release`)).statusCode).toBe(200);
    expect(
      (await send(actors.admin, "GET", `/leads/board?storeId=${store2}`)).json().poolCount,
    ).toBeGreaterThan(0);
  });
});
