/**
 * Repair orders end to end through the API: opening (number, customer, advisor, mileage, return repair,
 * appointment), lines and their money, the steps with who and when, settlement by payer, hand-back and its
 * callback, the list, the board and the KPIs; and the races (numbers, settlement, one order per vehicle).
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { roFixtures, snapshot } from "./ro-test-support.ts";

const NOW = "2026-11-24T02:00:00Z"; // Tuesday 10:00 in Shanghai
let ctx: TestContext;
let f: ReturnType<typeof roFixtures>;
let store: number;
let store2: number;
let advisor: TestUser;
let advisor2: TestUser;
let cs: TestUser;
let gm: TestUser;
let foreignAdvisor: TestUser;

beforeAll(async () => {
  ctx = await testApp(NOW);
  f = roFixtures(ctx);
  store = await ctx.store();
  store2 = await ctx.store();
  advisor = await ctx.user("service_advisor", store, { displayName: "王顾问" });
  advisor2 = await ctx.user("service_advisor", store, { displayName: "李顾问" });
  cs = await ctx.user("customer_service", store);
  gm = await ctx.user("gm", store);
  foreignAdvisor = await ctx.user("service_advisor", store2);
});

const at = (iso: string) => f.at(iso);
// every test starts at NOW; the ones that need history move the clock themselves
beforeEach(() => at(NOW));

describe("opening a repair order", () => {
  it("numbers it per store and store-local day, takes the owner as customer and the actor as advisor", async () => {
    await at("2026-11-23T15:30:00Z"); // 23:30 on the 23rd in Shanghai
    const v = await f.vehicle(store);
    const ro = await f.open(advisor, { vehicleId: v.vehicleId, technician: "张师傅" });
    expect(ro).toMatchObject({
      storeId: store,
      state: "open",
      returnRepair: false,
      returnOfId: null,
      customerId: v.customerId,
      vehicleId: v.vehicleId,
      vin: v.vin,
      plate: v.plate,
      model: "帕萨特",
      mileageIn: 25_000,
      complaint: "发动机异响",
      workType: "mechanical",
      advisorId: advisor.id,
      advisorName: "王顾问",
      technician: "张师傅",
      appointmentId: null,
      openedAt: "2026-11-23T15:30:00.000Z",
      startedAt: null,
      totalFen: null,
      labour: [],
      parts: [],
      totals: { labourFen: 0, partsFen: 0, totalFen: 0, byPayer: { customer: 0, insurer: 0, warranty: 0 } },
      events: [{ fromState: null, toState: "open", at: "2026-11-23T15:30:00.000Z", actorName: "王顾问" }],
    });
    expect(ro.roNo).toMatch(/^RO20261123-\d{4}$/);
    // 16:30 UTC is the 24th in Shanghai: a new day, a new count
    await at("2026-11-23T16:30:00Z");
    const next = await f.open(advisor, { vehicleId: (await f.vehicle(store)).vehicleId });
    expect(next.roNo).toBe("RO20261124-0001");
    const third = await f.open(advisor2, { vehicleId: (await f.vehicle(store)).vehicleId });
    expect(third.roNo).toBe("RO20261124-0002");
    // another store counts on its own
    const foreign = await f.open(foreignAdvisor, { vehicleId: (await f.vehicle(store2)).vehicleId });
    expect(foreign.roNo).toBe("RO20261124-0001");
    // the phone is masked for the advisor, in full for customer service
    expect(ro.phoneMasked).toBe(true);
    expect(ro.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const seen = await f.ok(cs, "GET", `/repair-orders/${ro.id}`);
    expect(seen.phoneMasked).toBe(false);
    expect(seen.phone).toMatch(/^\d{11}$/);
    await at(NOW);
  });

  it("gives concurrent openings of one day distinct consecutive numbers", async () => {
    await at("2026-11-10T02:00:00Z");
    const cars = await Promise.all(Array.from({ length: 6 }, () => f.vehicle(store)));
    const opened = await Promise.all(cars.map((c) => f.open(advisor, { vehicleId: c.vehicleId })));
    const numbers = opened.map((o) => o.roNo as string).sort();
    expect(numbers).toEqual(
      Array.from({ length: 6 }, (_, i) => `RO20261110-${String(i + 1).padStart(4, "0")}`),
    );
    await at(NOW);
  });

  it("refuses a mileage below the last known one unless a reason is given, and raises the vehicle's", async () => {
    const v = await f.vehicle(store, { mileageKm: 30_000 });
    const before = await snapshot(ctx);
    const err = f.refused(
      await f.send(advisor, "POST", "/repair-orders", {
        vehicleId: v.vehicleId,
        mileageIn: 29_999,
        complaint: "保养",
        workType: "maintenance",
      }),
      422,
      "mileage_lower",
    );
    expect(err.details).toEqual({ lastKnownKm: 30_000 });
    expect(await snapshot(ctx)).toEqual(before);

    const ro = await f.open(advisor, {
      vehicleId: v.vehicleId,
      mileageIn: 1_200,
      mileageOverrideReason: "更换仪表",
      workType: "maintenance",
    });
    expect(ro.mileageOverrideReason).toBe("更换仪表");
    // the recorded mileage of the vehicle is not lowered
    const km = await ctx.pool.query("SELECT mileage_km FROM vehicles WHERE id = $1", [v.vehicleId]);
    expect(km.rows[0].mileage_km).toBe(30_000);

    // a higher mileage raises it; the earlier orders count as last known too
    const w = await f.vehicle(store, { mileageKm: null });
    const first = await f.through(advisor, { vehicleId: w.vehicleId, mileageIn: 40_000 }, "handed_back");
    expect(first.state).toBe("handed_back");
    const km2 = await ctx.pool.query("SELECT mileage_km FROM vehicles WHERE id = $1", [w.vehicleId]);
    expect(km2.rows[0].mileage_km).toBe(40_000);
    await ctx.pool.query("UPDATE vehicles SET mileage_km = NULL WHERE id = $1", [w.vehicleId]);
    const err2 = f.refused(
      await f.send(advisor, "POST", "/repair-orders", {
        vehicleId: w.vehicleId,
        mileageIn: 39_000,
        complaint: "保养",
        workType: "maintenance",
      }),
      422,
      "mileage_lower",
    );
    expect(err2.details).toEqual({ lastKnownKm: 40_000 });
  });

  it("keeps one order in the workshop per vehicle, also when two open at once", async () => {
    const v = await f.vehicle(store);
    const results = await Promise.all(
      [advisor, advisor2].map((a) =>
        f.send(a, "POST", "/repair-orders", {
          vehicleId: v.vehicleId,
          mileageIn: 25_000,
          complaint: "刹车异响",
          workType: "mechanical",
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const lost = results.find((r) => r.statusCode === 409)!;
    const won = results.find((r) => r.statusCode === 201)!.json();
    expect(lost.json().error).toMatchObject({
      code: "vehicle_in_workshop",
      details: { repairOrderId: won.id },
    });
    expect(await ctx.count("repair_orders", `vehicle_id = ${v.vehicleId}`)).toBe(1);
  });

  it("flags a return repair within 30 days of the hand-back, linked to the earlier order", async () => {
    const v = await f.vehicle(store);
    await at("2026-10-20T02:00:00Z");
    const first = await f.through(advisor, { vehicleId: v.vehicleId, workType: "mechanical" }, "handed_back");
    // exactly 30 days after the hand-back, same work type
    await at(new Date(Date.parse(first.handedBackAt) + 30 * 86_400_000).toISOString());
    const again = await f.through(advisor, { vehicleId: v.vehicleId, workType: "mechanical" }, "handed_back");
    expect(again).toMatchObject({ returnRepair: true, returnOfId: first.id, returnOfRoNo: first.roNo });
    // another work type right after: not a return repair
    ctx.clock.advance(60_000);
    const other = await f.through(advisor, { vehicleId: v.vehicleId, workType: "body" }, "handed_back");
    expect(other.returnRepair).toBe(false);
    // 30 days + 1 s after the latest mechanical hand-back: no longer
    await at(new Date(Date.parse(again.handedBackAt) + 30 * 86_400_000 + 1000).toISOString());
    const late = await f.open(advisor, { vehicleId: v.vehicleId, workType: "mechanical" });
    expect(late).toMatchObject({ returnRepair: false, returnOfId: null });
    const list = await f.ok(advisor, "GET", `/repair-orders?vehicleId=${v.vehicleId}&returnRepair=true`);
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([again.id]);
    await at(NOW);
  });

  it("turns a booked appointment into the order (arrival)", async () => {
    const v = await f.vehicle(store);
    const appt = await ctx.pool.query(
      `INSERT INTO appointments (store_id, customer_id, vehicle_id, slot_start, work_type, created_by)
       VALUES ($1, $2, $3, $4, 'maintenance', $5) RETURNING id`,
      [store, v.customerId, v.vehicleId, "2026-11-24T01:00:00Z", advisor.id],
    );
    const appointmentId = Number(appt.rows[0].id);
    const other = await f.vehicle(store);
    const before = await snapshot(ctx);
    f.refused(
      await f.send(advisor, "POST", "/repair-orders", {
        vehicleId: other.vehicleId,
        mileageIn: 25_000,
        complaint: "保养",
        workType: "maintenance",
        appointmentId,
      }),
      422,
      "appointment_other_vehicle",
    );
    expect(await snapshot(ctx)).toEqual(before);
    const ro = await f.open(advisor, { vehicleId: v.vehicleId, workType: "maintenance", appointmentId });
    expect(ro.appointmentId).toBe(appointmentId);
    const row = await ctx.pool.query("SELECT status, repair_order_id FROM appointments WHERE id = $1", [
      appointmentId,
    ]);
    expect(row.rows[0]).toMatchObject({ status: "arrived", repair_order_id: ro.id });
  });
});

describe("lines, steps, settlement and hand-back", () => {
  it("prices lines exactly, splits the totals by payer and fixes them at settlement", async () => {
    const v = await f.vehicle(store);
    const ro = await f.open(advisor, { vehicleId: v.vehicleId, workType: "insurance" });
    let r = await f.ok(advisor, "POST", `/repair-orders/${ro.id}/labour`, {
      description: "钣金修复",
      hours: 1.15,
      rateFen: 33_333,
    });
    expect(r.labour).toEqual([
      expect.objectContaining({ hours: 1.15, rateFen: 33_333, amountFen: 38_333, payer: "insurer" }),
    ]);
    r = await f.ok(advisor, "POST", `/repair-orders/${ro.id}/parts`, {
      partNo: "5G0807221",
      name: "前保险杠",
      quantity: 1,
      unitPriceFen: 180_000,
    });
    r = await f.ok(advisor, "POST", `/repair-orders/${ro.id}/parts`, {
      partNo: "G052195M2",
      name: "机油",
      quantity: 4.5,
      unitPriceFen: 8_999,
      payer: "customer",
    });
    expect(r.parts[1]).toMatchObject({ quantity: 4.5, amountFen: 40_496, payer: "customer" }); // 404.955 → 404.96
    const extra = await f.ok(advisor, "POST", `/repair-orders/${ro.id}/labour`, {
      description: "多余",
      hours: 2,
      rateFen: 10_000,
    });
    const removed = await f.ok(advisor, "DELETE", `/repair-orders/${ro.id}/labour/${extra.labour[1].id}`);
    expect(removed.labour).toHaveLength(1);
    expect(removed.totals).toEqual({
      labourFen: 38_333,
      partsFen: 220_496,
      totalFen: 258_829,
      byPayer: { customer: 40_496, insurer: 218_333, warranty: 0 },
    });

    ctx.clock.advance(3_600_000);
    await f.ok(advisor2, "POST", `/repair-orders/${ro.id}/transition`, { to: "in_progress" });
    ctx.clock.advance(3_600_000);
    const done = await f.ok(advisor, "POST", `/repair-orders/${ro.id}/transition`, { to: "done" });
    // lines are fixed once done
    const before = await snapshot(ctx);
    f.refused(
      await f.send(advisor, "POST", `/repair-orders/${ro.id}/labour`, {
        description: "x",
        hours: 1,
        rateFen: 1,
      }),
      409,
      "ro_locked",
    );
    f.refused(
      await f.send(advisor, "DELETE", `/repair-orders/${ro.id}/parts/${done.parts[0].id}`),
      409,
      "ro_locked",
    );
    expect(await snapshot(ctx)).toEqual(before);

    const settled = await f.ok(advisor, "POST", `/repair-orders/${ro.id}/settle`, {});
    expect(settled).toMatchObject({ state: "settled", totalFen: 258_829, totals: removed.totals });
    const row = await ctx.pool.query(
      "SELECT labour_fen, parts_fen, total_fen, customer_fen, insurer_fen, warranty_fen, settled_by FROM repair_orders WHERE id = $1",
      [ro.id],
    );
    expect(row.rows[0]).toEqual({
      labour_fen: 38_333,
      parts_fen: 220_496,
      total_fen: 258_829,
      customer_fen: 40_496,
      insurer_fen: 218_333,
      warranty_fen: 0,
      settled_by: advisor.id,
    });
    expect(
      settled.events.map((e: { toState: string; actorName: string }) => [e.toState, e.actorName]),
    ).toEqual([
      ["open", "王顾问"],
      ["in_progress", "李顾问"],
      ["done", "王顾问"],
      ["settled", "王顾问"],
    ]);
    const audits = await ctx.count("audit_log", `entity = 'repair_order' AND entity_id = '${ro.id}'`);
    expect(audits).toBe(4);
  });

  it("refuses steps that skip or go back, a done order without lines, and times out of order", async () => {
    const v = await f.vehicle(store);
    const ro = await f.open(advisor, { vehicleId: v.vehicleId });
    const cases: [string, object, number, string][] = [
      ["transition", { to: "done" }, 422, "invalid_transition"],
      ["transition", { to: "settled" }, 422, "invalid_transition"],
      ["transition", { to: "handed_back" }, 422, "invalid_transition"],
      ["transition", { to: "open" }, 422, "invalid_transition"],
      ["settle", {}, 422, "invalid_transition"],
      ["hand-back", {}, 409, "not_settled"],
      ["transition", { to: "in_progress", occurredAt: "2026-11-24T01:59:00Z" }, 422, "before_previous_step"],
      ["transition", { to: "in_progress", occurredAt: "2026-11-24T02:01:00Z" }, 422, "in_future"],
    ];
    for (const [step, body, status, code] of cases) {
      const before = await snapshot(ctx);
      f.refused(await f.send(advisor, "POST", `/repair-orders/${ro.id}/${step}`, body), status, code);
      expect(await snapshot(ctx)).toEqual(before);
    }
    await f.ok(advisor, "POST", `/repair-orders/${ro.id}/transition`, { to: "in_progress" });
    const before = await snapshot(ctx);
    f.refused(
      await f.send(advisor, "POST", `/repair-orders/${ro.id}/transition`, { to: "done" }),
      422,
      "no_lines",
    );
    f.refused(await f.send(advisor, "POST", `/repair-orders/${ro.id}/settle`, {}), 422, "invalid_transition");
    expect(await snapshot(ctx)).toEqual(before);
  });

  it("settles once: a second settlement and a concurrent one are refused", async () => {
    const v = await f.vehicle(store);
    const ro = await f.through(advisor, { vehicleId: v.vehicleId }, "done");
    const results = await Promise.all(
      [advisor, advisor2, advisor].map((a) => f.send(a, "POST", `/repair-orders/${ro.id}/settle`, {})),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().error.code).toBe("already_settled");
    }
    expect(await ctx.count("ro_events", `repair_order_id = ${ro.id} AND to_state = 'settled'`)).toBe(1);
    const before = await snapshot(ctx);
    f.refused(await f.send(advisor, "POST", `/repair-orders/${ro.id}/settle`), 409, "already_settled");
    expect(await snapshot(ctx)).toEqual(before);
  });

  it("hands back a settled order once and opens one callback, due at the end of the 3rd working day", async () => {
    await at("2026-11-20T06:00:00Z"); // Friday 14:00 in Shanghai
    const v = await f.vehicle(store);
    const ro = await f.through(advisor, { vehicleId: v.vehicleId }, "settled");
    const results = await Promise.all(
      [advisor, advisor2].map((a) => f.send(a, "POST", `/repair-orders/${ro.id}/hand-back`, {})),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe("already_handed_back");
    const back = results.find((r) => r.statusCode === 200)!.json();
    expect(back).toMatchObject({ state: "handed_back", handedBackAt: "2026-11-20T06:00:00.000Z" });
    const tasks = await ctx.pool.query(
      "SELECT type, customer_id, vehicle_id, due_at FROM care_tasks WHERE repair_order_id = $1",
      [ro.id],
    );
    expect(tasks.rows).toEqual([
      {
        type: "post_service_callback",
        customer_id: v.customerId,
        vehicle_id: v.vehicleId,
        // Monday, Tuesday, Wednesday: 18:00 on Wednesday the 25th in Shanghai
        due_at: new Date("2026-11-25T10:00:00Z"),
      },
    ]);
    await at(NOW);
  });

  it("records a step at its real time, not before the previous one", async () => {
    await at("2026-11-21T02:00:00Z");
    const v = await f.vehicle(store);
    const ro = await f.through(advisor, { vehicleId: v.vehicleId }, "done");
    await at(NOW);
    const before = await snapshot(ctx);
    f.refused(
      await f.send(advisor, "POST", `/repair-orders/${ro.id}/settle`, { occurredAt: "2026-11-21T01:00:00Z" }),
      422,
      "before_previous_step",
    );
    expect(await snapshot(ctx)).toEqual(before);
    const s = await f.ok(advisor, "POST", `/repair-orders/${ro.id}/settle`, {
      occurredAt: "2026-11-22T03:00:00Z",
    });
    expect(s.settledAt).toBe("2026-11-22T03:00:00.000Z");
    const h = await f.ok(advisor, "POST", `/repair-orders/${ro.id}/hand-back`, {
      occurredAt: "2026-11-22T04:00:00Z",
    });
    expect(h.events.at(-1)).toMatchObject({ toState: "handed_back", at: "2026-11-22T04:00:00.000Z" });
  });
});

describe("reading", () => {
  it("lists with filters and searches by RO number, plate and VIN", async () => {
    const v = await f.vehicle(store);
    const ro = await f.open(advisor, { vehicleId: v.vehicleId, workType: "paint" });
    const q = async (query: string) =>
      (await f.ok(advisor, "GET", `/repair-orders?${query}`)).items.map((i: { id: number }) => i.id);
    expect(await q(`q=${ro.roNo}`)).toEqual([ro.id]);
    expect(await q(`q=${encodeURIComponent(v.plate)}`)).toEqual([ro.id]);
    expect(await q(`q=${v.vin.slice(-6)}`)).toEqual([ro.id]);
    expect(await q(`customerId=${v.customerId}`)).toEqual([ro.id]);
    expect(await q(`workType=paint&state=open`)).toContain(ro.id);
    expect(await q(`workType=paint&state=done`)).not.toContain(ro.id);
    expect(await q(`from=2026-11-24&to=2026-11-24&vehicleId=${v.vehicleId}`)).toEqual([ro.id]);
    expect(await q(`from=2026-11-25&vehicleId=${v.vehicleId}`)).toEqual([]);
    const page = await f.ok(advisor, "GET", "/repair-orders?pageSize=2");
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(await ctx.count("repair_orders", `store_id = ${store}`));
    expect(page.items[0]).not.toHaveProperty("labour");
    // another store's orders are not there, and one of them is 404
    expect(await f.ok(foreignAdvisor, "GET", "/repair-orders")).toMatchObject({
      total: await ctx.count("repair_orders", `store_id = ${store2}`),
    });
    f.refused(await f.send(foreignAdvisor, "GET", `/repair-orders/${ro.id}`), 404, "not_found");
  });

  it("shows the board of orders not handed back, by state, with today's counts", async () => {
    const s = await ctx.store();
    const a = await ctx.user("service_advisor", s, { displayName: "赵顾问" });
    await at("2026-11-23T01:00:00Z");
    const old = await f.through(a, { vehicleId: (await f.vehicle(s)).vehicleId }, "in_progress");
    const yesterdayBack = await f.through(a, { vehicleId: (await f.vehicle(s)).vehicleId }, "handed_back");
    await at("2026-11-24T00:30:00Z");
    const open = await f.open(a, { vehicleId: (await f.vehicle(s)).vehicleId, technician: "刘师傅" });
    const done = await f.through(a, { vehicleId: (await f.vehicle(s)).vehicleId }, "done");
    const settled = await f.through(a, { vehicleId: (await f.vehicle(s)).vehicleId }, "settled");
    const back = await f.through(a, { vehicleId: (await f.vehicle(s)).vehicleId }, "handed_back");
    await at(NOW);
    const board = await f.ok(a, "GET", "/repair-orders/board");
    const ids = (col: string) => board.columns[col].map((c: { id: number }) => c.id);
    expect(ids("open")).toEqual([open.id]);
    expect(ids("in_progress")).toEqual([old.id]);
    expect(ids("done")).toEqual([done.id]);
    expect(ids("settled")).toEqual([settled.id]);
    expect(JSON.stringify(board)).not.toContain(String(back.roNo));
    expect(JSON.stringify(board)).not.toContain(String(yesterdayBack.roNo));
    expect(board.openedToday).toBe(4);
    expect(board.handedBackToday).toBe(1);
    expect(board.columns.open[0]).toEqual({
      id: open.id,
      roNo: open.roNo,
      state: "open",
      plate: open.plate,
      model: "帕萨特",
      customerName: open.customerName,
      workType: "mechanical",
      advisorName: "赵顾问",
      technician: "刘师傅",
      openedAt: "2026-11-24T00:30:00.000Z",
      returnRepair: false,
      hoursOpen: 1,
    });
    expect(board.columns.in_progress[0].hoursOpen).toBe(25);
    // the group admin names the store; a store user may not name another
    const admin = await ctx.user("admin", null);
    f.refused(await f.send(admin, "GET", "/repair-orders/board"), 400, "store_required");
    expect((await f.ok(admin, "GET", `/repair-orders/board?storeId=${s}`)).openedToday).toBe(4);
    f.refused(await f.send(advisor, "GET", `/repair-orders/board?storeId=${s}`), 404, "not_found");
  });

  it("computes intake, return repair rate and average values for a period", async () => {
    const s = await ctx.store();
    const a = await ctx.user("service_advisor", s);
    const g = await ctx.user("gm", s);
    await at("2026-09-01T02:00:00Z");
    const v1 = await f.vehicle(s);
    const first = await f.through(a, { vehicleId: v1.vehicleId }, "handed_back"); // 200.00
    await at("2026-09-02T02:00:00Z");
    const ins = await f.open(a, { vehicleId: (await f.vehicle(s)).vehicleId, workType: "insurance" });
    await f.ok(a, "POST", `/repair-orders/${ins.id}/parts`, {
      partNo: "P1",
      name: "大灯",
      quantity: 1,
      unitPriceFen: 100_001,
    });
    await f.ok(a, "POST", `/repair-orders/${ins.id}/transition`, { to: "in_progress" });
    await f.ok(a, "POST", `/repair-orders/${ins.id}/transition`, { to: "done" });
    await f.ok(a, "POST", `/repair-orders/${ins.id}/settle`, {}); // 1000.01
    await at("2026-09-03T02:00:00Z");
    const again = await f.through(a, { vehicleId: v1.vehicleId }, "handed_back"); // a return repair
    expect(again.returnRepair).toBe(true);
    expect(first.id).toBeLessThan(again.id);
    await at("2026-10-05T02:00:00Z");
    await f.open(a, { vehicleId: (await f.vehicle(s)).vehicleId }); // outside September
    await at(NOW);
    const stats = await f.ok(g, "GET", "/repair-orders/stats?from=2026-09-01&to=2026-09-30");
    expect(stats).toEqual({
      intake: 3,
      handedBack: 2,
      returnRepairs: 1,
      returnRepairRate: 0.5,
      averageValueFen: Math.round((20_000 + 100_001 + 20_000) / 3),
      averageInsuranceValueFen: 100_001,
    });
    const empty = await f.ok(g, "GET", "/repair-orders/stats?from=2026-01-01&to=2026-01-31");
    expect(empty).toEqual({
      intake: 0,
      handedBack: 0,
      returnRepairs: 0,
      returnRepairRate: null,
      averageValueFen: null,
      averageInsuranceValueFen: null,
    });
    f.refused(
      await f.send(g, "GET", "/repair-orders/stats?from=2026-09-30&to=2026-09-01"),
      422,
      "invalid_period",
    );
  });
});

describe("roles", () => {
  it("lets customer service and the gm read but not write, and others neither", async () => {
    const v = await f.vehicle(store);
    const ro = await f.open(advisor, { vehicleId: v.vehicleId });
    expect((await f.send(cs, "GET", `/repair-orders/${ro.id}`)).statusCode).toBe(200);
    expect((await f.send(gm, "GET", "/repair-orders/board")).statusCode).toBe(200);
    const consultant = await ctx.user("consultant", store);
    f.refused(await f.send(consultant, "GET", `/repair-orders/${ro.id}`), 403, "forbidden");
    const before = await snapshot(ctx);
    for (const who of [cs, gm, consultant]) {
      f.refused(
        await f.send(who, "POST", `/repair-orders/${ro.id}/transition`, { to: "in_progress" }),
        403,
        "forbidden",
      );
    }
    expect(await snapshot(ctx)).toEqual(before);
  });
});
