/**
 * Post-sale callbacks (售后回访, DOMAIN §4.7): a delivery opens three tasks for customer service, due 3, 7 and
 * 30 days after it. Called by the delivery use case inside its transaction, so a delivery and its callbacks
 * commit together or not at all.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/index.ts";
import { audit } from "../../platform/audit.ts";
import { loadSettings } from "../leads/settings.ts";
import { POST_SALE_CALLBACK_DAYS, postSaleCallbackDue } from "./rules.ts";
import { careTasks } from "./schema.ts";
import type { CareTaskRow } from "./task-view.ts";

export interface PostSaleCallbackSource {
  storeId: number;
  orderId: number;
  customerId: number;
  /** the customer's vehicle the delivery created */
  vehicleId: number | null;
  deliveredAt: Date;
  /** who recorded the delivery (the audit names them) */
  actorId: number;
}

/**
 * Creates the order's callbacks and returns those it created: none when they exist already (a delivery is
 * recorded once; the unique index on order, type and day makes a repeat harmless rather than a duplicate).
 */
export async function createPostSaleCallbacks(tx: Tx, p: PostSaleCallbackSource): Promise<CareTaskRow[]> {
  const s = await loadSettings(tx, p.storeId);
  const created = await tx
    .insert(careTasks)
    .values(
      POST_SALE_CALLBACK_DAYS.map((dayOffset) => ({
        storeId: p.storeId,
        type: "post_sale_callback" as const,
        customerId: p.customerId,
        vehicleId: p.vehicleId,
        orderId: p.orderId,
        dayOffset,
        dueAt: postSaleCallbackDue(p.deliveredAt, dayOffset, s),
        // The task exists from the delivery on, also when the delivery is recorded afterwards (occurredAt):
        // a call after the handover is its callback, one before it is not.
        createdAt: p.deliveredAt,
      })),
    )
    .onConflictDoNothing({
      target: [careTasks.storeId, careTasks.orderId, careTasks.type, careTasks.dayOffset],
      where: sql`order_id is not null`,
    })
    .returning();
  await audit(
    tx,
    { userId: p.actorId },
    created.map((t) => ({
      storeId: p.storeId,
      action: "create",
      entity: "care_task",
      entityId: t.id,
      after: t,
    })),
  );
  return created;
}
