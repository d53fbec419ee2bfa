/**
 * Row scope for quotes and orders: they are records of a lead, so the actor reaches them through the lead —
 * the own store (the group admin all), a consultant only the records of the own leads. Out of reach is 404.
 */
import { and, eq } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import type { Actor } from "../../platform/access.ts";
import { notFound } from "../../platform/errors.ts";
import { leadScope, reachLead } from "../leads/lead-access.ts";
import type { LeadRow } from "../leads/lead-view.ts";
import { leads } from "../leads/schema.ts";
import { orders } from "./schema.ts";

export type OrderRow = typeof orders.$inferSelect;

/**
 * Joins an order to its lead. The orders the actor reaches are then those of the leads it reaches:
 * `leadScope(actor)` (without the pool) in the same query.
 */
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
    .where(and(eq(orders.id, orderId), leadScope(actor)));
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
