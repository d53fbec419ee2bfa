/** A store's cadence settings as the rules need them, and the policy identity uses to create and check them. */
import { eq } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Store, type StoreSettingsPolicy, stores } from "../identity/index.ts";
import { type CadenceSettings, DEFAULT_CADENCE_SETTINGS, validateCadenceSettings } from "./rules.ts";

export function settingsOf(
  store: Pick<Store, "timeZone" | "businessDayEnd" | "cadence" | "validityDays" | "escalateAfterDays">,
): CadenceSettings {
  return {
    timeZone: store.timeZone,
    businessDayEnd: store.businessDayEnd,
    cadence: store.cadence as CadenceSettings["cadence"],
    validityDays: store.validityDays as CadenceSettings["validityDays"],
    escalateAfterDays: store.escalateAfterDays,
  };
}

/**
 * Store settings change rarely and are read by nearly every lead request, so they are kept in memory.
 * A change through the API forgets the entry at once (identity calls `storeSettingsPolicy.changed`);
 * another app process on the same database sees it within SETTINGS_TTL_MS.
 */
const SETTINGS_TTL_MS = 30_000;
const cache = new Map<number, { settings: CadenceSettings; at: number }>();

export async function loadSettings(db: Executor, storeId: number): Promise<CadenceSettings> {
  const hit = cache.get(storeId);
  if (hit && performance.now() - hit.at < SETTINGS_TTL_MS) return hit.settings;
  const [store] = await db.select().from(stores).where(eq(stores.id, storeId));
  if (!store) throw new Error(`store ${storeId} missing`);
  const settings = settingsOf(store);
  cache.set(storeId, { settings, at: performance.now() });
  return settings;
}

/** Settings of several stores at once (lists of the group admin span stores). */
export async function loadSettingsMap(
  db: Executor,
  storeIds: number[],
): Promise<Map<number, CadenceSettings>> {
  const ids = [...new Set(storeIds)];
  const loaded = await Promise.all(ids.map((id) => loadSettings(db, id)));
  return new Map(ids.map((id, i) => [id, loaded[i]!]));
}

export const storeSettingsPolicy: StoreSettingsPolicy = {
  defaults: () => ({
    cadence: DEFAULT_CADENCE_SETTINGS.cadence,
    validityDays: DEFAULT_CADENCE_SETTINGS.validityDays,
    escalateAfterDays: DEFAULT_CADENCE_SETTINGS.escalateAfterDays,
    businessDayEnd: DEFAULT_CADENCE_SETTINGS.businessDayEnd,
  }),
  validate: (s) => validateCadenceSettings(settingsOf(s)),
  changed: (storeId) => cache.delete(storeId),
};
