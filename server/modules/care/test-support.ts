/**
 * Test fixtures for care tasks: a delivered order made the way the delivery leaves it (a lead with its
 * customer, a sold stock car, the customer's vehicle, the order in state delivered), then the callbacks
 * opened by `createPostSaleCallbacks` inside a transaction — independent of the sales endpoints. Likewise a
 * handed-back repair order with what `afterHandBack` opens, and customers with vehicles and consents.
 */

import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { PASSWORD, type TestContext, type TestUser } from "../../../tests/support/app.ts";
import { customerConsents, customers, vehicles } from "../customers/schema.ts";
import { orders } from "../sales/schema.ts";
import { repairOrders, type WorkType } from "../service/schema.ts";
import { stockVehicles } from "../stock/schema.ts";
import { afterHandBack } from "./after-service.ts";
import { createPostSaleCallbacks } from "./post-sale.ts";
import { careTasks } from "./schema.ts";
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

/** A person customer of the store with one vehicle, written straight to the tables. */
export async function customerWithVehicle(
  ctx: TestContext,
  storeId: number,
  opts: {
    name?: string;
    model?: string;
    plate?: string;
    purchaseDate?: string | null;
    birthday?: string | null;
    wechatId?: string | null;
  } = {},
): Promise<{ customerId: number; vehicleId: number; phone: string; name: string }> {
  const n = ++seq;
  const phone = nextPhone();
  const name = opts.name ?? `车主${n}`;
  const [c] = await ctx.db
    .insert(customers)
    .values({
      storeId,
      kind: "person",
      name,
      phone,
      birthday: opts.birthday ?? null,
      wechatId: opts.wechatId ?? null,
    })
    .returning();
  const [v] = await ctx.db
    .insert(vehicles)
    .values({
      storeId,
      customerId: c!.id,
      vin: `LFV2A${String(n).padStart(12, "0")}`,
      model: opts.model ?? "帕萨特",
      plate: opts.plate ?? `沪A${String(n).padStart(5, "0")}`,
      purchaseDate: opts.purchaseDate ?? null,
    })
    .returning();
  return { customerId: c!.id, vehicleId: v!.id, phone, name };
}

export interface HandedBack {
  repairOrderId: number;
  roNo: string;
  /** the post-service callback the hand-back opened */
  callback: CareTaskRow;
}

/**
 * A repair order opened, settled and handed back, written the way the hand-back leaves it, then
 * `afterHandBack` in the same transaction — independent of the repair-order endpoints.
 */
export async function handedBackOrder(
  ctx: TestContext,
  advisor: TestUser,
  v: { customerId: number; vehicleId: number },
  opts: { handedBackAt: string; openedAt?: string; mileageIn?: number; workType?: WorkType },
): Promise<HandedBack> {
  const storeId = advisor.storeId!;
  const n = ++seq;
  const handed = new Date(opts.handedBackAt);
  const opened = new Date(opts.openedAt ?? opts.handedBackAt);
  const roNo = `RO${opts.handedBackAt.slice(0, 10).replaceAll("-", "")}-${String(n).padStart(4, "0")}`;
  return ctx.db.transaction(async (tx) => {
    const [ro] = await tx
      .insert(repairOrders)
      .values({
        storeId,
        roNo,
        customerId: v.customerId,
        vehicleId: v.vehicleId,
        mileageIn: opts.mileageIn ?? 10_000,
        complaint: "常规保养",
        workType: opts.workType ?? "maintenance",
        advisorId: advisor.id,
        state: "handed_back",
        openedAt: opened,
        settledAt: handed,
        settledBy: advisor.id,
        labourFen: 0,
        partsFen: 0,
        totalFen: 0,
        customerFen: 0,
        insurerFen: 0,
        warrantyFen: 0,
        handedBackAt: handed,
        handedBackBy: advisor.id,
      })
      .returning();
    await afterHandBack(tx, {
      storeId,
      repairOrderId: ro!.id,
      customerId: v.customerId,
      vehicleId: v.vehicleId,
      handedBackAt: handed,
      actorId: advisor.id,
    });
    const [callback] = await tx
      .select()
      .from(careTasks)
      .where(
        and(
          eq(careTasks.storeId, storeId),
          eq(careTasks.repairOrderId, ro!.id),
          eq(careTasks.type, "post_service_callback"),
        ),
      );
    return { repairOrderId: ro!.id, roNo, callback: callback! };
  });
}

/** A consent record of a customer (the latest per channel is the current answer). */
export async function consent(
  ctx: TestContext,
  storeId: number,
  customerId: number,
  channel: "sms" | "phone" | "wechat",
  granted: boolean,
  at: string,
): Promise<void> {
  await ctx.db
    .insert(customerConsents)
    .values({ storeId, customerId, channel, granted, source: "门店登记", at: new Date(at) });
}
