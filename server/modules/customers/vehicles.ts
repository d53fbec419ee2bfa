/** Vehicles of a customer: registering one with its VIN checked against the store's rule. */
import type { Db } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { unprocessable } from "../../platform/errors.ts";
import { localDateIn } from "../../platform/local-date.ts";
import { checkVin } from "../../platform/validators.ts";
import { invalid, loadReachable, pastDateProblem, storeSettings, uniqueConflict } from "./customer-access.ts";
import { vehicles } from "./schema.ts";

export type VehicleRow = typeof vehicles.$inferSelect;
export type VehicleWarning = "vin_check_digit";

export interface VehicleInput {
  vin: string;
  plate?: string | null;
  brand?: string | null;
  model: string;
  trim?: string | null;
  colour?: string | null;
  purchaseDate?: string | null;
  mileageKm?: number | null;
  soldByStore?: boolean;
}

export async function addVehicle(
  db: Db,
  actor: Actor,
  customerId: number,
  input: VehicleInput,
  now: Date,
): Promise<{ vehicle: VehicleRow; warnings: VehicleWarning[] }> {
  requirePermission(actor, "customer.write");
  try {
    return await db.transaction(async (tx) => {
      const { customer } = await loadReachable(tx, actor, customerId);
      const store = await storeSettings(tx, customer.storeId);
      const checked = checkVin(input.vin);
      const warnings: VehicleWarning[] = [];
      if (!checked.ok) {
        // imported cars may carry VINs without a valid check digit; a malformed VIN is never accepted
        if (checked.reason !== "check_digit" || !store.vinCheckDigitWarnOnly) {
          throw unprocessable("invalid_vin", `invalid VIN (${checked.reason})`, { reason: checked.reason });
        }
        warnings.push("vin_check_digit");
      }
      const problems = pastDateProblem("purchaseDate", input.purchaseDate, localDateIn(now, store.timeZone));
      if (problems.length) throw invalid(problems);
      const [vehicle] = await tx
        .insert(vehicles)
        .values({
          storeId: customer.storeId,
          customerId,
          vin: checked.vin,
          vinCheckWarning: warnings.length > 0,
          plate: input.plate ?? null,
          brand: input.brand ?? null,
          model: input.model,
          trim: input.trim ?? null,
          colour: input.colour ?? null,
          purchaseDate: input.purchaseDate ?? null,
          mileageKm: input.mileageKm ?? null,
          soldByStore: input.soldByStore ?? false,
          createdAt: now,
        })
        .returning();
      await audit(tx, actor, {
        storeId: customer.storeId,
        action: "create",
        entity: "vehicle",
        entityId: vehicle!.id,
        after: vehicle,
        at: now,
      });
      return { vehicle: vehicle!, warnings };
    });
  } catch (err) {
    throw uniqueConflict(err);
  }
}
