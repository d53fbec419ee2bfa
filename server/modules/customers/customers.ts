/**
 * Customers (persons and companies) (DOMAIN §2) and the reveal of masked personal data (DOMAIN §10);
 * their vehicles are in vehicles.ts, their marketing consents in consents.ts. Every use case checks the
 * permission first, then reaches the row through the actor's scope: the own store (the group admin
 * reaches all), and for consultants only customers that have a lead owned by them. Anything out of
 * reach answers 404.
 */
import { and, count, desc, eq, inArray, like, or, type SQL, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { notFound, pgError } from "../../platform/errors.ts";
import { escapeLike } from "../../platform/like.ts";
import { localDateIn } from "../../platform/local-date.ts";
import { isValidIdNumber, maskIdNumber, maskPhone, normalizeMobile } from "../../platform/validators.ts";
import type { ConsentRow } from "./consents.ts";
import {
  type CustomerRow,
  type CustomerView,
  type FieldProblem,
  invalid,
  loadReachable,
  ownsOpenLead,
  pastDateProblem,
  scope,
  storeSettings,
  uniqueConflict,
} from "./customer-access.ts";
import type { LoyaltyClass } from "./loyalty.ts";
import { customerConsents, customers, vehicles } from "./schema.ts";
import type { VehicleRow } from "./vehicles.ts";
import { loyaltyCondition, type Visits, visitsOf, windowStarts } from "./workshop-visits.ts";

export const CUSTOMER_KINDS = ["person", "company"] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export const GENDERS = ["male", "female"] as const;
export type Gender = (typeof GENDERS)[number];
export const REVEALABLE_FIELDS = ["phone", "idNumber"] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

/** The editable fields of a customer; `null` clears a field. Formats are validated at the route. */
export interface CustomerFields {
  name: string;
  phone: string | null;
  gender: Gender | null;
  birthday: string | null;
  idNumber: string | null;
  address: string | null;
  wechatId: string | null;
  creditCode: string | null;
  contactPerson: string | null;
}

export type CustomerInput = { kind: CustomerKind; name: string; storeId?: number } & Partial<
  Omit<CustomerFields, "name">
>;
export type CustomerPatch = { kind?: CustomerKind } & Partial<CustomerFields>;

export interface CustomerLeadRef {
  id: number;
  level: string;
  state: string;
  ownerId: number | null;
}

export interface CustomerDetail extends CustomerView {
  vehicles: VehicleRow[];
  /** the current consent per channel (the latest record wins) */
  consents: ConsentRow[];
  leads: CustomerLeadRef[];
}

const PERSON_ONLY = ["gender", "birthday", "idNumber"] as const;
const COMPANY_ONLY = ["creditCode", "contactPerson"] as const;

/** A person is found by the mobile phone; person-only and company-only fields do not mix. */
export function kindProblems(kind: CustomerKind, fields: Partial<CustomerFields>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (kind === "person") {
    if (!fields.phone) problems.push({ path: "phone", message: "a person needs a mobile phone" });
    for (const f of COMPANY_ONLY) {
      if (fields[f] != null) problems.push({ path: f, message: `only a company has ${f}` });
    }
  } else {
    for (const f of PERSON_ONLY) {
      if (fields[f] != null) problems.push({ path: f, message: `only a person has ${f}` });
    }
  }
  return problems;
}

/** Checks that need the clock: the route cannot know "today" in the store's zone. */
function datedProblems(fields: Partial<CustomerFields>, today: string, now: Date): FieldProblem[] {
  const problems = pastDateProblem("birthday", fields.birthday, today);
  // the route checked the ID number against the system clock; the birth date in it must not be in the future
  if (fields.idNumber != null && !isValidIdNumber(fields.idNumber, now)) {
    problems.push({ path: "idNumber", message: "invalid id number" });
  }
  return problems;
}

/**
 * Audit rows are append-only and readable by more roles than see full personal data, so they hold the
 * masked phone and ID number only.
 */
function auditView(c: CustomerRow) {
  return {
    ...c,
    phone: c.phone === null ? null : maskPhone(c.phone),
    idNumber: c.idNumber === null ? null : maskIdNumber(c.idNumber),
  };
}

function completeFields(input: CustomerInput): CustomerFields {
  return {
    name: input.name,
    phone: input.phone ?? null,
    gender: input.gender ?? null,
    birthday: input.birthday ?? null,
    idNumber: input.idNumber ?? null,
    address: input.address ?? null,
    wechatId: input.wechatId ?? null,
    creditCode: input.creditCode ?? null,
    contactPerson: input.contactPerson ?? null,
  };
}

export async function createCustomer(
  db: Db,
  actor: Actor,
  input: CustomerInput,
  now: Date,
): Promise<CustomerView> {
  requirePermission(actor, "customer.write");
  const storeId = targetStore(actor, input.storeId);
  const fields = completeFields(input);
  try {
    return await db.transaction(async (tx) => {
      const store = await storeSettings(tx, storeId);
      const problems = [
        ...kindProblems(input.kind, fields),
        ...datedProblems(fields, localDateIn(now, store.timeZone), now),
      ];
      if (problems.length) throw invalid(problems);
      const [customer] = await tx
        .insert(customers)
        .values({ storeId, kind: input.kind, ...fields, createdAt: now, updatedAt: now })
        .returning();
      await audit(tx, actor, {
        storeId,
        action: "create",
        entity: "customer",
        entityId: customer!.id,
        after: auditView(customer!),
        at: now,
      });
      return { customer: customer!, ownerId: null };
    });
  } catch (err) {
    throw uniqueConflict(err);
  }
}

export async function updateCustomer(
  db: Db,
  actor: Actor,
  id: number,
  patch: CustomerPatch,
  now: Date,
): Promise<CustomerView> {
  requirePermission(actor, "customer.write");
  try {
    return await db.transaction(async (tx) => {
      const view = await loadReachable(tx, actor, id, true);
      const before = view.customer;
      const changes: Partial<CustomerFields> & { kind?: CustomerKind } = {};
      for (const [key, value] of Object.entries(patch) as [keyof CustomerPatch, unknown][]) {
        if (value !== undefined && value !== before[key]) Object.assign(changes, { [key]: value });
      }
      if (Object.keys(changes).length === 0) return view;
      const merged = { ...before, ...changes } as CustomerRow & CustomerFields;
      const store = await storeSettings(tx, before.storeId);
      // the kind rules hold for the whole record; dates are re-checked only where they change
      const problems = [
        ...kindProblems(merged.kind as CustomerKind, merged),
        ...datedProblems(changes, localDateIn(now, store.timeZone), now),
      ];
      if (problems.length) throw invalid(problems);
      const [after] = await tx
        .update(customers)
        .set({ ...changes, updatedAt: now })
        .where(and(eq(customers.storeId, before.storeId), eq(customers.id, id)))
        .returning();
      await audit(tx, actor, {
        storeId: before.storeId,
        action: "update",
        entity: "customer",
        entityId: id,
        before: auditView(before),
        after: auditView(after!),
        at: now,
      });
      return { customer: after!, ownerId: view.ownerId };
    });
  } catch (err) {
    throw uniqueConflict(err);
  }
}

export async function getCustomer(db: Executor, actor: Actor, id: number): Promise<CustomerDetail> {
  requirePermission(actor, "customer.read");
  const view = await loadReachable(db, actor, id);
  const { storeId } = view.customer;
  const ofCustomer = (t: typeof vehicles | typeof customerConsents) =>
    and(eq(t.storeId, storeId), eq(t.customerId, id));
  const vehicleRows = await db.select().from(vehicles).where(ofCustomer(vehicles)).orderBy(vehicles.id);
  const consents = await db
    .selectDistinctOn([customerConsents.channel])
    .from(customerConsents)
    .where(ofCustomer(customerConsents))
    .orderBy(customerConsents.channel, desc(customerConsents.at), desc(customerConsents.id));
  const leadRows = await db.execute<{ id: number; level: string; state: string; owner_id: number | null }>(
    sql`select id, level, state, owner_id from leads where store_id = ${storeId} and customer_id = ${id} order by created_at desc, id desc`,
  );
  const leads = leadRows.rows.map((r) => ({
    id: Number(r.id),
    level: r.level,
    state: r.state,
    ownerId: r.owner_id === null ? null : Number(r.owner_id),
  }));
  return { ...view, vehicles: vehicleRows, consents, leads };
}

export interface CustomerQuery {
  /** a name prefix, a phone prefix or the phone's last 4 digits */
  q?: string;
  /** only customers of this loyalty class, computed live from the repair orders (loyalty.ts) */
  loyalty?: LoyaltyClass;
  page: number;
  pageSize: number;
  /** the group admin may narrow the list to one store */
  storeId?: number;
}

/** A row of the customer list: the customer with its live loyalty class and vehicle count. */
export interface CustomerListItem extends CustomerView, Visits {
  vehicleCount: number;
}

function searchCondition(q: string): SQL {
  const conditions: SQL[] = [like(customers.name, `${escapeLike(q)}%`)];
  const digits = q.replace(/[\s-]/g, "");
  if (/^\d{1,11}$/.test(digits)) {
    conditions.push(like(customers.phone, `${digits}%`));
    if (digits.length === 4) conditions.push(sql`right(${customers.phone}, 4) = ${digits}`);
  }
  const mobile = normalizeMobile(q);
  if (mobile) conditions.push(eq(customers.phone, mobile));
  return or(...conditions)!;
}

export async function listCustomers(
  db: Executor,
  actor: Actor,
  query: CustomerQuery,
  now: Date,
): Promise<{ items: CustomerListItem[]; total: number }> {
  requirePermission(actor, "customer.read");
  const where = scope(actor);
  if (query.storeId !== undefined) {
    if (actor.storeId !== null && actor.storeId !== query.storeId) throw notFound("store");
    where.push(eq(customers.storeId, query.storeId));
  }
  const q = query.q?.trim();
  if (q) where.push(searchCondition(q));
  const starts = await windowStarts(db, query.storeId ?? actor.storeId, now);
  if (query.loyalty) where.push(loyaltyCondition(query.loyalty, starts));
  const rows = await db
    .select({ customer: customers, ownsOpenLead: ownsOpenLead(actor) })
    .from(customers)
    .where(and(...where))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db
    .select({ n: count() })
    .from(customers)
    .where(and(...where));
  // the classes and vehicle counts of the page only: two grouped queries over ≤ pageSize customers
  const page = rows.map((r) => r.customer);
  const visits = await visitsOf(db, page, starts);
  const vehicleCounts = await vehicleCountsOf(db, page);
  return {
    items: rows.map((r) => ({
      customer: r.customer,
      ownerId: r.ownsOpenLead ? actor.userId : null,
      ...visits(r.customer.storeId, r.customer.id),
      vehicleCount: vehicleCounts.get(r.customer.id) ?? 0,
    })),
    total: total!.n,
  };
}

async function vehicleCountsOf(db: Executor, page: CustomerRow[]): Promise<Map<number, number>> {
  if (page.length === 0) return new Map();
  const rows = await db
    .select({ customerId: vehicles.customerId, n: count() })
    .from(vehicles)
    // ids are unique across stores; the store ids let the index vehicles_customer (store_id, customer_id) apply
    .where(
      and(
        inArray(vehicles.storeId, [...new Set(page.map((c) => c.storeId))]),
        inArray(
          vehicles.customerId,
          page.map((c) => c.id),
        ),
      ),
    )
    .groupBy(vehicles.customerId);
  return new Map(rows.map((r) => [r.customerId, r.n]));
}

/** The full value of a masked field. Who revealed which field of which record is audited, never the value. */
export async function revealField(
  db: Db,
  actor: Actor,
  customerId: number,
  field: RevealableField,
  now: Date,
): Promise<{ value: string | null }> {
  requirePermission(actor, "customer.reveal");
  return db.transaction(async (tx) => {
    const { customer } = await loadReachable(tx, actor, customerId);
    await audit(tx, actor, {
      storeId: customer.storeId,
      action: "reveal",
      entity: "customer",
      entityId: customerId,
      after: { field },
      at: now,
    });
    return { value: customer[field] };
  });
}

/**
 * For the leads module: the customer with this mobile phone in the store, created as a person when
 * there is none. Runs inside the caller's transaction; two concurrent callers with the same phone get
 * the same customer (the insert waits for the other one on the unique index, then does nothing).
 * With `actor` given, a created customer gets its own audit row.
 */
export async function findOrCreatePersonByPhone(
  tx: Executor,
  storeId: number,
  person: { name: string; phone: string },
  now: Date,
  actor: Actor | null = null,
): Promise<{ id: number; created: boolean }> {
  const phone = normalizeMobile(person.phone);
  const name = person.name.trim();
  const problems: FieldProblem[] = [];
  if (!phone) problems.push({ path: "phone", message: "invalid mobile number" });
  if (!name) problems.push({ path: "name", message: "a name is required" });
  if (problems.length || !phone) throw invalid(problems);
  let inserted: CustomerRow | undefined;
  try {
    [inserted] = await tx
      .insert(customers)
      .values({ storeId, kind: "person", name, phone, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: [customers.storeId, customers.phone], where: sql`phone is not null` })
      .returning();
  } catch (err) {
    if (pgError(err)?.code === "23503") throw notFound("store");
    throw err;
  }
  if (inserted) {
    if (actor) {
      await audit(tx, actor, {
        storeId,
        action: "create",
        entity: "customer",
        entityId: inserted.id,
        after: auditView(inserted),
        at: now,
      });
    }
    return { id: inserted.id, created: true };
  }
  const [existing] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.storeId, storeId), eq(customers.phone, phone)));
  // Under READ COMMITTED the conflicting row is committed and visible to this new statement.
  if (!existing) throw new Error(`customer with phone in store ${storeId} vanished after a conflict`);
  return { id: existing.id, created: false };
}

/** For other modules: whether a customer exists in the store (no actor scope: the caller has checked access). */
export async function customerExists(tx: Executor, storeId: number, id: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.storeId, storeId), eq(customers.id, id)));
  return row !== undefined;
}
