/** A store's cadence settings as the rules need them, and the policy identity uses to create and check them. */
import { eq, inArray } from "drizzle-orm";
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

export async function loadSettings(db: Executor, storeId: number): Promise<CadenceSettings> {
  const [store] = await db.select().from(stores).where(eq(stores.id, storeId));
  if (!store) throw new Error(`store ${storeId} missing`);
  return settingsOf(store);
}

/** Settings of several stores at once (lists of the group admin span stores). */
export async function loadSettingsMap(
  db: Executor,
  storeIds: number[],
): Promise<Map<number, CadenceSettings>> {
  if (storeIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(stores)
    .where(inArray(stores.id, [...new Set(storeIds)]));
  return new Map(rows.map((s) => [s.id, settingsOf(s)]));
}

export const storeSettingsPolicy: StoreSettingsPolicy = {
  defaults: () => ({
    cadence: DEFAULT_CADENCE_SETTINGS.cadence,
    validityDays: DEFAULT_CADENCE_SETTINGS.validityDays,
    escalateAfterDays: DEFAULT_CADENCE_SETTINGS.escalateAfterDays,
    businessDayEnd: DEFAULT_CADENCE_SETTINGS.businessDayEnd,
  }),
  validate: (s) => validateCadenceSettings(settingsOf(s)),
};
