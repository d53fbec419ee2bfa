import { describe, expect, it } from "vitest";
import { type TestUser, testApp } from "../../../tests/support/app.ts";
import { SECTION_LIMIT } from "./customer360.ts";
import { VIP_SPEND_FEN } from "./loyalty.ts";
import { fixtures, nextPhone } from "./test-support.ts";

// 2026-11-24 10:00 Shanghai; the 12-month window starts 2025-11-24 00:00 Shanghai = 2025-11-23T16:00Z
const ctx = await testApp("2026-11-24T02:00:00Z");
const fx = fixtures(ctx);
const storeA = await ctx.store("一店");
const storeB = await ctx.store("二店");
const admin = await ctx.user("admin", null);
const cs = await ctx.user("customer_service", storeA);
const advisor = await ctx.user("service_advisor", storeA);
const consultant = await ctx.user("consultant", storeA);
const otherConsultant = await ctx.user("consultant", storeA);
const gmB = await ctx.user("gm", storeB);
const partsClerk = await ctx.user("parts_clerk", storeA);

const phone = nextPhone();
const zhang = await fx.customer(storeA, "张伟", phone);
const soldCar = await fx.vehicle(storeA, zhang, {
  plate: "粤A11111",
  model: "雅阁",
  purchaseDate: "2019-05-01",
  soldByStore: true,
  mileageKm: 30_000,
});
const servicedCar = await fx.vehicle(storeA, zhang, { plate: "粤A22222", model: "CR-V", mileageKm: 8_000 });
const ro = (
  vehicleId: number,
  openedAt: string,
  extra: Parameters<typeof fx.repairOrder>[1] extends infer R ? Partial<R> : never = {},
) => fx.repairOrder(storeA, { customerId: zhang, vehicleId, advisorId: advisor.id, openedAt, ...extra });
const roOld = await ro(soldCar, "2025-11-23T15:59:59Z", {
  totalFen: 50_000,
  state: "handed_back",
  handedBackAt: "2025-11-24T08:00:00Z",
});
const roW1 = await ro(soldCar, "2025-11-23T16:00:00Z", {
  totalFen: 60_000,
  state: "handed_back",
  handedBackAt: "2025-11-23T20:00:00Z",
});
const roW2 = await ro(servicedCar, "2026-03-01T02:00:00Z", {
  totalFen: 70_000,
  state: "handed_back",
  handedBackAt: "2026-03-01T09:00:00Z",
});
const roW3 = await ro(soldCar, "2026-08-01T02:00:00Z", {
  mileageIn: 42_000,
  workType: "mechanical",
  returnRepair: true,
});
const roW4 = await ro(soldCar, "2026-11-20T02:00:00Z", { mileageIn: 45_000 });
const callbackHappy = await fx.careTask(storeA, {
  customerId: zhang,
  type: "post_service_callback",
  dueAt: "2026-03-04T10:00:00Z",
  done: true,
  reached: true,
  satisfaction: 5,
  comment: "很满意",
});
const callbackUnhappy = await fx.careTask(storeA, {
  customerId: zhang,
  type: "post_service_callback",
  dueAt: "2025-11-26T10:00:00Z",
  done: true,
  reached: true,
  satisfaction: 2,
});
const reminderLater = await fx.careTask(storeA, {
  customerId: zhang,
  vehicleId: soldCar,
  type: "maintenance_reminder",
  forDate: "2027-03-01",
  dueAt: "2027-02-15T01:00:00Z",
});
const reminderSoon = await fx.careTask(storeA, {
  customerId: zhang,
  vehicleId: soldCar,
  type: "maintenance_reminder",
  forDate: "2027-02-01",
  dueAt: "2027-01-18T01:00:00Z",
});
// a reminder already done does not say when the next maintenance is due
await fx.careTask(storeA, {
  customerId: zhang,
  vehicleId: servicedCar,
  type: "maintenance_reminder",
  forDate: "2026-06-01",
  dueAt: "2026-05-18T01:00:00Z",
  done: true,
  reached: true,
});
const complaint = await fx.complaint(storeA, {
  customerId: zhang,
  ownerId: cs.id,
  receivedAt: "2026-08-05T03:00:00Z",
});
const msgOld = await fx.message(storeA, { customerId: zhang, createdAt: "2026-01-01T02:00:00Z" });
const msgNew = await fx.message(storeA, {
  customerId: zhang,
  createdAt: "2026-11-01T02:00:00Z",
  purpose: "marketing",
});
await fx.consent(storeA, { customerId: zhang, channel: "sms", granted: true, at: "2025-01-01T00:00:00Z" });
await fx.consent(storeA, { customerId: zhang, channel: "sms", granted: false, at: "2026-01-01T00:00:00Z" });
await fx.consent(storeA, { customerId: zhang, channel: "wechat", granted: true, at: "2026-02-01T00:00:00Z" });
const ownLead = await fx.lead(storeA, zhang, consultant.id);
const othersLead = await fx.lead(storeA, zhang, otherConsultant.id, "won");
const ownOrder = await fx.order(storeA, {
  leadId: ownLead,
  customerId: zhang,
  createdBy: consultant.id,
  orderedAt: "2026-10-01T02:00:00Z",
  priceFen: 20_000_000,
  model: "凯美瑞",
});
const othersOrder = await fx.order(storeA, {
  leadId: othersLead,
  customerId: zhang,
  createdBy: otherConsultant.id,
  orderedAt: "2019-04-20T02:00:00Z",
  deliveredAt: "2019-05-01T06:00:00Z",
  priceFen: 18_000_000,
  model: "雅阁",
});

interface Body {
  customer: { id: number; name: string; phone: string; phoneMasked: boolean };
  loyaltyClass: string;
  lifecycle: string;
  workshopVisits12m: number;
  lastVisitAt: string | null;
  averageSatisfaction: number | null;
  vehicles: {
    id: number;
    lastMileageKm: number | null;
    lastServiceAt: string | null;
    nextMaintenanceDue: string | null;
  }[];
  orders: {
    id: number;
    orderNo: string;
    state: string;
    model: string;
    priceFen: number;
    deliveredAt: string | null;
  }[];
  repairOrders: {
    id: number;
    plate: string;
    totalFen: number | null;
    returnRepair: boolean;
    workType: string;
  }[];
  careTasks: { id: number; satisfaction: number | null }[];
  complaints: { id: number; category: string; state: string }[];
  consents: { channel: string; granted: boolean; at: string; source: string }[];
  messages: { id: number; purpose: string }[];
  counts: Record<string, number>;
  restricted: string[];
}

const get360 = (user: TestUser, id: number) =>
  ctx.req(user, { method: "GET", url: `/api/v1/customers/${id}/360` });
async function view(user: TestUser, id: number): Promise<Body> {
  const res = await get360(user, id);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Body;
}

describe("customer 360", () => {
  it("shows customer service everything, newest first, with the live class", async () => {
    const b = await view(cs, zhang);
    expect(b.customer).toMatchObject({ id: zhang, name: "张伟", phone, phoneMasked: false });
    // 4 visits from the window's first instant on, one a second before it
    expect(b.loyaltyClass).toBe("frequent");
    expect(b.workshopVisits12m).toBe(4);
    // first purchase in 2019: an existing customer; the spend (¥380,000 in orders is not all delivered) is below VIP
    expect(b.lifecycle).toBe("existing");
    expect(b.lastVisitAt).toBe("2026-11-20T02:00:00.000Z");
    expect(b.repairOrders.map((r) => r.id)).toEqual([roW4, roW3, roW2, roW1, roOld]);
    expect(b.repairOrders[1]).toMatchObject({
      plate: "粤A11111",
      returnRepair: true,
      workType: "mechanical",
      totalFen: null,
    });
    expect(b.repairOrders[2]).toMatchObject({ plate: "粤A22222", totalFen: 70_000 });
    expect(b.vehicles).toEqual([
      expect.objectContaining({
        id: soldCar,
        lastMileageKm: 45_000,
        lastServiceAt: "2026-11-20T02:00:00.000Z",
        nextMaintenanceDue: "2027-02-01",
      }),
      expect.objectContaining({
        id: servicedCar,
        lastMileageKm: 10_000,
        lastServiceAt: "2026-03-01T02:00:00.000Z",
        nextMaintenanceDue: null,
      }),
    ]);
    expect(b.orders.map((o) => o.id)).toEqual([ownOrder, othersOrder]);
    expect(b.orders[0]).toMatchObject({
      state: "open",
      model: "凯美瑞",
      priceFen: 20_000_000,
      deliveredAt: null,
    });
    expect(b.orders[1]).toMatchObject({ state: "delivered", model: "雅阁" });
    expect(b.careTasks.map((t) => t.id)).toEqual([
      reminderLater,
      reminderSoon,
      expect.any(Number),
      callbackHappy,
      callbackUnhappy,
    ]);
    expect(b.averageSatisfaction).toBe(3.5);
    expect(b.complaints).toEqual([
      expect.objectContaining({ id: complaint, category: "service_quality", state: "received" }),
    ]);
    expect(b.messages.map((m) => m.id)).toEqual([msgNew, msgOld]);
    expect(b.consents).toEqual([
      { channel: "sms", granted: false, at: "2026-01-01T00:00:00.000Z", source: "纸质同意书" },
      { channel: "wechat", granted: true, at: "2026-02-01T00:00:00.000Z", source: "纸质同意书" },
    ]);
    expect(b.counts).toEqual({ orders: 2, repairOrders: 5, careTasks: 5, complaints: 1, messages: 2 });
    expect(b.restricted).toEqual([]);
  });

  it("gives the service advisor the workshop's records, a masked phone and no sales orders, callbacks or messages", async () => {
    const b = await view(advisor, zhang);
    expect(b.customer).toMatchObject({
      phoneMasked: true,
      phone: `${phone.slice(0, 3)}****${phone.slice(7)}`,
    });
    expect(b.restricted).toEqual(["orders", "careTasks", "messages"]);
    expect(b.orders).toEqual([]);
    expect(b.careTasks).toEqual([]);
    expect(b.messages).toEqual([]);
    expect(b.averageSatisfaction).toBeNull();
    expect(b.counts).toMatchObject({ orders: 0, careTasks: 0, messages: 0, repairOrders: 5, complaints: 1 });
    expect(b.repairOrders).toHaveLength(5);
    // the class does not depend on what the role may list
    expect(b.loyaltyClass).toBe("frequent");
    // the reminder's due date is on the vehicle either way: it is about the car, not a call record
    expect(b.vehicles[0]!.nextMaintenanceDue).toBe("2027-02-01");
  });

  it("shows a consultant the orders of his own leads only, and no workshop records", async () => {
    const b = await view(consultant, zhang);
    expect(b.customer.phoneMasked).toBe(false);
    expect(b.orders.map((o) => o.id)).toEqual([ownOrder]);
    expect(b.counts.orders).toBe(1);
    expect(b.restricted).toEqual(["repairOrders", "careTasks", "complaints", "messages"]);
    expect(b.repairOrders).toEqual([]);
  });

  it("answers 404 where GET /customers/:id does, 403 without customer.read, 400 for a bad id", async () => {
    const bare = await fx.customer(storeA, "无线索客户");
    expect((await get360(consultant, bare)).statusCode).toBe(404);
    expect((await get360(gmB, zhang)).statusCode).toBe(404);
    expect((await get360(cs, 999_999_999)).statusCode).toBe(404);
    expect((await get360(partsClerk, zhang)).statusCode).toBe(403);
    expect((await ctx.req(null, { method: "GET", url: `/api/v1/customers/${zhang}/360` })).statusCode).toBe(
      401,
    );
    expect((await ctx.req(cs, { method: "GET", url: "/api/v1/customers/abc/360" })).statusCode).toBe(400);
    expect((await ctx.req(cs, { method: "GET", url: "/api/v1/customers/0/360" })).statusCode).toBe(400);
    const a = await view(admin, zhang);
    expect(a.customer.phoneMasked).toBe(true);
    expect(a.counts.repairOrders).toBe(5);
  });

  it.each([
    ["a customer without purchase or visit", [], null, "potential", "none"],
    ["a first visit within 12 months", ["2026-05-01T02:00:00Z"], null, "new", "once"],
    [
      "visits only before the window",
      ["2024-05-01T02:00:00Z", "2025-05-01T02:00:00Z"],
      null,
      "existing",
      "lost",
    ],
    [
      "spend at the VIP threshold",
      ["2026-05-01T02:00:00Z", "2026-06-01T02:00:00Z"],
      VIP_SPEND_FEN / 2,
      "vip",
      "active",
    ],
  ] as const)("classifies %s", async (_what, visits, feePerVisit, lifecycle, loyaltyClass) => {
    const c = await fx.customer(storeA, "分类客户");
    const car = await fx.vehicle(storeA, c, {});
    for (const openedAt of visits) {
      await fx.repairOrder(storeA, {
        customerId: c,
        vehicleId: car,
        advisorId: advisor.id,
        openedAt,
        totalFen: feePerVisit,
      });
    }
    const b = await view(cs, c);
    expect({ lifecycle: b.lifecycle, loyaltyClass: b.loyaltyClass }).toEqual({ lifecycle, loyaltyClass });
    expect(b.lastVisitAt).toBe(visits.length ? new Date(visits.at(-1)!).toISOString() : null);
  });

  it(`lists at most ${SECTION_LIMIT} records per section and counts them all`, async () => {
    const c = await fx.customer(storeA, "老车主");
    const car = await fx.vehicle(storeA, c, {});
    const n = SECTION_LIMIT + 3;
    await ctx.pool.query(
      `INSERT INTO repair_orders (store_id, ro_no, customer_id, vehicle_id, mileage_in, complaint, work_type, advisor_id, opened_at)
       SELECT $1, 'RO-CAP-' || g, $2, $3, 1000 * g, '保养', 'maintenance', $4, timestamptz '2020-01-01' + g * interval '20 days'
       FROM generate_series(1, $5) g`,
      [storeA, c, car, advisor.id, n],
    );
    const b = await view(cs, c);
    expect(b.repairOrders).toHaveLength(SECTION_LIMIT);
    expect(b.counts.repairOrders).toBe(n);
    expect(b.vehicles[0]!.lastMileageKm).toBe(1000 * n);
  });
});
