/**
 * What a hand-back (交车) opens for customer service: the post-service callback (维修后回访, DOMAIN §6), due
 * within 3 working days. Called by the repair order's hand-back inside its transaction, so the hand-back
 * and its callback commit together or not at all.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/index.ts";
import { audit } from "../../platform/audit.ts";
import { addDays } from "../../platform/local-date.ts";
import { loadWorkCalendar } from "../identity/calendar.ts";
import { localDateOf } from "../leads/rules.ts";
import { loadSettings } from "../leads/settings.ts";
import { replanAfterHandBack } from "./reminders.ts";
import { postServiceCallbackDue } from "./rules.ts";
import { careTasks } from "./schema.ts";
import type { CareTaskRow } from "./task-view.ts";

export interface HandBack {
  storeId: number;
  repairOrderId: number;
  customerId: number;
  vehicleId: number;
  handedBackAt: Date;
  /** who recorded the hand-back (the audit names them) */
  actorId: number;
}

/**
 * Everything customer service gets from a hand-back: the post-service callback, and the vehicle's maintenance
 * reminders planned again (a maintenance moves the due date; any visit adds a mileage reading). The repair
 * order's hand-back calls this one function, so the workshop does not need to know what care does.
 */
export async function afterHandBack(tx: Tx, h: HandBack): Promise<void> {
  await createPostServiceCallback(tx, h);
  await replanAfterHandBack(tx, h);
}

/** Opens the callback of a hand-back; returns null when it exists already (the unique index makes a repeat harmless). */
export async function createPostServiceCallback(tx: Tx, h: HandBack): Promise<CareTaskRow | null> {
  const s = await loadSettings(tx, h.storeId);
  const day = localDateOf(h.handedBackAt, s);
  // three working days lie within a month even across the Spring Festival and National Day weeks
  const cal = await loadWorkCalendar(tx, h.storeId, day, addDays(day, 40));
  const [created] = await tx
    .insert(careTasks)
    .values({
      storeId: h.storeId,
      type: "post_service_callback",
      customerId: h.customerId,
      vehicleId: h.vehicleId,
      repairOrderId: h.repairOrderId,
      dueAt: postServiceCallbackDue(h.handedBackAt, s, cal),
      createdAt: h.handedBackAt,
    })
    .onConflictDoNothing({
      target: [careTasks.storeId, careTasks.repairOrderId, careTasks.type],
      where: sql`repair_order_id is not null`,
    })
    .returning();
  if (!created) return null;
  await audit(
    tx,
    { userId: h.actorId },
    { storeId: h.storeId, action: "create", entity: "care_task", entityId: created.id, after: created },
  );
  return created;
}
