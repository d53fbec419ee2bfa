/**
 * Row scope for leads (ARCHITECTURE rule 6): every user reaches the own store's leads, a consultant only
 * the own ones (and, to claim, the pool's); the group admin reaches all. Out of reach answers 404.
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Actor, seesOnlyOwnLeads } from "../../platform/access.ts";
import { notFound } from "../../platform/errors.ts";
import type { LeadRow } from "./lead-view.ts";
import { leads } from "./schema.ts";

export function leadScope(actor: Actor, opts: { includePool?: boolean } = {}): SQL | undefined {
  const parts: SQL[] = [];
  if (actor.storeId !== null) parts.push(eq(leads.storeId, actor.storeId));
  if (seesOnlyOwnLeads(actor)) {
    parts.push(
      opts.includePool
        ? sql`(${leads.ownerId} = ${actor.userId} OR ${leads.inPool})`
        : eq(leads.ownerId, actor.userId),
    );
  }
  return parts.length ? and(...parts) : undefined;
}

/** Reads one lead the actor reaches; `lock` takes the row lock for a check-then-act in a transaction. */
export async function reachLead(
  tx: Executor,
  actor: Actor,
  id: number,
  opts: { lock?: boolean; includePool?: boolean } = {},
): Promise<LeadRow> {
  const q = tx
    .select()
    .from(leads)
    .where(and(eq(leads.id, id), leadScope(actor, opts)));
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw notFound("lead");
  return row;
}
