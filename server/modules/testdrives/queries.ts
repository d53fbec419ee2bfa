/** Reading test drives: the calendar of a period with the store's demo fleet, and one booking as answered. */
import { and, asc, eq, ne, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/index.ts";
import { type Actor, requirePermission, seesFullIdNumber, seesOnlyOwnLeads } from "../../platform/access.ts";
import { maskIdNumber } from "../../platform/validators.ts";
import { users } from "../identity/index.ts";
import { leadScope } from "../leads/lead-access.ts";
import { leads } from "../leads/schema.ts";
import { stockVehicles, stockVehicleViews } from "../stock/index.ts";
import type { TestDriveState } from "./rules.ts";
import { testDriveRoutes, testDrives } from "./schema.ts";

const consultant = alias(users, "consultant");

const driveColumns = {
  id: testDrives.id,
  storeId: testDrives.storeId,
  leadId: testDrives.leadId,
  leadName: leads.name,
  leadOwnerId: leads.ownerId,
  vehicleId: testDrives.vehicleId,
  vin: stockVehicles.vin,
  model: stockVehicles.model,
  colour: stockVehicles.colour,
  routeId: testDrives.routeId,
  routeName: testDriveRoutes.name,
  startAt: testDrives.startAt,
  endAt: testDrives.endAt,
  licenceNo: testDrives.licenceNo,
  state: testDrives.state,
  remindAt: testDrives.remindAt,
  feedback: testDrives.feedback,
  rating: testDrives.rating,
  consultantId: testDrives.consultantId,
  consultantName: consultant.displayName,
  finishedAt: testDrives.finishedAt,
  createdAt: testDrives.createdAt,
};

function drivesWhere(db: Executor, where: SQL | undefined) {
  return db
    .select(driveColumns)
    .from(testDrives)
    .innerJoin(leads, and(eq(leads.storeId, testDrives.storeId), eq(leads.id, testDrives.leadId)))
    .innerJoin(
      stockVehicles,
      and(eq(stockVehicles.storeId, testDrives.storeId), eq(stockVehicles.id, testDrives.vehicleId)),
    )
    .leftJoin(
      testDriveRoutes,
      and(eq(testDriveRoutes.storeId, testDrives.storeId), eq(testDriveRoutes.id, testDrives.routeId)),
    )
    .leftJoin(consultant, eq(consultant.id, testDrives.consultantId))
    .where(where)
    .orderBy(asc(testDrives.startAt), asc(testDrives.id));
}

type DriveRow = Awaited<ReturnType<typeof drivesWhere>>[number];

/** The licence number is an ID number: masked unless the role sees full ID numbers or owns the lead. */
function testDriveView(row: DriveRow, actor: Actor) {
  const { leadOwnerId, ...rest } = row;
  const full = seesFullIdNumber(actor, leadOwnerId);
  return {
    ...rest,
    state: row.state as TestDriveState,
    licenceNo: full ? row.licenceNo : maskIdNumber(row.licenceNo),
    licenceNoMasked: !full,
  };
}

export async function testDriveById(db: Executor, actor: Actor, storeId: number, id: number) {
  const [row] = await drivesWhere(db, and(eq(testDrives.storeId, storeId), eq(testDrives.id, id)));
  return testDriveView(row!, actor);
}

export interface CalendarFilter {
  from: Date;
  to: Date;
  vehicleId?: number;
  leadId?: number;
  state?: string;
}

/**
 * The calendar: bookings overlapping [from, to) the actor reaches, the store's demo cars, and — for a
 * consultant, who reaches his own leads only — the other bookings as bare busy slots, so that he sees when a
 * car is taken without seeing whose drive it is.
 */
export async function calendar(db: Executor, actor: Actor, storeId: number, f: CalendarFilter, now: Date) {
  requirePermission(actor, "testDrive.read");
  const inPeriod: (SQL | undefined)[] = [
    eq(testDrives.storeId, storeId),
    sql`${testDrives.startAt} < ${f.to} AND ${testDrives.endAt} > ${f.from}`,
    f.vehicleId === undefined ? undefined : eq(testDrives.vehicleId, f.vehicleId),
  ];
  const [items, others, fleet] = await Promise.all([
    drivesWhere(
      db,
      and(
        ...inPeriod,
        leadScope(actor),
        f.state === undefined ? undefined : eq(testDrives.state, f.state),
        f.leadId === undefined ? undefined : eq(testDrives.leadId, f.leadId),
      ),
    ),
    seesOnlyOwnLeads(actor)
      ? db
          .select({
            id: testDrives.id,
            vehicleId: testDrives.vehicleId,
            startAt: testDrives.startAt,
            endAt: testDrives.endAt,
            state: testDrives.state,
            consultantName: consultant.displayName,
          })
          .from(testDrives)
          .innerJoin(leads, and(eq(leads.storeId, testDrives.storeId), eq(leads.id, testDrives.leadId)))
          .leftJoin(consultant, eq(consultant.id, testDrives.consultantId))
          // a cancelled booking holds no slot
          .where(
            and(
              ...inPeriod,
              ne(testDrives.state, "cancelled"),
              sql`${leads.ownerId} IS DISTINCT FROM ${actor.userId}`,
            ),
          )
          .orderBy(asc(testDrives.startAt))
      : Promise.resolve([]),
    db
      .select()
      .from(stockVehicles)
      .where(and(eq(stockVehicles.storeId, storeId), eq(stockVehicles.status, "demo")))
      .orderBy(asc(stockVehicles.model), asc(stockVehicles.id)),
  ]);
  return {
    items: items.map((r) => testDriveView(r, actor)),
    others: others.map((o) => ({ ...o, state: o.state as TestDriveState })),
    fleet: await stockVehicleViews(db, actor, fleet, now),
  };
}
