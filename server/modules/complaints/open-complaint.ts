/**
 * Receiving a complaint (投诉受理): from any channel by the staff who took it, or from a dissatisfied callback
 * inside the call's own transaction (care/record-attempt.ts). The deadline is fixed at receipt from the store's
 * hours for the severity, so a later change of the store setting does not move complaints already running.
 */
import { and, eq } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, can, POLICY, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { notFound, unprocessable } from "../../platform/errors.ts";
import { customers, vehicles } from "../customers/schema.ts";
import { stores, users } from "../identity/schema.ts";
import { complaintDeadlineHoursOf } from "../identity/service-settings.ts";
import { repairOrders } from "../service/schema.ts";
import { complaintDeadline } from "./rules.ts";
import {
  type COMPLAINT_CATEGORIES,
  type COMPLAINT_CHANNELS,
  type ComplaintSeverity,
  complaintEvents,
  complaints,
} from "./schema.ts";
import type { ComplaintRow } from "./view.ts";

export interface OpenComplaintInput {
  storeId: number;
  customerId: number;
  vehicleId?: number | null;
  repairOrderId?: number | null;
  careTaskId?: number | null;
  channel: (typeof COMPLAINT_CHANNELS)[number];
  category: (typeof COMPLAINT_CATEGORIES)[number];
  severity: ComplaintSeverity;
  description: string;
  ownerId: number;
  receivedAt: Date;
}

/**
 * The owner must be able to act on it: an enabled user of the complaint's store whose role handles complaints.
 * A user of another store is out of reach (404); a colleague who cannot handle it is a rule (422).
 */
export async function checkOwner(tx: Executor, storeId: number, ownerId: number): Promise<void> {
  const [u] = await tx
    .select({ role: users.role, disabled: users.disabled })
    .from(users)
    .where(and(eq(users.storeId, storeId), eq(users.id, ownerId)));
  if (!u) throw notFound("user");
  if (u.disabled || !(POLICY["complaint.handle"] as readonly string[]).includes(u.role)) {
    throw unprocessable(
      "owner_cannot_handle",
      "the owner must be an enabled colleague who handles complaints",
    );
  }
}

/**
 * Writes the complaint, its `received` step and the audit rows. The references (customer, vehicle, repair order,
 * care task) are the caller's to have checked; the owner is checked here, because every path must.
 */
export async function openComplaint(
  tx: Executor,
  actor: Pick<Actor, "userId" | "ip">,
  input: OpenComplaintInput,
  now: Date,
): Promise<ComplaintRow> {
  await checkOwner(tx, input.storeId, input.ownerId);
  const [store] = await tx
    .select({ complaintDeadlineHours: stores.complaintDeadlineHours })
    .from(stores)
    .where(eq(stores.id, input.storeId));
  if (!store) throw notFound("store");
  const deadlineAt = complaintDeadline(input.receivedAt, input.severity, complaintDeadlineHoursOf(store));
  const [row] = await tx
    .insert(complaints)
    .values({
      storeId: input.storeId,
      customerId: input.customerId,
      vehicleId: input.vehicleId ?? null,
      repairOrderId: input.repairOrderId ?? null,
      careTaskId: input.careTaskId ?? null,
      channel: input.channel,
      category: input.category,
      severity: input.severity,
      description: input.description,
      ownerId: input.ownerId,
      state: "received",
      receivedAt: input.receivedAt,
      deadlineAt,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const complaint = row!;
  const [event] = await tx
    .insert(complaintEvents)
    .values({
      storeId: complaint.storeId,
      complaintId: complaint.id,
      kind: "received",
      toState: "received",
      ownerId: complaint.ownerId,
      at: complaint.receivedAt,
      actorId: actor.userId,
      createdAt: now,
    })
    .returning();
  await audit(tx, actor, [
    {
      storeId: complaint.storeId,
      action: "create",
      entity: "complaint",
      entityId: complaint.id,
      after: complaint,
    },
    {
      storeId: complaint.storeId,
      action: "create",
      entity: "complaint_event",
      entityId: event!.id,
      after: event,
    },
  ]);
  return complaint;
}

export interface CreateComplaintInput {
  customerId: number;
  vehicleId?: number;
  repairOrderId?: number;
  channel: OpenComplaintInput["channel"];
  category: OpenComplaintInput["category"];
  severity: ComplaintSeverity;
  description: string;
  ownerId?: number;
  occurredAt?: Date;
  storeId?: number;
}

export async function createComplaint(
  db: Db,
  actor: Actor,
  input: CreateComplaintInput,
  now: Date,
): Promise<ComplaintRow> {
  requirePermission(actor, "complaint.create");
  const storeId = targetStore(actor, input.storeId);
  const receivedAt = input.occurredAt ?? now;
  if (receivedAt > now) throw unprocessable("in_future", "occurredAt may not be in the future");
  // reception takes complaints but does not handle them: it must name who does
  const ownerId = input.ownerId ?? (can(actor, "complaint.handle") ? actor.userId : undefined);
  if (ownerId === undefined)
    throw unprocessable("owner_required", "name the colleague who handles it (ownerId)");

  return db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.storeId, storeId), eq(customers.id, input.customerId)));
    if (!customer) throw notFound("customer");
    if (input.vehicleId !== undefined) {
      const [vehicle] = await tx
        .select({ customerId: vehicles.customerId })
        .from(vehicles)
        .where(and(eq(vehicles.storeId, storeId), eq(vehicles.id, input.vehicleId)));
      if (!vehicle) throw notFound("vehicle");
      if (vehicle.customerId !== input.customerId) {
        throw unprocessable("vehicle_not_of_customer", "the vehicle belongs to another customer");
      }
    }
    let vehicleId = input.vehicleId ?? null;
    if (input.repairOrderId !== undefined) {
      const [ro] = await tx
        .select({ customerId: repairOrders.customerId, vehicleId: repairOrders.vehicleId })
        .from(repairOrders)
        .where(and(eq(repairOrders.storeId, storeId), eq(repairOrders.id, input.repairOrderId)));
      if (!ro) throw notFound("repair order");
      if (ro.customerId !== input.customerId || (vehicleId !== null && ro.vehicleId !== vehicleId)) {
        throw unprocessable(
          "ro_not_of_customer",
          "the repair order is another customer's or another vehicle's",
        );
      }
      // a complaint about a repair is about that repair's vehicle
      vehicleId = ro.vehicleId;
    }
    return openComplaint(
      tx,
      actor,
      {
        storeId,
        customerId: input.customerId,
        vehicleId,
        repairOrderId: input.repairOrderId ?? null,
        channel: input.channel,
        category: input.category,
        severity: input.severity,
        description: input.description,
        ownerId,
        receivedAt,
      },
      now,
    );
  });
}
