/**
 * Appointments end to end: booking into the slot counter, a full slot under concurrent bookings, cancelling
 * and no-shows, arrival through `markArrived`, the day list, the slot load, the statistics; service plans.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { appointmentFixtures } from "./appointment-fixtures.ts";
import { markArrived } from "./appointments.ts";

const NOW = "2026-11-24T02:00:00Z"; // Tuesday 10:00 in Shanghai
const WED_10 = "2026-11-25T02:00:00.000Z";
const WED_11 = "2026-11-25T03:00:00.000Z";
let ctx: TestContext;
let f: ReturnType<typeof appointmentFixtures>;
let store: number;
let store2: number;
const u = {} as Record<
  "advisor" | "advisor2" | "cs" | "gm" | "admin" | "foreignAdvisor" | "consultant",
  TestUser
>;

beforeAll(async () => {
  ctx = await testApp(NOW);
  f = appointmentFixtures(ctx);
  store = await ctx.store();
  store2 = await ctx.store();
  u.advisor = await ctx.user("service_advisor", store, { displayName: "王顾问" });
  u.advisor2 = await ctx.user("service_advisor", store, { displayName: "李顾问" });
  u.cs = await ctx.user("customer_service", store);
  u.gm = await ctx.user("gm", store);
  u.consultant = await ctx.user("consultant", store);
  u.admin = await ctx.user("admin", null);
  u.foreignAdvisor = await ctx.user("service_advisor", store2);
});
beforeEach(() => ctx.clock.set(NOW));

const book = (by: TestUser, body: Record<string, unknown>) =>
  f.send(by, "POST", "/appointments", { slotStart: WED_10, workType: "maintenance", ...body });
const slotBooked = async (slot: string, s = store) =>
  (
    await ctx.pool.query("SELECT booked FROM appointment_slots WHERE store_id = $1 AND slot_start = $2", [
      s,
      slot,
    ])
  ).rows[0]?.booked ?? 0;

describe("booking", () => {
  it("a service advisor books a vehicle into a slot: the slot's load goes up, the booking is audited", async () => {
    const c = await f.customer(store, "帕萨特");
    const audits = await ctx.count("audit_log");
    const res = await book(u.advisor, { ...c, slotStart: WED_11, note: "客户要求洗车" });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      customerId: c.customerId,
      vehicleId: c.vehicleId,
      model: "帕萨特",
      slotStart: WED_11,
      workType: "maintenance",
      status: "booked",
      advisorId: u.advisor.id,
      advisorName: "王顾问",
      note: "客户要求洗车",
      repairOrderId: null,
      phoneMasked: true,
    });
    expect(res.json().phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(await slotBooked(WED_11)).toBe(1);
    expect(await ctx.count("audit_log")).toBe(audits + 1);

    const day = (await f.ok(u.advisor, "GET", "/appointments/slots?date=2026-11-25")) as {
      capacity: number;
      workingDay: boolean;
      slots: { slotStart: string; booked: number; full: boolean }[];
    };
    expect(day).toMatchObject({ capacity: 4, workingDay: true });
    expect(day.slots).toHaveLength(10);
    expect(day.slots.find((s) => s.slotStart === WED_11)).toMatchObject({ booked: 1, full: false });

    const list = await f.ok(u.cs, "GET", "/appointments?date=2026-11-25");
    const mine = list.items.find((a: { id: number }) => a.id === res.json().id);
    expect(mine).toMatchObject({ plate: expect.stringMatching(/^沪A/), phoneMasked: false });
  });

  it("customer service books without an advisor unless one is named", async () => {
    const c = await f.customer(store);
    const plain = await book(u.cs, { ...c, slotStart: WED_11 });
    expect(plain.json()).toMatchObject({ advisorId: null, advisorName: null });
    const c2 = await f.customer(store);
    const named = await book(u.cs, { ...c2, slotStart: WED_11, advisorId: u.advisor2.id });
    expect(named.json()).toMatchObject({ advisorId: u.advisor2.id, advisorName: "李顾问" });
  });

  it("six concurrent bookings of a 4-place slot: exactly four win, two get 409 slot_full", async () => {
    const slot = "2026-11-26T06:00:00.000Z";
    const cars = await Promise.all(Array.from({ length: 6 }, () => f.customer(store)));
    const [count, audits] = [await ctx.count("appointments"), await ctx.count("audit_log")];
    const results = await Promise.all(cars.map((c) => book(u.advisor, { ...c, slotStart: slot })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 201, 201, 201, 409, 409]);
    for (const r of results.filter((r) => r.statusCode === 409)) {
      expect(r.json().error).toMatchObject({ code: "slot_full", details: { capacity: 4, booked: 4 } });
    }
    expect(await ctx.count("appointments")).toBe(count + 4);
    expect(await ctx.count("appointments", `slot_start = '${slot}' and status = 'booked'`)).toBe(4);
    expect(await slotBooked(slot)).toBe(4);
    expect(await ctx.count("audit_log")).toBe(audits + 4);

    // cancelling one frees its place for the next customer; the slot is full again after that
    const won = results.find((r) => r.statusCode === 201)!.json();
    await f.ok(u.advisor, "POST", `/appointments/${won.id}/cancel`);
    expect(await slotBooked(slot)).toBe(3);
    const lost = cars[results.findIndex((r) => r.statusCode === 409)]!;
    expect((await book(u.advisor, { ...lost, slotStart: slot })).statusCode).toBe(201);
    expect((await book(u.advisor, { ...(await f.customer(store)), slotStart: slot })).statusCode).toBe(409);
  });

  it("a smaller capacity set by the admin refuses new bookings of a slot already fuller; the rest stay", async () => {
    const slot = "2026-11-27T07:00:00.000Z";
    for (let i = 0; i < 2; i++) {
      expect((await book(u.advisor, { ...(await f.customer(store)), slotStart: slot })).statusCode).toBe(201);
    }
    const small = await ctx.store();
    const advisor = await ctx.user("service_advisor", small);
    await f.ok(u.admin, "PATCH", `/stores/${small}`, { workshopCapacityPerHour: 1 });
    expect((await book(advisor, { ...(await f.customer(small)), slotStart: slot })).statusCode).toBe(201);
    const full = await book(advisor, { ...(await f.customer(small)), slotStart: slot });
    expect(full.json().error).toMatchObject({ code: "slot_full", details: { capacity: 1, booked: 1 } });
    expect(await slotBooked(slot)).toBe(2);
  });

  it("the same vehicle cannot be booked twice into a slot, even by two requests at once", async () => {
    const c = await f.customer(store);
    const slot = "2026-11-30T01:00:00.000Z";
    const results = await Promise.all([1, 2].map(() => book(u.advisor, { ...c, slotStart: slot })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe("already_booked");
    expect(await slotBooked(slot)).toBe(1);
    // another slot is fine; after cancelling, the same slot is too
    expect((await book(u.advisor, { ...c, slotStart: "2026-11-30T02:00:00.000Z" })).statusCode).toBe(201);
    await f.ok(
      u.advisor,
      "POST",
      `/appointments/${results.find((r) => r.statusCode === 201)!.json().id}/cancel`,
    );
    expect((await book(u.advisor, { ...c, slotStart: slot })).statusCode).toBe(201);
  });

  it("a day the admin marks a holiday takes no appointment; a make-up Saturday does", async () => {
    const c = await f.customer(store);
    await f.ok(u.admin, "PUT", `/stores/${store}/calendar`, {
      year: 2026,
      holidays: ["2026-12-02"],
      workdays: ["2026-12-05"],
    });
    const holiday = await book(u.advisor, { ...c, slotStart: "2026-12-02T02:00:00Z" });
    expect(holiday.json().error.code).toBe("not_a_working_day");
    expect((await book(u.advisor, { ...c, slotStart: "2026-12-05T02:00:00Z" })).statusCode).toBe(201);
    const sat = await f.ok(u.advisor, "GET", "/appointments/slots?date=2026-12-05");
    const wed = await f.ok(u.advisor, "GET", "/appointments/slots?date=2026-12-02");
    expect([sat.workingDay, wed.workingDay]).toEqual([true, false]);
  });
});

describe("cancel, no-show, arrival", () => {
  // today's 11:00 slot: the clock moves an hour or so, within the users' sessions
  const TUE_11 = "2026-11-24T03:00:00.000Z";

  it("cancelling is possible until the slot begins, and only once", async () => {
    const a = (await book(u.advisor, { ...(await f.customer(store)), slotStart: TUE_11 })).json();
    ctx.clock.set(TUE_11);
    const late = await f.send(u.advisor, "POST", `/appointments/${a.id}/cancel`);
    expect([late.statusCode, late.json().error.code]).toEqual([409, "slot_started"]);
    ctx.clock.set(NOW);
    const b = (await book(u.advisor, await f.customer(store))).json();
    const before = await slotBooked(WED_10);
    const ok = await f.send(u.cs, "POST", `/appointments/${b.id}/cancel`, {});
    expect(ok.json()).toMatchObject({ status: "cancelled", statusAt: "2026-11-24T02:00:00.000Z" });
    expect(await slotBooked(WED_10)).toBe(before - 1);
    const again = await f.send(u.advisor, "POST", `/appointments/${b.id}/cancel`);
    expect([again.statusCode, again.json().error.code]).toEqual([409, "appointment_not_booked"]);
    expect(await slotBooked(WED_10)).toBe(before - 1);
  });

  it("a no-show is recorded once the slot has begun; the place stays counted", async () => {
    const a = (await book(u.advisor, { ...(await f.customer(store)), slotStart: TUE_11 })).json();
    const early = await f.send(u.advisor, "POST", `/appointments/${a.id}/no-show`, {});
    expect([early.statusCode, early.json().error.code]).toEqual([409, "slot_not_started"]);
    ctx.clock.set("2026-11-24T03:40:00Z");
    const tooEarly = await f.send(u.advisor, "POST", `/appointments/${a.id}/no-show`, {
      occurredAt: "2026-11-24T02:59:00Z",
    });
    expect(tooEarly.json().error.code).toBe("slot_not_started");
    const booked = await slotBooked(TUE_11);
    const res = await f.send(u.advisor, "POST", `/appointments/${a.id}/no-show`, {
      occurredAt: "2026-11-24T03:30:00+00:00",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "no_show", statusAt: "2026-11-24T03:30:00.000Z" });
    expect(await slotBooked(TUE_11)).toBe(booked);
    expect((await f.send(u.advisor, "POST", `/appointments/${a.id}/no-show`)).statusCode).toBe(409);
  });

  it("markArrived turns a booked appointment of the vehicle into arrived, once", async () => {
    const c = await f.customer(store);
    const a = (await book(u.advisor, c)).json();
    const other = await f.vehicle(store, c.customerId);
    const at = new Date("2026-11-25T01:50:00Z");
    const arrive = (vehicleId: number) =>
      ctx.db.transaction((tx) => markArrived(tx, store, a.id, vehicleId, 4242, at, u.advisor.id));
    await expect(arrive(other)).rejects.toMatchObject({ code: "appointment_other_vehicle" });
    await expect(
      ctx.db.transaction((tx) => markArrived(tx, store2, a.id, c.vehicleId, 4242, at)),
    ).rejects.toMatchObject({ code: "not_found" });
    const audits = await ctx.count("audit_log");
    const row = await arrive(c.vehicleId);
    expect(row).toMatchObject({
      status: "arrived",
      repairOrderId: 4242,
      statusBy: u.advisor.id,
      statusAt: at,
    });
    expect(await ctx.count("audit_log")).toBe(audits + 1);
    await expect(arrive(c.vehicleId)).rejects.toMatchObject({ code: "appointment_not_booked" });
    const shown = await f.ok(u.gm, "GET", `/appointments/${a.id}`);
    expect(shown).toMatchObject({ status: "arrived", repairOrderId: 4242 });
  });
});

describe("lists and statistics", () => {
  it("the day list filters by status and store; another store sees none of them", async () => {
    const date = "2026-12-07";
    const slot = "2026-12-07T02:00:00Z";
    const a = (await book(u.advisor, { ...(await f.customer(store)), slotStart: slot })).json();
    const b = (await book(u.advisor, { ...(await f.customer(store)), slotStart: slot })).json();
    await f.ok(u.advisor, "POST", `/appointments/${b.id}/cancel`);
    const foreign = (
      await book(u.foreignAdvisor, { ...(await f.customer(store2)), slotStart: "2026-12-08T00:00:00Z" })
    ).json();
    const ids = async (by: TestUser, q: string) =>
      (await f.ok(by, "GET", `/appointments?date=${date}${q}`)).items.map((x: { id: number }) => x.id);
    expect(await ids(u.advisor, "")).toEqual([a.id, b.id]);
    expect(await ids(u.advisor, "&status=cancelled")).toEqual([b.id]);
    expect(await ids(u.foreignAdvisor, "")).toEqual([]);
    // the admin sees every store's, or one store's
    expect(await ids(u.admin, "")).toEqual([a.id, b.id]);
    expect(await ids(u.admin, `&storeId=${store2}`)).toEqual([]);
    expect(
      (await f.ok(u.admin, "GET", "/appointments?date=2026-12-08")).items.map((x: { id: number }) => x.id),
    ).toEqual([foreign.id]);
    expect((await f.send(u.advisor, "GET", `/appointments?date=${date}&storeId=${store2}`)).statusCode).toBe(
      404,
    );
    expect((await f.send(u.advisor, "GET", `/appointments/${foreign.id}`)).statusCode).toBe(404);
    expect((await f.send(u.consultant, "GET", `/appointments?date=${date}`)).statusCode).toBe(403);
  });

  it("statistics count a period's appointments by status, with the no-show rate", async () => {
    const s = await ctx.store();
    const advisor = await ctx.user("service_advisor", s);
    const slots = [
      "2026-12-14T02:00:00Z",
      "2026-12-14T03:00:00Z",
      "2026-12-15T02:00:00Z",
      "2026-12-16T02:00:00Z",
    ];
    const made: { id: number; vehicleId: number }[] = [];
    for (const slot of slots)
      made.push((await book(advisor, { ...(await f.customer(s)), slotStart: slot })).json());
    const [noShow, arrived, , cancelled] = made as [
      (typeof made)[0],
      (typeof made)[0],
      unknown,
      (typeof made)[0],
    ];
    const stats = (q: string) => f.ok(advisor, "GET", `/appointments/stats?${q}`);
    expect(await stats("from=2026-12-14&to=2026-12-16")).toEqual({
      booked: 4,
      arrived: 0,
      noShow: 0,
      cancelled: 0,
      noShowRate: null,
    });
    await f.ok(advisor, "POST", `/appointments/${cancelled.id}/cancel`);
    ctx.clock.set("2026-12-16T00:00:00Z");
    // a week later: a new session
    const later = await ctx.user("service_advisor", s);
    await f.ok(later, "POST", `/appointments/${noShow.id}/no-show`);
    await ctx.db.transaction((tx) =>
      markArrived(tx, s, arrived.id, arrived.vehicleId, 1, new Date("2026-12-14T03:00:00Z")),
    );
    const stats2 = (q: string) => f.ok(later, "GET", `/appointments/stats?${q}`);
    expect(await stats2("from=2026-12-14&to=2026-12-16")).toEqual({
      booked: 1,
      arrived: 1,
      noShow: 1,
      cancelled: 1,
      noShowRate: 0.5,
    });
    expect(await stats2("from=2026-12-15&to=2026-12-15")).toMatchObject({ booked: 1, noShowRate: null });
    const bad = await f.send(later, "GET", "/appointments/stats?from=2026-12-16&to=2026-12-14");
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, "invalid_range"]);
  });

  it("the admin names the store for the slot load; a store user gets the own", async () => {
    const res = await f.send(u.admin, "GET", "/appointments/slots?date=2026-11-25");
    expect([res.statusCode, res.json().error.code]).toEqual([400, "store_required"]);
    const own = await f.ok(u.admin, "GET", `/appointments/slots?date=2026-11-25&storeId=${store}`);
    expect(own.slots.find((x: { slotStart: string }) => x.slotStart === WED_11).booked).toBe(
      await slotBooked(WED_11),
    );
    expect(
      (await f.send(u.admin, "GET", "/appointments/slots?date=2026-11-25&storeId=99999999")).statusCode,
    ).toBe(404);
  });
});

describe("service plans", () => {
  it("the gm sets a model's plan, changes it and removes it; each write is audited", async () => {
    const audits = await ctx.count("audit_log");
    const created = await f.send(u.gm, "PUT", "/service-plans", {
      model: "途观L",
      intervalMonths: 6,
      intervalKm: 7500,
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({
      storeId: store,
      model: "途观L",
      intervalMonths: 6,
      intervalKm: 7500,
    });
    await f.ok(u.gm, "PUT", "/service-plans", { model: "途观L", intervalMonths: 12, intervalKm: 10000 });
    await f.ok(u.gm, "PUT", "/service-plans", { model: "朗逸", intervalMonths: 12, intervalKm: 10000 });
    const list = await f.ok(u.advisor, "GET", "/service-plans");
    expect(list.items.map((p: { model: string; intervalKm: number }) => [p.model, p.intervalKm])).toEqual([
      ["朗逸", 10000],
      ["途观L", 10000],
    ]);
    expect((await f.ok(u.foreignAdvisor, "GET", "/service-plans")).items).toEqual([]);
    const actions = await ctx.pool.query(
      "SELECT action FROM audit_log WHERE entity = 'service_plan' AND store_id = $1 ORDER BY id",
      [store],
    );
    expect(actions.rows.map((r) => r.action)).toEqual(["create", "update", "create"]);
    expect((await f.send(u.gm, "DELETE", `/service-plans/${encodeURIComponent("朗逸")}`)).statusCode).toBe(
      204,
    );
    expect((await f.send(u.gm, "DELETE", `/service-plans/${encodeURIComponent("朗逸")}`)).statusCode).toBe(
      404,
    );
    expect(await ctx.count("audit_log")).toBe(audits + 4);
    expect(await ctx.count("service_plans", `store_id = ${store}`)).toBe(1);
  });

  it("the admin names the store; plans of two stores stay apart", async () => {
    const res = await f.send(u.admin, "PUT", "/service-plans", {
      model: "帕萨特",
      intervalMonths: 6,
      intervalKm: 5000,
    });
    expect([res.statusCode, res.json().error.code]).toEqual([400, "store_required"]);
    await f.ok(u.admin, "PUT", "/service-plans", {
      model: "帕萨特",
      intervalMonths: 6,
      intervalKm: 5000,
      storeId: store2,
    });
    const all = await f.ok(u.admin, "GET", "/service-plans");
    expect(
      all.items
        .filter((p: { model: string }) => p.model === "帕萨特")
        .map((p: { storeId: number }) => p.storeId),
    ).toEqual([store2]);
    expect((await f.ok(u.admin, "GET", `/service-plans?storeId=${store2}`)).items).toHaveLength(1);
  });
});
