/**
 * Complaints end to end against a real database: receiving them (deadline by the store's hours per severity,
 * owner rules), moving them through their states with every step recorded, handing them over, the lists
 * (mine, escalated for the gm, all), the statistics, races, and the complaint a dissatisfied callback opens.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { setClock } from "../care/test-support.ts";
import { fixtures } from "./test-support.ts";

const NOW = "2026-11-24T02:00:00Z"; // Tuesday 10:00 in Shanghai
let ctx: TestContext;
let fx: ReturnType<typeof fixtures>;

beforeAll(async () => {
  ctx = await testApp(NOW);
  fx = fixtures(ctx);
});

const send = (u: TestUser, method: InjectOptions["method"], url: string, payload?: object) =>
  ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
async function ok(u: TestUser, method: InjectOptions["method"], url: string, payload?: object) {
  const res = await send(u, method, url, payload);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
async function refused(
  u: TestUser,
  method: InjectOptions["method"],
  url: string,
  payload: object,
  expected: string,
) {
  const before = await writes();
  const res = await send(u, method, url, payload);
  expect(`${res.statusCode} ${res.json().error?.code}`, res.body).toBe(expected);
  expect(await writes()).toEqual(before);
}
const writes = async () => ({
  complaints: (await ctx.pool.query("SELECT * FROM complaints ORDER BY id")).rows,
  events: await ctx.count("complaint_events"),
  audit: await ctx.count("audit_log"),
});
const iso = (s: string) => new Date(s).toISOString();

interface Complaint {
  id: number;
  state: string;
  ownerId: number;
  ownerName: string;
  deadlineAt: string;
  overdue: boolean;
  escalated: boolean;
  phone: string | null;
  phoneMasked: boolean;
  [k: string]: unknown;
}
interface Detail {
  complaint: Complaint;
  events: {
    kind: string;
    fromState: string | null;
    toState: string | null;
    note: string | null;
    actorId: number;
    actorName: string;
    ownerId: number | null;
    at: string;
  }[];
}

async function team() {
  const store = await ctx.store();
  return {
    store,
    cs: await ctx.user("customer_service", store, { displayName: "吴芳" }),
    cs2: await ctx.user("customer_service", store, { displayName: "李静" }),
    advisor: await ctx.user("service_advisor", store),
    gm: await ctx.user("gm", store),
    manager: await ctx.user("sales_manager", store),
    reception: await ctx.user("reception", store),
    consultant: await ctx.user("consultant", store),
  };
}
type Team = Awaited<ReturnType<typeof team>>;
/**
 * Moves the clock. A jump forward of more than an hour signs the team in again: a session idle for longer than
 * allowed would have ended, as it would for a real user.
 */
async function at(time: string, t: Team) {
  if (Date.parse(time) - ctx.clock.now().getTime() <= 3_600_000) return ctx.clock.set(time);
  await setClock(ctx, time, ...Object.values(t).filter((v): v is TestUser => typeof v === "object"));
}

const base = (customerId: number) => ({
  customerId,
  channel: "phone",
  category: "repair_quality",
  severity: "medium",
  description: "保养后仍有异响",
});

describe("receiving a complaint", () => {
  let t: Team;
  let customer: number;
  beforeAll(async () => {
    t = await team();
    customer = await fx.customer(t.store, "王先生");
  });

  it("is owned by the customer service user who took it, due by the severity's default hours", async () => {
    await at(NOW, t);
    const before = await ctx.count("audit_log");
    const res = await send(t.cs, "POST", "/complaints", base(customer));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as Complaint;
    expect(c).toMatchObject({
      storeId: t.store,
      customerId: customer,
      customerName: "王先生",
      phoneMasked: false,
      vehicleId: null,
      repairOrderId: null,
      careTaskId: null,
      channel: "phone",
      category: "repair_quality",
      severity: "medium",
      ownerId: t.cs.id,
      ownerName: "吴芳",
      state: "received",
      receivedAt: iso(NOW),
      deadlineAt: iso("2026-11-26T02:00:00Z"),
      overdue: false,
      escalated: false,
      resolvedAt: null,
      resolution: null,
    });
    expect(c.phone).toMatch(/^1\d{10}$/);
    const d = (await ok(t.cs, "GET", `/complaints/${c.id}`)) as Detail;
    expect(d.events).toMatchObject([
      { kind: "received", toState: "received", actorId: t.cs.id, ownerId: t.cs.id, actorName: "吴芳" },
    ]);
    expect(await ctx.count("audit_log")).toBe(before + 2);
  });

  it("takes the store's own hours, fixed at receipt; a complaint received long ago is overdue and escalated", async () => {
    await ctx.pool.query(
      `UPDATE stores SET complaint_deadline_hours = '{"low": 96, "medium": 36, "high": 4}' WHERE id = $1`,
      [t.store],
    );
    const high = (await ok(t.cs, "POST", "/complaints", {
      ...base(customer),
      severity: "high",
    })) as Complaint;
    expect(high.deadlineAt).toBe(iso("2026-11-24T06:00:00Z"));
    const old = (await ok(t.cs, "POST", "/complaints", {
      ...base(customer),
      severity: "high",
      occurredAt: "2026-11-23T20:00:00Z",
    })) as Complaint;
    expect(old).toMatchObject({
      receivedAt: iso("2026-11-23T20:00:00Z"),
      deadlineAt: iso("2026-11-24T00:00:00Z"),
      overdue: true,
      escalated: true,
    });
    await ctx.pool.query(
      `UPDATE stores SET complaint_deadline_hours = '{"low": 10, "medium": 8, "high": 2}' WHERE id = $1`,
      [t.store],
    );
    expect(((await ok(t.cs, "GET", `/complaints/${high.id}`)) as Detail).complaint.deadlineAt).toBe(
      high.deadlineAt,
    );
    await ctx.pool.query(`UPDATE stores SET complaint_deadline_hours = null WHERE id = $1`, [t.store]);
  });

  it("from reception names its owner; the owner must handle complaints in this store", async () => {
    await refused(t.reception, "POST", "/complaints", base(customer), "422 owner_required");
    await refused(
      t.reception,
      "POST",
      "/complaints",
      { ...base(customer), ownerId: t.consultant.id },
      "422 owner_cannot_handle",
    );
    const disabled = await ctx.user("customer_service", t.store);
    await ctx.pool.query("UPDATE users SET disabled = true WHERE id = $1", [disabled.id]);
    await refused(
      t.reception,
      "POST",
      "/complaints",
      { ...base(customer), ownerId: disabled.id },
      "422 owner_cannot_handle",
    );
    const foreign = await ctx.user("customer_service", await ctx.store());
    await refused(
      t.reception,
      "POST",
      "/complaints",
      { ...base(customer), ownerId: foreign.id },
      "404 not_found",
    );
    const c = (await ok(t.reception, "POST", "/complaints", {
      ...base(customer),
      ownerId: t.cs2.id,
    })) as Complaint;
    expect(c).toMatchObject({ ownerId: t.cs2.id, ownerName: "李静" });
    // a service advisor handles complaints: the own one by default, with the phone as the owner
    const a = (await ok(t.advisor, "POST", "/complaints", base(customer))) as Complaint;
    expect(a).toMatchObject({ ownerId: t.advisor.id, phoneMasked: false });
  });

  it("lists the colleagues a complaint may be given to: enabled handlers of the own store", async () => {
    const { items } = (await ok(t.reception, "GET", "/complaints/owners")) as {
      items: { id: number; role: string }[];
    };
    const ids = items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([t.cs.id, t.cs2.id, t.advisor.id, t.gm.id, t.manager.id]));
    expect(ids).not.toContain(t.consultant.id);
    expect(ids).not.toContain(t.reception.id);
    expect(
      items.every((i) => ["gm", "customer_service", "service_advisor", "sales_manager"].includes(i.role)),
    ).toBe(true);
    expect((await send(t.consultant, "GET", "/complaints/owners")).statusCode).toBe(403);
  });

  it("about a repair order: of the customer, and its vehicle is the complaint's", async () => {
    const vehicle = await fx.vehicle(t.store, customer, "粤B12345");
    const ro = await fx.repairOrder(t.store, vehicle, t.advisor.id, { workType: "mechanical" });
    const c = (await ok(t.cs, "POST", "/complaints", { ...base(customer), repairOrderId: ro })) as Complaint;
    expect(c).toMatchObject({ repairOrderId: ro, vehicleId: vehicle, plate: "粤B12345" });
    expect(c.roNo).toMatch(/^RO20261120-/);
    const other = await fx.customer(t.store);
    const othersVehicle = await fx.vehicle(t.store, other);
    await refused(
      t.cs,
      "POST",
      "/complaints",
      { ...base(other), repairOrderId: ro },
      "422 ro_not_of_customer",
    );
    await refused(
      t.cs,
      "POST",
      "/complaints",
      { ...base(customer), vehicleId: othersVehicle },
      "422 vehicle_not_of_customer",
    );
    await refused(
      t.cs,
      "POST",
      "/complaints",
      { ...base(other), vehicleId: othersVehicle, repairOrderId: ro },
      "422 ro_not_of_customer",
    );
  });
});

describe("working a complaint", () => {
  let t: Team;
  let customer: number;
  beforeAll(async () => {
    t = await team();
    customer = await fx.customer(t.store);
    await at(NOW, t);
  });
  const create = async (body: object = {}) =>
    (await ok(t.cs, "POST", "/complaints", { ...base(customer), ...body })) as Complaint;
  const move = (u: TestUser, id: number, body: object) =>
    ok(u, "POST", `/complaints/${id}/transition`, body) as Promise<Detail>;

  it("received → handling → resolved → confirmed, each step with who, when and the note", async () => {
    const c = await create();
    await at("2026-11-24T03:00:00Z", t);
    await move(t.cs, c.id, { to: "handling", note: "已致电客户" });
    await refused(
      t.cs,
      "POST",
      `/complaints/${c.id}/transition`,
      { to: "resolved" },
      "422 resolution_required",
    );
    await at("2026-11-25T03:00:00Z", t);
    const resolved = await move(t.cs, c.id, {
      to: "resolved",
      resolution: "免费更换刹车片",
      occurredAt: "2026-11-25T02:00:00Z",
    });
    expect(resolved.complaint).toMatchObject({
      state: "resolved",
      resolvedAt: iso("2026-11-25T02:00:00Z"),
      resolution: "免费更换刹车片",
      overdue: false,
    });
    const confirmed = await move(t.cs, c.id, { to: "confirmed" });
    expect(confirmed.complaint).toMatchObject({
      state: "confirmed",
      confirmedAt: iso("2026-11-25T03:00:00Z"),
    });
    expect(confirmed.events.map((e) => [e.kind, e.fromState, e.toState, e.note, e.at, e.actorId])).toEqual([
      ["received", null, "received", null, iso(NOW), t.cs.id],
      ["transition", "received", "handling", "已致电客户", iso("2026-11-24T03:00:00Z"), t.cs.id],
      ["transition", "handling", "resolved", "免费更换刹车片", iso("2026-11-25T02:00:00Z"), t.cs.id],
      ["transition", "resolved", "confirmed", null, iso("2026-11-25T03:00:00Z"), t.cs.id],
    ]);
    expect(
      await ctx.count(
        "audit_log",
        `entity = 'complaint' AND entity_id = '${c.id}' AND action = 'transition'`,
      ),
    ).toBe(3);
    // closed for good
    await refused(
      t.cs,
      "POST",
      `/complaints/${c.id}/transition`,
      { to: "handling", note: "x" },
      "422 invalid_transition",
    );
    await refused(t.cs, "POST", `/complaints/${c.id}/assign`, { ownerId: t.cs2.id }, "409 complaint_closed");
  });

  it("refuses skips, backward steps, steps before the previous one and steps in the future", async () => {
    await at(NOW, t);
    const c = await create();
    await refused(
      t.cs,
      "POST",
      `/complaints/${c.id}/transition`,
      { to: "resolved", resolution: "x" },
      "422 invalid_transition",
    );
    await refused(
      t.cs,
      "POST",
      `/complaints/${c.id}/transition`,
      { to: "confirmed" },
      "422 invalid_transition",
    );
    await refused(t.cs, "POST", `/complaints/${c.id}/transition`, { to: "received" }, "409 state_changed");
    await refused(
      t.cs,
      "POST",
      `/complaints/${c.id}/transition`,
      { to: "handling", occurredAt: "2026-11-24T01:00:00Z" },
      "422 before_previous_step",
    );
    await refused(
      t.cs,
      "POST",
      `/complaints/${c.id}/transition`,
      { to: "handling", occurredAt: "2026-11-24T02:00:01Z" },
      "422 in_future",
    );
    await move(t.cs, c.id, { to: "handling" });
    await refused(
      t.cs,
      "POST",
      `/complaints/${c.id}/transition`,
      { to: "received" },
      "422 invalid_transition",
    );
  });

  it("a customer not satisfied reopens it (with a note); the deadline stays, so a late reopening is escalated", async () => {
    await at(NOW, t);
    const c = await create({ severity: "high" });
    await move(t.cs, c.id, { to: "handling" });
    await move(t.cs, c.id, { to: "resolved", resolution: "道歉并赠送保养" });
    await refused(t.cs, "POST", `/complaints/${c.id}/transition`, { to: "handling" }, "422 note_required");
    await at("2026-11-25T03:00:00Z", t);
    const d = await move(t.cs, c.id, { to: "handling", note: "客户不接受" });
    expect(d.complaint).toMatchObject({
      state: "handling",
      resolvedAt: null,
      resolution: null,
      deadlineAt: iso("2026-11-25T02:00:00Z"),
      overdue: true,
      escalated: true,
    });
    expect(d.events.at(-2)).toMatchObject({ toState: "resolved", note: "道歉并赠送保养" });
    expect(d.events.at(-1)).toMatchObject({ fromState: "resolved", toState: "handling", note: "客户不接受" });
    const escalated = (await ok(t.gm, "GET", "/complaints?escalated=true")) as { items: Complaint[] };
    expect(escalated.items.map((i) => i.id)).toContain(c.id);
  });

  it("only the owner or a manager moves it: the gm always, the sales manager for sales complaints", async () => {
    await at(NOW, t);
    const c = await create();
    await refused(t.cs2, "POST", `/complaints/${c.id}/transition`, { to: "handling" }, "403 not_owner");
    await refused(t.advisor, "POST", `/complaints/${c.id}/transition`, { to: "handling" }, "403 not_owner");
    await refused(t.manager, "POST", `/complaints/${c.id}/transition`, { to: "handling" }, "403 not_owner");
    await refused(t.reception, "POST", `/complaints/${c.id}/transition`, { to: "handling" }, "403 forbidden");
    await refused(
      t.consultant,
      "POST",
      `/complaints/${c.id}/transition`,
      { to: "handling" },
      "403 forbidden",
    );
    expect((await move(t.gm, c.id, { to: "handling" })).events.at(-1)?.actorId).toBe(t.gm.id);
    const sales = await create({ category: "sales" });
    expect((await move(t.manager, sales.id, { to: "handling" })).complaint.state).toBe("handling");
    const foreignGm = await ctx.user("gm", await ctx.store());
    await refused(
      foreignGm,
      "POST",
      `/complaints/${c.id}/transition`,
      { to: "resolved", resolution: "x" },
      "404 not_found",
    );
  });

  it("two people taking the same step at once: exactly one wins, the other learns it changed", async () => {
    await at(NOW, t);
    const c = await create();
    const before = await ctx.count("complaint_events");
    const res = await Promise.all([
      send(t.cs, "POST", `/complaints/${c.id}/transition`, { to: "handling" }),
      send(t.gm, "POST", `/complaints/${c.id}/transition`, { to: "handling" }),
    ]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(res.find((r) => r.statusCode === 409)!.json().error.code).toBe("state_changed");
    expect(await ctx.count("complaint_events")).toBe(before + 1);
  });

  it("is handed over by its owner or the gm; the new owner works it and the old one no longer may", async () => {
    await at(NOW, t);
    const c = await create();
    await refused(t.cs2, "POST", `/complaints/${c.id}/assign`, { ownerId: t.cs2.id }, "403 not_owner");
    await refused(t.cs, "POST", `/complaints/${c.id}/assign`, { ownerId: t.cs.id }, "422 same_owner");
    await refused(
      t.cs,
      "POST",
      `/complaints/${c.id}/assign`,
      { ownerId: t.consultant.id },
      "422 owner_cannot_handle",
    );
    const d = (await ok(t.cs, "POST", `/complaints/${c.id}/assign`, {
      ownerId: t.advisor.id,
      note: "涉及维修质量",
    })) as Detail;
    expect(d.complaint.ownerId).toBe(t.advisor.id);
    expect(d.events.at(-1)).toMatchObject({
      kind: "assigned",
      ownerId: t.advisor.id,
      note: "涉及维修质量",
      actorId: t.cs.id,
    });
    await refused(t.cs, "POST", `/complaints/${c.id}/transition`, { to: "handling" }, "403 not_owner");
    await move(t.advisor, c.id, { to: "handling" });
    const g = (await ok(t.gm, "POST", `/complaints/${c.id}/assign`, { ownerId: t.cs2.id })) as Detail;
    expect(g.complaint).toMatchObject({ ownerId: t.cs2.id, state: "handling" });
  });

  it("takes notes from any colleague who handles complaints, changing nothing else", async () => {
    const c = await create();
    const res = await send(t.cs2, "POST", `/complaints/${c.id}/notes`, { note: "客户下午方便接电话" });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as Detail;
    expect(d.complaint).toMatchObject({ state: "received", ownerId: t.cs.id });
    expect(d.events.at(-1)).toMatchObject({ kind: "note", note: "客户下午方便接电话", actorId: t.cs2.id });
    await refused(t.reception, "POST", `/complaints/${c.id}/notes`, { note: "x" }, "403 forbidden");
  });
});

describe("the lists and the statistics", () => {
  let t: Team;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await team();
    const customer = await fx.customer(t.store);
    const make = async (u: TestUser, body: object) =>
      ((await ok(u, "POST", "/complaints", { ...base(customer), ...body })) as Complaint).id;
    await at("2026-11-20T02:00:00Z", t);
    ids.oldDone = await make(t.cs, { category: "price" });
    await ok(t.cs, "POST", `/complaints/${ids.oldDone}/transition`, { to: "handling" });
    await at("2026-11-21T02:00:00Z", t);
    await ok(t.cs, "POST", `/complaints/${ids.oldDone}/transition`, { to: "resolved", resolution: "退差价" }); // in time (48 h)
    await at("2026-11-23T01:00:00Z", t);
    ids.overdue = await make(t.cs, { severity: "high" }); // due 24 h later: overdue now
    ids.advisorOwn = await make(t.advisor, { severity: "low" }); // due in 72 h
    await at(NOW, t);
    ids.fresh = await make(t.cs, { severity: "high", category: "waiting_time" }); // due tomorrow 02:00
    ids.late = await make(t.cs, { severity: "high", occurredAt: "2026-11-22T02:00:00Z" });
    await ok(t.cs, "POST", `/complaints/${ids.late}/transition`, { to: "handling" });
    await ok(t.cs, "POST", `/complaints/${ids.late}/transition`, { to: "resolved", resolution: "更换" }); // late
  });
  const list = async (u: TestUser, q = "") =>
    (await ok(u, "GET", `/complaints${q}`)) as { items: Complaint[]; total: number };
  const idsOf = (items: Complaint[]) => items.map((i) => i.id);

  it("all: open ones by deadline, then closed ones, the latest closed first", async () => {
    const { items, total } = await list(t.gm);
    expect(total).toBe(5);
    expect(idsOf(items)).toEqual([ids.overdue, ids.fresh, ids.advisorOwn, ids.late, ids.oldDone]);
  });

  it("filters: mine, open, escalated (the gm's list), severity, state, owner, received period", async () => {
    expect(idsOf((await list(t.advisor, "?mine=true")).items)).toEqual([ids.advisorOwn]);
    expect(idsOf((await list(t.cs, "?mine=true&open=true")).items)).toEqual([ids.overdue, ids.fresh]);
    expect(idsOf((await list(t.gm, "?escalated=true")).items)).toEqual([ids.overdue]);
    expect(idsOf((await list(t.gm, "?overdue=true")).items)).toEqual([ids.overdue]);
    expect(idsOf((await list(t.gm, "?escalated=false")).items)).toEqual([
      ids.fresh,
      ids.advisorOwn,
      ids.late,
      ids.oldDone,
    ]);
    expect(idsOf((await list(t.gm, "?open=false")).items)).toEqual([ids.late, ids.oldDone]);
    expect(idsOf((await list(t.gm, "?severity=low")).items)).toEqual([ids.advisorOwn]);
    expect(idsOf((await list(t.gm, "?state=resolved")).items)).toEqual([ids.late, ids.oldDone]);
    expect(idsOf((await list(t.gm, `?ownerId=${t.advisor.id}`)).items)).toEqual([ids.advisorOwn]);
    // received on Monday the 23rd or Tuesday the 24th, Shanghai time
    expect(idsOf((await list(t.gm, "?from=2026-11-23&to=2026-11-24")).items)).toEqual([
      ids.overdue,
      ids.fresh,
      ids.advisorOwn,
    ]);
    const page2 = await list(t.gm, "?page=2&pageSize=2");
    expect([idsOf(page2.items), page2.total]).toEqual([[ids.advisorOwn, ids.late], 5]);
  });

  it("shows the phone masked to a service advisor who does not own the complaint; the admin reads them all", async () => {
    const { items } = await list(t.advisor);
    const others = items.find((i) => i.id === ids.fresh)!;
    expect(others.phoneMasked).toBe(true);
    expect(others.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(items.find((i) => i.id === ids.advisorOwn)!.phoneMasked).toBe(false);
    const admin = await ctx.user("admin", null);
    expect(idsOf((await list(admin, `?storeId=${t.store}`)).items)).toHaveLength(5);
    expect((await send(t.consultant, "GET", "/complaints")).statusCode).toBe(403);
  });

  it("counts received, resolved and in time, confirmed and overdue open ones for a period", async () => {
    const s = await ok(t.gm, "GET", "/complaints/stats?from=2026-11-01&to=2026-11-30");
    expect(s).toEqual({
      received: 5,
      resolved: 2,
      confirmed: 0,
      overdueOpen: 1,
      resolvedInTime: 1,
      resolvedInTimeRate: 0.5,
      byCategory: {
        service_quality: 0,
        repair_quality: 3,
        price: 1,
        waiting_time: 1,
        sales: 0,
        parts: 0,
        other: 0,
      },
    });
    const tuesday = await ok(t.gm, "GET", "/complaints/stats?from=2026-11-24&to=2026-11-24");
    expect(tuesday).toMatchObject({ received: 1, resolved: 1, resolvedInTime: 0, resolvedInTimeRate: 0 });
    const none = await ok(t.gm, "GET", "/complaints/stats?from=2026-10-01&to=2026-10-31");
    expect(none).toMatchObject({ received: 0, resolved: 0, resolvedInTimeRate: null, overdueOpen: 1 });
  });
});

describe("a dissatisfied callback opens a complaint", () => {
  let t: Team;
  let customer: number;
  let vehicle: number;
  beforeAll(async () => {
    t = await team();
    customer = await fx.customer(t.store);
    vehicle = await fx.vehicle(t.store, customer);
    await at(NOW, t);
  });

  it("after service: about the repair's service quality, owned by the caller, with the call's comment", async () => {
    const ro = await fx.repairOrder(t.store, vehicle, t.advisor.id, {
      workType: "maintenance",
      state: "handed_back",
    });
    const task = await fx.careTask(t.store, customer, "post_service_callback", {
      vehicleId: vehicle,
      repairOrderId: ro,
    });
    const before = await ctx.count("complaints");
    await ok(t.cs, "POST", `/care-tasks/${task}`, {
      reached: true,
      satisfaction: 2,
      comment: "等待时间太长",
      occurredAt: "2026-11-24T01:30:00Z",
    });
    expect(await ctx.count("complaints")).toBe(before + 1);
    const { items } = (await ok(t.cs, "GET", `/complaints?customerId=${customer}`)) as { items: Complaint[] };
    expect(items[0]).toMatchObject({
      channel: "callback",
      careTaskId: task,
      category: "service_quality",
      severity: "medium",
      ownerId: t.cs.id,
      description: "等待时间太长",
      repairOrderId: ro,
      vehicleId: vehicle,
      receivedAt: iso("2026-11-24T01:30:00Z"),
      deadlineAt: iso("2026-11-26T01:30:00Z"),
      state: "received",
    });
  });

  it("after a sale: a sales complaint, described by the score when the call has no comment", async () => {
    const task = await fx.careTask(t.store, customer, "post_sale_callback", { vehicleId: vehicle });
    await ok(t.cs, "POST", `/care-tasks/${task}`, { reached: true, satisfaction: 1 });
    const { items } = (await ok(t.cs, "GET", `/complaints?customerId=${customer}&state=received`)) as {
      items: Complaint[];
    };
    const c = items.find((i) => i.careTaskId === task)!;
    expect(c).toMatchObject({ category: "sales", repairOrderId: null, description: "回访满意度 1/5" });
  });

  it("not for a satisfied customer, an unreached call, or a refused call", async () => {
    const before = await ctx.count("complaints");
    const satisfied = await fx.careTask(t.store, customer, "post_sale_callback");
    await ok(t.cs, "POST", `/care-tasks/${satisfied}`, { reached: true, satisfaction: 3 });
    const unreached = await fx.careTask(t.store, customer, "post_service_callback");
    await ok(t.cs, "POST", `/care-tasks/${unreached}`, { reached: false });
    const res = await send(t.cs, "POST", `/care-tasks/${unreached}`, {
      reached: true,
      satisfaction: 1,
      occurredAt: "2026-11-25T00:00:00Z",
    });
    expect(res.statusCode).toBe(422);
    expect(await ctx.count("complaints")).toBe(before);
  });
});
