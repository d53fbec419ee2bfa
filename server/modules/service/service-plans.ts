/**
 * Service plans (保养周期, DOMAIN §6): per store and model, the maintenance interval in months and km —
 * whichever comes first. Maintenance reminders read them; the gm (or the group admin) keeps them.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, readStore, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { notFound } from "../../platform/errors.ts";
import { stores } from "../identity/index.ts";
import { servicePlans } from "./schema.ts";

export type ServicePlanRow = typeof servicePlans.$inferSelect;

export interface ServicePlanInput {
  model: string;
  intervalMonths: number;
  intervalKm: number;
  storeId?: number;
}

async function requireStore(db: Executor, storeId: number): Promise<void> {
  const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId)).for("share");
  if (!store) throw notFound("store");
}

/** Sets a model's plan: creates it or replaces its intervals (one plan per store and model). */
export async function putServicePlan(
  db: Db,
  actor: Actor,
  input: ServicePlanInput,
  now: Date,
): Promise<ServicePlanRow> {
  requirePermission(actor, "servicePlan.write");
  const storeId = targetStore(actor, input.storeId);
  return db.transaction(async (tx) => {
    await requireStore(tx, storeId);
    const key = and(eq(servicePlans.storeId, storeId), eq(servicePlans.model, input.model));
    const [before] = await tx.select().from(servicePlans).where(key).for("update");
    const values = { intervalMonths: input.intervalMonths, intervalKm: input.intervalKm, updatedAt: now };
    const [after] = await tx
      .insert(servicePlans)
      .values({ storeId, model: input.model, ...values })
      .onConflictDoUpdate({ target: [servicePlans.storeId, servicePlans.model], set: values })
      .returning();
    await audit(tx, actor, {
      storeId,
      action: before ? "update" : "create",
      entity: "service_plan",
      entityId: input.model,
      before: before ?? null,
      after,
    });
    return after!;
  });
}

export async function listServicePlans(
  db: Executor,
  actor: Actor,
  requested?: number,
): Promise<ServicePlanRow[]> {
  requirePermission(actor, "servicePlan.read");
  const storeId = readStore(actor, requested);
  if (storeId !== null && actor.storeId === null) await requireStore(db, storeId);
  return db
    .select()
    .from(servicePlans)
    .where(storeId === null ? undefined : eq(servicePlans.storeId, storeId))
    .orderBy(asc(servicePlans.storeId), asc(servicePlans.model));
}

/** A model the store no longer services (or a mistyped one): its vehicles get no interval-based reminders. */
export async function deleteServicePlan(
  db: Db,
  actor: Actor,
  model: string,
  requested: number | undefined,
): Promise<void> {
  requirePermission(actor, "servicePlan.write");
  const storeId = targetStore(actor, requested);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .delete(servicePlans)
      .where(and(eq(servicePlans.storeId, storeId), eq(servicePlans.model, model)))
      .returning();
    if (!before) throw notFound("service plan");
    await audit(tx, actor, { storeId, action: "delete", entity: "service_plan", entityId: model, before });
  });
}
