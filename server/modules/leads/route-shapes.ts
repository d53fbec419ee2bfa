/** Shapes and helpers shared by the leads module's route files. */
import { z } from "zod";
import type { Actor } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { storeUser } from "../identity/index.ts";
import { MAX_BULK } from "./assign.ts";
import { Lead, type LeadRow, leadView } from "./lead-view.ts";
import type { CadenceSettings } from "./rules.ts";
import { loadSettingsMap } from "./settings.ts";

export const zIdList = z.array(z.number().int().positive()).min(1).max(MAX_BULK);

export const Defeat = z.object({
  id: z.number(),
  leadId: z.number(),
  leadName: z.string(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  reason: z.string(),
  competitor: z.string().nullable(),
  note: z.string().nullable(),
  status: z.string(),
  requestedAt: z.date(),
  requestedBy: z.number(),
  requestedByName: z.string().nullable(),
  decidedAt: z.date().nullable(),
  decidedByName: z.string().nullable(),
});

export const LeadResult = z.object({ lead: Lead });

/** Serialises leads of possibly several stores with each store's own cadence settings. */
export async function viewAll(deps: Deps, actor: Actor, rows: (LeadRow & { ownerName?: string | null })[]) {
  const now = deps.clock.now();
  const settings = await loadSettingsMap(
    deps.db,
    rows.map((r) => r.storeId),
  );
  return rows.map((r) => leadView(r, actor, settings.get(r.storeId)!, now));
}

/**
 * One lead as a write answers it. The written row has no owner name (lists join it), so it is read here:
 * one primary-key look-up, and the answer looks the same as in the lists.
 */
export async function viewOne(deps: Deps, actor: Actor, row: LeadRow, s?: CadenceSettings) {
  const ownerName =
    row.ownerId === null ? null : ((await storeUser(deps.db, row.storeId, row.ownerId))?.displayName ?? null);
  const named = { ...row, ownerName };
  return s ? leadView(named, actor, s, deps.clock.now()) : (await viewAll(deps, actor, [named]))[0]!;
}
