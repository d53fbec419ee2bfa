/** Stores (门店) and their settings. Only the group admin creates and changes stores. */
import { asc, eq } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, reachesStore, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { notFound, unprocessable } from "../../platform/errors.ts";
import { stores } from "./schema.ts";
import { type ComplaintDeadlineHours, validateServiceSettings } from "./service-settings.ts";

export type Store = typeof stores.$inferSelect;

/**
 * The lead cadence settings belong to the leads module; identity stores them and asks the leads
 * module (injected by buildApp, so identity imports no business module) for defaults and validation.
 */
export interface StoreSettingsPolicy {
  defaults(): { cadence: unknown; validityDays: unknown; escalateAfterDays: number; businessDayEnd: string };
  validate(settings: {
    timeZone: string;
    businessDayEnd: string;
    cadence: unknown;
    validityDays: unknown;
    escalateAfterDays: number;
  }): string[];
  /** after a committed change: whoever keeps the settings in memory forgets them */
  changed(storeId: number): void;
}

export interface StoreInput {
  name: string;
  timeZone?: string;
  businessDayEnd?: string;
}

export interface StorePatch {
  name?: string;
  timeZone?: string;
  businessDayEnd?: string;
  cadence?: unknown;
  validityDays?: unknown;
  escalateAfterDays?: number;
  vinCheckDigitWarnOnly?: boolean;
  longStockDays?: number;
  colourQuota?: number;
  workshopCapacityPerHour?: number;
  workshopOpens?: string;
  workshopCloses?: string;
  reminderFirstDays?: number;
  reminderSecondDays?: number;
  /** null: back to the defaults */
  complaintDeadlineHours?: ComplaintDeadlineHours | null;
}

function checkSettings(policy: StoreSettingsPolicy, s: Parameters<StoreSettingsPolicy["validate"]>[0]): void {
  const problems = policy.validate(s);
  if (problems.length) throw unprocessable("invalid_settings", problems.join("; "), problems);
}

export async function createStore(
  db: Db,
  actor: Actor,
  input: StoreInput,
  policy: StoreSettingsPolicy,
  now: Date,
): Promise<Store> {
  requirePermission(actor, "store.create");
  const d = policy.defaults();
  return db.transaction(async (tx) => {
    const values = {
      name: input.name,
      timeZone: input.timeZone ?? "Asia/Shanghai",
      businessDayEnd: input.businessDayEnd ?? d.businessDayEnd,
      cadence: d.cadence,
      validityDays: d.validityDays,
      escalateAfterDays: d.escalateAfterDays,
      createdAt: now,
      updatedAt: now,
    };
    checkSettings(policy, values);
    const [store] = await tx.insert(stores).values(values).returning();
    await audit(tx, actor, {
      storeId: store!.id,
      action: "create",
      entity: "store",
      entityId: store!.id,
      after: store,
    });
    return store!;
  });
}

export async function updateStore(
  db: Db,
  actor: Actor,
  id: number,
  patch: StorePatch,
  policy: StoreSettingsPolicy,
  now: Date,
): Promise<Store> {
  requirePermission(actor, "store.update");
  const store = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(stores).where(eq(stores.id, id)).for("update");
    if (!before || !reachesStore(actor, id)) throw notFound("store");
    const next = { ...before, ...patch, updatedAt: now };
    const problems = [...policy.validate(next), ...validateServiceSettings(next)];
    if (problems.length) throw unprocessable("invalid_settings", problems.join("; "), problems);
    const [after] = await tx
      .update(stores)
      .set({ ...patch, updatedAt: now })
      .where(eq(stores.id, id))
      .returning();
    await audit(tx, actor, { storeId: id, action: "update", entity: "store", entityId: id, before, after });
    return after!;
  });
  policy.changed(id);
  return store;
}

export async function getStore(db: Executor, actor: Actor, id: number): Promise<Store> {
  if (!reachesStore(actor, id)) throw notFound("store");
  const [store] = await db.select().from(stores).where(eq(stores.id, id));
  if (!store) throw notFound("store");
  return store;
}

export async function listStores(db: Executor, actor: Actor): Promise<Store[]> {
  requirePermission(actor, "store.read");
  const q = db.select().from(stores).orderBy(asc(stores.id));
  return actor.storeId === null ? q : q.where(eq(stores.id, actor.storeId));
}
