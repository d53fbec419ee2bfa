/**
 * Orders end to end through the HTTP API against a real database: reserving a car, order numbers, the lead
 * becoming O, referral credit, factory orders and their allocation, cancellation (T) and the manager's
 * decision, delivery (D) with the customer's vehicle and the callbacks, and the lists.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { FULL_CHECKLIST, salesFixtures } from "./test-support.ts";

const NOW = "2026-11-24T02:00:00Z"; // Tuesday 10:00 in Shanghai
let ctx: TestContext;
let f: ReturnType<typeof salesFixtures>;
let store: number;
let store2: number;
let consultant: TestUser;
let consultant2: TestUser;
let manager: TestUser;
let gm: TestUser;
let cs: TestUser;
let admin: TestUser;
let foreignConsultant: TestUser;

beforeAll(async () => {
  ctx = await testApp(NOW);
  f = salesFixtures(ctx);
  store = await ctx.store("一号店");
  store2 = await ctx.store("二号店");
  consultant = await ctx.user("consultant", store, { displayName: "张三" });
  consultant2 = await ctx.user("consultant", store, { displayName: "李四" });
  manager = await ctx.user("sales_manager", store);
  gm = await ctx.user("gm", store);
  cs = await ctx.user("customer_service", store);
  admin = await ctx.user("admin", null);
  foreignConsultant = await ctx.user("consultant", store2);
});

const leadDetail = (id: number) => f.ok(manager, "GET", `/leads/${id}`);

describe("ordering a stock car", () => {
  it("reserves the car, numbers the order, makes the lead O and logs it", async () => {
    const lead = await f.lead(consultant, { name: "赵先生" });
    const car = await f.car(store);
    const q = await f.ok(
      consultant,
      "POST",
      "/quotes",
      { leadId: lead.id, vehicleId: car.id, vehiclePriceFen: 20_500_000 },
      201,
    );
    const audits = await ctx.count("audit_log");
    const o = await f.order(consultant, {
      leadId: lead.id,
      vehicleId: car.id,
      quoteId: q.id,
      priceFen: 20_500_000,
    });
    expect(o).toMatchObject({
      storeId: store,
      state: "open",
      leadId: lead.id,
      leadName: "赵先生",
      customerId: lead.customerId,
      customerName: "赵先生",
      phone: lead.phone,
      quoteId: q.id,
      vehicleId: car.id,
      vin: car.vin,
      model: "途观L",
      colour: "白色",
      factoryOrder: false,
      priceFen: 20_500_000,
      depositFen: 500_000,
      depositMethod: "wechat",
      referrerCustomerId: null,
      consultantId: consultant.id,
      consultantName: "张三",
      orderedAt: NOW.replace("Z", ".000Z"),
      cancelledAt: null,
      deliveredAt: null,
    });
    expect(o.orderNo).toMatch(/^SO2026-\d{6}$/);
    expect((await f.carStatus(car.id)).status).toBe("reserved");
    // the order, the car, the lead
    expect(await ctx.count("audit_log")).toBe(audits + 3);

    const d = await leadDetail(lead.id);
    // O is due every 7 days until delivery: 2026-12-01 18:00 Shanghai
    expect(d.lead).toMatchObject({ level: "O", state: "active", dueAt: "2026-12-01T10:00:00.000Z" });
    expect(d.lead.levelSince).toBe(o.orderedAt);
    expect(d.events[0]).toMatchObject({
      kind: "ordered",
      actorId: consultant.id,
      data: { orderId: o.id, orderNo: o.orderNo, vin: car.vin, from: "N", to: "O" },
    });
  });

  it("numbers orders per store and store-local year, one after the other", async () => {
    const one = await f.order(consultant, {
      leadId: (await f.lead(consultant)).id,
      vehicleId: (await f.car(store)).id,
    });
    const two = await f.order(consultant, {
      leadId: (await f.lead(consultant)).id,
      vehicleId: (await f.car(store)).id,
    });
    const seqOf = (no: string) => Number(no.slice(-6));
    expect(seqOf(two.orderNo)).toBe(seqOf(one.orderNo) + 1);
    const foreign = await f.order(foreignConsultant, {
      leadId: (await f.lead(foreignConsultant)).id,
      vehicleId: (await f.car(store2)).id,
    });
    expect(foreign.orderNo).toBe("SO2026-000001");
    // 2027-01-01 01:00 in Shanghai is still 2026 in UTC: the store's year counts
    ctx.clock.set("2026-12-31T17:00:00Z");
    const newYear = await ctx.user("consultant", store);
    const first2027 = await f.order(newYear, {
      leadId: (await f.lead(newYear)).id,
      vehicleId: (await f.car(store)).id,
    });
    ctx.clock.set(NOW);
    expect(first2027.orderNo).toBe("SO2027-000001");
  });

  it("a backdated order keeps its time and its lead's clock runs from it", async () => {
    const lead = await f.lead(consultant, { occurredAt: "2026-11-24T01:00:00Z" });
    const o = await f.order(consultant, {
      leadId: lead.id,
      vehicleId: (await f.car(store)).id,
      occurredAt: "2026-11-24T01:30:00+00:00",
    });
    expect(o.orderedAt).toBe("2026-11-24T01:30:00.000Z");
    expect((await leadDetail(lead.id)).lead.dueAt).toBe("2026-12-01T10:00:00.000Z");
  });

  it("a lead has one open order; a taken car answers vin_reserved; a closed lead takes none", async () => {
    const lead = await f.lead(consultant);
    const car = await f.car(store);
    await f.order(consultant, { leadId: lead.id, vehicleId: car.id });
    const before = await ctx.count("orders");
    f.refused(
      await f.send(consultant, "POST", "/orders", {
        leadId: lead.id,
        vehicleId: (await f.car(store)).id,
        depositFen: 0,
        priceFen: 1,
      }),
      409,
      "lead_has_open_order",
    );
    const other = await f.lead(consultant);
    const err = f.refused(
      await f.send(consultant, "POST", "/orders", {
        leadId: other.id,
        vehicleId: car.id,
        depositFen: 0,
        priceFen: 1,
      }),
      409,
      "vin_reserved",
    );
    expect(err.details).toMatchObject({ status: "reserved", vin: car.vin });
    const sold = await f.car(store, { status: "sold" });
    f.refused(
      await f.send(consultant, "POST", "/orders", {
        leadId: other.id,
        vehicleId: sold.id,
        depositFen: 0,
        priceFen: 1,
      }),
      409,
      "vin_reserved",
    );
    const defeated = await f.lead(consultant);
    await f.ok(consultant, "POST", `/leads/${defeated.id}/defeat`, { reason: "budget" });
    f.refused(
      await f.send(consultant, "POST", "/orders", {
        leadId: defeated.id,
        factoryOrder: { model: "途观L", colour: "白色" },
        depositFen: 0,
        priceFen: 1,
      }),
      409,
      "lead_not_active",
    );
    expect(await ctx.count("orders")).toBe(before);
  });

  it("an ordered lead cannot be defeated: the order is cancelled instead", async () => {
    const lead = await f.lead(consultant);
    await f.order(consultant, { leadId: lead.id, vehicleId: (await f.car(store)).id });
    const before = await Promise.all(
      ["defeat_requests", "lead_events", "audit_log"].map((t) => ctx.count(t)),
    );
    f.refused(
      await f.send(consultant, "POST", `/leads/${lead.id}/defeat`, { reason: "price" }),
      409,
      "lead_has_open_order",
    );
    expect(
      await Promise.all(["defeat_requests", "lead_events", "audit_log"].map((t) => ctx.count(t))),
    ).toEqual(before);
    expect((await leadDetail(lead.id)).lead).toMatchObject({ level: "O", state: "active" });
  });

  it("a demo car and a car in transit can be sold", async () => {
    for (const status of ["demo", "in_transit"] as const) {
      const car = await f.car(store, { status });
      const o = await f.order(consultant, { leadId: (await f.lead(consultant)).id, vehicleId: car.id });
      expect(o.vehicleId).toBe(car.id);
      expect((await f.carStatus(car.id)).status).toBe("reserved");
    }
  });

  it("takes only a quote of the same lead", async () => {
    const lead = await f.lead(consultant);
    const otherLead = await f.lead(consultant);
    const q = await f.ok(consultant, "POST", "/quotes", { leadId: otherLead.id, vehiclePriceFen: 1 }, 201);
    const body = {
      leadId: lead.id,
      vehicleId: (await f.car(store)).id,
      quoteId: q.id,
      depositFen: 0,
      priceFen: 1,
    };
    f.refused(await f.send(consultant, "POST", "/orders", body), 422, "quote_of_another_lead");
    expect((await leadDetail(lead.id)).lead.level).toBe("N");
  });
});

describe("referral credit (转介绍)", () => {
  it("the order of a referral lead credits the referring customer, who sees the deal", async () => {
    const referrer = await f.lead(consultant, { name: "老客户钱" });
    const lead = await f.lead(consultant2, {
      name: "新客户孙",
      source: "referral",
      referrerCustomerId: referrer.customerId,
    });
    const o = await f.order(consultant2, { leadId: lead.id, vehicleId: (await f.car(store)).id });
    expect(o).toMatchObject({ referrerCustomerId: referrer.customerId, referrerName: "老客户钱" });
    const expected = [
      {
        orderId: o.id,
        orderNo: o.orderNo,
        state: "open",
        leadId: lead.id,
        customerName: "新客户孙",
        deliveredAt: null,
      },
    ];
    for (const u of [manager, cs, consultant2]) {
      const { items } = await f.ok(u, "GET", `/customers/${referrer.customerId}/referrals`);
      expect(items).toMatchObject(expected);
    }
    // the referrer's own consultant reaches the customer, but not the other consultant's deal
    expect((await f.ok(consultant, "GET", `/customers/${referrer.customerId}/referrals`)).items).toEqual([]);
    const stranger = await ctx.user("consultant", store);
    f.refused(await f.send(stranger, "GET", `/customers/${referrer.customerId}/referrals`), 404, "not_found");
    f.refused(
      await f.send(foreignConsultant, "GET", `/customers/${referrer.customerId}/referrals`),
      404,
      "not_found",
    );
  });
});

describe("factory orders", () => {
  it("order by model and colour, allocate the arrived car, refuse the wrong one", async () => {
    const lead = await f.lead(consultant);
    const o = await f.order(consultant, {
      leadId: lead.id,
      factoryOrder: { model: "途观L", trim: "330TSI", colour: "黑色", optionPackage: "智能包" },
    });
    expect(o).toMatchObject({
      factoryOrder: true,
      vehicleId: null,
      vin: null,
      model: "途观L",
      trim: "330TSI",
      colour: "黑色",
      optionPackage: "智能包",
    });
    f.refused(await f.send(consultant, "POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST), 409, "no_vehicle");
    const white = await f.car(store, { trim: "330TSI", colour: "白色", optionPackage: "智能包" });
    const err = f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/allocate`, { vehicleId: white.id }),
      422,
      "vehicle_mismatch",
    );
    expect(err.details.fields).toEqual([{ field: "colour", ordered: "黑色", actual: "白色" }]);
    expect((await f.carStatus(white.id)).status).toBe("in_stock");
    const black = await f.car(store, { trim: "330TSI", colour: "黑色", optionPackage: "智能包" });
    const allocated = await f.ok(consultant, "POST", `/orders/${o.id}/allocate`, { vehicleId: black.id });
    expect(allocated).toMatchObject({
      vehicleId: black.id,
      vin: black.vin,
      factoryOrder: true,
      colour: "黑色",
    });
    expect((await f.carStatus(black.id)).status).toBe("reserved");
    f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/allocate`, { vehicleId: white.id }),
      409,
      "already_allocated",
    );
  });

  it("a car another order holds cannot be allocated; a stock order needs no allocation", async () => {
    const held = await f.car(store, { colour: "红色" });
    await f.order(consultant, { leadId: (await f.lead(consultant)).id, vehicleId: held.id });
    const fo = await f.order(consultant, {
      leadId: (await f.lead(consultant)).id,
      factoryOrder: { model: "途观L", colour: "红色" },
    });
    f.refused(
      await f.send(consultant, "POST", `/orders/${fo.id}/allocate`, { vehicleId: held.id }),
      409,
      "vin_reserved",
    );
    const stockOrder = await f.order(consultant, {
      leadId: (await f.lead(consultant)).id,
      vehicleId: (await f.car(store)).id,
    });
    f.refused(
      await f.send(consultant, "POST", `/orders/${stockOrder.id}/allocate`, {
        vehicleId: (await f.car(store)).id,
      }),
      409,
      "already_allocated",
    );
  });
});

describe("cancelling an order (退订)", () => {
  it("the manager cancels with a refund: the car goes back, the lead becomes T", async () => {
    const lead = await f.lead(consultant);
    const car = await f.car(store);
    const o = await f.order(consultant, { leadId: lead.id, vehicleId: car.id, depositFen: 1_000_000 });
    f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/cancel`, { reason: "资金不足", refundFen: 0 }),
      403,
      "forbidden",
    );
    const c = await f.ok(manager, "POST", `/orders/${o.id}/cancel`, {
      reason: "资金不足",
      refundFen: 800_000,
    });
    expect(c).toMatchObject({
      state: "cancelled",
      cancelReason: "资金不足",
      refundFen: 800_000,
      cancelledAt: "2026-11-24T02:00:00.000Z",
      vehicleId: car.id,
    });
    expect((await f.carStatus(car.id)).status).toBe("in_stock");
    const d = await leadDetail(lead.id);
    expect(d.lead).toMatchObject({ level: "T", state: "active", dueAt: null, overdue: false });
    expect(d.events[0]).toMatchObject({
      kind: "order_cancelled",
      actorId: manager.id,
      data: { orderId: o.id, reason: "资金不足", refundFen: 800_000, from: "O", to: "T" },
    });
    // the car is free for the next customer
    await f.order(consultant, { leadId: (await f.lead(consultant)).id, vehicleId: car.id });
  });

  it("a demo car goes back to the demo fleet, a car not yet arrived back in transit", async () => {
    for (const [status, back] of [
      ["demo", "demo"],
      ["in_transit", "in_transit"],
    ] as const) {
      const car = await f.car(store, { status });
      const o = await f.order(consultant, { leadId: (await f.lead(consultant)).id, vehicleId: car.id });
      await f.ok(gm, "POST", `/orders/${o.id}/cancel`, { reason: "改买别的车", refundFen: 0 });
      expect((await f.carStatus(car.id)).status).toBe(back);
    }
  });

  it("a car that arrived while reserved goes to stock", async () => {
    const car = await f.car(store, { status: "in_transit" });
    const o = await f.order(consultant, { leadId: (await f.lead(consultant)).id, vehicleId: car.id });
    await ctx.pool.query("UPDATE stock_vehicles SET arrived_at = $2 WHERE id = $1", [
      car.id,
      "2026-11-20T02:00:00Z",
    ]);
    await f.ok(manager, "POST", `/orders/${o.id}/cancel`, { reason: "客户放弃", refundFen: 0 });
    expect((await f.carStatus(car.id)).status).toBe("in_stock");
  });

  it("refuses a refund above the deposit, and a cancelled or delivered order", async () => {
    const o = await f.order(consultant, {
      leadId: (await f.lead(consultant)).id,
      vehicleId: (await f.car(store)).id,
      depositFen: 300_000,
    });
    f.refused(
      await f.send(manager, "POST", `/orders/${o.id}/cancel`, { reason: "x", refundFen: 300_001 }),
      422,
      "refund_exceeds_deposit",
    );
    await f.ok(manager, "POST", `/orders/${o.id}/cancel`, { reason: "x", refundFen: 300_000 });
    f.refused(
      await f.send(manager, "POST", `/orders/${o.id}/cancel`, { reason: "x", refundFen: 0 }),
      409,
      "order_not_open",
    );
    f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST),
      409,
      "order_not_open",
    );
    f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/allocate`, { vehicleId: (await f.car(store)).id }),
      409,
      "order_not_open",
    );
    const delivered = await f.order(consultant, {
      leadId: (await f.lead(consultant)).id,
      vehicleId: (await f.car(store)).id,
    });
    await f.ok(consultant, "POST", `/orders/${delivered.id}/deliver`, FULL_CHECKLIST);
    const audits = await ctx.count("audit_log");
    f.refused(
      await f.send(manager, "POST", `/orders/${delivered.id}/cancel`, { reason: "x", refundFen: 0 }),
      409,
      "order_not_open",
    );
    expect(await ctx.count("audit_log")).toBe(audits);
  });
});

describe("the manager's decision on a cancelled (T) lead", () => {
  const cancelled = async () => {
    const lead = await f.lead(consultant);
    const o = await f.order(consultant, { leadId: lead.id, vehicleId: (await f.car(store)).id });
    await f.ok(manager, "POST", `/orders/${o.id}/cancel`, { reason: "暂缓购车", refundFen: 500_000 });
    return lead;
  };

  it("re-grades it: the consultant follows it up again by that level's range", async () => {
    const lead = await cancelled();
    // a follow-up cannot take that decision
    f.refused(
      await f.send(consultant, "POST", `/leads/${lead.id}/follow-ups`, {
        channel: "phone",
        reached: true,
        content: "还想买",
        level: "A",
      }),
      422,
      "level_not_allowed",
    );
    const { lead: after } = await f.ok(manager, "POST", `/leads/${lead.id}/after-cancel`, {
      action: "regrade",
      level: "B",
    });
    // B: at the latest 7 days from now → 2026-12-01 18:00 Shanghai
    expect(after).toMatchObject({
      level: "B",
      state: "active",
      dueAt: "2026-12-01T10:00:00.000Z",
      levelSince: "2026-11-24T02:00:00.000Z",
    });
    expect((await leadDetail(lead.id)).events[0]).toMatchObject({
      kind: "cancel_regraded",
      data: { from: "T", to: "B" },
    });
    f.refused(
      await f.send(manager, "POST", `/leads/${lead.id}/after-cancel`, { action: "close" }),
      409,
      "not_cancelled",
    );
    // and the consultant may grade it by follow-ups again
    await f.ok(consultant, "POST", `/leads/${lead.id}/follow-ups`, {
      channel: "phone",
      reached: true,
      content: "再看看",
      level: "A",
    });
  });

  it("closes it: the lead is defeated and leaves the lists", async () => {
    const lead = await cancelled();
    const { lead: after } = await f.ok(gm, "POST", `/leads/${lead.id}/after-cancel`, {
      action: "close",
      note: "已买竞品",
    });
    expect(after).toMatchObject({ level: "T", state: "defeated", dueAt: null });
    expect((await leadDetail(lead.id)).events[0]).toMatchObject({
      kind: "cancel_closed",
      data: { note: "已买竞品" },
    });
  });

  it("a new order on a T lead makes it O again", async () => {
    const lead = await cancelled();
    await f.order(consultant, { leadId: lead.id, vehicleId: (await f.car(store)).id });
    expect((await leadDetail(lead.id)).lead.level).toBe("O");
    f.refused(
      await f.send(manager, "POST", `/leads/${lead.id}/after-cancel`, { action: "regrade", level: "C" }),
      409,
      "not_cancelled",
    );
  });

  it("only on T leads, by the managers, in their store", async () => {
    const lead = await cancelled();
    f.refused(
      await f.send(manager, "POST", `/leads/${(await f.lead(consultant)).id}/after-cancel`, {
        action: "close",
      }),
      409,
      "not_cancelled",
    );
    f.refused(
      await f.send(consultant, "POST", `/leads/${lead.id}/after-cancel`, { action: "close" }),
      403,
      "forbidden",
    );
    const foreignManager = await ctx.user("sales_manager", store2);
    f.refused(
      await f.send(foreignManager, "POST", `/leads/${lead.id}/after-cancel`, { action: "close" }),
      404,
      "not_found",
    );
    expect((await leadDetail(lead.id)).lead).toMatchObject({ level: "T", state: "active" });
  });
});

describe("delivery (交车)", () => {
  it("with the checklist complete: car sold, customer's vehicle, lead D (won), callbacks at 3/7/30 days", async () => {
    const lead = await f.lead(consultant, { name: "吴女士" });
    const car = await f.car(store, { model: "途昂", colour: "灰色", trim: "530 V6" });
    const o = await f.order(consultant, { leadId: lead.id, vehicleId: car.id });
    const missing = f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/deliver`, {
        pdiDone: false,
        documents: { ...FULL_CHECKLIST.documents, keys: false, warrantyCard: false },
      }),
      409,
      "checklist_incomplete",
    );
    expect(missing.details.missing).toEqual(["pdiDone", "documents.warrantyCard", "documents.keys"]);
    expect(await ctx.count("care_tasks", `order_id = ${o.id}`)).toBe(0);

    // recorded at 19:00 in Shanghai by the manager on duty then (the day shift's sessions have timed out)
    ctx.clock.set("2026-11-24T11:00:00Z");
    const evening = await ctx.user("sales_manager", store);
    const d = await f.ok(evening, "POST", `/orders/${o.id}/deliver`, {
      ...FULL_CHECKLIST,
      plate: "粤b·12345",
      occurredAt: "2026-11-24T10:30:00Z",
    });
    ctx.clock.set(NOW);
    expect(d).toMatchObject({
      state: "delivered",
      deliveredAt: "2026-11-24T10:30:00.000Z",
      pdiDone: true,
      documents: FULL_CHECKLIST.documents,
      plate: "粤B12345",
    });
    expect(await f.carStatus(car.id)).toEqual({ status: "sold", soldAt: new Date("2026-11-24T10:30:00Z") });
    const v = await ctx.pool.query("SELECT * FROM vehicles WHERE id = $1", [d.customerVehicleId]);
    expect(v.rows[0]).toMatchObject({
      customer_id: lead.customerId,
      vin: car.vin,
      plate: "粤B12345",
      model: "途昂",
      trim: "530 V6",
      colour: "灰色",
      purchase_date: "2026-11-24",
      sold_by_store: true,
    });
    const detail = await leadDetail(lead.id);
    expect(detail.lead).toMatchObject({
      level: "D",
      state: "won",
      dueAt: null,
      levelSince: "2026-11-24T10:30:00.000Z",
    });
    expect(detail.events[0]).toMatchObject({
      kind: "delivered",
      data: { orderId: o.id, from: "O", to: "D" },
    });

    const { order, careTasks } = await f.ok(manager, "GET", `/orders/${o.id}`);
    expect(order.state).toBe("delivered");
    // due at 18:00 Shanghai 3, 7 and 30 days after the store-local delivery date
    expect(careTasks.map((t: { dayOffset: number; dueAt: string }) => [t.dayOffset, t.dueAt])).toEqual([
      [3, "2026-11-27T10:00:00.000Z"],
      [7, "2026-12-01T10:00:00.000Z"],
      [30, "2026-12-24T10:00:00.000Z"],
    ]);
    // the customer's record shows the car
    const customer = await f.ok(manager, "GET", `/customers/${lead.customerId}`);
    expect(customer.vehicles.map((x: { vin: string }) => x.vin)).toContain(car.vin);
  });

  it("a VIN the same customer registered before is brought up to date", async () => {
    const lead = await f.lead(consultant);
    const car = await f.car(store);
    await f.ok(
      manager,
      "POST",
      `/customers/${lead.customerId}/vehicles`,
      { vin: car.vin, model: "旧记录", plate: "京A12345" },
      201,
    );
    const o = await f.order(consultant, { leadId: lead.id, vehicleId: car.id });
    const d = await f.ok(consultant, "POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST);
    const v = await ctx.pool.query("SELECT * FROM vehicles WHERE vin = $1", [car.vin]);
    expect(v.rows).toHaveLength(1);
    expect(v.rows[0]).toMatchObject({
      model: "途观L",
      plate: "京A12345",
      sold_by_store: true,
      purchase_date: "2026-11-24",
    });
    expect(v.rows[0].id).toBe(d.customerVehicleId);
  });

  it("a VIN registered to another customer is refused, nothing written", async () => {
    const lead = await f.lead(consultant);
    const someoneElse = await f.lead(consultant2);
    const car = await f.car(store);
    await f.ok(
      manager,
      "POST",
      `/customers/${someoneElse.customerId}/vehicles`,
      { vin: car.vin, model: "途观L" },
      201,
    );
    const o = await f.order(consultant, { leadId: lead.id, vehicleId: car.id });
    const counts = async () => [
      await ctx.count("audit_log"),
      await ctx.count("care_tasks"),
      await ctx.count("vehicles"),
    ];
    const before = await counts();
    f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST),
      409,
      "vin_owned_by_other_customer",
    );
    expect(await counts()).toEqual(before);
    expect((await f.carStatus(car.id)).status).toBe("reserved");
    expect((await leadDetail(lead.id)).lead.level).toBe("O");
  });

  it("a reserved car still in transit is delivered only after its arrival", async () => {
    const car = await f.car(store, { status: "in_transit" });
    const o = await f.order(consultant, { leadId: (await f.lead(consultant)).id, vehicleId: car.id });
    f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST),
      409,
      "vehicle_not_arrived",
    );
    await ctx.pool.query("UPDATE stock_vehicles SET arrived_at = $2 WHERE id = $1", [
      car.id,
      "2026-11-23T02:00:00Z",
    ]);
    await f.ok(consultant, "POST", `/orders/${o.id}/deliver`, FULL_CHECKLIST);
  });

  it("not before the order, not in the future", async () => {
    const o = await f.order(consultant, {
      leadId: (await f.lead(consultant)).id,
      vehicleId: (await f.car(store)).id,
    });
    f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/deliver`, {
        ...FULL_CHECKLIST,
        occurredAt: "2026-11-24T01:00:00Z",
      }),
      422,
      "before_ordered",
    );
    f.refused(
      await f.send(consultant, "POST", `/orders/${o.id}/deliver`, {
        ...FULL_CHECKLIST,
        occurredAt: "2026-11-24T02:01:00Z",
      }),
      422,
      "in_future",
    );
  });
});

describe("the order list and detail", () => {
  let mine: { id: number; orderNo: string; vin: string };
  let theirs: { id: number };
  let phone: string;
  beforeAll(async () => {
    const lead = await f.lead(consultant, { name: "欧阳娜娜" });
    phone = lead.phone;
    const car = await f.car(store);
    mine = await f.order(consultant, { leadId: lead.id, vehicleId: car.id });
    theirs = await f.order(consultant2, {
      leadId: (await f.lead(consultant2)).id,
      vehicleId: (await f.car(store)).id,
    });
  });
  const ids = (body: { items: { id: number }[] }) => body.items.map((o) => o.id);

  it("consultants see the orders of their own leads, the store sees all", async () => {
    expect(ids(await f.ok(consultant, "GET", "/orders?pageSize=200"))).toContain(mine.id);
    expect(ids(await f.ok(consultant, "GET", "/orders?pageSize=200"))).not.toContain(theirs.id);
    f.refused(await f.send(consultant, "GET", `/orders/${theirs.id}`), 404, "not_found");
    for (const u of [manager, gm, cs]) {
      expect(ids(await f.ok(u, "GET", "/orders?pageSize=200"))).toEqual(
        expect.arrayContaining([mine.id, theirs.id]),
      );
    }
    const all = await f.ok(admin, "GET", "/orders?pageSize=200");
    expect(all.items.some((o: { storeId: number }) => o.storeId === store2)).toBe(true);
    const onlyStore2 = await f.ok(admin, "GET", `/orders?pageSize=200&storeId=${store2}`);
    expect(onlyStore2.items.every((o: { storeId: number }) => o.storeId === store2)).toBe(true);
    f.refused(await f.send(manager, "GET", `/orders?storeId=${store2}`), 404, "not_found");
    f.refused(await f.send(foreignConsultant, "GET", `/orders/${mine.id}`), 404, "not_found");
  });

  it("masks the phone for those who do not see it, as on the lead", async () => {
    const asCs = (await f.ok(cs, "GET", `/orders/${mine.id}`)).order;
    expect(asCs).toMatchObject({ phone, phoneMasked: false });
    const asAdmin = (await f.ok(admin, "GET", `/orders/${mine.id}`)).order;
    expect(asAdmin).toMatchObject({ phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`, phoneMasked: true });
  });

  it("finds an order by number, name, phone or VIN, and filters by state and consultant", async () => {
    const find = async (q: string) =>
      ids(await f.ok(manager, "GET", `/orders?pageSize=200&q=${encodeURIComponent(q)}`));
    expect(await find(mine.orderNo)).toEqual([mine.id]);
    expect(await find(mine.orderNo.toLowerCase())).toEqual([mine.id]);
    expect(await find("欧阳")).toEqual([mine.id]);
    expect(await find(phone.slice(-4))).toContain(mine.id);
    expect(await find(phone)).toEqual([mine.id]);
    expect(await find(mine.vin.slice(-6))).toEqual([mine.id]);
    expect(await find("%")).toEqual([]);
    const open = await f.ok(manager, "GET", "/orders?state=open&pageSize=200");
    expect(open.items.every((o: { state: string }) => o.state === "open")).toBe(true);
    const delivered = await f.ok(manager, "GET", "/orders?state=delivered&pageSize=200");
    expect(delivered.items.every((o: { state: string }) => o.state === "delivered")).toBe(true);
    expect(delivered.total).toBeGreaterThan(0);
    const byConsultant = await f.ok(manager, "GET", `/orders?consultantId=${consultant2.id}&pageSize=200`);
    expect(byConsultant.items.every((o: { consultantId: number }) => o.consultantId === consultant2.id)).toBe(
      true,
    );
    expect(ids(byConsultant)).toContain(theirs.id);
  });

  it("pages through the list in order-time order with the total", async () => {
    const all = await f.ok(manager, "GET", "/orders?pageSize=200");
    const p1 = await f.ok(manager, "GET", "/orders?pageSize=3&page=1");
    const p2 = await f.ok(manager, "GET", "/orders?pageSize=3&page=2");
    expect(p1.total).toBe(all.total);
    expect([...ids(p1), ...ids(p2)]).toEqual(ids(all).slice(0, 6));
    const times = all.items.map((o: { orderedAt: string }) => o.orderedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("the detail brings the quote, also to customer service", async () => {
    const lead = await f.lead(consultant);
    const q = await f.ok(
      consultant,
      "POST",
      "/quotes",
      { leadId: lead.id, vehiclePriceFen: 20_000_000, discountFen: 100 },
      201,
    );
    const o = await f.order(consultant, {
      leadId: lead.id,
      vehicleId: (await f.car(store)).id,
      quoteId: q.id,
    });
    const d = await f.ok(cs, "GET", `/orders/${o.id}`);
    expect(d.quote).toEqual(q);
    expect(d.careTasks).toEqual([]);
  });
});
