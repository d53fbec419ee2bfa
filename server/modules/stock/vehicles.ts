/**
 * Writing stock cars: an arrival (新车入库) or a car in transit, and the manager's changes — the arrival
 * of a car in transit, in stock ↔ demo car, incentive, list price, description. Reserved and sold cars
 * change only through their order (the sales module), except that a reserved car still in transit
 * records its arrival here.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, isUniqueViolation, notFound, unprocessable } from "../../platform/errors.ts";
import { checkVin } from "../../platform/validators.ts";
import { storeScope } from "./access.ts";
import { isLocked, type ManualStatus } from "./rules.ts";
import { type StockStatus, stockVehicles } from "./schema.ts";
import { loadStockSettings, type StockVehicleRow, type StoreStockSettings } from "./view.ts";

export type VehicleWarning = "vin_check_digit";

export interface NewVehicle {
  vin: string;
  model: string;
  trim?: string | null;
  colour: string;
  optionPackage?: string | null;
  costFen: number;
  listPriceFen?: number | null;
  /** required unless the car is in transit (the route's schema and the import check it) */
  arrivedAt?: Date | null;
  status?: ManualStatus;
  incentiveFen?: number;
  storeId?: number;
}

export interface VehiclePatch {
  status?: "in_stock" | "demo";
  arrivedAt?: Date;
  incentiveFen?: number;
  listPriceFen?: number | null;
  trim?: string | null;
  colour?: string;
  optionPackage?: string | null;
}

export const vinExists = () => conflict("vin_exists", "a car with this VIN is already in this store's stock");

/**
 * The VIN as stored, or a refusal: a malformed VIN never; a wrong check digit only where the store
 * accepts it (imported cars of some makes carry such VINs), with a warning.
 */
export function validateVin(
  vin: string,
  s: Pick<StoreStockSettings, "vinCheckDigitWarnOnly">,
): { vin: string; warnings: VehicleWarning[] } | { problem: "length" | "characters" | "check_digit" } {
  const checked = checkVin(vin);
  if (checked.ok) return { vin: checked.vin, warnings: [] };
  if (checked.reason === "check_digit" && s.vinCheckDigitWarnOnly) {
    return { vin: checked.vin, warnings: ["vin_check_digit"] };
  }
  return { problem: checked.reason };
}

/** The row to insert for a validated arrival (shared by one arrival and the import). */
export function newVehicleRow(storeId: number, vin: string, warned: boolean, input: NewVehicle, now: Date) {
  const status: ManualStatus = input.status ?? "in_stock";
  return {
    storeId,
    vin,
    vinCheckWarning: warned,
    model: input.model,
    trim: input.trim ?? null,
    colour: input.colour,
    optionPackage: input.optionPackage ?? null,
    costFen: input.costFen,
    listPriceFen: input.listPriceFen ?? null,
    arrivedAt: status === "in_transit" ? null : (input.arrivedAt ?? null),
    status,
    incentiveFen: input.incentiveFen ?? 0,
    createdAt: now,
    updatedAt: now,
  };
}

const inFuture = () => unprocessable("in_future", "the arrival may not be in the future");

export async function createVehicle(
  db: Db,
  actor: Actor,
  input: NewVehicle,
  now: Date,
): Promise<{ vehicle: StockVehicleRow; warnings: VehicleWarning[]; settings: StoreStockSettings }> {
  requirePermission(actor, "stock.write");
  const storeId = targetStore(actor, input.storeId);
  if (input.arrivedAt && input.arrivedAt > now) throw inFuture();
  try {
    return await db.transaction(async (tx) => {
      const settings = await loadStockSettings(tx, storeId);
      const checked = validateVin(input.vin, settings);
      if ("problem" in checked) {
        throw unprocessable("invalid_vin", `invalid VIN (${checked.problem})`, { reason: checked.problem });
      }
      const [vehicle] = await tx
        .insert(stockVehicles)
        .values(newVehicleRow(storeId, checked.vin, checked.warnings.length > 0, input, now))
        .returning();
      await audit(tx, actor, {
        storeId,
        action: "create",
        entity: "stock_vehicle",
        entityId: vehicle!.id,
        after: vehicle,
        at: now,
      });
      return { vehicle: vehicle!, warnings: checked.warnings, settings };
    });
  } catch (err) {
    // two arrivals of one VIN at once: the unique index lets one in, the other is the same conflict
    if (isUniqueViolation(err, "stock_vehicles_store_vin")) throw vinExists();
    throw err;
  }
}

/** A demo car with test drives still to come stays in the fleet until they are cancelled. */
async function hasComingTestDrives(tx: Executor, v: StockVehicleRow, now: Date): Promise<boolean> {
  // plain SQL: the test-drive module depends on stock, not the other way round
  const r = await tx.execute(
    sql`SELECT 1 FROM test_drives WHERE store_id = ${v.storeId} AND vehicle_id = ${v.id}
        AND state = 'booked' AND end_at > ${now} LIMIT 1`,
  );
  return r.rows.length > 0;
}

export async function updateVehicle(
  db: Db,
  actor: Actor,
  id: number,
  patch: VehiclePatch,
  now: Date,
): Promise<StockVehicleRow> {
  requirePermission(actor, "stock.write");
  if (patch.arrivedAt && patch.arrivedAt > now) throw inFuture();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(stockVehicles)
      .where(and(eq(stockVehicles.id, id), storeScope(actor.storeId)))
      .for("update");
    if (!before) throw notFound("vehicle");
    const status = before.status as StockStatus;
    const set: Partial<StockVehicleRow> = {};

    if (isLocked(status)) {
      // the one change a reserved car takes here: the arrival of a car ordered while in transit
      const arrivalOnly = Object.keys(patch).every((k) => k === "arrivedAt");
      if (!(status === "reserved" && before.arrivedAt === null && patch.arrivedAt && arrivalOnly)) {
        throw conflict("vehicle_locked", `the car is ${status}: it changes only through its order`, {
          status,
        });
      }
      set.arrivedAt = patch.arrivedAt;
    } else {
      if (patch.status !== undefined && patch.status !== status) {
        if (status === "demo" && (await hasComingTestDrives(tx, before, now))) {
          throw conflict(
            "demo_car_booked",
            "the demo car has test drives booked; cancel them before taking it out of the fleet",
          );
        }
        set.status = patch.status;
      }
      if (status === "in_transit") {
        // an arrival: with the status it arrives in; the time defaults to now
        if (patch.status === undefined && patch.arrivedAt !== undefined) {
          throw unprocessable(
            "not_arrived",
            "the car is in transit: record its arrival with status in_stock or demo",
          );
        }
        if (patch.status !== undefined) set.arrivedAt = patch.arrivedAt ?? now;
      } else if (patch.arrivedAt !== undefined) {
        set.arrivedAt = patch.arrivedAt;
      }
      if (patch.incentiveFen !== undefined) set.incentiveFen = patch.incentiveFen;
      if (patch.listPriceFen !== undefined) set.listPriceFen = patch.listPriceFen;
      if (patch.trim !== undefined) set.trim = patch.trim;
      if (patch.colour !== undefined) set.colour = patch.colour;
      if (patch.optionPackage !== undefined) set.optionPackage = patch.optionPackage;
    }

    const [after] = await tx
      .update(stockVehicles)
      .set({ ...set, updatedAt: now })
      .where(and(eq(stockVehicles.storeId, before.storeId), eq(stockVehicles.id, id)))
      .returning();
    await audit(tx, actor, {
      storeId: before.storeId,
      action: set.arrivedAt !== undefined && before.arrivedAt === null ? "arrive" : "update",
      entity: "stock_vehicle",
      entityId: id,
      before,
      after,
      at: now,
    });
    return after!;
  });
}
