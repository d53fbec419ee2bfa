/**
 * Who owns a lead: the manager's (bulk) reassignment, release to the store pool (公海), and claiming from
 * it. Every change keeps the owner history; a new owner gets a grace due time so that nobody is handed a
 * lead that is already overdue.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { conflict, notFound, unprocessable } from "../../platform/errors.ts";
import { storeUser } from "../identity/index.ts";
import { addEvent, changeOwner } from "./history.ts";
import { leadScope } from "./lead-access.ts";
import type { LeadRow } from "./lead-view.ts";
import { graceDueForNewOwner } from "./rules.ts";
import { leadOwners, leads } from "./schema.ts";
import { loadSettings } from "./settings.ts";

export const MAX_BULK = 500;

/** Locks all the leads the actor reaches among `ids`; any id out of reach fails the whole request. */
async function lockAll(
  tx: Tx,
  actor: Actor,
  ids: number[],
  opts: { includePool?: boolean } = {},
): Promise<LeadRow[]> {
  const unique = [...new Set(ids)];
  const rows = await tx
    .select()
    .from(leads)
    .where(and(inArray(leads.id, unique), leadScope(actor, opts)))
    .orderBy(leads.id)
    .for("update");
  if (rows.length !== unique.length) throw notFound("lead");
  return rows;
}

function requireOpen(rows: LeadRow[]): void {
  const closed = rows.find((r) => r.state !== "active");
  if (closed)
    throw conflict(
      "lead_not_active",
      `lead ${closed.id} is ${closed.state}; only active leads change hands`,
      { leadId: closed.id },
    );
}

export async function assignLeads(
  db: Db,
  actor: Actor,
  ids: number[],
  ownerId: number,
  now: Date,
): Promise<LeadRow[]> {
  requirePermission(actor, "lead.assign");
  return db.transaction(async (tx) => {
    const rows = await lockAll(tx, actor, ids);
    requireOpen(rows);
    const storeIds = new Set(rows.map((r) => r.storeId));
    if (storeIds.size > 1) throw unprocessable("mixed_stores", "assign leads of one store at a time");
    const storeId = rows[0]!.storeId;
    const owner = await storeUser(tx, storeId, ownerId);
    if (!owner) throw notFound("owner");
    if (!["consultant", "sales_manager"].includes(owner.role) || owner.disabled) {
      throw unprocessable("owner_not_eligible", "leads are owned by enabled consultants or sales managers");
    }
    // Reception hands out new leads; moving a consultant's lead is the manager's call.
    if (actor.role === "reception" && rows.some((r) => r.ownerId !== null)) {
      throw unprocessable("already_owned", "reception assigns only leads without an owner");
    }
    const settings = await loadSettings(tx, storeId);
    const out: LeadRow[] = [];
    for (const before of rows) {
      if (before.ownerId === ownerId) {
        out.push(before);
        continue;
      }
      const [after] = await tx
        .update(leads)
        .set({
          ownerId,
          inPool: false,
          dueAt: graceDueForNewOwner(before.dueAt, now, settings),
          updatedAt: now,
        })
        .where(and(eq(leads.storeId, storeId), eq(leads.id, before.id)))
        .returning();
      await changeOwner(tx, {
        storeId,
        leadId: before.id,
        ownerId,
        at: now,
        reason: "assigned",
        actorId: actor.userId,
      });
      await addEvent(tx, {
        storeId,
        leadId: before.id,
        kind: "assigned",
        at: now,
        actorId: actor.userId,
        data: { from: before.ownerId, to: ownerId },
      });
      await audit(tx, actor, {
        storeId,
        action: "assign",
        entity: "lead",
        entityId: before.id,
        before,
        after,
      });
      out.push(after!);
    }
    return out;
  });
}

export async function releaseLeads(db: Db, actor: Actor, ids: number[], now: Date): Promise<LeadRow[]> {
  requirePermission(actor, "lead.release");
  return db.transaction(async (tx) => {
    const rows = await lockAll(tx, actor, ids);
    requireOpen(rows);
    const out: LeadRow[] = [];
    for (const before of rows) {
      if (before.inPool) {
        out.push(before);
        continue;
      }
      const [after] = await tx
        .update(leads)
        .set({ ownerId: null, inPool: true, updatedAt: now })
        .where(and(eq(leads.storeId, before.storeId), eq(leads.id, before.id)))
        .returning();
      await changeOwner(tx, {
        storeId: before.storeId,
        leadId: before.id,
        ownerId: null,
        at: now,
        reason: "released",
        actorId: actor.userId,
      });
      await addEvent(tx, {
        storeId: before.storeId,
        leadId: before.id,
        kind: "released",
        at: now,
        actorId: actor.userId,
        data: { from: before.ownerId },
      });
      await audit(tx, actor, {
        storeId: before.storeId,
        action: "release",
        entity: "lead",
        entityId: before.id,
        before,
        after,
      });
      out.push(after!);
    }
    return out;
  });
}

/** A consultant claims a pool lead; of two claiming at once, the row lock lets exactly one win. */
/** Why the current owner has the lead: a lead just claimed from the pool may be told apart from others. */
async function lastOwnerReason(tx: Tx, lead: LeadRow): Promise<string | undefined> {
  const [row] = await tx
    .select({ reason: leadOwners.reason })
    .from(leadOwners)
    .where(
      and(eq(leadOwners.storeId, lead.storeId), eq(leadOwners.leadId, lead.id), isNull(leadOwners.toAt)),
    );
  return row?.reason;
}

export async function claimLead(db: Db, actor: Actor, id: number, now: Date): Promise<LeadRow> {
  requirePermission(actor, "lead.claim");
  return db.transaction(async (tx) => {
    // Locked by store only: a claim that lost the race must learn "taken", not "not found".
    const [before] = await lockAll(tx, { ...actor, role: "sales_manager" }, [id]);
    if (!before!.inPool) {
      if ((await lastOwnerReason(tx, before!)) !== "claimed") throw notFound("lead");
      throw conflict("not_in_pool", "this lead is no longer in the pool");
    }
    requireOpen([before!]);
    const settings = await loadSettings(tx, before!.storeId);
    const [after] = await tx
      .update(leads)
      .set({
        ownerId: actor.userId,
        inPool: false,
        dueAt: graceDueForNewOwner(before!.dueAt, now, settings),
        updatedAt: now,
      })
      .where(and(eq(leads.storeId, before!.storeId), eq(leads.id, id)))
      .returning();
    await changeOwner(tx, {
      storeId: before!.storeId,
      leadId: id,
      ownerId: actor.userId,
      at: now,
      reason: "claimed",
      actorId: actor.userId,
    });
    await addEvent(tx, {
      storeId: before!.storeId,
      leadId: id,
      kind: "claimed",
      at: now,
      actorId: actor.userId,
    });
    await audit(tx, actor, {
      storeId: before!.storeId,
      action: "claim",
      entity: "lead",
      entityId: id,
      before,
      after,
    });
    return after!;
  });
}
