/**
 * Opening a repair order (开单, DOMAIN §6): the vehicle's owner is the customer, the acting service advisor the
 * advisor. The vehicle's row lock serialises everything that decides on the vehicle's orders (one order in
 * the workshop at a time, the last known mileage, the return repair); the RO number comes from the store's
 * counter of the day under its row lock, so concurrent openings never share a number.
 */
import { and, desc, eq, gte, lte, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, isUniqueViolation, notFound, unprocessable } from "../../platform/errors.ts";
import { vehicles } from "../customers/schema.ts";
import { localDateOf } from "../leads/rules.ts";
import { loadSettings } from "../leads/settings.ts";
import { markArrived } from "./appointments.ts";
import { recordStep } from "./ro-access.ts";
import { type EarlierOrder, lastKnownKm, RETURN_REPAIR_WINDOW_MS, returnRepairOf, roNo } from "./ro-rules.ts";
import { repairOrders, roCounters, type WorkType } from "./schema.ts";

export interface RepairOrderInput {
  vehicleId: number;
  mileageIn: number;
  complaint: string;
  workType: WorkType;
  appointmentId?: number;
  technician?: string;
  mileageOverrideReason?: string;
  occurredAt?: Date;
  storeId?: number;
}

/** The next RO number of the store's day, under the counter row's lock (rolled back with the order). */
async function nextRoNo(tx: Tx, storeId: number, day: string): Promise<string> {
  const [row] = await tx
    .insert(roCounters)
    .values({ storeId, day, last: 1 })
    .onConflictDoUpdate({
      target: [roCounters.storeId, roCounters.day],
      set: { last: sql`${roCounters.last} + 1` },
    })
    .returning({ last: roCounters.last });
  return roNo(day, row!.last);
}

export async function createRepairOrder(
  db: Db,
  actor: Actor,
  input: RepairOrderInput,
  now: Date,
): Promise<number> {
  requirePermission(actor, "repairOrder.write");
  const storeId = targetStore(actor, input.storeId);
  const openedAt = input.occurredAt ?? now;
  if (openedAt > now) throw unprocessable("in_future", "occurredAt may not be in the future");
  try {
    return await db.transaction(async (tx) => {
      const [vehicle] = await tx
        .select()
        .from(vehicles)
        .where(and(eq(vehicles.storeId, storeId), eq(vehicles.id, input.vehicleId)))
        .for("update");
      if (!vehicle) throw notFound("vehicle");
      const onVehicle = and(eq(repairOrders.storeId, storeId), eq(repairOrders.vehicleId, vehicle.id));

      // a second job on the same visit is a line of the open order (each line has its payer), not a second order
      const [inWorkshop] = await tx
        .select({ id: repairOrders.id, roNo: repairOrders.roNo, state: repairOrders.state })
        .from(repairOrders)
        .where(and(onVehicle, ne(repairOrders.state, "handed_back")))
        .limit(1);
      if (inWorkshop) {
        throw conflict("vehicle_in_workshop", `the vehicle is on ${inWorkshop.roNo}`, {
          repairOrderId: inWorkshop.id,
          roNo: inWorkshop.roNo,
        });
      }

      const [previous] = await tx
        .select({ maxKm: sql<number | null>`max(${repairOrders.mileageIn})` })
        .from(repairOrders)
        .where(onVehicle);
      const lastKm = lastKnownKm(vehicle.mileageKm, previous?.maxKm ?? null);
      if (lastKm !== null && input.mileageIn < lastKm && !input.mileageOverrideReason) {
        throw unprocessable("mileage_lower", `the vehicle's last known mileage is ${lastKm} km`, {
          lastKnownKm: lastKm,
        });
      }

      const earlier = await tx
        .select({
          id: repairOrders.id,
          workType: repairOrders.workType,
          handedBackAt: repairOrders.handedBackAt,
        })
        .from(repairOrders)
        .where(
          and(
            onVehicle,
            gte(repairOrders.handedBackAt, new Date(openedAt.getTime() - RETURN_REPAIR_WINDOW_MS)),
            lte(repairOrders.handedBackAt, openedAt),
          ),
        )
        .orderBy(desc(repairOrders.handedBackAt));
      const returnOf = returnRepairOf(earlier as EarlierOrder[], input.workType, openedAt);

      const settings = await loadSettings(tx, storeId);
      const no = await nextRoNo(tx, storeId, localDateOf(openedAt, settings));
      const [inserted] = await tx
        .insert(repairOrders)
        .values({
          storeId,
          roNo: no,
          customerId: vehicle.customerId,
          vehicleId: vehicle.id,
          mileageIn: input.mileageIn,
          mileageOverrideReason: input.mileageOverrideReason ?? null,
          complaint: input.complaint,
          workType: input.workType,
          advisorId: actor.userId,
          technician: input.technician ?? null,
          returnRepair: returnOf !== null,
          returnOfId: returnOf?.id ?? null,
          openedAt,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      let ro = inserted!;
      if (input.appointmentId !== undefined) {
        // the appointment is locked and checked (booked, this vehicle) before the order points at it
        await markArrived(tx, storeId, input.appointmentId, vehicle.id, ro.id, openedAt, actor.userId);
        [ro] = (await tx
          .update(repairOrders)
          .set({ appointmentId: input.appointmentId })
          .where(and(eq(repairOrders.storeId, storeId), eq(repairOrders.id, ro.id)))
          .returning()) as [typeof ro];
      }
      await recordStep(tx, actor, ro, null, "open", openedAt);
      if (vehicle.mileageKm === null || input.mileageIn > vehicle.mileageKm) {
        await tx
          .update(vehicles)
          .set({ mileageKm: input.mileageIn })
          .where(and(eq(vehicles.storeId, storeId), eq(vehicles.id, vehicle.id)));
        await audit(tx, actor, {
          storeId,
          action: "mileage",
          entity: "vehicle",
          entityId: vehicle.id,
          before: { mileageKm: vehicle.mileageKm },
          after: { mileageKm: input.mileageIn, repairOrderId: ro.id },
        });
      }
      await audit(tx, actor, {
        storeId,
        action: "create",
        entity: "repair_order",
        entityId: ro.id,
        after: ro,
      });
      return ro.id;
    });
  } catch (err) {
    if (isUniqueViolation(err, "repair_orders_appointment")) {
      throw conflict("appointment_used", "the appointment became another repair order");
    }
    throw err;
  }
}
