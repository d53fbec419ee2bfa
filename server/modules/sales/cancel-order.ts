/**
 * Cancelling an order (退订, DOMAIN §4.5): the manager's decision, because it decides the refund of the
 * deposit. The car goes back where it came from, the lead becomes T and waits for the manager to re-grade
 * or close it (leads/sales-levels.ts).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, unprocessable } from "../../platform/errors.ts";
import { moveBySales } from "../leads/sales-levels.ts";
import { loadStockVehicleForUpdate, stockVehicles } from "../stock/index.ts";
import { lockOrder } from "./order-access.ts";
import { checkOccurredAt } from "./orders.ts";
import { statusAfterCancel } from "./rules.ts";
import { orders } from "./schema.ts";

export interface CancelInput {
  reason: string;
  refundFen: number;
  occurredAt?: Date;
}

export async function cancelOrder(
  db: Db,
  actor: Actor,
  orderId: number,
  input: CancelInput,
  now: Date,
): Promise<void> {
  requirePermission(actor, "order.cancel");
  const cancelledAt = input.occurredAt ?? now;
  await db.transaction(async (tx) => {
    const { order, lead } = await lockOrder(tx, actor, orderId);
    if (order.state !== "open") throw conflict("order_not_open", `the order is ${order.state}`);
    if (input.refundFen > order.depositFen) {
      throw unprocessable("refund_exceeds_deposit", "the refund is larger than the deposit", {
        depositFen: order.depositFen,
      });
    }
    checkOccurredAt(cancelledAt, now, order.orderedAt, "before_ordered");

    if (order.vehicleId !== null) {
      const car = await loadStockVehicleForUpdate(tx, order.storeId, order.vehicleId);
      const [released] = await tx
        .update(stockVehicles)
        .set({ status: statusAfterCancel(order.vehicleStatusBefore, car.arrivedAt), updatedAt: now })
        .where(and(eq(stockVehicles.storeId, order.storeId), eq(stockVehicles.id, order.vehicleId)))
        .returning();
      await audit(tx, actor, {
        storeId: order.storeId,
        action: "release",
        entity: "stock_vehicle",
        entityId: order.vehicleId,
        before: car,
        after: { ...released, orderId: order.id },
      });
    }
    const [after] = await tx
      .update(orders)
      .set({
        state: "cancelled",
        cancelledAt,
        cancelledBy: actor.userId,
        cancelReason: input.reason,
        refundFen: input.refundFen,
        updatedAt: now,
      })
      .where(and(eq(orders.storeId, order.storeId), eq(orders.id, order.id)))
      .returning();
    await moveBySales(tx, actor, lead, "cancelled", cancelledAt, now, {
      orderId: order.id,
      orderNo: order.orderNo,
      reason: input.reason,
      refundFen: input.refundFen,
    });
    await audit(tx, actor, {
      storeId: order.storeId,
      action: "cancel",
      entity: "order",
      entityId: order.id,
      before: order,
      after,
    });
  });
}
