/**
 * Row scope for quotes and orders: they are records of a lead, so the actor reaches them through the lead —
 * the own store (the group admin all), a consultant only the records of the own leads. Out of reach is 404.
 */
import { and, eq, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Actor, seesOnlyOwnLeads } from "../../platform/access.ts";
import { notFound } from "../../platform/errors.ts";
import { reachLead } from "../leads/lead-access.ts";
import type { LeadRow } from "../leads/lead-view.ts";
import { leads } from "../leads/schema.ts";
import { orders } from "./schema.ts";

export type OrderRow = typeof orders.$inferSelect;

/** The scope of orders joined with their lead (`leads` must be in the query). */
export function orderScope(actor: Actor): SQL | undefined {
  const parts: SQL[] = [];
  if (actor.storeId !== null) parts.push(eq(orders.storeId, actor.storeId));
  if (seesOnlyOwnLeads(actor)) parts.push(eq(leads.ownerId, actor.userId));
  return parts.length ? and(...parts) : undefined;
}

export const orderLead = and(eq(leads.storeId, orders.storeId), eq(leads.id, orders.leadId));

/**
 * An order to change, with its lead, both locked — the lead first, then the order, then (in the caller) its
 * car: every sales write takes its locks in this order, so two of them never wait for each other in a circle.
 */
export async function lockOrder(
  tx: Executor,
  actor: Actor,
  orderId: number,
): Promise<{ order: OrderRow; lead: LeadRow }> {
  const [found] = await tx
    .select({ storeId: orders.storeId, leadId: orders.leadId })
    .from(orders)
    .innerJoin(leads, orderLead)
    .where(and(eq(orders.id, orderId), orderScope(actor)));
  if (!found) throw notFound("order");
  // the scope is checked again under the lock: the lead may have changed hands in between
  const lead = await reachLead(tx, actor, found.leadId, { lock: true });
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, found.storeId), eq(orders.id, orderId)))
    .for("update");
  if (!order) throw notFound("order");
  return { order, lead };
}

/**
 * The store a read is limited to by `?storeId=`: the group admin may name any (or none); a store user
 * naming another store reaches nothing there (404), like any object out of reach.
 */
export function readStore(actor: Actor, requested: number | undefined): number | undefined {
  if (requested !== undefined && actor.storeId !== null && requested !== actor.storeId) {
    throw notFound("store");
  }
  return requested ?? actor.storeId ?? undefined;
}
