/**
 * Test fixtures for care tasks: a delivered order made the way the delivery leaves it (a lead with its
 * customer, a sold stock car, the customer's vehicle, the order in state delivered), then the callbacks
 * opened by `createPostSaleCallbacks` inside a transaction — independent of the sales endpoints.
 */
import { expect } from "vitest";
import { PASSWORD, type TestContext, type TestUser } from "../../../tests/support/app.ts";
import { vehicles } from "../customers/schema.ts";
import { orders } from "../sales/schema.ts";
import { stockVehicles } from "../stock/schema.ts";
import { createPostSaleCallbacks } from "./post-sale.ts";
import type { CareTaskRow } from "./task-view.ts";

let seq = 0;
let phoneSeq = 13900000000 + Math.floor(Math.random() * 90_000_000);

export const nextPhone = () => String(++phoneSeq);

export interface Delivered {
  orderId: number;
  orderNo: string;
  customerId: number;
  customerName: string;
  phone: string;
  vehicleId: number;
  tasks: CareTaskRow[];
  /** the tasks by day offset */
  day: Record<3 | 7 | 30, CareTaskRow>;
}

export async function deliveredOrder(
  ctx: TestContext,
  consultant: TestUser,
  deliveredAt: string,
  opts: { name?: string } = {},
): Promise<Delivered> {
  const storeId = consultant.storeId!;
  const n = ++seq;
  const phone = nextPhone();
  const name = opts.name ?? `客户${n}`;
  const res = await ctx.req(consultant, {
    method: "POST",
    url: "/api/v1/leads",
    payload: { name, phone, source: "walk_in" },
  });
  expect(res.statusCode, res.body).toBe(201);
  const lead = res.json().lead as { id: number; customerId: number };
  const vin = `LSVAX${String(n).padStart(12, "0")}`;
  const at = new Date(deliveredAt);
  const [car] = await ctx.db
    .insert(stockVehicles)
    .values({
      storeId,
      vin,
      model: "帕萨特",
      colour: "白",
      costFen: 18_000_000,
      arrivedAt: at,
      status: "sold",
      soldAt: at,
    })
    .returning();
  const [own] = await ctx.db
    .insert(vehicles)
    .values({ storeId, customerId: lead.customerId, vin, model: "帕萨特", soldByStore: true })
    .returning();
  const orderNo = `SO2026-${String(n).padStart(6, "0")}-${storeId}`;
  const [order] = await ctx.db
    .insert(orders)
    .values({
      storeId,
      orderNo,
      leadId: lead.id,
      customerId: lead.customerId,
      vehicleId: car!.id,
      priceFen: 20_000_000,
      depositFen: 500_000,
      depositMethod: "wechat",
      consultantId: consultant.id,
      state: "delivered",
      orderedAt: at,
      createdBy: consultant.id,
      deliveredAt: at,
      deliveredBy: consultant.id,
      pdiDone: true,
      customerVehicleId: own!.id,
    })
    .returning();
  const tasks = await ctx.db.transaction((tx) =>
    createPostSaleCallbacks(tx, {
      storeId,
      orderId: order!.id,
      customerId: lead.customerId,
      vehicleId: own!.id,
      deliveredAt: at,
      actorId: consultant.id,
    }),
  );
  const byDay = (d: number) => tasks.find((t) => t.dayOffset === d)!;
  return {
    orderId: order!.id,
    orderNo,
    customerId: lead.customerId,
    customerName: name,
    phone,
    vehicleId: own!.id,
    tasks,
    day: { 3: byDay(3), 7: byDay(7), 30: byDay(30) },
  };
}

/**
 * Moves the clock and signs the given users in again: a session left idle longer than allowed ends when the
 * clock jumps ahead, as it would for a real user.
 */
export async function setClock(ctx: TestContext, at: string, ...users: TestUser[]): Promise<void> {
  ctx.clock.set(at);
  for (const u of users) {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: u.username, password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    u.cookie = `sid=${res.cookies.find((c) => c.name === "sid")!.value}`;
  }
}
