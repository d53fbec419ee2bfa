/** Lead management end to end through the HTTP API, against a real database. */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";

let ctx: TestContext;
let storeId: number;
let otherStore: number;
let manager: TestUser;
let consultant: TestUser;
let consultant2: TestUser;
let reception: TestUser;
let gm: TestUser;
let admin: TestUser;
let foreignConsultant: TestUser;

// 2026-11-24 10:00 in Shanghai (the store's zone); the process runs in UTC
const NOW = "2026-11-24T02:00:00Z";
let phoneSeq = 13800000000;
const phone = () => String(++phoneSeq);

beforeAll(async () => {
  ctx = await testApp(NOW);
  storeId = await ctx.store("一号店");
  otherStore = await ctx.store("二号店");
  manager = await ctx.user("sales_manager", storeId);
  consultant = await ctx.user("consultant", storeId, { displayName: "张三" });
  consultant2 = await ctx.user("consultant", storeId, { displayName: "李四" });
  reception = await ctx.user("reception", storeId);
  gm = await ctx.user("gm", storeId);
  admin = await ctx.user("admin", null);
  foreignConsultant = await ctx.user("consultant", otherStore);
});

const post = (u: TestUser | null, url: string, payload?: unknown) =>
  ctx.req(u, {
    method: "POST",
    url: `/api/v1${url}`,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const get = (u: TestUser | null, url: string) => ctx.req(u, { method: "GET", url: `/api/v1${url}` });

async function newLead(by: TestUser, over: Record<string, unknown> = {}) {
  const res = await post(by, "/leads", { name: "王先生", phone: phone(), source: "walk_in", ...over });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().lead as {
    id: number;
    ownerId: number | null;
    dueAt: string;
    phone: string;
    level: string;
  };
}

describe("creating leads", () => {
  it("a consultant's lead belongs to the consultant and is due by the N rule", async () => {
    const lead = await newLead(consultant);
    expect(lead.ownerId).toBe(consultant.id);
    expect((lead as { ownerName?: string }).ownerName).toBe("张三");
    expect(lead.level).toBe("N");
    // received 10:00 Shanghai → due 18:00 the same day
    expect(lead.dueAt).toBe("2026-11-24T10:00:00.000Z");
  });

  it("reception's leads are handed out in turn to consultants on duty", async () => {
    const owners = [];
    for (let i = 0; i < 4; i++) owners.push((await newLead(reception)).ownerId);
    expect(new Set(owners)).toEqual(new Set([consultant.id, consultant2.id]));
    expect(owners[0]).not.toBe(owners[1]);
    expect(owners[0]).toBe(owners[2]);
  });

  it("the same phone merges into the open lead and says so", async () => {
    const p = phone();
    const first = await post(consultant, "/leads", { name: "赵女士", phone: p, source: "phone" });
    expect(first.statusCode).toBe(201);
    const leadsBefore = await ctx.count("leads");
    const second = await post(reception, "/leads", {
      name: "赵女士",
      phone: `+86 ${p}`,
      source: "online",
      intendedModel: "凯美瑞",
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ merged: true, lead: { id: first.json().lead.id } });
    expect(await ctx.count("leads")).toBe(leadsBefore);
    const detail = await get(consultant, `/leads/${first.json().lead.id}`);
    expect(detail.json().events.map((e: { kind: string }) => e.kind)).toContain("merged");
    expect(detail.json().lead.intendedModel).toBe("凯美瑞");
  });

  it("concurrent creates of one phone give one lead", async () => {
    const p = phone();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        post(reception, "/leads", { name: "钱先生", phone: p, source: "walk_in" }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(await ctx.count("leads", `phone = '${p}'`)).toBe(1);
    expect(await ctx.count("customers", `phone = '${p}'`)).toBe(1);
  });
});

describe("follow-ups", () => {
  it("a reached follow-up grades the lead and restarts the clock; the plan is checked", async () => {
    const lead = await newLead(consultant);
    const beyond = await post(consultant, `/leads/${lead.id}/follow-ups`, {
      channel: "phone",
      reached: true,
      content: "客户对比两款车",
      level: "B",
      nextContactAt: "2026-12-02T02:00:00Z",
    });
    expect(beyond.statusCode).toBe(422);
    expect(beyond.json().error.code).toBe("beyond_cadence");
    expect(await ctx.count("follow_ups", `lead_id = ${lead.id}`)).toBe(0);

    const ok = await post(consultant, `/leads/${lead.id}/follow-ups`, {
      channel: "phone",
      reached: true,
      content: "客户对比两款车",
      level: "B",
      nextContactAt: "2026-11-29T02:00:00Z",
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().lead).toMatchObject({ level: "B", dueAt: "2026-12-01T10:00:00.000Z", overdue: false });
    expect(ok.json().followUp).toMatchObject({ levelBefore: "N", levelAfter: "B", reached: true });
  });

  it("refuses O, D and T from the lead API", async () => {
    const lead = await newLead(consultant);
    for (const level of ["O", "D", "T"]) {
      const r = await post(consultant, `/leads/${lead.id}/follow-ups`, {
        channel: "phone",
        reached: true,
        content: "x",
        level,
      });
      expect(r.statusCode).toBe(422);
      expect(r.json().error.code).toBe("level_not_allowed");
      const c = await post(consultant, "/leads", { name: "孙", phone: phone(), source: "walk_in", level });
      expect(c.json().error.code).toBe("level_not_allowed");
    }
    expect(await ctx.count("follow_ups", `lead_id = ${lead.id}`)).toBe(0);
  });

  it("another consultant's lead and another store's lead are not found", async () => {
    const lead = await newLead(consultant);
    const r = await post(consultant2, `/leads/${lead.id}/follow-ups`, {
      channel: "phone",
      reached: false,
      content: "x",
    });
    expect(r.statusCode).toBe(404);
    expect((await get(consultant2, `/leads/${lead.id}`)).statusCode).toBe(404);
    expect((await get(foreignConsultant, `/leads/${lead.id}`)).statusCode).toBe(404);
    expect(await ctx.count("follow_ups", `lead_id = ${lead.id}`)).toBe(0);
  });

  it("a future occurredAt is refused and nothing is written", async () => {
    const lead = await newLead(consultant);
    const audits = await ctx.count("audit_log");
    const r = await post(consultant, `/leads/${lead.id}/follow-ups`, {
      channel: "phone",
      reached: true,
      content: "x",
      level: "C",
      occurredAt: "2026-11-25T02:00:00Z",
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe("in_future");
    expect(await ctx.count("audit_log")).toBe(audits);
  });
});

describe("assignment, pool and defeat", () => {
  it("the manager reassigns; history keeps both owners", async () => {
    const lead = await newLead(consultant);
    const r = await post(manager, `/leads/${lead.id}/assign`, { ownerId: consultant2.id });
    expect(r.statusCode, r.body).toBe(200);
    const d = (await get(manager, `/leads/${lead.id}`)).json();
    expect(d.owners.map((o: { ownerId: number }) => o.ownerId)).toEqual([consultant.id, consultant2.id]);
    expect((await post(consultant, `/leads/${lead.id}/assign`, { ownerId: consultant.id })).statusCode).toBe(
      403,
    );
  });

  it("release to the pool, then exactly one of two consultants claims it", async () => {
    const lead = await newLead(consultant);
    expect((await post(manager, `/leads/${lead.id}/release`)).statusCode).toBe(200);
    const [a, b] = await Promise.all([
      post(consultant, `/leads/${lead.id}/claim`),
      post(consultant2, `/leads/${lead.id}/claim`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it("defeat request → manager approves", async () => {
    const lead = await newLead(consultant);
    const bad = await post(consultant, `/leads/${lead.id}/defeat`, { reason: "competitor" });
    expect(bad.json().error.code).toBe("competitor_required");
    const req = await post(consultant, `/leads/${lead.id}/defeat`, {
      reason: "competitor",
      competitor: "比亚迪 汉",
    });
    expect(req.json().lead.state).toBe("defeat_requested");
    const ok = await post(manager, `/leads/${lead.id}/defeat/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().lead.state).toBe("defeated");
    const again = await post(manager, `/leads/${lead.id}/defeat/approve`, {});
    expect(again.statusCode).toBe(409);
  });
});

describe("work lists and masking", () => {
  it("my day and the board answer", async () => {
    const day = await get(consultant, "/my-day");
    expect(day.statusCode, day.body).toBe(200);
    expect(day.json().dueToday.length).toBeGreaterThan(0);
    expect(day.json().totals.dueToday).toBe(day.json().dueToday.length);
    const board = await get(manager, "/leads/board");
    expect(board.statusCode, board.body).toBe(200);
    expect(board.json().consultants.length).toBeGreaterThanOrEqual(2);
    expect((await get(consultant, "/leads/board")).statusCode).toBe(403);
  });

  it("reception sees masked phones, the owner and the manager full ones", async () => {
    const lead = await newLead(consultant);
    const asReception = (await get(reception, `/leads?q=${lead.phone.slice(-4)}`)).json();
    expect(asReception.items[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const asGm = (await get(gm, `/leads/${lead.id}`)).json();
    expect(asGm.lead.phone).toBe(lead.phone);
    const asAdmin = (await get(admin, `/leads/${lead.id}`)).json();
    expect(asAdmin.lead.phoneMasked).toBe(true);
  });
});
