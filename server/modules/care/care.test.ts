/**
 * Post-sale callbacks end to end against a real database: a delivery opens them, customer service works the
 * list and records calls, the statistics give the 3-day effective callback rate from those records. Each
 * block has its own store, so lists and statistics only see the block's own tasks.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { ROLES, type Role } from "../../platform/access.ts";
import { createPostSaleCallbacks } from "./post-sale.ts";
import { type Delivered, deliveredOrder, setClock } from "./test-support.ts";

const NOW = "2026-11-24T02:00:00Z"; // Tuesday 10:00 in Shanghai
let ctx: TestContext;

beforeAll(async () => {
  ctx = await testApp(NOW);
});

const send = (u: TestUser, method: InjectOptions["method"], url: string, payload?: object) =>
  ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
async function ok(u: TestUser, method: InjectOptions["method"], url: string, payload?: object) {
  const res = await send(u, method, url, payload);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const iso = (s: string) => new Date(s).toISOString();

interface Task {
  id: number;
  storeId: number;
  type: string;
  customerName: string;
  phone: string | null;
  phoneMasked: boolean;
  orderId: number | null;
  orderNo: string | null;
  dayOffset: number | null;
  dueAt: string;
  overdue: boolean;
  done: boolean;
  doneAt: string | null;
  reached: boolean | null;
  reachedAt: string | null;
  satisfaction: number | null;
  comment: string | null;
  attempts: number;
  flagged: boolean;
}
const list = async (u: TestUser, query = "") =>
  (await ok(u, "GET", `/care-tasks${query}`)) as { items: Task[]; total: number };
const ids = (items: { id: number }[]) => items.map((t) => t.id);

/** A store with the people of customer service's day. */
async function team() {
  const store = await ctx.store();
  return {
    store,
    cs: await ctx.user("customer_service", store, { displayName: "吴芳" }),
    consultant: await ctx.user("consultant", store),
    manager: await ctx.user("sales_manager", store),
    gm: await ctx.user("gm", store),
  };
}

describe("a delivery opens the post-sale callbacks", () => {
  it("at the store's close 3, 7 and 30 calendar days after the local delivery date, once", async () => {
    const { consultant } = await team();
    // 23:30 in Shanghai on Saturday 21 November: the count starts from the 21st
    const d = await deliveredOrder(ctx, consultant, "2026-11-21T15:30:00Z");
    expect(d.tasks.map((t) => [t.dayOffset, t.dueAt.toISOString(), t.type, t.done, t.attempts])).toEqual([
      [3, iso("2026-11-24T10:00:00Z"), "post_sale_callback", false, 0],
      [7, iso("2026-11-28T10:00:00Z"), "post_sale_callback", false, 0],
      [30, iso("2026-12-21T10:00:00Z"), "post_sale_callback", false, 0],
    ]);
    for (const t of d.tasks) {
      expect([t.orderId, t.customerId, t.vehicleId]).toEqual([d.orderId, d.customerId, d.vehicleId]);
    }
    const audited = `entity = 'care_task' AND entity_id IN (${d.tasks.map((t) => `'${t.id}'`).join(",")})`;
    expect(
      await ctx.count("audit_log", `${audited} AND action = 'create' AND actor_id = ${consultant.id}`),
    ).toBe(3);

    // a repeated call (a retried delivery) creates nothing more
    const before = [await ctx.count("care_tasks"), await ctx.count("audit_log")];
    const again = await ctx.db.transaction((tx) =>
      createPostSaleCallbacks(tx, {
        storeId: consultant.storeId!,
        orderId: d.orderId,
        customerId: d.customerId,
        vehicleId: d.vehicleId,
        deliveredAt: new Date("2026-11-21T15:30:00Z"),
        actorId: consultant.id,
      }),
    );
    expect(again).toEqual([]);
    expect([await ctx.count("care_tasks"), await ctx.count("audit_log")]).toEqual(before);
  });

  it("in a store on summer time, by that store's clock", async () => {
    const store = await ctx.store();
    await ctx.pool.query("UPDATE stores SET time_zone = 'Europe/Berlin' WHERE id = $1", [store]);
    const consultant = await ctx.user("consultant", store);
    // Friday 27 March 2026 at 23:30 in Berlin (UTC+1); the clocks go forward on Sunday the 29th
    const d = await deliveredOrder(ctx, consultant, "2026-03-27T22:30:00Z");
    expect(d.tasks.map((t) => t.dueAt.toISOString())).toEqual([
      iso("2026-03-30T16:00:00Z"), // Monday 18:00 summer time (UTC+2)
      iso("2026-04-03T16:00:00Z"),
      iso("2026-04-26T16:00:00Z"),
    ]);
  });
});

describe("customer service's list", () => {
  let t: Awaited<ReturnType<typeof team>>;
  let dueToday: Delivered; // its 3-day callback is due today at 18:00
  let overdue: Delivered; // its 3-day callback was due yesterday
  let later: Delivered; // delivered this morning

  beforeAll(async () => {
    t = await team();
    ctx.clock.set(NOW);
    dueToday = await deliveredOrder(ctx, t.consultant, "2026-11-21T03:00:00Z", { name: "今天先生" });
    overdue = await deliveredOrder(ctx, t.consultant, "2026-11-20T03:00:00Z", { name: "昨天女士" });
    later = await deliveredOrder(ctx, t.consultant, "2026-11-24T01:00:00Z");
  });

  it("shows every open task in due order with the customer, phone and order number", async () => {
    const { items, total } = await list(t.cs);
    expect(total).toBe(9);
    const dues = items.map((i) => i.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(items[0]).toMatchObject({
      id: overdue.day[3].id,
      type: "post_sale_callback",
      customerName: "昨天女士",
      phone: overdue.phone,
      phoneMasked: false,
      orderId: overdue.orderId,
      orderNo: overdue.orderNo,
      dayOffset: 3,
      dueAt: iso("2026-11-23T10:00:00Z"),
      overdue: true,
      done: false,
      attempts: 0,
      flagged: false,
    });
    expect(items[1]).toMatchObject({ id: dueToday.day[3].id, overdue: false });
  });

  it("splits today's work from the overdue one by the store's day", async () => {
    expect(ids((await list(t.cs, "?due=today")).items)).toEqual([dueToday.day[3].id]);
    expect(ids((await list(t.cs, "?due=overdue")).items)).toEqual([overdue.day[3].id]);
    // at 20:00 in Shanghai today's task is overdue and nothing is left for today
    await setClock(ctx, "2026-11-24T12:00:00Z", t.cs);
    try {
      expect((await list(t.cs, "?due=today")).items).toEqual([]);
      expect(ids((await list(t.cs, "?due=overdue")).items)).toEqual([overdue.day[3].id, dueToday.day[3].id]);
      // tomorrow at 09:00 the 7-day callback of the overdue delivery (due on the 27th) is not yet today's
      await setClock(ctx, "2026-11-27T01:00:00Z", t.cs);
      expect(ids((await list(t.cs, "?due=today")).items)).toEqual([overdue.day[7].id, later.day[3].id]);
    } finally {
      ctx.clock.set(NOW);
    }
  });

  it("filters by type and pages", async () => {
    expect((await list(t.cs, "?type=post_sale_callback")).total).toBe(9);
    expect((await list(t.cs, "?type=birthday")).total).toBe(0);
    const p1 = await list(t.cs, "?pageSize=4");
    const p3 = await list(t.cs, "?pageSize=4&page=3");
    expect([p1.items.length, p1.total, p3.items.length, p3.total]).toEqual([4, 9, 1, 9]);
  });

  it("masks the phone for the group admin and shows it to the store's managers", async () => {
    const admin = await ctx.user("admin", null);
    const mine = (await list(admin, `?storeId=${t.store}&pageSize=200`)).items.find(
      (i) => i.id === overdue.day[3].id,
    )!;
    expect(mine.phone).toBe(`${overdue.phone.slice(0, 3)}****${overdue.phone.slice(7)}`);
    expect(mine.phoneMasked).toBe(true);
    for (const u of [t.gm, t.manager]) {
      expect((await list(u, "?due=overdue")).items[0]!.phone).toBe(overdue.phone);
    }
  });

  it("moves a recorded task to the done list and a dissatisfied one to the flagged list", async () => {
    await ok(t.cs, "POST", `/care-tasks/${dueToday.day[3].id}`, {
      reached: true,
      satisfaction: 2,
      comment: "提车慢",
    });
    await ok(t.cs, "POST", `/care-tasks/${later.day[3].id}`, { reached: true, satisfaction: 5 });
    expect((await list(t.cs)).total).toBe(7);
    expect(ids((await list(t.cs, "?done=true")).items).sort()).toEqual(
      [dueToday.day[3].id, later.day[3].id].sort(),
    );
    const flagged = await list(t.cs, "?flagged=true");
    expect(ids(flagged.items)).toEqual([dueToday.day[3].id]);
    expect(flagged.items[0]).toMatchObject({
      satisfaction: 2,
      comment: "提车慢",
      done: true,
      overdue: false,
    });
    expect((await list(t.cs, "?done=false&flagged=true")).total).toBe(0);
    expect((await list(t.cs, "?due=today")).items).toEqual([]);
  });
});

describe("recording a callback", () => {
  let t: Awaited<ReturnType<typeof team>>;
  let d: Delivered;

  beforeAll(async () => {
    t = await team();
    d = await deliveredOrder(ctx, t.consultant, "2026-11-23T06:00:00Z");
  });

  const attemptsOf = (taskId: number) => ctx.count("care_task_attempts", `task_id = ${taskId}`);

  it("a reached customer closes the task with the score, the call is kept, both audited", async () => {
    const task = d.day[3].id;
    const audits = await ctx.count("audit_log");
    const at = "2026-11-24T01:30:00Z";
    const res = await ok(t.cs, "POST", `/care-tasks/${task}`, {
      reached: true,
      satisfaction: 4,
      comment: "  很满意，建议增加洗车  ",
      occurredAt: at,
    });
    expect(res).toMatchObject({
      id: task,
      done: true,
      doneAt: iso(at),
      reached: true,
      reachedAt: iso(at),
      satisfaction: 4,
      comment: "很满意，建议增加洗车",
      attempts: 1,
      flagged: false,
      overdue: false,
      orderNo: d.orderNo,
    });
    expect(await ctx.count("audit_log")).toBe(audits + 2);
    expect(
      await ctx.count("audit_log", `entity = 'care_task' AND entity_id = '${task}' AND action = 'record'`),
    ).toBe(1);
    const detail = await ok(t.cs, "GET", `/care-tasks/${task}`);
    expect(detail.attempts).toEqual([
      {
        id: expect.any(Number),
        at: iso(at),
        reached: true,
        satisfaction: 4,
        comment: "很满意，建议增加洗车",
        actorId: t.cs.id,
        actorName: "吴芳",
      },
    ]);
    const row = await ctx.pool.query("SELECT done_by FROM care_tasks WHERE id = $1", [task]);
    expect(Number(row.rows[0].done_by)).toBe(t.cs.id);
  });

  it("takes the time of the call now when none is given", async () => {
    const res = await ok(t.cs, "POST", `/care-tasks/${d.day[7].id}`, { reached: false });
    expect(res).toMatchObject({ done: false, reached: null, attempts: 1 });
    const detail = await ok(t.cs, "GET", `/care-tasks/${d.day[7].id}`);
    expect(detail.attempts.map((a: { at: string }) => a.at)).toEqual([iso(NOW)]);
  });

  it("keeps an unreached task open until the third call, which closes it as unreached", async () => {
    const task = d.day[30].id;
    for (const [n, comment] of [
      [1, "无人接听"],
      [2, "关机"],
    ] as const) {
      const r = await ok(t.cs, "POST", `/care-tasks/${task}`, { reached: false, comment });
      expect(r).toMatchObject({ done: false, reached: null, attempts: n, comment: null });
    }
    const closed = await ok(t.cs, "POST", `/care-tasks/${task}`, { reached: false, comment: "仍无人接听" });
    expect(closed).toMatchObject({
      done: true,
      doneAt: iso(NOW),
      reached: false,
      reachedAt: null,
      satisfaction: null,
      attempts: 3,
      comment: "仍无人接听",
      flagged: false,
    });
    expect(await attemptsOf(task)).toBe(3);
    expect((await list(t.cs)).items.map((i) => i.id)).not.toContain(task);
  });

  it("refuses a call on a done task and writes nothing", async () => {
    const task = d.day[30].id;
    const before = [await attemptsOf(task), await ctx.count("audit_log")];
    const res = await send(t.cs, "POST", `/care-tasks/${task}`, { reached: true, satisfaction: 5 });
    expect([res.statusCode, res.json().error.code]).toEqual([409, "task_done"]);
    expect([await attemptsOf(task), await ctx.count("audit_log")]).toEqual(before);
  });

  it("keeps the calls append-only in the database", async () => {
    await expect(ctx.pool.query("UPDATE care_task_attempts SET reached = true")).rejects.toThrow(
      /append-only/,
    );
    await expect(ctx.pool.query("DELETE FROM care_task_attempts")).rejects.toThrow(/append-only/);
  });
});

describe("two people recording the same task at once", () => {
  let t: Awaited<ReturnType<typeof team>>;
  let cs2: TestUser;
  beforeAll(async () => {
    t = await team();
    cs2 = await ctx.user("customer_service", t.store);
  });

  it("reached twice: one wins, the other finds it done", async () => {
    const d = await deliveredOrder(ctx, t.consultant, "2026-11-23T06:00:00Z");
    const task = d.day[3].id;
    const audits = await ctx.count("audit_log");
    const results = await Promise.all([
      send(t.cs, "POST", `/care-tasks/${task}`, { reached: true, satisfaction: 5, comment: "一" }),
      // 4, not a low score: a low score also opens a complaint, which would make the audit count depend on the winner
      send(cs2, "POST", `/care-tasks/${task}`, { reached: true, satisfaction: 4, comment: "二" }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    expect(loser.json().error.code).toBe("task_done");
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect(await ctx.count("care_task_attempts", `task_id = ${task}`)).toBe(1);
    expect(await ctx.count("audit_log")).toBe(audits + 2);
    const row = (
      await ctx.pool.query("SELECT satisfaction, comment, attempts FROM care_tasks WHERE id = $1", [task])
    ).rows[0];
    expect([row.satisfaction, row.comment, row.attempts]).toEqual([winner.satisfaction, winner.comment, 1]);
  });

  it("the last unreached call twice: one closes the task, the other is refused", async () => {
    const d = await deliveredOrder(ctx, t.consultant, "2026-11-23T06:00:00Z");
    const task = d.day[3].id;
    for (let i = 0; i < 2; i++) await ok(t.cs, "POST", `/care-tasks/${task}`, { reached: false });
    const results = await Promise.all([
      send(t.cs, "POST", `/care-tasks/${task}`, { reached: false }),
      send(cs2, "POST", `/care-tasks/${task}`, { reached: true, satisfaction: 3 }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await ctx.count("care_task_attempts", `task_id = ${task}`)).toBe(3);
    const row = (await ctx.pool.query("SELECT attempts, done FROM care_tasks WHERE id = $1", [task])).rows[0];
    expect([row.attempts, row.done]).toEqual([3, true]);
  });
});

describe("the 3-day effective callback rate from the records", () => {
  let t: Awaited<ReturnType<typeof team>>;
  const CLOCK = "2026-12-15T02:00:00Z";

  type Call = { at: string; reached: boolean; satisfaction?: number };
  /**
   * Deliveries around November and what customer service did. `in` says which of the delivery's callbacks
   * fall due in November (store-local dates); `inTime` which of those reached the customer by the due time.
   */
  const SCENARIO: {
    name: string;
    deliveredAt: string;
    calls: Partial<Record<3 | 7 | 30, Call[]>>;
    in: (3 | 7 | 30)[];
    inTime: (3 | 7 | 30)[];
  }[] = [
    {
      name: "reached the day before the due date",
      deliveredAt: "2026-11-02T02:00:00Z", // 3-day due 11-05 18:00
      calls: {
        3: [{ at: "2026-11-04T03:00:00Z", reached: true, satisfaction: 5 }],
        7: [{ at: "2026-11-09T09:00:00Z", reached: true, satisfaction: 5 }],
      },
      in: [3, 7],
      inTime: [3, 7],
    },
    {
      name: "reached a day late",
      deliveredAt: "2026-11-03T02:00:00Z", // due 11-06 18:00
      calls: { 3: [{ at: "2026-11-07T03:00:00Z", reached: true, satisfaction: 4 }] },
      in: [3, 7],
      inTime: [],
    },
    {
      name: "never reached: three unanswered calls",
      deliveredAt: "2026-11-04T02:00:00Z",
      calls: {
        3: [
          { at: "2026-11-05T02:00:00Z", reached: false },
          { at: "2026-11-06T02:00:00Z", reached: false },
          { at: "2026-11-07T02:00:00Z", reached: false },
        ],
      },
      in: [3, 7],
      inTime: [],
    },
    { name: "never called", deliveredAt: "2026-11-05T02:00:00Z", calls: {}, in: [3, 7], inTime: [] },
    {
      name: "reached at the due minute, dissatisfied",
      deliveredAt: "2026-11-06T02:00:00Z", // due 11-09 18:00 = 10:00Z
      calls: { 3: [{ at: "2026-11-09T10:00:00Z", reached: true, satisfaction: 2 }] },
      in: [3, 7],
      inTime: [3],
    },
    {
      name: "delivered in October, reached in time after an unanswered call",
      deliveredAt: "2026-10-30T02:00:00Z", // due 11-02; its 30-day callback 11-29
      calls: {
        3: [
          { at: "2026-10-31T02:00:00Z", reached: false },
          { at: "2026-11-01T02:00:00Z", reached: true, satisfaction: 3 },
        ],
      },
      in: [3, 7, 30],
      inTime: [3],
    },
    {
      name: "delivered at 04:00 local on 29 October (still the 28th in UTC)",
      deliveredAt: "2026-10-28T20:00:00Z", // local 10-29: due 11-01 18:00; 30-day 11-28
      calls: { 3: [{ at: "2026-10-31T20:00:00Z", reached: true, satisfaction: 5 }] },
      in: [3, 7, 30],
      inTime: [3],
    },
    {
      name: "due in October",
      deliveredAt: "2026-10-27T02:00:00Z", // due 10-30; 7-day 11-03; 30-day 11-26
      calls: { 3: [{ at: "2026-10-28T02:00:00Z", reached: true, satisfaction: 1 }] },
      in: [7, 30],
      inTime: [],
    },
    { name: "due in December", deliveredAt: "2026-11-28T02:00:00Z", calls: {}, in: [], inTime: [] },
  ];
  const delivered: Delivered[] = [];

  beforeAll(async () => {
    t = await team();
    await setClock(ctx, CLOCK, t.cs, t.consultant);
    try {
      for (const s of SCENARIO) {
        const d = await deliveredOrder(ctx, t.consultant, s.deliveredAt, { name: s.name.slice(0, 20) });
        delivered.push(d);
        for (const [day, calls] of Object.entries(s.calls)) {
          for (const c of calls) {
            await ok(t.cs, "POST", `/care-tasks/${d.day[Number(day) as 3 | 7 | 30].id}`, {
              reached: c.reached,
              ...(c.satisfaction ? { satisfaction: c.satisfaction } : {}),
              occurredAt: c.at,
            });
          }
        }
      }
    } finally {
      ctx.clock.set(NOW);
    }
  });

  const stats = (u: TestUser, from: string, to: string, extra = "") =>
    ok(u, "GET", `/care-tasks/stats?from=${from}&to=${to}${extra}`);

  it("counts per callback day the ones due in November and those reached by their due time", async () => {
    await setClock(ctx, CLOCK, t.manager, t.cs, t.gm);
    try {
      const s = await stats(t.manager, "2026-11-01", "2026-11-30");
      for (const day of [3, 7, 30] as const) {
        const due = SCENARIO.filter((x) => x.in.includes(day)).length;
        const inTime = SCENARIO.filter((x) => x.inTime.includes(day)).length;
        expect(s.postSale[`day${day}`], `day ${day}`).toEqual({
          due,
          reachedInTime: inTime,
          rate: inTime / due,
        });
      }
      // the KPI itself: 4 of the 7 deliveries whose 3-day callback fell due in November
      expect(s.postSale.day3.rate).toBeCloseTo(4 / 7);
      // the scores and flags of the callbacks due in November
      const scores = SCENARIO.flatMap((x) =>
        ([3, 7, 30] as const)
          .filter((day) => x.in.includes(day))
          .flatMap((day) => (x.calls[day] ?? []).flatMap((c) => (c.satisfaction ? [c.satisfaction] : []))),
      );
      expect(s.averageSatisfaction).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length);
      expect(s.flagged).toBe(scores.filter((x) => x <= 2).length);
      // the same numbers for the store's other readers
      expect(await stats(t.cs, "2026-11-01", "2026-11-30")).toEqual(s);
      expect(await stats(t.gm, "2026-11-01", "2026-11-30", `&storeId=${t.store}`)).toEqual(s);
    } finally {
      ctx.clock.set(NOW);
    }
  });

  it("leaves out callbacks not yet due and still open, and says 'no rate' when nothing was due", async () => {
    const lateNov = delivered[SCENARIO.length - 1]!; // its 3-day callback is due on 1 December
    await setClock(ctx, "2026-12-01T09:00:00Z", t.cs); // 17:00 on 1 December: an hour before it is due
    try {
      const before = await stats(t.cs, "2026-12-01", "2026-12-01");
      expect(before.postSale.day3).toEqual({ due: 0, reachedInTime: 0, rate: null });
      expect(before.averageSatisfaction).toBeNull();
      // reached early: the outcome is known, so it counts now
      await ok(t.cs, "POST", `/care-tasks/${lateNov.day[3].id}`, { reached: true, satisfaction: 4 });
      const after = await stats(t.cs, "2026-12-01", "2026-12-01");
      expect(after.postSale.day3).toEqual({ due: 1, reachedInTime: 1, rate: 1 });
      expect(after.averageSatisfaction).toBe(4);
    } finally {
      ctx.clock.set(NOW);
    }
  });
});

describe("who reaches care tasks", () => {
  let one: Awaited<ReturnType<typeof team>>;
  let two: Awaited<ReturnType<typeof team>>;
  let d1: Delivered;
  let d2: Delivered;
  const others: Partial<Record<Role, TestUser>> = {};
  let admin: TestUser;

  beforeAll(async () => {
    one = await team();
    two = await team();
    await ctx.pool.query("UPDATE stores SET time_zone = 'Europe/Berlin' WHERE id = $1", [two.store]);
    admin = await ctx.user("admin", null);
    for (const role of ROLES) {
      if (role !== "admin") others[role] = await ctx.user(role, one.store);
    }
    // Due today in each store's own zone: Shanghai at 10:00Z, Berlin at 17:00Z
    d1 = await deliveredOrder(ctx, one.consultant, "2026-11-21T02:00:00Z");
    d2 = await deliveredOrder(ctx, two.consultant, "2026-11-21T09:00:00Z");
  });

  const READERS: Role[] = ["admin", "gm", "sales_manager", "customer_service"];
  const who = (role: Role) => (role === "admin" ? admin : others[role]!);

  it.each(ROLES)("reading as %s", async (role) => {
    const allowed = READERS.includes(role);
    for (const url of [
      "/care-tasks",
      `/care-tasks/${d1.day[3].id}`,
      "/care-tasks/stats?from=2026-11-01&to=2026-11-30",
    ]) {
      const res = await send(who(role), "GET", url);
      expect(res.statusCode, `${role} ${url}`).toBe(allowed ? 200 : 403);
    }
  });

  it.each(ROLES)("recording as %s", async (role) => {
    const task = d1.day[30].id;
    const before = [await ctx.count("care_task_attempts"), await ctx.count("audit_log")];
    const res = await send(who(role), "POST", `/care-tasks/${task}`, { reached: false });
    if (role === "customer_service") {
      expect(res.statusCode).toBe(200);
      return;
    }
    expect([res.statusCode, res.json().error.code]).toEqual([403, "forbidden"]);
    expect([await ctx.count("care_task_attempts"), await ctx.count("audit_log")]).toEqual(before);
  });

  it("another store's task is not found and stays untouched", async () => {
    const task = d2.day[3].id;
    const before = [await ctx.count("care_task_attempts"), await ctx.count("audit_log")];
    for (const [u, method, url, payload] of [
      [one.cs, "POST", `/care-tasks/${task}`, { reached: true, satisfaction: 5 }],
      [one.cs, "GET", `/care-tasks/${task}`],
      [one.gm, "GET", `/care-tasks?storeId=${two.store}`],
      [one.gm, "GET", `/care-tasks/stats?from=2026-11-01&to=2026-11-30&storeId=${two.store}`],
    ] as const) {
      const res = await send(u, method, url, payload);
      expect([res.statusCode, res.json().error.code], `${method} ${url}`).toEqual([404, "not_found"]);
    }
    expect([await ctx.count("care_task_attempts"), await ctx.count("audit_log")]).toEqual(before);
    expect(ids((await list(one.cs, "?pageSize=200")).items)).not.toContain(task);
    expect((await list(one.cs, "?pageSize=200")).items.every((i) => i.storeId === one.store)).toBe(true);
  });

  it("the group admin sees every store, each by its own clock", async () => {
    const all = ids((await list(admin, "?pageSize=200")).items);
    expect(all).toEqual(expect.arrayContaining([d1.day[3].id, d2.day[3].id]));
    // 11:00Z on the 24th: Shanghai's task (due 10:00Z) is overdue, Berlin's (due 17:00Z) is due today
    await setClock(ctx, "2026-11-24T11:00:00Z", admin, two.cs);
    try {
      const today = ids((await list(admin, "?due=today&pageSize=200")).items);
      const late = ids((await list(admin, "?due=overdue&pageSize=200")).items);
      expect(today).toContain(d2.day[3].id);
      expect(today).not.toContain(d1.day[3].id);
      expect(late).toContain(d1.day[3].id);
      // the admin's view of a store is that store's own list
      const inTwo = (await list(admin, `?due=today&storeId=${two.store}`)).items;
      expect(ids(inTwo)).toEqual(ids((await list(two.cs, "?due=today")).items));
      // and the admin's statistics are the sum of the stores' statistics
      const sum = { due: 0, reachedInTime: 0 };
      const { rows } = await ctx.pool.query<{ id: string }>("SELECT id FROM stores");
      for (const { id } of rows) {
        const s = await ok(admin, "GET", `/care-tasks/stats?from=2026-11-01&to=2026-11-30&storeId=${id}`);
        sum.due += s.postSale.day3.due;
        sum.reachedInTime += s.postSale.day3.reachedInTime;
      }
      const total = await ok(admin, "GET", "/care-tasks/stats?from=2026-11-01&to=2026-11-30");
      expect(sum.due).toBeGreaterThan(0);
      expect({ due: total.postSale.day3.due, reachedInTime: total.postSale.day3.reachedInTime }).toEqual(sum);
    } finally {
      ctx.clock.set(NOW);
    }
  });
});
