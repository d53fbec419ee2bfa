/** Reading orders: the filtered list, one order with its quote and callbacks, a customer's referrals. */
import { and, desc, eq, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/index.ts";
import { type Actor, requirePermission, seesOnlyOwnLeads } from "../../platform/access.ts";
import { notFound } from "../../platform/errors.ts";
import { escapeLike } from "../../platform/like.ts";
import { type CareTaskOut, careTasksOfOrder } from "../care/index.ts";
import { customers, vehicles } from "../customers/schema.ts";
import { users } from "../identity/index.ts";
import { leadScope } from "../leads/lead-access.ts";
import { leads } from "../leads/schema.ts";
import { stockVehicles } from "../stock/index.ts";
import { orderLead } from "./order-access.ts";
import { quoteOfOrder } from "./quotes.ts";
import { orders } from "./schema.ts";
import { type OrderJoined, type OrderOut, orderView, type QuoteOut, quoteView } from "./views.ts";

export interface OrderFilter {
  state?: "open" | "cancelled" | "delivered";
  q?: string;
  consultantId?: number;
  leadId?: number;
  /** the store a read is limited to (platform readStore); null or absent: all the actor reaches */
  storeId?: number | null;
}

const customer = alias(customers, "customer");
const referrer = alias(customers, "referrer");
const consultant = alias(users, "consultant");

function selectOrders(db: Executor) {
  return db
    .select({
      order: orders,
      leadName: leads.name,
      phone: leads.phone,
      ownerId: leads.ownerId,
      customerName: customer.name,
      referrerName: referrer.name,
      consultantName: consultant.displayName,
      car: {
        vin: stockVehicles.vin,
        model: stockVehicles.model,
        trim: stockVehicles.trim,
        colour: stockVehicles.colour,
        optionPackage: stockVehicles.optionPackage,
      },
      plate: vehicles.plate,
    })
    .from(orders)
    .innerJoin(leads, orderLead)
    .innerJoin(customer, and(eq(customer.storeId, orders.storeId), eq(customer.id, orders.customerId)))
    .leftJoin(referrer, and(eq(referrer.storeId, orders.storeId), eq(referrer.id, orders.referrerCustomerId)))
    .leftJoin(consultant, eq(consultant.id, orders.consultantId))
    .leftJoin(
      stockVehicles,
      and(eq(stockVehicles.storeId, orders.storeId), eq(stockVehicles.id, orders.vehicleId)),
    )
    .leftJoin(vehicles, and(eq(vehicles.storeId, orders.storeId), eq(vehicles.id, orders.customerVehicleId)));
}

/**
 * `q`: an order number (SO2026-000123, or its digits), a phone (prefix, or the last 4 digits), a VIN (its
 * last characters, as staff read them off the windscreen) or the customer's name (prefix).
 */
function searchSql(q: string): SQL {
  const s = q.trim().toUpperCase();
  if (/^SO\d{0,4}(-\d*)?$/.test(s)) return sql`${orders.orderNo} LIKE ${`${s}%`}`;
  if (/^\d+$/.test(s)) {
    const phone = s.length === 4 ? sql`right(${leads.phone}, 4) = ${s}` : sql`${leads.phone} LIKE ${`${s}%`}`;
    return or(phone, sql`${orders.orderNo} LIKE ${`%${s}`}`, sql`${stockVehicles.vin} LIKE ${`%${s}`}`)!;
  }
  if (/^[A-HJ-NPR-Z0-9]{4,17}$/.test(s)) return sql`${stockVehicles.vin} LIKE ${`%${s}`}`;
  return or(
    sql`${leads.name} LIKE ${`${escapeLike(q.trim())}%`}`,
    sql`${customer.name} LIKE ${`${escapeLike(q.trim())}%`}`,
  )!;
}

export async function listOrders(
  db: Executor,
  actor: Actor,
  f: OrderFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: OrderOut[]; total: number }> {
  requirePermission(actor, "order.read");
  const where = and(
    leadScope(actor),
    f.storeId == null ? undefined : eq(orders.storeId, f.storeId),
    f.state ? eq(orders.state, f.state) : undefined,
    f.consultantId === undefined ? undefined : eq(orders.consultantId, f.consultantId),
    f.leadId === undefined ? undefined : eq(orders.leadId, f.leadId),
    f.q ? searchSql(f.q) : undefined,
  );
  const [rows, total] = await Promise.all([
    selectOrders(db)
      .where(where)
      .orderBy(desc(orders.orderedAt), desc(orders.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(orders)
      .innerJoin(leads, orderLead)
      .innerJoin(customer, and(eq(customer.storeId, orders.storeId), eq(customer.id, orders.customerId)))
      .leftJoin(
        stockVehicles,
        and(eq(stockVehicles.storeId, orders.storeId), eq(stockVehicles.id, orders.vehicleId)),
      )
      .where(where)
      .then((r) => r[0]?.n ?? 0),
  ]);
  return { items: rows.map((r) => orderView(r as OrderJoined, actor)), total };
}

/** One order the actor reaches, with what the queries join to it; 404 out of reach. */
async function findOrder(
  db: Executor,
  actor: Actor,
  id: number,
  storeId?: number | null,
): Promise<OrderJoined> {
  requirePermission(actor, "order.read");
  const [row] = await selectOrders(db).where(
    and(eq(orders.id, id), leadScope(actor), storeId == null ? undefined : eq(orders.storeId, storeId)),
  );
  if (!row) throw notFound("order");
  return row as OrderJoined;
}

/** One order as the API shows it, without its quote and callbacks (the answer of the order's writes). */
export async function getOrder(db: Executor, actor: Actor, id: number): Promise<OrderOut> {
  return orderView(await findOrder(db, actor, id), actor);
}

export async function orderDetail(
  db: Executor,
  actor: Actor,
  id: number,
  now: Date,
  storeId?: number | null,
): Promise<{ order: OrderOut; quote: QuoteOut | null; careTasks: CareTaskOut[] }> {
  const row = await findOrder(db, actor, id, storeId);
  const order = orderView(row, actor);
  const [quote, careTasks] = await Promise.all([
    // the order's quote comes with the order, also to customer service (who has no quote.read of its own)
    row.order.quoteId === null ? null : quoteOfOrder(db, order.storeId, row.order.quoteId),
    careTasksOfOrder(db, actor, { storeId: order.storeId, id: order.id, ownerId: row.ownerId }, now),
  ]);
  return { order, quote: quote && quoteView(quote), careTasks };
}

/**
 * The deals credited to a referring customer (转介绍). The customer is reached as in the customers module
 * (a consultant: a customer of an own lead, or the referrer of one); a consultant sees the deals of the own
 * leads only.
 */
export async function referralsOf(db: Executor, actor: Actor, customerId: number, storeId?: number | null) {
  requirePermission(actor, "order.read");
  const own = seesOnlyOwnLeads(actor);
  const [found] = await db
    .select({ storeId: customers.storeId })
    .from(customers)
    .where(
      and(
        eq(customers.id, customerId),
        actor.storeId === null ? undefined : eq(customers.storeId, actor.storeId),
        storeId == null ? undefined : eq(customers.storeId, storeId),
        own
          ? sql`exists (select 1 from leads l where l.store_id = ${customers.storeId} and l.owner_id = ${actor.userId}
              and (l.customer_id = ${customers.id} or l.referrer_customer_id = ${customers.id}))`
          : undefined,
      ),
    );
  if (!found) throw notFound("customer");
  return db
    .select({
      orderId: orders.id,
      orderNo: orders.orderNo,
      state: orders.state,
      leadId: orders.leadId,
      customerName: customer.name,
      orderedAt: orders.orderedAt,
      deliveredAt: orders.deliveredAt,
    })
    .from(orders)
    .innerJoin(leads, orderLead)
    .innerJoin(customer, and(eq(customer.storeId, orders.storeId), eq(customer.id, orders.customerId)))
    .where(
      and(
        eq(orders.storeId, found.storeId),
        eq(orders.referrerCustomerId, customerId),
        own ? eq(leads.ownerId, actor.userId) : undefined,
      ),
    )
    .orderBy(desc(orders.orderedAt), desc(orders.id));
}
