/** The lead's history: events for the timeline and the owner record (who owned it when). */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { leadEvents, leadOwners } from "./schema.ts";

export type LeadEventKind =
  | "created"
  | "merged"
  | "level_changed"
  | "assigned"
  | "released"
  | "claimed"
  | "defeat_requested"
  | "defeat_approved"
  | "defeat_returned"
  // the sales process (DOMAIN §4): every step shows on the lead's timeline
  | "visited"
  | "called"
  | "test_drive_booked"
  | "test_drive_done"
  | "test_drive_cancelled"
  | "quoted"
  | "ordered"
  | "order_cancelled"
  | "delivered"
  | "cancel_regraded"
  | "cancel_closed";

export async function addEvent(
  tx: Executor,
  e: {
    storeId: number;
    leadId: number;
    kind: LeadEventKind;
    at: Date;
    actorId: number | null;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(leadEvents).values({ ...e, data: e.data ?? {} });
}

export type OwnerReason = "created" | "round_robin" | "pool" | "assigned" | "released" | "claimed" | "import";

/** Closes the current owner period and opens the next one (ownerId null = the pool). */
export async function changeOwner(
  tx: Executor,
  o: {
    storeId: number;
    leadId: number;
    ownerId: number | null;
    at: Date;
    reason: OwnerReason;
    actorId: number | null;
  },
): Promise<void> {
  await tx
    .update(leadOwners)
    .set({ toAt: o.at })
    .where(and(eq(leadOwners.storeId, o.storeId), eq(leadOwners.leadId, o.leadId), isNull(leadOwners.toAt)));
  await tx.insert(leadOwners).values({ ...o, fromAt: o.at });
}

/**
 * The next consultant in turn: on duty (not paused), enabled, the longest since the last round-robin
 * lead. The advisory lock serialises concurrent creations in one store so two leads never take the same
 * turn; null when nobody is on duty (the lead then goes to the pool).
 */
/** One advisory lock key per store for handing out round-robin turns (createLead and the import share it). */
export const ROUND_ROBIN_LOCK = 0x4c454144;

export async function nextInTurn(tx: Executor, storeId: number, at: Date): Promise<number | null> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROUND_ROBIN_LOCK}, ${storeId}::int)`);
  const r = await tx.execute<{ id: number }>(sql`
    UPDATE users SET last_assigned_at = ${at}
    WHERE id = (
      SELECT id FROM users
      WHERE store_id = ${storeId} AND role = 'consultant' AND NOT disabled AND NOT paused
      ORDER BY last_assigned_at NULLS FIRST, id LIMIT 1)
    RETURNING id`);
  const id = r.rows[0]?.id;
  return id === undefined ? null : Number(id);
}
