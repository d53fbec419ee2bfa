/** The store's test-drive routes (试驾路线): named loops a booking may name; retired ones stay for history. */
import { and, asc, desc, eq } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { notFound } from "../../platform/errors.ts";
import { testDriveRoutes } from "./schema.ts";

export type RouteRow = typeof testDriveRoutes.$inferSelect;

export interface RouteInput {
  name: string;
  distanceKm?: number | null;
  minutes?: number | null;
  storeId?: number;
}

export interface RoutePatch {
  name?: string;
  distanceKm?: number | null;
  minutes?: number | null;
  active?: boolean;
}

export async function listRoutes(db: Executor, actor: Actor, storeId: number): Promise<RouteRow[]> {
  requirePermission(actor, "testDrive.read");
  return db
    .select()
    .from(testDriveRoutes)
    .where(eq(testDriveRoutes.storeId, storeId))
    .orderBy(desc(testDriveRoutes.active), asc(testDriveRoutes.name), asc(testDriveRoutes.id));
}

export async function createRoute(db: Db, actor: Actor, input: RouteInput, now: Date): Promise<RouteRow> {
  requirePermission(actor, "testDrive.routes");
  const storeId = targetStore(actor, input.storeId);
  return db.transaction(async (tx) => {
    const [route] = await tx
      .insert(testDriveRoutes)
      .values({
        storeId,
        name: input.name,
        distanceKm: input.distanceKm ?? null,
        minutes: input.minutes ?? null,
        createdAt: now,
      })
      .returning();
    await audit(tx, actor, {
      storeId,
      action: "create",
      entity: "test_drive_route",
      entityId: route!.id,
      after: route,
    });
    return route!;
  });
}

export async function updateRoute(db: Db, actor: Actor, id: number, patch: RoutePatch): Promise<RouteRow> {
  requirePermission(actor, "testDrive.routes");
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(testDriveRoutes)
      .where(
        and(
          eq(testDriveRoutes.id, id),
          actor.storeId === null ? undefined : eq(testDriveRoutes.storeId, actor.storeId),
        ),
      )
      .for("update");
    if (!before) throw notFound("route");
    const [after] = await tx
      .update(testDriveRoutes)
      .set(patch)
      .where(and(eq(testDriveRoutes.storeId, before.storeId), eq(testDriveRoutes.id, id)))
      .returning();
    await audit(tx, actor, {
      storeId: before.storeId,
      action: "update",
      entity: "test_drive_route",
      entityId: id,
      before,
      after,
    });
    return after!;
  });
}
