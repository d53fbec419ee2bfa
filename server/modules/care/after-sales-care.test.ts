/**
 * Customer service's after-sales work against a real database: post-service callbacks opened by hand-backs
 * (the repair orders are written to their tables and `afterHandBack` runs as the hand-back runs it), their
 * statistics, maintenance reminders planned at hand-back and by the store-wide generation, and birthday
 * greetings. Each block has its own store, so lists and statistics see only the block's own tasks.
 */
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { ROLES, type Role } from "../../platform/access.ts";
import { servicePlans } from "../service/schema.ts";
import { afterHandBack } from "./after-service.ts";
import { consent, customerWithVehicle, type HandedBack, handedBackOrder, setClock } from "./test-support.ts";

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

interface Task {
  id: number;
  type: string;
  customerId: number;
  vehicleId: number | null;
  repairOrderId: number | null;
  roNo: string | null;
  workType: string | null;
  vehiclePlate: string | null;
  vehicleModel: string | null;
  forDate: string | null;
  dayOffset: number | null;
  dueAt: string;
  done: boolean;
  reached: boolean | null;
  satisfaction: number | null;
  attempts: number;
}
const list = async (u: TestUser, query = "") =>
  (await ok(u, "GET", `/care-tasks${query}`)) as { items: Task[]; total: number };

async function team() {
  const store = await ctx.store();
  return {
    store,
    cs: await ctx.user("customer_service", store),
    advisor: await ctx.user("service_advisor", store),
    gm: await ctx.user("gm", store),
  };
}

const plan = (store: number, model: string, intervalMonths: number, intervalKm: number) =>
  ctx.db
    .insert(servicePlans)
    .values({ storeId: store, model, intervalMonths, intervalKm })
    .onConflictDoUpdate({
      target: [servicePlans.storeId, servicePlans.model],
      set: { intervalMonths, intervalKm },
    });

/** The vehicle's reminders as [forDate, dayOffset, dueAt, attempts], in due order. */
async function reminders(vehicleId: number) {
  const { rows } = await ctx.pool.query(
    "SELECT for_date, day_offset, due_at, attempts FROM care_tasks WHERE type = 'maintenance_reminder' AND vehicle_id = $1 ORDER BY due_at, id",
    [vehicleId],
  );
  return rows.map((r) => [r.for_date, r.day_offset, (r.due_at as Date).toISOString(), r.attempts]);
}

describe("a hand-back opens the post-service callback", () => {
  it("due at the close of the third working day, on customer service's list with the repair order", async () => {
    const t = await team();
    const v = await customerWithVehicle(ctx, t.store, { plate: "沪A12345" });
    // Friday 20 November: Monday, Tuesday, Wednesday → Wednesday 25th at 18:00 Shanghai
    const h = await handedBackOrder(ctx, t.advisor, v, { handedBackAt: "2026-11-20T02:00:00Z" });
    expect(h.callback.dueAt.toISOString()).toBe("2026-11-25T10:00:00.000Z");

    const { items } = await list(t.cs, "?type=post_service_callback");
    expect(items.map((i) => i.id)).toEqual([h.callback.id]);
    expect(items[0]).toMatchObject({
      type: "post_service_callback",
      customerId: v.customerId,
      vehicleId: v.vehicleId,
      repairOrderId: h.repairOrderId,
      roNo: h.roNo,
      workType: "maintenance",
      vehiclePlate: "沪A12345",
      vehicleModel: "帕萨特",
      forDate: null,
      dayOffset: null,
      dueAt: "2026-11-25T10:00:00.000Z",
    });
    const detail = await ok(t.cs, "GET", `/care-tasks/${h.callback.id}`);
    expect(detail.task.roNo).toBe(h.roNo);

    // a retried hand-back opens nothing more
    const before = await ctx.count("care_tasks");
    await ctx.db.transaction((tx) =>
      afterHandBack(tx, {
        storeId: t.store,
        repairOrderId: h.repairOrderId,
        customerId: v.customerId,
        vehicleId: v.vehicleId,
        handedBackAt: new Date("2026-11-20T02:00:00Z"),
        actorId: t.advisor.id,
      }),
    );
    expect(await ctx.count("care_tasks")).toBe(before);
  });

  it("is recorded like a post-sale callback: reached with a score, and a low score is flagged", async () => {
    const t = await team();
    const h = await handedBackOrder(ctx, t.advisor, await customerWithVehicle(ctx, t.store), {
      handedBackAt: "2026-11-23T02:00:00Z",
    });
    const noScore = await send(t.cs, "POST", `/care-tasks/${h.callback.id}`, { reached: true });
    expect([noScore.statusCode, noScore.json().error.code]).toEqual([422, "satisfaction_required"]);
    const task = await ok(t.cs, "POST", `/care-tasks/${h.callback.id}`, {
      reached: true,
      satisfaction: 2,
      comment: "等待时间太长",
    });
    expect(task).toMatchObject({ done: true, reached: true, satisfaction: 2, flagged: true, roNo: h.roNo });
    expect((await list(t.cs, "?flagged=true")).items.map((i) => i.id)).toEqual([h.callback.id]);
  });

  it("the type filter takes one type or several", async () => {
    const t = await team();
    const v = await customerWithVehicle(ctx, t.store);
    const h = await handedBackOrder(ctx, t.advisor, v, { handedBackAt: "2026-11-23T02:00:00Z" });
    const [birthday] = (
      await ctx.pool.query(
        "INSERT INTO care_tasks (store_id, type, customer_id, for_date, due_at) VALUES ($1, 'birthday', $2, '2026-11-26', '2026-11-26T10:00:00Z') RETURNING id",
        [t.store, v.customerId],
      )
    ).rows;
    const ids = async (q: string) => (await list(t.cs, q)).items.map((i) => i.id);
    expect(await ids("?type=birthday")).toEqual([Number(birthday.id)]);
    expect(await ids("?type=post_sale_callback,post_service_callback")).toEqual([h.callback.id]);
    expect(await ids("?type=post_service_callback,birthday")).toEqual([h.callback.id, Number(birthday.id)]);
    expect(await ids("")).toEqual([h.callback.id, Number(birthday.id)]);

    // customer service looks the caller up by a part of the name, or the phone's start or last four digits
    const other = await customerWithVehicle(ctx, t.store, { name: "李四海" });
    const [otherTask] = (
      await ctx.pool.query(
        "INSERT INTO care_tasks (store_id, type, customer_id, for_date, due_at) VALUES ($1, 'birthday', $2, '2026-11-27', '2026-11-27T10:00:00Z') RETURNING id",
        [t.store, other.customerId],
      )
    ).rows;
    expect(await ids("?q=四海")).toEqual([Number(otherTask.id)]);
    expect(await ids(`?q=${other.phone.slice(-4)}`)).toEqual([Number(otherTask.id)]);
    expect(await ids(`?q=${v.phone}`)).toEqual([h.callback.id, Number(birthday.id)]);
    expect(await ids("?q=%25")).toEqual([]);
    for (const bad of ["?type=", "?type=birthday,repair", "?type=birthday,", `?q=${"x".repeat(51)}`]) {
      const res = await send(t.cs, "GET", `/care-tasks${bad}`);
      expect([res.statusCode, res.json().error.code], bad).toEqual([400, "validation_failed"]);
    }
  });
});

describe("the 3-day post-service callback rate and the CSI", () => {
  interface Call {
    at: string;
    reached: boolean;
    satisfaction?: number;
  }
  // hand-backs in Shanghai at 10:00 (02:00Z); their callbacks are due 3 working days later at 18:00
  const SCENARIO: { name: string; handedBackAt: string; calls: Call[]; counted: boolean; inTime: boolean }[] =
    [
      {
        name: "reached in time, satisfied",
        handedBackAt: "2026-11-02T02:00:00Z", // due Thu 11-05
        calls: [{ at: "2026-11-04T03:00:00Z", reached: true, satisfaction: 5 }],
        counted: true,
        inTime: true,
      },
      {
        name: "reached late, satisfied",
        handedBackAt: "2026-11-09T02:00:00Z", // due Thu 11-12
        calls: [{ at: "2026-11-13T03:00:00Z", reached: true, satisfaction: 4 }],
        counted: true,
        inTime: false,
      },
      {
        name: "never reached (three calls)",
        handedBackAt: "2026-11-16T02:00:00Z", // due Thu 11-19
        calls: [
          { at: "2026-11-17T03:00:00Z", reached: false },
          { at: "2026-11-18T03:00:00Z", reached: false },
          { at: "2026-11-19T03:00:00Z", reached: false },
        ],
        counted: true,
        inTime: false,
      },
      {
        name: "reached in time, dissatisfied",
        handedBackAt: "2026-11-17T02:00:00Z", // due Fri 11-20
        calls: [{ at: "2026-11-18T03:00:00Z", reached: true, satisfaction: 2 }],
        counted: true,
        inTime: true,
      },
      {
        name: "handed back in October, due 2 November, never called",
        handedBackAt: "2026-10-28T02:00:00Z", // due Mon 11-02
        calls: [],
        counted: true,
        inTime: false,
      },
      {
        name: "not yet due and open: outcome unknown",
        handedBackAt: "2026-11-23T02:00:00Z", // due Thu 11-26
        calls: [],
        counted: false,
        inTime: false,
      },
      {
        name: "not yet due but reached early: counted",
        handedBackAt: "2026-11-23T02:00:00Z",
        calls: [{ at: "2026-11-24T01:00:00Z", reached: true, satisfaction: 3 }],
        counted: true,
        inTime: true,
      },
      {
        name: "due in December",
        handedBackAt: "2026-11-27T02:00:00Z", // Friday → due Wed 12-02
        calls: [],
        counted: false,
        inTime: false,
      },
    ];
  let t: Awaited<ReturnType<typeof team>>;
  const orders: HandedBack[] = [];

  beforeAll(async () => {
    t = await team();
    for (const s of SCENARIO) {
      const h = await handedBackOrder(ctx, t.advisor, await customerWithVehicle(ctx, t.store), {
        handedBackAt: s.handedBackAt,
      });
      orders.push(h);
      for (const c of s.calls) {
        await ok(t.cs, "POST", `/care-tasks/${h.callback.id}`, {
          reached: c.reached,
          ...(c.satisfaction ? { satisfaction: c.satisfaction } : {}),
          occurredAt: c.at,
        });
      }
    }
  });

  it("counts the November hand-back callbacks whose outcome is known, and those reached in time", async () => {
    const s = await ok(t.gm, "GET", "/care-tasks/stats?from=2026-11-01&to=2026-11-30");
    const counted = SCENARIO.filter((x) => x.counted);
    const due = counted.length;
    const inTime = counted.filter((x) => x.inTime).length;
    expect(s.postService.day3).toEqual({ due, reachedInTime: inTime, rate: inTime / due });
    const scores = counted.flatMap((x) => x.calls.flatMap((c) => (c.satisfaction ? [c.satisfaction] : [])));
    const satisfied = scores.filter((x) => x >= 4).length;
    expect(s.postService.csi).toEqual({
      satisfied,
      effective: scores.length,
      rate: satisfied / scores.length,
    });
    // the post-sale rates see none of them
    expect(s.postSale.day3).toEqual({ due: 0, reachedInTime: 0, rate: null });
    expect(s.averageSatisfaction).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length);
    expect(await ok(t.cs, "GET", "/care-tasks/stats?from=2026-11-01&to=2026-11-30")).toEqual(s);
  });

  it("a period with nothing known yet has no rate", async () => {
    const s = await ok(t.cs, "GET", "/care-tasks/stats?from=2026-12-01&to=2026-12-31");
    expect(s.postService).toEqual({
      day3: { due: 0, reachedInTime: 0, rate: null },
      csi: { satisfied: 0, effective: 0, rate: null },
    });
  });
});

describe("maintenance reminders planned at hand-back", () => {
  let t: Awaited<ReturnType<typeof team>>;

  beforeAll(async () => {
    t = await team();
    // a short interval, so that the next due date falls within the planning horizon
    await plan(t.store, "帕萨特", 1, 5000);
  });

  it("plans the calls 14 and 2 days before the due date, and plans again after the next maintenance", async () => {
    const v = await customerWithVehicle(ctx, t.store, { purchaseDate: "2026-06-01" });
    // 4000 km in 172 days: 23 km a day, so one month comes before 5000 km: due 20 December
    await handedBackOrder(ctx, t.advisor, v, { handedBackAt: "2026-11-20T02:00:00Z", mileageIn: 4000 });
    expect(await reminders(v.vehicleId)).toEqual([
      ["2026-12-20", 14, "2026-12-06T10:00:00.000Z", 0],
      ["2026-12-20", 2, "2026-12-18T10:00:00.000Z", 0],
    ]);
    const { items } = await list(t.cs, "?type=maintenance_reminder");
    expect(items.map((i) => [i.vehicleId, i.forDate, i.dayOffset])).toEqual([
      [v.vehicleId, "2026-12-20", 14],
      [v.vehicleId, "2026-12-20", 2],
    ]);
    const first = items[0]!;
    // customer service has called about the first one already (not reached)
    await ok(t.cs, "POST", `/care-tasks/${first.id}`, { reached: false, occurredAt: "2026-11-23T02:00:00Z" });

    // a repair (not a maintenance) adds a reading but does not move the due date: nothing changes
    await handedBackOrder(ctx, t.advisor, v, {
      handedBackAt: "2026-11-23T03:00:00Z",
      mileageIn: 4100,
      workType: "mechanical",
    });
    expect((await reminders(v.vehicleId)).map((r) => [r[0], r[1], r[3]])).toEqual([
      ["2026-12-20", 14, 1],
      ["2026-12-20", 2, 0],
    ]);

    // the next maintenance moves the due date to 24 December: the untouched reminder goes, the called one stays
    const auditBefore = await ctx.count("audit_log", "entity = 'care_task'");
    await handedBackOrder(ctx, t.advisor, v, { handedBackAt: "2026-11-24T02:00:00Z", mileageIn: 4200 });
    expect(await reminders(v.vehicleId)).toEqual([
      ["2026-12-20", 14, "2026-12-06T10:00:00.000Z", 1],
      ["2026-12-24", 14, "2026-12-10T10:00:00.000Z", 0],
      ["2026-12-24", 2, "2026-12-22T10:00:00.000Z", 0],
    ]);
    // the callback of the hand-back, the removed reminder and the two new ones
    expect(await ctx.count("audit_log", "entity = 'care_task'")).toBe(auditBefore + 4);
    expect(
      await ctx.count(
        "audit_log",
        `entity = 'care_task' AND action = 'delete' AND actor_id = ${t.advisor.id}`,
      ),
    ).toBe(1);
  });

  it("keeps a reminder a message was sent for", async () => {
    const v = await customerWithVehicle(ctx, t.store, { purchaseDate: "2026-06-01" });
    await handedBackOrder(ctx, t.advisor, v, { handedBackAt: "2026-11-20T02:00:00Z", mileageIn: 4000 });
    const [, second] = (await list(t.cs, "?type=maintenance_reminder")).items.filter(
      (i) => i.vehicleId === v.vehicleId,
    );
    const res = await send(t.cs, "POST", "/messages", {
      customerId: v.customerId,
      channel: "sms",
      template: "maintenance_reminder",
      params: { vehicle: "帕萨特", dueDate: "2026-12-20" },
      careTaskId: second!.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    await handedBackOrder(ctx, t.advisor, v, { handedBackAt: "2026-11-24T02:00:00Z", mileageIn: 4200 });
    // in due order: the new first call (10 December), the kept one (18 December), the new second call
    expect((await reminders(v.vehicleId)).map((r) => [r[0], r[1]])).toEqual([
      ["2026-12-24", 14],
      ["2026-12-20", 2],
      ["2026-12-24", 2],
    ]);
  });

  it("a vehicle without a plan for its model gets no reminders", async () => {
    const v = await customerWithVehicle(ctx, t.store, { model: "途观L", purchaseDate: "2026-01-01" });
    await handedBackOrder(ctx, t.advisor, v, { handedBackAt: "2026-11-20T02:00:00Z", mileageIn: 9000 });
    expect(await reminders(v.vehicleId)).toEqual([]);
  });

  it("a reminder is worked without a score", async () => {
    const v = await customerWithVehicle(ctx, t.store, { purchaseDate: "2026-06-01" });
    await handedBackOrder(ctx, t.advisor, v, { handedBackAt: "2026-11-20T02:00:00Z", mileageIn: 4000 });
    const task = (await list(t.cs, "?type=maintenance_reminder")).items.find(
      (i) => i.vehicleId === v.vehicleId,
    )!;
    const scored = await send(t.cs, "POST", `/care-tasks/${task.id}`, { reached: true, satisfaction: 5 });
    expect([scored.statusCode, scored.json().error.code]).toEqual([422, "satisfaction_not_allowed"]);
    expect(await ok(t.cs, "POST", `/care-tasks/${task.id}`, { reached: true })).toMatchObject({
      done: true,
      reached: true,
      satisfaction: null,
    });
  });
});

describe("the store-wide generation of reminders and birthday greetings", () => {
  let t: Awaited<ReturnType<typeof team>>;
  const v: Record<string, { customerId: number; vehicleId: number }> = {};
  const b: Record<string, { customerId: number }> = {};

  beforeAll(async () => {
    t = await team();
    await plan(t.store, "帕萨特", 6, 5000);
    // 40 km a day by default: 5000 km after 125 days (3 September), before six months
    v.overdue = await customerWithVehicle(ctx, t.store, { purchaseDate: "2026-05-01" });
    // due 6 March 2027: beyond the 30-day horizon
    v.new = await customerWithVehicle(ctx, t.store, { purchaseDate: "2026-11-01" });
    // six months from 10 June: 10 December (the mileage history says 9 km a day)
    v.soon = await customerWithVehicle(ctx, t.store, { purchaseDate: "2026-06-10" });
    await handedBackOrder(ctx, t.advisor, v.soon, {
      openedAt: "2026-10-01T02:00:00Z",
      handedBackAt: "2026-10-05T02:00:00Z",
      mileageIn: 1000,
      workType: "mechanical",
    });
    v.noPlan = await customerWithVehicle(ctx, t.store, { model: "途观L", purchaseDate: "2026-01-01" });
    v.noAnchor = await customerWithVehicle(ctx, t.store);
    const person = async (birthday: string) =>
      customerWithVehicle(ctx, t.store, { model: "途观L", birthday });
    b.sms = await person("1985-11-26");
    await consent(ctx, t.store, b.sms.customerId, "sms", true, "2026-01-01T00:00:00Z");
    b.withdrawn = await person("1985-11-27");
    await consent(ctx, t.store, b.withdrawn.customerId, "wechat", true, "2026-01-01T00:00:00Z");
    await consent(ctx, t.store, b.withdrawn.customerId, "wechat", false, "2026-06-01T00:00:00Z");
    b.none = await person("1985-11-25");
    b.later = await person("1985-12-05");
    await consent(ctx, t.store, b.later.customerId, "sms", true, "2026-01-01T00:00:00Z");
    b.today = await person("1990-11-24");
    await consent(ctx, t.store, b.today.customerId, "phone", true, "2026-01-01T00:00:00Z");
    await consent(ctx, t.store, b.today.customerId, "sms", false, "2026-02-01T00:00:00Z");
  });

  const birthdays = async () =>
    (
      await ctx.pool.query(
        "SELECT customer_id, for_date, due_at FROM care_tasks WHERE store_id = $1 AND type = 'birthday' ORDER BY for_date",
        [t.store],
      )
    ).rows.map((r) => [Number(r.customer_id), r.for_date, (r.due_at as Date).toISOString()]);

  it("plans what is due, once", async () => {
    const r = await ok(t.gm, "POST", "/care-tasks/generate", {});
    expect(r).toEqual({ stores: 1, reminders: { created: 3, removed: 0 }, birthdays: { created: 2 } });
    // the due date has passed: one call, due today
    expect(await reminders(v.overdue!.vehicleId)).toEqual([["2026-09-03", 2, "2026-11-24T10:00:00.000Z", 0]]);
    expect(await reminders(v.soon!.vehicleId)).toEqual([
      ["2026-12-10", 14, "2026-11-26T10:00:00.000Z", 0],
      ["2026-12-10", 2, "2026-12-08T10:00:00.000Z", 0],
    ]);
    for (const k of ["new", "noPlan", "noAnchor"]) expect(await reminders(v[k]!.vehicleId), k).toEqual([]);
    // greeted on the birthday, due at its close; any channel's current grant will do
    expect(await birthdays()).toEqual([
      [b.today!.customerId, "2026-11-24", "2026-11-24T10:00:00.000Z"],
      [b.sms!.customerId, "2026-11-26", "2026-11-26T10:00:00.000Z"],
    ]);
    expect(
      await ctx.count("audit_log", `entity = 'care_task' AND action = 'generate' AND actor_id = ${t.gm.id}`),
    ).toBe(2);

    const tasks = await ctx.count("care_tasks");
    expect(await ok(t.gm, "POST", "/care-tasks/generate")).toEqual({
      stores: 1,
      reminders: { created: 0, removed: 0 },
      birthdays: { created: 0 },
    });
    expect(await ctx.count("care_tasks")).toBe(tasks);
  });

  it("a wider birthday window greets the later birthdays too", async () => {
    const r = await ok(t.gm, "POST", "/care-tasks/generate", { birthdaysDays: 14 });
    expect(r.birthdays.created).toBe(1);
    expect((await birthdays()).map((x) => x[0])).toContain(b.later!.customerId);
  });

  it("a changed plan replaces the untouched reminders", async () => {
    await plan(t.store, "帕萨特", 3, 5000);
    const r = await ok(t.gm, "POST", "/care-tasks/generate", {});
    // three months: 1 August for the first car (before its 3 September by km), 10 September for the third
    expect(r.reminders).toEqual({ created: 2, removed: 3 });
    expect(await reminders(v.overdue!.vehicleId)).toEqual([["2026-08-01", 2, "2026-11-24T10:00:00.000Z", 0]]);
    expect(await reminders(v.soon!.vehicleId)).toEqual([["2026-09-10", 2, "2026-11-24T10:00:00.000Z", 0]]);
    await plan(t.store, "帕萨特", 6, 5000);
  });

  it("29 February birthdays are greeted on the 28th in a common year", async () => {
    const s = await team();
    const c = await customerWithVehicle(ctx, s.store, { model: "途观L", birthday: "2000-02-29" });
    await consent(ctx, s.store, c.customerId, "wechat", true, "2026-01-01T00:00:00Z");
    await setClock(ctx, "2027-02-25T02:00:00Z", s.gm);
    try {
      expect((await ok(s.gm, "POST", "/care-tasks/generate", {})).birthdays.created).toBe(1);
      const { rows } = await ctx.pool.query(
        "SELECT for_date FROM care_tasks WHERE store_id = $1 AND type = 'birthday'",
        [s.store],
      );
      expect(rows.map((r) => r.for_date)).toEqual(["2027-02-28"]);
    } finally {
      ctx.clock.set(NOW);
    }
  });

  it("two runs at once create each task once", async () => {
    const s = await team();
    await plan(s.store, "帕萨特", 6, 5000);
    for (let i = 0; i < 5; i++) await customerWithVehicle(ctx, s.store, { purchaseDate: "2026-05-01" });
    const runs = await Promise.all([1, 2].map(() => ok(s.gm, "POST", "/care-tasks/generate", {})));
    expect(runs.reduce((n, r) => n + r.reminders.created, 0)).toBe(5);
    expect(await ctx.count("care_tasks", `store_id = ${s.store}`)).toBe(5);
  });
});

describe("who generates, and bad generation requests", () => {
  let t: Awaited<ReturnType<typeof team>>;
  let other: Awaited<ReturnType<typeof team>>;
  let admin: TestUser;
  const users: Partial<Record<Role, TestUser>> = {};

  beforeAll(async () => {
    t = await team();
    other = await team();
    admin = await ctx.user("admin", null);
    for (const role of ROLES) if (role !== "admin") users[role] = await ctx.user(role, t.store);
    await plan(t.store, "帕萨特", 6, 5000);
  });

  const snapshot = async () => [await ctx.count("care_tasks"), await ctx.count("audit_log")];

  it.each(ROLES.filter((r) => r !== "admin" && r !== "gm"))(
    "refused to %s, nothing written",
    async (role) => {
      await customerWithVehicle(ctx, t.store, { purchaseDate: "2026-05-01" });
      const before = await snapshot();
      const res = await send(users[role]!, "POST", "/care-tasks/generate", {});
      expect([res.statusCode, res.json().error.code]).toEqual([403, "forbidden"]);
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each<[string, string | object, string]>([
    ["unknown field", { storeId: 1, days: 7 }, "400 validation_failed"],
    ["birthdaysDays 0", { birthdaysDays: 0 }, "400 validation_failed"],
    ["birthdaysDays 32", { birthdaysDays: 32 }, "400 validation_failed"],
    ["birthdaysDays '7'", { birthdaysDays: "7" }, "400 validation_failed"],
    ["birthdaysDays 1.5", { birthdaysDays: 1.5 }, "400 validation_failed"],
    ["store id abc", { storeId: "abc" }, "400 validation_failed"],
    ["malformed JSON", '{"birthdaysDays": ', "400 malformed_request"],
    ["another store", { storeId: -1 }, "404 not_found"],
  ])("%s", async (_, body, expected) => {
    await customerWithVehicle(ctx, t.store, { purchaseDate: "2026-05-01" });
    const before = await snapshot();
    const payload =
      typeof body === "object" && "storeId" in body && body.storeId === -1 ? { storeId: other.store } : body;
    const res = await ctx.req(t.gm, {
      method: "POST",
      url: "/api/v1/care-tasks/generate",
      headers: typeof payload === "string" ? { "content-type": "application/json" } : {},
      payload,
    });
    const [status, code] = expected.split(" ");
    expect([res.statusCode, res.json().error.code], res.body).toEqual([Number(status), code]);
    expect(await snapshot()).toEqual(before);
  });

  it("the admin runs one named store, or all; a missing store is 404", async () => {
    const missing = await send(admin, "POST", "/care-tasks/generate", { storeId: 999_999 });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, "not_found"]);
    const one = await ok(admin, "POST", "/care-tasks/generate", { storeId: t.store });
    expect(one.stores).toBe(1);
    expect(one.reminders.created).toBeGreaterThan(0);
    const { rows } = await ctx.pool.query("SELECT count(*)::int AS n FROM stores");
    expect((await ok(admin, "POST", "/care-tasks/generate", {})).stores).toBe(rows[0].n);
  });
});
