/**
 * Finding a customer's vehicle at the service desk (appointments, repair orders): by plate, VIN (full or its
 * last 6+ characters, as read off the windscreen), the customer's full mobile phone or the customer's name.
 * The actor's reach is the customers' (customer-access.ts `scope`): the own store, consultants only the
 * customers of their own leads.
 */
import { and, count, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { escapeLike } from "../../platform/like.ts";
import { normalizeMobile, normalizePlate } from "../../platform/validators.ts";
import { ownsOpenLead, scope } from "./customer-access.ts";
import { customers, vehicles } from "./schema.ts";
import type { VehicleRow } from "./vehicles.ts";

export interface VehicleSearchQuery {
  q?: string;
  customerId?: number;
  page: number;
  pageSize: number;
}

export interface VehicleHit {
  vehicle: VehicleRow;
  customerName: string;
  customerPhone: string | null;
  /** the actor's id when the actor owns an open lead of the customer (sees the full phone), else null */
  ownerId: number | null;
}

const VIN_PART_RE = /^[A-HJ-NPR-Z0-9]+$/;

/**
 * The vehicles matching `q`, as a union of branches that each use one index (plate prefix, plate prefix
 * without the province character, VIN, VIN tail, customer phone, customer name prefix). One OR over a join
 * of vehicles and customers cannot use those indexes and would scan every vehicle of the store.
 */
function matchingVehicles(q: string, storeId: number | null): SQL {
  const inStore = (alias: string) =>
    storeId === null ? sql`true` : sql`${sql.raw(alias)}.store_id = ${storeId}`;
  const branches: SQL[] = [];
  const text = normalizePlate(q);
  if (text.length >= 2) {
    const prefix = `${escapeLike(text)}%`;
    branches.push(
      sql`select v.store_id, v.id from vehicles v where ${inStore("v")} and v.plate like ${prefix}`,
    );
    // staff often leave out the province character (京, 沪…): "A12345" finds 京A12345
    if (/^[A-Z]/.test(text)) {
      branches.push(
        sql`select v.store_id, v.id from vehicles v where ${inStore("v")} and substr(v.plate, 2) like ${prefix}`,
      );
    }
  }
  if (VIN_PART_RE.test(text)) {
    if (text.length === 17) {
      branches.push(sql`select v.store_id, v.id from vehicles v where ${inStore("v")} and v.vin = ${text}`);
    } else if (text.length >= 6) {
      branches.push(
        sql`select v.store_id, v.id from vehicles v where ${inStore("v")} and right(v.vin, 6) = ${text.slice(-6)} and v.vin like ${`%${text}`}`,
      );
    }
  }
  const mobile = normalizeMobile(q);
  if (mobile) {
    branches.push(
      sql`select v.store_id, v.id from customers c join vehicles v on v.store_id = c.store_id and v.customer_id = c.id where ${inStore("c")} and c.phone = ${mobile}`,
    );
  }
  branches.push(
    sql`select v.store_id, v.id from customers c join vehicles v on v.store_id = c.store_id and v.customer_id = c.id where ${inStore("c")} and c.name like ${`${escapeLike(q)}%`}`,
  );
  return sql.join(branches, sql` union `);
}

export async function searchCustomerVehicles(
  db: Executor,
  actor: Actor,
  query: VehicleSearchQuery,
): Promise<{ items: VehicleHit[]; total: number }> {
  requirePermission(actor, "customer.read");
  const where: SQL[] = [...scope(actor)];
  if (query.customerId !== undefined) where.push(eq(vehicles.customerId, query.customerId));
  const q = query.q?.trim();
  if (q) {
    where.push(sql`(${vehicles.storeId}, ${vehicles.id}) in (${matchingVehicles(q, actor.storeId)})`);
  }
  const joinCustomer = and(eq(customers.storeId, vehicles.storeId), eq(customers.id, vehicles.customerId));
  const rows = await db
    .select({
      vehicle: vehicles,
      customerName: customers.name,
      customerPhone: customers.phone,
      ownsOpenLead: ownsOpenLead(actor),
    })
    .from(vehicles)
    .innerJoin(customers, joinCustomer)
    .where(and(...where))
    .orderBy(desc(vehicles.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db
    .select({ n: count() })
    .from(vehicles)
    .innerJoin(customers, joinCustomer)
    .where(and(...where));
  return {
    items: rows.map((r) => ({
      vehicle: r.vehicle,
      customerName: r.customerName,
      customerPhone: r.customerPhone,
      ownerId: r.ownsOpenLead ? actor.userId : null,
    })),
    total: total!.n,
  };
}
