/**
 * Orders (订单, DOMAIN §4.5): a deposit and a car — a stock car reserved for the order, or a factory order by
 * model/trim/colour that gets its car allocated later. The lead becomes O. A car is held by one open order
 * only: the car's row lock decides concurrent reservations, the partial unique index `orders_open_vehicle`
 * is the backstop; a lead has one open order (`orders_open_lead`).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, isUniqueViolation, notFound, unprocessable } from "../../platform/errors.ts";
import { reachLead } from "../leads/lead-access.ts";
import { localDateOf } from "../leads/rules.ts";
import { moveBySales } from "../leads/sales-levels.ts";
import { loadSettings } from "../leads/settings.ts";
import {
  canReserve,
  loadStockVehicleForUpdate,
  type StockStatus,
  type StockVehicleRow,
  stockVehicles,
} from "../stock/index.ts";
import { lockOrder } from "./order-access.ts";
import { orderNo } from "./rules.ts";
import { orderCounters, orders, quotes } from "./schema.ts";

export type DepositMethod = "cash" | "card" | "transfer" | "wechat" | "alipay";

export interface FactoryOrder {
  model: string;
  trim?: string;
  colour: string;
  optionPackage?: string;
}

export interface OrderInput {
  leadId: number;
  vehicleId?: number;
  factoryOrder?: FactoryOrder;
  quoteId?: number;
  depositFen: number;
  depositMethod?: DepositMethod;
  priceFen: number;
  occurredAt?: Date;
}

/** A lost race on one of the orders' unique indexes is the same conflict the locked check reports. */
function raceConflict(err: unknown): unknown {
  if (isUniqueViolation(err, "orders_open_vehicle") || isUniqueViolation(err, "orders_delivered_vehicle")) {
    return conflict("vin_reserved", "another order holds this car");
  }
  if (isUniqueViolation(err, "orders_open_lead")) {
    return conflict("lead_has_open_order", "the lead has an open order already");
  }
  return err;
}

/**
 * An event is recorded when it happened (`occurredAt`): never in the future, never before the step it
 * follows — an order not before its lead, a cancellation or delivery not before the order.
 */
export function checkOccurredAt(
  at: Date,
  now: Date,
  notBefore: Date,
  code: "before_lead_created" | "before_ordered",
): void {
  if (at > now) throw unprocessable("in_future", "occurredAt may not be in the future");
  if (at < notBefore) {
    throw unprocessable(code, `occurredAt is before ${notBefore.toISOString()}`, {
      notBefore: notBefore.toISOString(),
    });
  }
}

/** The stock car to reserve, locked; 404 when the store has no such car, 409 when it is not free. */
async function reserveCar(tx: Executor, storeId: number, vehicleId: number): Promise<StockVehicleRow> {
  const car = await loadStockVehicleForUpdate(tx, storeId, vehicleId);
  if (!canReserve(car.status as StockStatus)) {
    throw conflict("vin_reserved", `the car is ${car.status}`, { status: car.status, vin: car.vin });
  }
  return car;
}

async function markReserved(tx: Executor, actor: Actor, car: StockVehicleRow, orderId: number, now: Date) {
  const [after] = await tx
    .update(stockVehicles)
    .set({ status: "reserved", updatedAt: now })
    .where(and(eq(stockVehicles.storeId, car.storeId), eq(stockVehicles.id, car.id)))
    .returning();
  await audit(tx, actor, {
    storeId: car.storeId,
    action: "reserve",
    entity: "stock_vehicle",
    entityId: car.id,
    before: car,
    after: { ...after, orderId },
  });
}

/** The next order number of the store's year, under the counter row's lock (rolled back with the order). */
async function nextOrderNo(tx: Tx, storeId: number, year: number): Promise<string> {
  const r = await tx
    .insert(orderCounters)
    .values({ storeId, year, last: 1 })
    .onConflictDoUpdate({
      target: [orderCounters.storeId, orderCounters.year],
      set: { last: sql`${orderCounters.last} + 1` },
    })
    .returning({ last: orderCounters.last });
  return orderNo(year, r[0]!.last);
}

export async function createOrder(db: Db, actor: Actor, input: OrderInput, now: Date): Promise<number> {
  requirePermission(actor, "order.create");
  if (input.depositFen > input.priceFen) {
    throw unprocessable("deposit_exceeds_price", "the deposit is larger than the price");
  }
  const orderedAt = input.occurredAt ?? now;
  try {
    return await db.transaction(async (tx) => {
      const lead = await reachLead(tx, actor, input.leadId, { lock: true });
      if (lead.state !== "active") throw conflict("lead_not_active", `the lead is ${lead.state}`);
      checkOccurredAt(orderedAt, now, lead.createdAt, "before_lead_created");
      const [open] = await tx
        .select({ id: orders.id, orderNo: orders.orderNo })
        .from(orders)
        .where(and(eq(orders.storeId, lead.storeId), eq(orders.leadId, lead.id), eq(orders.state, "open")));
      if (open) throw conflict("lead_has_open_order", `the lead has the open order ${open.orderNo}`, open);
      if (input.quoteId !== undefined) {
        const [quote] = await tx
          .select({ leadId: quotes.leadId })
          .from(quotes)
          .where(and(eq(quotes.storeId, lead.storeId), eq(quotes.id, input.quoteId)));
        if (!quote) throw notFound("quote");
        if (quote.leadId !== lead.id)
          throw unprocessable("quote_of_another_lead", "the quote is another lead's");
      }
      const car = input.vehicleId === undefined ? null : await reserveCar(tx, lead.storeId, input.vehicleId);

      const settings = await loadSettings(tx, lead.storeId);
      const no = await nextOrderNo(tx, lead.storeId, Number(localDateOf(orderedAt, settings).slice(0, 4)));
      const f = input.factoryOrder;
      const [order] = await tx
        .insert(orders)
        .values({
          storeId: lead.storeId,
          orderNo: no,
          leadId: lead.id,
          customerId: lead.customerId,
          quoteId: input.quoteId ?? null,
          vehicleId: car?.id ?? null,
          vehicleStatusBefore: car?.status ?? null,
          factoryModel: f?.model ?? null,
          factoryTrim: f?.trim ?? null,
          factoryColour: f?.colour ?? null,
          factoryOptionPackage: f?.optionPackage ?? null,
          priceFen: input.priceFen,
          depositFen: input.depositFen,
          depositMethod: input.depositMethod ?? "cash",
          // the referring customer of a referral lead is credited with the deal (转介绍)
          referrerCustomerId: lead.referrerCustomerId,
          consultantId: lead.ownerId,
          orderedAt,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (car) await markReserved(tx, actor, car, order!.id, now);
      await moveBySales(tx, actor, lead, "ordered", orderedAt, now, {
        orderId: order!.id,
        orderNo: no,
        vin: car?.vin ?? null,
        model: car?.model ?? f?.model ?? null,
      });
      await audit(tx, actor, {
        storeId: lead.storeId,
        action: "create",
        entity: "order",
        entityId: order!.id,
        after: order,
      });
      return order!.id;
    });
  } catch (err) {
    throw raceConflict(err);
  }
}

/** A factory order gets its car: one of the store's free cars of the ordered model, colour (and trim, package). */
export async function allocateVehicle(
  db: Db,
  actor: Actor,
  orderId: number,
  vehicleId: number,
  now: Date,
): Promise<void> {
  requirePermission(actor, "order.create");
  try {
    await db.transaction(async (tx) => {
      const { order } = await lockOrder(tx, actor, orderId);
      if (order.state !== "open") throw conflict("order_not_open", `the order is ${order.state}`);
      if (order.vehicleId !== null) {
        throw conflict("already_allocated", "the order has its car already", { vehicleId: order.vehicleId });
      }
      const car = await reserveCar(tx, order.storeId, vehicleId);
      const mismatch = (
        [
          ["model", order.factoryModel, car.model],
          ["trim", order.factoryTrim, car.trim],
          ["colour", order.factoryColour, car.colour],
          ["optionPackage", order.factoryOptionPackage, car.optionPackage],
        ] as const
      ).filter(([, ordered, actual]) => ordered !== null && ordered !== actual);
      if (mismatch.length) {
        throw unprocessable("vehicle_mismatch", "the car is not what the customer ordered", {
          fields: mismatch.map(([field, ordered, actual]) => ({ field, ordered, actual })),
        });
      }
      const [after] = await tx
        .update(orders)
        .set({ vehicleId: car.id, vehicleStatusBefore: car.status, updatedAt: now })
        .where(and(eq(orders.storeId, order.storeId), eq(orders.id, order.id)))
        .returning();
      await markReserved(tx, actor, car, order.id, now);
      await audit(tx, actor, {
        storeId: order.storeId,
        action: "allocate",
        entity: "order",
        entityId: order.id,
        before: order,
        after,
      });
    });
  } catch (err) {
    throw raceConflict(err);
  }
}
