/**
 * Delivery (交车, DOMAIN §4.6): only with the pre-delivery inspection done and every document handed over.
 * Then, in one transaction: the stock car is sold, the customer gains the vehicle, the lead is D (won), and
 * customer service gets the 3/7/30-day callbacks. The order's row lock makes a second delivery (or a
 * cancellation racing it) find the order no longer open.
 */
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, isUniqueViolation } from "../../platform/errors.ts";
import { createPostSaleCallbacks } from "../care/index.ts";
import { vehicles } from "../customers/schema.ts";
import { localDateOf } from "../leads/rules.ts";
import { moveBySales } from "../leads/sales-levels.ts";
import { loadSettings } from "../leads/settings.ts";
import { loadStockVehicleForUpdate, type StockVehicleRow, stockVehicles } from "../stock/index.ts";
import { lockOrder } from "./order-access.ts";
import { checkOccurredAt } from "./orders.ts";
import { checklistMissing, type Documents } from "./rules.ts";
import { orders } from "./schema.ts";

export interface DeliverInput {
  pdiDone: boolean;
  documents: Documents;
  plate?: string;
  occurredAt?: Date;
}

/**
 * The customer's vehicle for the delivered car. The VIN may be known already: the same customer's record
 * (registered earlier, e.g. for a service booking) is brought up to date; another customer's record of this
 * VIN is a data error the staff must resolve first (409), never silently moved.
 */
async function customerVehicle(
  tx: Tx,
  actor: Actor,
  p: {
    storeId: number;
    customerId: number;
    car: StockVehicleRow;
    plate?: string;
    purchaseDate: string;
    now: Date;
  },
): Promise<number> {
  const fields = {
    model: p.car.model,
    trim: p.car.trim,
    colour: p.car.colour,
    purchaseDate: p.purchaseDate,
    soldByStore: true,
    ...(p.plate ? { plate: p.plate } : {}),
  };
  const [known] = await tx
    .select()
    .from(vehicles)
    .where(and(eq(vehicles.storeId, p.storeId), eq(vehicles.vin, p.car.vin)))
    .for("update");
  if (known && known.customerId !== p.customerId) {
    throw conflict(
      "vin_owned_by_other_customer",
      "another customer of the store has a vehicle with this VIN",
      {
        vin: p.car.vin,
        vehicleId: known.id,
      },
    );
  }
  const [row] = known
    ? await tx
        .update(vehicles)
        .set(fields)
        .where(and(eq(vehicles.storeId, p.storeId), eq(vehicles.id, known.id)))
        .returning()
    : await tx
        .insert(vehicles)
        .values({
          storeId: p.storeId,
          customerId: p.customerId,
          vin: p.car.vin,
          vinCheckWarning: p.car.vinCheckWarning,
          ...fields,
          createdAt: p.now,
        })
        .returning();
  await audit(tx, actor, {
    storeId: p.storeId,
    action: known ? "update" : "create",
    entity: "vehicle",
    entityId: row!.id,
    before: known ?? null,
    after: row,
  });
  return row!.id;
}

export async function deliverOrder(
  db: Db,
  actor: Actor,
  orderId: number,
  input: DeliverInput,
  now: Date,
): Promise<void> {
  requirePermission(actor, "order.deliver");
  const deliveredAt = input.occurredAt ?? now;
  try {
    await db.transaction(async (tx) => {
      const { order, lead } = await lockOrder(tx, actor, orderId);
      if (order.state !== "open") throw conflict("order_not_open", `the order is ${order.state}`);
      if (order.vehicleId === null) {
        throw conflict("no_vehicle", "allocate a car to the factory order before delivering it");
      }
      const missing = checklistMissing(input.pdiDone, input.documents);
      if (missing.length) {
        throw conflict("checklist_incomplete", "the delivery checklist is not complete", { missing });
      }
      checkOccurredAt(deliveredAt, now, order.orderedAt, "before_ordered");
      const car = await loadStockVehicleForUpdate(tx, order.storeId, order.vehicleId);
      if (car.arrivedAt === null) {
        throw conflict("vehicle_not_arrived", "the car is still in transit: record its arrival first", {
          vin: car.vin,
        });
      }

      const settings = await loadSettings(tx, order.storeId);
      const customerVehicleId = await customerVehicle(tx, actor, {
        storeId: order.storeId,
        customerId: order.customerId,
        car: car,
        plate: input.plate,
        purchaseDate: localDateOf(deliveredAt, settings),
        now,
      });
      const [sold] = await tx
        .update(stockVehicles)
        .set({ status: "sold", soldAt: deliveredAt, updatedAt: now })
        .where(and(eq(stockVehicles.storeId, order.storeId), eq(stockVehicles.id, car.id)))
        .returning();
      const [after] = await tx
        .update(orders)
        .set({
          state: "delivered",
          deliveredAt,
          deliveredBy: actor.userId,
          pdiDone: input.pdiDone,
          documents: input.documents,
          customerVehicleId,
          updatedAt: now,
        })
        .where(and(eq(orders.storeId, order.storeId), eq(orders.id, order.id)))
        .returning();
      await moveBySales(tx, actor, lead, "delivered", deliveredAt, now, {
        orderId: order.id,
        orderNo: order.orderNo,
        vin: car.vin,
      });
      await createPostSaleCallbacks(tx, {
        storeId: order.storeId,
        orderId: order.id,
        customerId: order.customerId,
        vehicleId: customerVehicleId,
        deliveredAt,
        actorId: actor.userId,
      });
      await audit(tx, actor, [
        {
          storeId: order.storeId,
          action: "sell",
          entity: "stock_vehicle",
          entityId: car.id,
          before: car,
          after: { ...sold, orderId: order.id },
        },
        {
          storeId: order.storeId,
          action: "deliver",
          entity: "order",
          entityId: order.id,
          before: order,
          after,
        },
      ]);
    });
  } catch (err) {
    // a customer vehicle registered with this VIN at the same moment (customers' POST …/vehicles)
    if (isUniqueViolation(err, "vehicles_store_vin")) {
      throw conflict("vin_owned_by_other_customer", "a vehicle with this VIN was registered meanwhile");
    }
    throw err;
  }
}
