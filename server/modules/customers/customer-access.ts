/** Shared by the customer use cases: the actor's reach, store settings, problems, conflicts, local dates. */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Actor, seesOnlyOwnLeads } from "../../platform/access.ts";
import { type AppError, badRequest, conflict, isUniqueViolation, notFound } from "../../platform/errors.ts";
import { stores } from "../identity/index.ts";
import { customers } from "./schema.ts";

export type CustomerRow = typeof customers.$inferSelect;

/**
 * One customer as the actor reaches it. `ownerId` is the actor's own id when the actor owns an open
 * lead of this customer (the lead owner sees full values, DOMAIN §10), otherwise null.
 */
export interface CustomerView {
  customer: CustomerRow;
  ownerId: number | null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

const OLDEST_DATE = "1900-01-01";

export function pastDateProblem(
  path: string,
  value: string | null | undefined,
  today: string,
): FieldProblem[] {
  if (value == null) return [];
  if (value > today) return [{ path, message: "must not be in the future" }];
  if (value < OLDEST_DATE) return [{ path, message: `must not be before ${OLDEST_DATE}` }];
  return [];
}

export function invalid(problems: FieldProblem[]): AppError {
  return badRequest(
    "validation_failed",
    "invalid body",
    problems.map((p) => ({ path: `body/${p.path}`, message: p.message })),
  );
}

export function uniqueConflict(err: unknown): unknown {
  if (isUniqueViolation(err, "customers_store_phone")) {
    return conflict("phone_taken", "another customer of this store has this phone");
  }
  if (isUniqueViolation(err, "vehicles_store_vin")) {
    return conflict("vin_taken", "a vehicle with this VIN is already registered in this store");
  }
  return err;
}

export async function storeSettings(db: Executor, storeId: number) {
  const [s] = await db
    .select({ id: stores.id, timeZone: stores.timeZone, vinCheckDigitWarnOnly: stores.vinCheckDigitWarnOnly })
    .from(stores)
    .where(eq(stores.id, storeId));
  if (!s) throw notFound("store");
  return s;
}

// The leads module depends on this one, not the other way round: leads are read with plain SQL.
// The queries below select from the unaliased "customers" table, which the subqueries refer to.
const ownsAnyLead = (actor: Actor) =>
  sql`exists (select 1 from leads l where l.store_id = customers.store_id and l.customer_id = customers.id and l.owner_id = ${actor.userId})`;
export const ownsOpenLead = (actor: Actor) =>
  sql<boolean>`exists (select 1 from leads l where l.store_id = customers.store_id and l.customer_id = customers.id and l.owner_id = ${actor.userId} and l.state in ('active','defeat_requested'))`;

/** The rows the actor reaches: own store (or all for the group admin), own-lead customers for consultants. */
export function scope(actor: Actor): SQL[] {
  const where: SQL[] = [];
  if (actor.storeId !== null) where.push(eq(customers.storeId, actor.storeId));
  if (seesOnlyOwnLeads(actor)) where.push(ownsAnyLead(actor));
  return where;
}

export async function loadReachable(
  db: Executor,
  actor: Actor,
  id: number,
  lock = false,
): Promise<CustomerView> {
  const query = db
    .select({ customer: customers, ownsOpenLead: ownsOpenLead(actor) })
    .from(customers)
    .where(and(eq(customers.id, id), ...scope(actor)))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: customers }) : await query;
  if (!row) throw notFound("customer");
  return { customer: row.customer, ownerId: row.ownsOpenLead ? actor.userId : null };
}
