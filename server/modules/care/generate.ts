/**
 * Generating customer service's planned work for a whole store: maintenance reminders for every vehicle and
 * birthday greetings for the coming days. Run by the daily scheduler and on request (careTask.generate).
 * Vehicles go in batches, each in its own short transaction, so a store of 100,000 cars neither holds locks
 * for long nor builds one huge statement; a repeat, or another app process running the same, adds nothing.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { type Actor, readStore, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { notFound } from "../../platform/errors.ts";
import { stores } from "../identity/index.ts";
import { planBirthdays } from "./birthdays.ts";
import { DEFAULT_BIRTHDAY_DAYS } from "./reminder-rules.ts";
import { loadReminderSettings, replanReminders, VEHICLE_BATCH } from "./reminders.ts";

export interface GenerateResult {
  stores: number;
  reminders: { created: number; removed: number };
  birthdays: { created: number };
}

/** One store's run; `actorId` null when the scheduler runs it. */
export async function generateForStore(
  db: Db,
  storeId: number,
  opts: { birthdaysDays?: number; actorId: number | null },
  now: Date,
): Promise<GenerateResult> {
  const s = await loadReminderSettings(db, storeId);
  const result: GenerateResult = {
    stores: 1,
    reminders: { created: 0, removed: 0 },
    birthdays: { created: 0 },
  };
  const actor = opts.actorId === null ? null : { userId: opts.actorId };
  let afterId = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const r = await replanReminders(tx, storeId, s, { afterId, limit: VEHICLE_BATCH }, now);
      // one summary per batch: a row per generated task would double the work of a run for nothing a
      // reader needs; the tasks themselves carry their creation time
      if (r.created.length > 0 || r.removed.length > 0) {
        await audit(tx, actor, {
          storeId,
          action: "generate",
          entity: "care_task",
          entityId: null,
          after: {
            type: "maintenance_reminder",
            created: r.created.map((t) => t.id),
            removed: r.removed.map((t) => t.id),
          },
          at: now,
        });
      }
      return r;
    });
    if (batch.lastVehicleId === null) break;
    result.reminders.created += batch.created.length;
    result.reminders.removed += batch.removed.length;
    afterId = batch.lastVehicleId;
  }
  result.birthdays.created = await db.transaction(async (tx) => {
    const created = await planBirthdays(tx, storeId, s, opts.birthdaysDays ?? DEFAULT_BIRTHDAY_DAYS, now);
    if (created.length > 0) {
      await audit(tx, actor, {
        storeId,
        action: "generate",
        entity: "care_task",
        entityId: null,
        after: { type: "birthday", created: created.map((t) => t.id) },
        at: now,
      });
    }
    return created.length;
  });
  return result;
}

/** The stores one after the other, the counts summed. */
async function generateForStores(
  db: Db,
  ids: number[],
  opts: { birthdaysDays?: number; actorId: number | null },
  now: Date,
): Promise<GenerateResult> {
  const total: GenerateResult = {
    stores: 0,
    reminders: { created: 0, removed: 0 },
    birthdays: { created: 0 },
  };
  for (const id of ids) {
    const r = await generateForStore(db, id, opts, now);
    total.stores += r.stores;
    total.reminders.created += r.reminders.created;
    total.reminders.removed += r.reminders.removed;
    total.birthdays.created += r.birthdays.created;
  }
  return total;
}

const allStores = async (db: Db) =>
  (await db.select({ id: stores.id }).from(stores).orderBy(stores.id)).map((r) => r.id);

/** Every store (the scheduler's daily run). */
export async function generateForAllStores(db: Db, now: Date): Promise<GenerateResult> {
  return generateForStores(db, await allStores(db), { actorId: null }, now);
}

/** POST /care-tasks/generate: the own store; the group admin one named store or, without one, all. */
export async function generateCareTasks(
  db: Db,
  actor: Actor,
  input: { storeId?: number; birthdaysDays?: number },
  now: Date,
): Promise<GenerateResult> {
  requirePermission(actor, "careTask.generate");
  const storeId = readStore(actor, input.storeId);
  if (storeId !== null) {
    const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
    if (!store) throw notFound("store");
  }
  const ids = storeId === null ? await allStores(db) : [storeId];
  return generateForStores(db, ids, { birthdaysDays: input.birthdaysDays, actorId: actor.userId }, now);
}
