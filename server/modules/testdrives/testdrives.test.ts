/** Test drives end to end through the HTTP API, against a real database. */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { vinCheckDigit } from "../../platform/validators.ts";

const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai
const LICENCE = "110101199003074514";
let ctx: TestContext;
let store: number;
let store2: number;
let manager: TestUser;
let consultant: TestUser;
let consultant2: TestUser;
let reception: TestUser;
let gm: TestUser;
let foreignManager: TestUser;
let admin: TestUser;

let seq = 0;
const phone = () => String(13700000000 + ++seq);
const at = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const vin = () => {
  const draft = `LSVAB4BR0N${String(1000000 + ++seq)}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
};

type Method = "GET" | "POST" | "PATCH";
async function api(u: TestUser, method: Method, url: string, payload?: object) {
  const res = await ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const send = (u: TestUser, url: string, payload?: object) =>
  ctx.req(u, { method: "POST", url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
const refused = async (res: {
  statusCode: number;
  json(): { error: { code: string; details?: unknown } };
}) => ({
  status: res.statusCode,
  code: res.json().error.code,
});

const newLead = async (owner: TestUser, name = "吴先生") =>
  (await api(owner, "POST", "/leads", { name, phone: phone(), source: "walk_in" })).lead as { id: number };
/** Demo cars straight into the stock table: the stock module is not what is tested here. */
async function car(s = store, status = "demo", model = "途观L"): Promise<number> {
  const r = await ctx.pool.query(
    `INSERT INTO stock_vehicles (store_id, vin, model, colour, cost_fen, arrived_at, status)
     VALUES ($1, $2, $3, '曜石黑', 18000000, '2026-09-01T02:00:00Z', $4) RETURNING id`,
    [s, vin(), model, status],
  );
  return Number(r.rows[0].id);
}
const booking = (leadId: number, vehicleId: number, start: number, end: number, more: object = {}) => ({
  leadId,
  vehicleId,
  startAt: at(start),
  endAt: at(end),
  licenceNo: LICENCE,
  ...more,
});
const book = (u: TestUser, leadId: number, vehicleId: number, start = 60, end = 120, more: object = {}) =>
  api(u, "POST", "/test-drives", booking(leadId, vehicleId, start, end, more));
const events = async (leadId: number) =>
  (await api(manager, "GET", `/leads/${leadId}`)).events as { kind: string; data: Record<string, unknown> }[];

const TABLES = ["test_drives", "lead_events", "audit_log"];
const snapshot = () => Promise.all(TABLES.map((t) => ctx.count(t)));

beforeAll(async () => {
  ctx = await testApp(NOW);
  store = await ctx.store("一号店");
  store2 = await ctx.store("二号店");
  manager = await ctx.user("sales_manager", store);
  consultant = await ctx.user("consultant", store, { displayName: "张伟" });
  consultant2 = await ctx.user("consultant", store, { displayName: "刘洋" });
  reception = await ctx.user("reception", store);
  gm = await ctx.user("gm", store);
  foreignManager = await ctx.user("sales_manager", store2);
  admin = await ctx.user("admin", null);
});

beforeEach(() => ctx.clock.set(NOW));

describe("booking", () => {
  it("books the consultant's own lead on a demo car, reminds an hour before, shows on the timeline", async () => {
    const lead = await newLead(consultant);
    const vehicleId = await car();
    const route = await api(manager, "POST", "/test-drive-routes", {
      name: "城市环线",
      distanceKm: 12,
      minutes: 30,
    });
    const audits = await ctx.count("audit_log", "entity = 'test_drive'");
    const d = await book(consultant, lead.id, vehicleId, 60, 120, { routeId: route.id });
    expect(d).toMatchObject({
      storeId: store,
      leadId: lead.id,
      leadName: "吴先生",
      vehicleId,
      model: "途观L",
      colour: "曜石黑",
      routeId: route.id,
      routeName: "城市环线",
      startAt: at(60),
      endAt: at(120),
      remindAt: at(0),
      state: "booked",
      licenceNo: LICENCE,
      licenceNoMasked: false,
      feedback: null,
      rating: null,
      consultantId: consultant.id,
      consultantName: "张伟",
    });
    expect(d.vin).toHaveLength(17);
    expect((await events(lead.id)).find((e) => e.kind === "test_drive_booked")?.data).toMatchObject({
      testDriveId: d.id,
      vehicleId,
      model: "途观L",
      startAt: at(60),
    });
    expect(await ctx.count("audit_log", "entity = 'test_drive'")).toBe(audits + 1);
  });

  it("reception books for any lead of the store; the licence number is masked unless owner, manager or gm", async () => {
    const lead = await newLead(consultant2);
    const d = await book(reception, lead.id, await car(), 30, 90);
    expect(d).toMatchObject({
      licenceNo: "110101********4514",
      licenceNoMasked: true,
      consultantId: consultant2.id,
    });
    const seen = async (u: TestUser) =>
      (await api(u, "GET", `/test-drives?leadId=${lead.id}&from=${at(0)}&to=${at(600)}`)).items[0].licenceNo;
    expect(await seen(consultant2)).toBe(LICENCE);
    expect(await seen(manager)).toBe(LICENCE);
    expect(await seen(gm)).toBe(LICENCE);
    expect(await seen(reception)).toBe("110101********4514");
  });

  it("the audit log keeps the full licence number and shows it masked like an ID number", async () => {
    const d = await book(consultant, (await newLead(consultant)).id, await car());
    const audited = async (u: TestUser) =>
      (await api(u, "GET", `/audit?entity=test_drive&entityId=${d.id}`)).items[0].after.licenceNo;
    expect(await audited(gm)).toBe(LICENCE);
    expect(await audited(admin)).toBe("110101********4514");
  });

  it("a car that is not a demo car is refused and nothing is written", async () => {
    const lead = await newLead(consultant);
    for (const status of ["in_stock", "reserved", "sold"]) {
      const vehicleId = await car(store, status);
      const before = await snapshot();
      const res = await send(consultant, "/test-drives", booking(lead.id, vehicleId, 60, 120));
      expect(await refused(res)).toEqual({ status: 422, code: "not_demo_car" });
      expect(await snapshot()).toEqual(before);
    }
  });

  it("an overlapping booking of the car is refused with the booking it clashes with; back to back is fine", async () => {
    const vehicleId = await car();
    const first = await book(consultant, (await newLead(consultant)).id, vehicleId, 60, 120);
    const other = await newLead(consultant2);
    const before = await snapshot();
    for (const [start, end] of [
      [90, 150],
      [30, 61],
      [70, 80],
      [0, 240],
    ]) {
      const res = await send(consultant2, "/test-drives", booking(other.id, vehicleId, start!, end!));
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: "vehicle_busy", details: { conflictingId: first.id } });
    }
    expect(await snapshot()).toEqual(before);
    await book(consultant2, (await newLead(consultant2)).id, vehicleId, 120, 180);
    await book(consultant2, (await newLead(consultant2)).id, vehicleId, 0, 60);
  });

  it("one customer is not booked on two cars at the same time", async () => {
    const lead = await newLead(consultant);
    const first = await book(consultant, lead.id, await car(), 60, 120);
    const res = await send(consultant, "/test-drives", booking(lead.id, await car(), 90, 150));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "lead_busy", details: { conflictingId: first.id } });
    await book(consultant, lead.id, await car(), 120, 150);
  });

  it("a cancelled booking frees the car", async () => {
    const vehicleId = await car();
    const first = await book(consultant, (await newLead(consultant)).id, vehicleId);
    await api(consultant, "POST", `/test-drives/${first.id}/cancel`, { reason: "客户改期" });
    expect((await book(consultant, (await newLead(consultant)).id, vehicleId)).state).toBe("booked");
  });

  it("times: end after start, at most 4 hours, not in the past (15 minutes of slack), at most 90 days ahead", async () => {
    const lead = await newLead(consultant);
    const vehicleId = await car();
    const before = await snapshot();
    for (const [start, end, reason] of [
      [60, 60, "end_not_after_start"],
      [60, 30, "end_not_after_start"],
      [60, 301, "too_long"],
      [-16, 30, "in_past"],
      [91 * 1440, 91 * 1440 + 60, "too_far_ahead"],
    ] as const) {
      const res = await send(consultant, "/test-drives", booking(lead.id, vehicleId, start, end));
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: "invalid_time", details: { reason } });
    }
    expect(await snapshot()).toEqual(before);
    expect((await book(consultant, lead.id, vehicleId, -15, 225)).startAt).toBe(at(-15));
  });

  it("a lead that is no longer followed up cannot be booked", async () => {
    const lead = await newLead(consultant);
    await api(consultant, "POST", `/leads/${lead.id}/defeat`, { reason: "budget" });
    await api(manager, "POST", `/leads/${lead.id}/defeat/approve`, {});
    const res = await send(manager, "/test-drives", booking(lead.id, await car(), 60, 120));
    expect(await refused(res)).toEqual({ status: 422, code: "lead_not_active" });
  });

  it("a retired route is refused, another store's route is not found", async () => {
    const lead = await newLead(consultant);
    const route = await api(manager, "POST", "/test-drive-routes", { name: "高速线" });
    await api(manager, "PATCH", `/test-drive-routes/${route.id}`, { active: false });
    const res = await send(
      consultant,
      "/test-drives",
      booking(lead.id, await car(), 60, 120, { routeId: route.id }),
    );
    expect(await refused(res)).toEqual({ status: 422, code: "route_inactive" });
    const foreign = await api(foreignManager, "POST", "/test-drive-routes", { name: "二号店线" });
    const res2 = await send(
      consultant,
      "/test-drives",
      booking(lead.id, await car(), 60, 120, { routeId: foreign.id }),
    );
    expect(await refused(res2)).toEqual({ status: 404, code: "not_found" });
  });
});

describe("concurrent bookings", () => {
  it("five overlapping bookings of one car at once: exactly one wins, the others learn which", async () => {
    for (let round = 0; round < 3; round++) {
      const vehicleId = await car();
      const leads = await Promise.all(Array.from({ length: 5 }, () => newLead(consultant)));
      const before = await snapshot();
      const results = await Promise.all(
        leads.map((l, i) =>
          send(consultant, "/test-drives", booking(l.id, vehicleId, 60 + i * 10, 120 + i * 10)),
        ),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409]);
      const winner = results.find((r) => r.statusCode === 201)!.json();
      for (const r of results.filter((x) => x.statusCode === 409)) {
        expect(r.json().error).toMatchObject({ code: "vehicle_busy", details: { conflictingId: winner.id } });
      }
      const [drives, leadEvents, audits] = await snapshot();
      expect([drives, leadEvents, audits]).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
    }
  });

  it("one customer booked on two cars at once: exactly one wins", async () => {
    const lead = await newLead(consultant);
    const results = await Promise.all([
      send(consultant, "/test-drives", booking(lead.id, await car(), 60, 120)),
      send(reception, "/test-drives", booking(lead.id, await car(), 60, 120)),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe("lead_busy");
  });

  it("feedback and a cancellation of one drive at once: exactly one wins", async () => {
    for (let round = 0; round < 3; round++) {
      ctx.clock.set(NOW);
      const d = await book(consultant, (await newLead(consultant)).id, await car(), 10, 70);
      ctx.clock.set(at(30));
      const results = await Promise.all([
        send(consultant, `/test-drives/${d.id}/feedback`, { feedback: "满意", rating: 5 }),
        send(manager, `/test-drives/${d.id}/cancel`, {}),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe("not_booked");
      const kinds = (await events(d.leadId))
        .map((e) => e.kind)
        .filter((k) => k !== "test_drive_booked" && k.startsWith("test_drive"));
      expect(kinds).toHaveLength(1);
    }
  });
});

describe("after the drive", () => {
  it("feedback only once the drive has begun: done, rated, on the timeline", async () => {
    const d = await book(consultant, (await newLead(consultant)).id, await car(), 10, 70);
    const early = await send(consultant, `/test-drives/${d.id}/feedback`, { feedback: "还没开", rating: 3 });
    expect(await refused(early)).toEqual({ status: 422, code: "not_started" });
    ctx.clock.set(at(80));
    const before = await send(consultant, `/test-drives/${d.id}/feedback`, {
      feedback: "x",
      occurredAt: at(5),
    });
    expect(await refused(before)).toEqual({ status: 422, code: "before_start" });
    const done = await api(consultant, "POST", `/test-drives/${d.id}/feedback`, {
      feedback: "加速有力，后排空间满意",
      rating: 4,
      occurredAt: at(75),
    });
    expect(done).toMatchObject({
      state: "done",
      feedback: "加速有力，后排空间满意",
      rating: 4,
      finishedAt: at(75),
    });
    expect((await events(d.leadId)).find((e) => e.kind === "test_drive_done")?.data).toMatchObject({
      testDriveId: d.id,
      rating: 4,
    });
    const again = await send(consultant, `/test-drives/${d.id}/feedback`, { feedback: "再来" });
    expect(await refused(again)).toEqual({ status: 409, code: "not_booked" });
  });

  it("a no-show only after the start; it frees nothing retroactively but ends the booking", async () => {
    const d = await book(reception, (await newLead(consultant)).id, await car(), 10, 70);
    expect(await refused(await send(reception, `/test-drives/${d.id}/no-show`))).toEqual({
      status: 422,
      code: "not_started",
    });
    ctx.clock.set(at(40));
    const ns = await api(reception, "POST", `/test-drives/${d.id}/no-show`);
    expect(ns.state).toBe("no_show");
    expect((await events(d.leadId)).find((e) => e.kind === "test_drive_cancelled")?.data).toMatchObject({
      testDriveId: d.id,
      noShow: true,
    });
  });

  it("a cancellation keeps its reason on the timeline; after the booked time it is a no-show or feedback", async () => {
    const d = await book(consultant, (await newLead(consultant)).id, await car(), 10, 70);
    const c = await api(consultant, "POST", `/test-drives/${d.id}/cancel`, { reason: "客户出差" });
    expect(c.state).toBe("cancelled");
    expect((await events(d.leadId)).find((e) => e.kind === "test_drive_cancelled")?.data).toMatchObject({
      reason: "客户出差",
      noShow: false,
    });
    const e = await book(consultant, (await newLead(consultant)).id, await car(), 10, 70);
    ctx.clock.set(at(71));
    expect(await refused(await send(consultant, `/test-drives/${e.id}/cancel`))).toEqual({
      status: 422,
      code: "drive_over",
    });
  });
});

describe("the calendar", () => {
  it("lists the period's bookings (today by default) and the store's demo fleet", async () => {
    const s = await ctx.store("日历店");
    const m = await ctx.user("sales_manager", s);
    const c = await ctx.user("consultant", s);
    const [a, b] = [await car(s, "demo", "帕萨特"), await car(s, "demo", "ID.4")];
    await car(s, "in_stock");
    const lead = await newLead(c);
    const today = await book(c, lead.id, a, 60, 120);
    // 23:30 to 00:30 in Shanghai: belongs to both days
    const midnight = await book(c, lead.id, b, 13 * 60 + 30, 14 * 60 + 30);
    const tomorrow = await book(c, lead.id, a, 24 * 60, 25 * 60);

    const cal = await api(m, "GET", "/test-drives");
    expect(cal.items.map((d: { id: number }) => d.id)).toEqual([today.id, midnight.id]);
    expect(cal.fleet.map((v: { id: number; status: string }) => [v.id, v.status])).toEqual([
      [b, "demo"],
      [a, "demo"],
    ]);
    // the fleet is the stock's own view of the cars: age, and the cost only for those who see costs
    expect(cal.fleet[0]).toMatchObject({
      model: "ID.4",
      ageDays: 84,
      ageBucket: "61-90",
      costFen: 18_000_000,
    });
    expect((await api(c, "GET", "/test-drives")).fleet[0].costFen).toBeNull();
    const next = await api(m, "GET", `/test-drives?from=${encodeURIComponent("2026-11-25T00:00:00+08:00")}`);
    expect(next.items.map((d: { id: number }) => d.id)).toEqual([midnight.id, tomorrow.id]);
    const byCar = await api(m, "GET", `/test-drives?vehicleId=${a}&from=${at(0)}&to=${at(2 * 1440)}`);
    expect(byCar.items.map((d: { id: number }) => d.id)).toEqual([today.id, tomorrow.id]);
    const bad = await ctx.req(m, { method: "GET", url: `/api/v1/test-drives?from=${at(60)}&to=${at(0)}` });
    expect(await refused(bad)).toEqual({ status: 400, code: "invalid_range" });
  });

  it("a consultant sees his own bookings, and of the others only when a car is taken", async () => {
    const vehicleId = await car();
    const mine = await book(consultant, (await newLead(consultant, "我的客户")).id, vehicleId, 200, 260);
    const theirs = await book(
      consultant2,
      (await newLead(consultant2, "别人的客户")).id,
      vehicleId,
      300,
      360,
    );
    const cancelled = await book(consultant2, (await newLead(consultant2)).id, vehicleId, 400, 460);
    await api(consultant2, "POST", `/test-drives/${cancelled.id}/cancel`);
    const cal = await api(consultant, "GET", `/test-drives?vehicleId=${vehicleId}`);
    expect(cal.items.map((d: { id: number }) => d.id)).toEqual([mine.id]);
    expect(cal.others).toEqual([
      { id: theirs.id, vehicleId, startAt: at(300), endAt: at(360), state: "booked", consultantName: "刘洋" },
    ]);
    expect(JSON.stringify(cal.others)).not.toContain("别人的客户");
    const all = await api(manager, "GET", `/test-drives?vehicleId=${vehicleId}`);
    expect(all.items.map((d: { id: number }) => d.id)).toEqual([mine.id, theirs.id, cancelled.id]);
    expect(all.others).toEqual([]);
  });

  it("the consultant's day lists today's booked drives of his leads with the reminder", async () => {
    const s = await ctx.store("我的一天店");
    const c = await ctx.user("consultant", s);
    const c2 = await ctx.user("consultant", s);
    const lead = await newLead(c, "郑女士");
    const today = await book(c, lead.id, await car(s, "demo", "帕萨特"), 120, 180);
    await book(c, lead.id, await car(s), 26 * 60, 27 * 60); // tomorrow
    const gone = await book(c, lead.id, await car(s), 200, 230);
    await api(c, "POST", `/test-drives/${gone.id}/cancel`);
    await book(c2, (await newLead(c2)).id, await car(s), 60, 90);
    const day = await api(c, "GET", "/my-day");
    expect(day.testDrives).toEqual([
      {
        id: today.id,
        leadId: lead.id,
        leadName: "郑女士",
        startAt: at(120),
        endAt: at(180),
        model: "帕萨特",
        remindAt: at(60),
      },
    ]);
  });
});

describe("routes", () => {
  it("are listed per store, active first; changed by managers; the fields are checked", async () => {
    const s = await ctx.store("线路店");
    const m = await ctx.user("sales_manager", s);
    const r = await ctx.user("reception", s);
    const a = await api(m, "POST", "/test-drive-routes", { name: "市区线", distanceKm: 8, minutes: 25 });
    const b = await api(m, "POST", "/test-drive-routes", { name: "高速线" });
    expect(b).toEqual({ id: b.id, name: "高速线", distanceKm: null, minutes: null, active: true });
    const changed = await api(m, "PATCH", `/test-drive-routes/${a.id}`, { active: false, distanceKm: null });
    expect(changed).toMatchObject({ active: false, distanceKm: null, minutes: 25 });
    expect((await api(r, "GET", "/test-drive-routes")).items.map((x: { id: number }) => x.id)).toEqual([
      b.id,
      a.id,
    ]);
    const other = await ctx.req(foreignManager, {
      method: "PATCH",
      url: `/api/v1/test-drive-routes/${a.id}`,
      payload: { name: "x" },
    });
    expect(await refused(other)).toEqual({ status: 404, code: "not_found" });
  });
});
