/** Showroom traffic end to end through the HTTP API, against a real database. */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";

const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai
let ctx: TestContext;
let store: number;
let manager: TestUser;
let reception: TestUser;
let gm: TestUser;
let admin: TestUser;
let consultants: TestUser[];

let seq = 13900000000;
const phone = () => String(++seq);
const later = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

async function api(u: TestUser, method: "GET" | "POST" | "PUT" | "PATCH", url: string, payload?: object) {
  const res = await ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const send = (u: TestUser, url: string, payload?: object) =>
  ctx.req(u, { method: "POST", url: `/api/v1${url}`, ...(payload ? { payload } : {}) });

const newLead = async (owner: TestUser, p = phone()) =>
  (await api(owner, "POST", "/leads", { name: "孙先生", phone: p, source: "phone" })).lead as {
    id: number;
    phone: string;
    ownerId: number;
  };
const visit = (by: TestUser, body: object) =>
  api(by, "POST", "/traffic/visits", { firstVisit: true, partySize: 2, arrivedAt: later(-30), ...body });
const board = () => api(reception, "GET", "/traffic/board");
const events = async (leadId: number) =>
  (await api(manager, "GET", `/leads/${leadId}`)).events as { kind: string; data: Record<string, unknown> }[];

beforeAll(async () => {
  ctx = await testApp(NOW);
  store = await ctx.store("一号店");
  manager = await ctx.user("sales_manager", store, { displayName: "经理" });
  reception = await ctx.user("reception", store);
  gm = await ctx.user("gm", store);
  admin = await ctx.user("admin", null);
  consultants = [];
  for (const name of ["张伟", "刘洋", "陈静"])
    consultants.push(await ctx.user("consultant", store, { displayName: name }));
});

// Every case starts from a clean showroom at 10:00 with nobody having had a turn yet.
beforeEach(async () => {
  ctx.clock.set(NOW);
  await ctx.pool.query("DELETE FROM traffic_visits; DELETE FROM traffic_calls; DELETE FROM traffic_plans");
  await ctx.pool.query("UPDATE users SET last_assigned_at = NULL, paused = false");
});

describe("logging visits", () => {
  it("a return visit of a known phone attaches to its open lead and shows on the timeline", async () => {
    const [zhang] = consultants;
    const lead = await newLead(zhang!);
    const v = await visit(reception, {
      phone: `+86 ${lead.phone}`,
      firstVisit: false,
      consultantId: zhang!.id,
      note: "看途观",
    });
    expect(v).toMatchObject({
      leadId: lead.id,
      leadName: "孙先生",
      firstVisit: false,
      partySize: 2,
      leftAt: null,
      consultantId: zhang!.id,
      consultantName: "张伟",
      note: "看途观",
      storeId: store,
    });
    const e = (await events(lead.id)).find((x) => x.kind === "visited");
    expect(e?.data).toMatchObject({ visitId: v.id, firstVisit: false, matchedBy: "phone", priorVisits: 0 });
  });

  it("a 'first' visit of a phone that already has a lead is still attached, and the event says how", async () => {
    const lead = await newLead(consultants[0]!);
    await visit(reception, { leadId: lead.id, firstVisit: false, consultantId: consultants[0]!.id });
    const v = await visit(reception, {
      phone: lead.phone,
      firstVisit: true,
      consultantId: consultants[1]!.id,
    });
    expect(v.leadId).toBe(lead.id);
    expect(v.firstVisit).toBe(true);
    const visited = (await events(lead.id)).filter((x) => x.kind === "visited");
    expect(visited).toHaveLength(2);
    expect(visited[0]!.data).toMatchObject({
      visitId: v.id,
      firstVisit: true,
      matchedBy: "phone",
      priorVisits: 1,
    });
    expect(visited[1]!.data).toMatchObject({ matchedBy: "lead", priorVisits: 0 });
  });

  it("a visitor who leaves no details, or whose phone has no open lead, is not archived (未留档)", async () => {
    const eventsBefore = await ctx.count("lead_events");
    const anonymous = await visit(reception, { consultantId: consultants[0]!.id });
    const unknown = await visit(reception, { phone: phone(), consultantId: consultants[1]!.id });
    expect([anonymous.leadId, unknown.leadId, anonymous.leadName]).toEqual([null, null, null]);
    expect(await ctx.count("lead_events")).toBe(eventsBefore);
    expect((await board()).today).toMatchObject({ visits: 2, notArchived: 2, firstVisits: 2, inShowroom: 2 });
  });

  it("a closed lead's phone does not attach, but the lead named by id does (a visit is a fact)", async () => {
    const lead = await newLead(consultants[0]!);
    await api(consultants[0]!, "POST", `/leads/${lead.id}/defeat`, { reason: "price" });
    await api(manager, "POST", `/leads/${lead.id}/defeat/approve`, {});
    expect(
      (await visit(reception, { phone: lead.phone, consultantId: consultants[0]!.id })).leadId,
    ).toBeNull();
    expect((await visit(reception, { leadId: lead.id, consultantId: consultants[0]!.id })).leadId).toBe(
      lead.id,
    );
  });

  it("the serving consultant may be a sales manager; a paused consultant can still serve his own customer", async () => {
    await api(manager, "PATCH", `/users/${consultants[2]!.id}`, { paused: true });
    const lead = await newLead(consultants[2]!);
    expect((await visit(reception, { consultantId: manager.id })).consultantName).toBe("经理");
    expect(
      (await visit(reception, { leadId: lead.id, firstVisit: false, consultantId: consultants[2]!.id }))
        .leadId,
    ).toBe(lead.id);
  });

  it("the group admin logs a visit for a store he names", async () => {
    const v = await visit(admin, { consultantId: consultants[0]!.id, storeId: store });
    expect(v.storeId).toBe(store);
    const res = await send(admin, "/traffic/visits", {
      firstVisit: true,
      partySize: 1,
      consultantId: consultants[0]!.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("store_required");
  });

  it("without arrivedAt the visitor arrives now", async () => {
    const v = await api(reception, "POST", "/traffic/visits", {
      firstVisit: true,
      partySize: 3,
      consultantId: consultants[0]!.id,
    });
    expect(v.arrivedAt).toBe(new Date(NOW).toISOString());
  });

  it("every write is audited", async () => {
    const before = await ctx.count("audit_log", "entity = 'traffic_visit'");
    const v = await visit(reception, { consultantId: consultants[0]!.id });
    await api(reception, "POST", `/traffic/visits/${v.id}/leave`, {});
    expect(await ctx.count("audit_log", `entity = 'traffic_visit' AND entity_id = '${v.id}'`)).toBe(2);
    expect(await ctx.count("audit_log", "entity = 'traffic_visit'")).toBe(before + 2);
  });
});

describe("leaving", () => {
  it("records the leave time (now by default, or the time given) once", async () => {
    const v = await visit(reception, { consultantId: consultants[0]!.id });
    const left = await api(reception, "POST", `/traffic/visits/${v.id}/leave`, { leftAt: later(-5) });
    expect(left.leftAt).toBe(later(-5));
    const again = await send(reception, `/traffic/visits/${v.id}/leave`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("already_left");
    const w = await visit(reception, { consultantId: consultants[1]!.id });
    expect((await api(reception, "POST", `/traffic/visits/${w.id}/leave`)).leftAt).toBe(
      new Date(NOW).toISOString(),
    );
  });

  it("two leaves of one visit at once: exactly one wins, one audit row", async () => {
    for (let round = 0; round < 3; round++) {
      const v = await visit(reception, { consultantId: consultants[0]!.id });
      const audits = await ctx.count("audit_log");
      const results = await Promise.all([
        send(reception, `/traffic/visits/${v.id}/leave`, {}),
        send(manager, `/traffic/visits/${v.id}/leave`, { leftAt: later(-1) }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(await ctx.count("audit_log")).toBe(audits + 1);
    }
  });
});

describe("the reception board", () => {
  it("shows each consultant free, with a customer (since the arrival) or paused, and today's counts", async () => {
    const [zhang, liu, chen] = consultants as [TestUser, TestUser, TestUser];
    await api(manager, "PATCH", `/users/${chen.id}`, { paused: true });
    const done = await visit(reception, { consultantId: zhang.id, arrivedAt: later(-90) });
    await api(reception, "POST", `/traffic/visits/${done.id}/leave`, { leftAt: later(-40) });
    const open = await visit(reception, { consultantId: liu.id, arrivedAt: later(-20), firstVisit: false });
    await api(reception, "POST", "/traffic/calls", { at: later(-10) });
    // yesterday's visit nobody closed keeps nobody busy today, nor counts today
    await ctx.pool.query(
      `INSERT INTO traffic_visits (store_id, first_visit, party_size, arrived_at, consultant_id, created_by)
       VALUES ($1, true, 1, '2026-11-23T08:00:00Z', $2, $3)`,
      [store, zhang.id, reception.id],
    );

    const b = await board();
    expect(b.date).toBe("2026-11-24");
    const card = (u: TestUser) => b.consultants.find((c: { userId: number }) => c.userId === u.id);
    expect(card(zhang)).toMatchObject({
      status: "free",
      visitId: null,
      since: later(-40),
      visitsToday: 1,
      paused: false,
    });
    expect(card(liu)).toMatchObject({
      status: "with_customer",
      visitId: open.id,
      since: later(-20),
      visitsToday: 1,
    });
    expect(card(chen)).toMatchObject({ status: "paused", paused: true, since: null, visitsToday: 0 });
    // only consultants: the manager serving a customer is not a card
    expect(b.consultants.map((c: { userId: number }) => c.userId)).toEqual([zhang.id, liu.id, chen.id]);
    expect(b.noFreeConsultant).toBe(false);
    expect(b.today).toEqual({
      visits: 2,
      firstVisits: 1,
      returnVisits: 1,
      notArchived: 2,
      calls: 1,
      inShowroom: 1,
    });
  });

  it("proposes the round robin's next free consultant without taking the turn; a first visit takes it", async () => {
    const [zhang, liu, chen] = consultants as [TestUser, TestUser, TestUser];
    expect((await board()).nextInTurn).toEqual({ userId: zhang.id, displayName: "张伟" });
    expect((await board()).nextInTurn.userId).toBe(zhang.id); // reading twice changes nothing
    // Zhang serves a walk-in: his turn is used, Liu is next
    const v = await visit(reception, { consultantId: zhang.id });
    expect((await board()).nextInTurn.userId).toBe(liu.id);
    // Liu is busy with his own lead's first visit (no turn used), so Chen is proposed; Liu keeps his place
    const own = await newLead(liu);
    const w = await visit(reception, { leadId: own.id, consultantId: liu.id });
    expect((await board()).nextInTurn.userId).toBe(chen.id);
    await api(reception, "POST", `/traffic/visits/${w.id}/leave`, {});
    expect((await board()).nextInTurn.userId).toBe(liu.id);
    // a return visit uses no turn either
    await api(reception, "POST", `/traffic/visits/${v.id}/leave`, {});
    await visit(reception, { consultantId: liu.id, firstVisit: false });
    expect((await board()).nextInTurn.userId).toBe(chen.id);
  });

  it("the lead round robin and the showroom rotation are one queue", async () => {
    const [zhang, liu] = consultants as [TestUser, TestUser];
    await visit(reception, { consultantId: zhang.id });
    // a lead registered by reception goes to whoever is in turn: Liu, not Zhang who just had a walk-in
    const lead = (
      await api(reception, "POST", "/leads", { name: "周女士", phone: phone(), source: "walk_in" })
    ).lead;
    expect(lead.ownerId).toBe(liu.id);
  });

  it("says so when no consultant is free, and proposes nobody", async () => {
    const [zhang, liu, chen] = consultants as [TestUser, TestUser, TestUser];
    await visit(reception, { consultantId: zhang.id });
    await visit(reception, { consultantId: liu.id });
    await api(manager, "PATCH", `/users/${chen.id}`, { paused: true });
    const b = await board();
    expect(b.noFreeConsultant).toBe(true);
    expect(b.nextInTurn).toBeNull();
    expect(b.consultants.map((c: { status: string }) => c.status)).toEqual([
      "with_customer",
      "with_customer",
      "paused",
    ]);
  });

  it("every sales-desk role reads its own store's board; the admin names the store", async () => {
    for (const u of [gm, manager, consultants[0]!])
      expect((await api(u, "GET", "/traffic/board")).consultants).toHaveLength(3);
    expect((await api(admin, "GET", `/traffic/board?storeId=${store}`)).consultants).toHaveLength(3);
    expect((await ctx.req(admin, { method: "GET", url: "/api/v1/traffic/board" })).statusCode).toBe(400);
  });
});

describe("the logs by store-local day", () => {
  it("lists a day's visits (today by default) and a lead's visits of every day", async () => {
    const lead = await newLead(consultants[0]!);
    // 23:30 in Shanghai on the 23rd
    ctx.clock.set("2026-11-23T15:30:00Z");
    const yesterday = await api(reception, "POST", "/traffic/visits", {
      leadId: lead.id,
      firstVisit: true,
      partySize: 1,
      consultantId: consultants[0]!.id,
    });
    ctx.clock.set(NOW);
    const today = await visit(reception, {
      leadId: lead.id,
      firstVisit: false,
      consultantId: consultants[1]!.id,
    });
    await visit(reception, { consultantId: consultants[1]!.id });

    const ids = (r: { items: { id: number }[] }) => r.items.map((v) => v.id);
    const todays = await api(reception, "GET", "/traffic/visits");
    expect(todays.total).toBe(2);
    expect(ids(await api(reception, "GET", "/traffic/visits?date=2026-11-23"))).toEqual([yesterday.id]);
    expect(ids(await api(reception, "GET", `/traffic/visits?leadId=${lead.id}`))).toEqual([
      today.id,
      yesterday.id,
    ]);
    expect(ids(await api(reception, "GET", `/traffic/visits?consultantId=${consultants[0]!.id}`))).toEqual(
      [],
    );
    const page2 = await api(reception, "GET", "/traffic/visits?pageSize=1&page=2");
    expect(page2).toMatchObject({ total: 2, items: [{ id: todays.items[1].id }] });
  });

  it("a consultant reads the visits he served and those of his own leads, no one else's", async () => {
    const [zhang, liu] = consultants as [TestUser, TestUser];
    const his = await newLead(zhang);
    const served = await visit(reception, { consultantId: zhang.id });
    const ofHisLead = await visit(reception, { leadId: his.id, consultantId: liu.id, firstVisit: false });
    await visit(reception, { consultantId: liu.id });
    const seen = (await api(zhang, "GET", "/traffic/visits")).items.map((v: { id: number }) => v.id);
    expect(seen.sort()).toEqual([served.id, ofHisLead.id].sort());
    expect((await api(manager, "GET", "/traffic/visits")).total).toBe(3);
  });

  it("logs calls, attached by phone to the open lead, listed by day", async () => {
    const lead = await newLead(consultants[0]!);
    const call = await api(reception, "POST", "/traffic/calls", {
      phone: lead.phone,
      at: later(-3),
      consultantId: consultants[0]!.id,
      note: "问价",
    });
    expect(call).toMatchObject({
      leadId: lead.id,
      leadName: "孙先生",
      consultantName: "张伟",
      note: "问价",
      at: later(-3),
    });
    const anonymous = await api(reception, "POST", "/traffic/calls", {});
    expect(anonymous).toMatchObject({
      leadId: null,
      consultantId: null,
      consultantName: null,
      at: new Date(NOW).toISOString(),
    });
    expect((await events(lead.id)).find((e) => e.kind === "called")?.data).toMatchObject({
      callId: call.id,
      matchedBy: "phone",
    });
    expect((await api(reception, "GET", "/traffic/calls")).total).toBe(2);
    expect((await api(reception, "GET", "/traffic/calls?date=2026-11-25")).total).toBe(0);
  });
});

describe("the month against its plan", () => {
  it("traffic = visits + calls by day, against the plan the manager set", async () => {
    await visit(reception, { consultantId: consultants[0]!.id });
    await visit(reception, { consultantId: consultants[1]!.id, firstVisit: false });
    await api(reception, "POST", "/traffic/calls", { at: later(-1) });
    // the month's edges in the store's zone (written directly: a session would not last until then)
    await ctx.pool.query(
      `INSERT INTO traffic_visits (store_id, first_visit, party_size, arrived_at, consultant_id, created_by)
       VALUES ($1, true, 1, '2026-11-30T15:00:00Z', $2, $3)`, // 23:00 on the 30th in Shanghai
      [store, consultants[2]!.id, reception.id],
    );
    await ctx.pool.query(
      `INSERT INTO traffic_calls (store_id, at, created_by) VALUES ($1, '2026-11-30T16:30:00Z', $2),
       ($1, '2026-10-31T15:59:00Z', $2)`, // already 1 December; still 31 October
      [store, reception.id],
    );

    const noPlan = await api(gm, "GET", "/traffic/summary?month=2026-11");
    expect(noPlan).toMatchObject({
      visits: 3,
      firstVisits: 2,
      returnVisits: 1,
      calls: 1,
      traffic: 4,
      plannedTraffic: null,
      achievement: null,
    });
    const plan = await api(manager, "PUT", "/traffic/plans/2026-11", { visits: 5, calls: 3 });
    expect(plan).toMatchObject({ month: "2026-11", visits: 5, calls: 3, traffic: 8, storeId: store });
    const s = await api(reception, "GET", "/traffic/summary?month=2026-11");
    expect(s).toMatchObject({ plannedVisits: 5, plannedCalls: 3, plannedTraffic: 8, achievement: 0.5 });
    expect(s.byDay).toHaveLength(30);
    expect(s.byDay.find((d: { date: string }) => d.date === "2026-11-24")).toEqual({
      date: "2026-11-24",
      visits: 2,
      calls: 1,
    });
    expect(s.byDay.find((d: { date: string }) => d.date === "2026-11-30")).toEqual({
      date: "2026-11-30",
      visits: 1,
      calls: 0,
    });
    // the default month is the store's current one
    expect(await api(reception, "GET", "/traffic/summary")).toEqual(s);
    expect(await api(reception, "GET", "/traffic/summary?month=2026-12")).toMatchObject({
      calls: 1,
      visits: 0,
    });
    expect(await api(reception, "GET", "/traffic/summary?month=2026-10")).toMatchObject({
      calls: 1,
      visits: 0,
    });
  });

  it("a plan is corrected by saving it again; the audit keeps before and after", async () => {
    await api(manager, "PUT", "/traffic/plans/2026-12", { visits: 400, calls: 300 });
    await api(gm, "PUT", "/traffic/plans/2026-12", { visits: 450, calls: 300 });
    const r = await ctx.pool.query(
      "SELECT before, after FROM audit_log WHERE entity = 'traffic_plan' AND entity_id = '2026-12' ORDER BY id",
    );
    expect(r.rows.map((x) => [x.before?.visits ?? null, x.after.visits])).toEqual([
      [null, 400],
      [400, 450],
    ]);
  });

  it("two saves of one month at once both succeed, one after the other", async () => {
    const results = await Promise.all([
      api(manager, "PUT", "/traffic/plans/2027-01", { visits: 1, calls: 1 }),
      api(gm, "PUT", "/traffic/plans/2027-01", { visits: 2, calls: 2 }),
    ]);
    const saved = (await ctx.pool.query("SELECT visits FROM traffic_plans WHERE month = '2027-01'")).rows;
    expect(saved).toHaveLength(1);
    expect(results.map((p) => p.visits)).toContain(saved[0].visits);
    const audits = (
      await ctx.pool.query(
        "SELECT before FROM audit_log WHERE entity = 'traffic_plan' AND entity_id = '2027-01'",
      )
    ).rows;
    expect(audits.map((a) => a.before === null).sort()).toEqual([false, true]);
  });
});
