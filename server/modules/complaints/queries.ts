/**
 * Reading complaints: the lists (mine, overdue and escalated for the gm, all), one complaint with its steps, and
 * the period statistics. Row scope: the own store; the group admin all stores (or the named one). Periods are
 * store-local dates, measured in each complaint's own store zone.
 */
import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Actor, can, POLICY, readStore, requirePermission } from "../../platform/access.ts";
import { forbidden, notFound, unprocessable } from "../../platform/errors.ts";
import { countWhere, pageWithTotal } from "../../platform/paging.ts";
import { stores, users } from "../identity/schema.ts";
import { inTimeRate } from "./rules.ts";
import {
  COMPLAINT_CATEGORIES,
  type ComplaintSeverity,
  type ComplaintState,
  complaintEvents,
  complaints,
} from "./schema.ts";
import { type ComplaintJoined, selectComplaints } from "./view.ts";

/** The one store a read is about, or null for the group admin's all stores; a named store must exist. */
async function storeOf(db: Executor, actor: Actor, requested: number | undefined): Promise<number | null> {
  const storeId = readStore(actor, requested);
  if (storeId === null || actor.storeId !== null) return storeId;
  const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
  if (!store) throw notFound("store");
  return storeId;
}

const inStore = (storeId: number | null) => (storeId === null ? undefined : eq(complaints.storeId, storeId));

const isOpenSql = sql`${complaints.state} in ('received','handling')`;
const zone = sql`(select ${stores.timeZone} from ${stores} where ${stores.id} = ${complaints.storeId})`;
/** local midnight of a store-local date, in the complaint's store */
const localStart = (date: string) => sql`(${date}::date::timestamp at time zone ${zone})`;
const localEnd = (date: string) => sql`((${date}::date + 1)::timestamp at time zone ${zone})`;

export interface ComplaintFilter {
  state?: ComplaintState;
  open?: boolean;
  overdue?: boolean;
  escalated?: boolean;
  ownerId?: number;
  mine?: boolean;
  customerId?: number;
  severity?: ComplaintSeverity;
  /** received on or after this store-local date */
  from?: string;
  /** received on or before this store-local date */
  to?: string;
  storeId?: number;
}

export async function listComplaints(
  db: Executor,
  actor: Actor,
  f: ComplaintFilter,
  page: { page: number; pageSize: number },
  now: Date,
): Promise<{ items: ComplaintJoined[]; total: number }> {
  requirePermission(actor, "complaint.read");
  if (f.from && f.to && f.from > f.to)
    throw unprocessable("invalid_period", "the period ends before it starts");
  const storeId = await storeOf(db, actor, f.storeId);
  const where: (SQL | undefined)[] = [inStore(storeId)];
  if (f.state) where.push(eq(complaints.state, f.state));
  if (f.open !== undefined) where.push(f.open ? isOpenSql : sql`not ${isOpenSql}`);
  // escalated is overdue (rules.ts): both filters are the same instant comparison
  for (const flag of [f.overdue, f.escalated]) {
    if (flag === true) where.push(isOpenSql, lt(complaints.deadlineAt, now));
    if (flag === false) where.push(sql`not (${isOpenSql} and ${complaints.deadlineAt} < ${now})`);
  }
  if (f.ownerId !== undefined) where.push(eq(complaints.ownerId, f.ownerId));
  if (f.mine) where.push(eq(complaints.ownerId, actor.userId));
  if (f.customerId !== undefined) where.push(eq(complaints.customerId, f.customerId));
  if (f.severity) where.push(eq(complaints.severity, f.severity));
  if (f.from) where.push(gte(complaints.receivedAt, localStart(f.from)));
  if (f.to) where.push(lt(complaints.receivedAt, localEnd(f.to)));
  const cond = and(...where);
  // open ones first, the nearest deadline first; then the closed ones, the latest closed first
  const pageQuery = selectComplaints(db)
    .where(cond)
    .orderBy(
      sql`case when ${isOpenSql} then 0 else 1 end`,
      sql`case when ${isOpenSql} then ${complaints.deadlineAt} end asc`,
      sql`coalesce(${complaints.confirmedAt}, ${complaints.resolvedAt}) desc nulls last`,
      desc(complaints.id),
    )
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return pageWithTotal(page, pageQuery, () => countWhere(db, complaints, cond));
}

export async function reachComplaint(db: Executor, actor: Actor, id: number): Promise<ComplaintJoined> {
  requirePermission(actor, "complaint.read");
  return complaintOf(db, actor.storeId, id);
}

/**
 * One complaint of a store (null: any store), joined. Without a permission check: reception takes complaints
 * and is answered with the one it created, though it does not read the complaint lists.
 */
export async function complaintOf(
  db: Executor,
  storeId: number | null,
  id: number,
): Promise<ComplaintJoined> {
  const scope = storeId === null ? undefined : eq(complaints.storeId, storeId);
  const [row] = await selectComplaints(db).where(and(eq(complaints.id, id), scope));
  if (!row) throw notFound("complaint");
  return row;
}

export async function complaintDetail(db: Executor, actor: Actor, id: number) {
  const complaint = await reachComplaint(db, actor, id);
  const owner = sql`(select ${users.displayName} from ${users} where ${users.id} = ${complaintEvents.ownerId})`;
  const events = await db
    .select({
      id: complaintEvents.id,
      kind: complaintEvents.kind,
      fromState: complaintEvents.fromState,
      toState: complaintEvents.toState,
      note: complaintEvents.note,
      ownerId: complaintEvents.ownerId,
      ownerName: sql<string | null>`${owner}`,
      at: complaintEvents.at,
      actorId: complaintEvents.actorId,
      actorName: users.displayName,
    })
    .from(complaintEvents)
    .leftJoin(users, eq(users.id, complaintEvents.actorId))
    .where(and(eq(complaintEvents.storeId, complaint.storeId), eq(complaintEvents.complaintId, id)))
    .orderBy(asc(complaintEvents.at), asc(complaintEvents.id));
  return { complaint, events };
}

export interface ComplaintStats {
  received: number;
  resolved: number;
  confirmed: number;
  overdueOpen: number;
  resolvedInTime: number;
  resolvedInTimeRate: number | null;
  byCategory: Record<(typeof COMPLAINT_CATEGORIES)[number], number>;
}

/**
 * A period of store-local dates: complaints received in it (and by category), resolved in it (those still
 * resolved or confirmed — a reopened one counts again when it is resolved again), of those the ones resolved
 * by their deadline, and confirmed in it. `overdueOpen` is a snapshot: the open complaints past their deadline now.
 */
export async function complaintStats(
  db: Executor,
  actor: Actor,
  period: { from: string; to: string; storeId?: number },
  now: Date,
): Promise<ComplaintStats> {
  requirePermission(actor, "complaint.read");
  if (period.from > period.to) throw unprocessable("invalid_period", "the period ends before it starts");
  const storeId = await storeOf(db, actor, period.storeId);
  const within = (col: SQL | typeof complaints.receivedAt) =>
    sql`(${col} >= ${localStart(period.from)} and ${col} < ${localEnd(period.to)})`;
  const receivedIn = within(complaints.receivedAt);
  const resolvedIn = within(sql`${complaints.resolvedAt}`);
  const count = (cond: SQL) => sql<number>`count(*) filter (where ${cond})`.mapWith(Number);
  const [[totals], categories] = await Promise.all([
    db
      .select({
        received: count(receivedIn),
        resolved: count(resolvedIn),
        resolvedInTime: count(sql`${resolvedIn} and ${complaints.resolvedAt} <= ${complaints.deadlineAt}`),
        confirmed: count(within(sql`${complaints.confirmedAt}`)),
        overdueOpen: count(sql`${isOpenSql} and ${complaints.deadlineAt} < ${now}`),
      })
      .from(complaints)
      .where(inStore(storeId)),
    db
      .select({ category: complaints.category, n: sql<number>`count(*)`.mapWith(Number) })
      .from(complaints)
      .where(and(inStore(storeId), receivedIn))
      .groupBy(complaints.category),
  ]);
  const t = totals!;
  return {
    ...t,
    resolvedInTimeRate: inTimeRate(t.resolved, t.resolvedInTime),
    byCategory: Object.fromEntries(
      COMPLAINT_CATEGORIES.map((c) => [c, categories.find((r) => r.category === c)?.n ?? 0]),
    ) as ComplaintStats["byCategory"],
  };
}

/**
 * The colleagues a complaint may be given to (enabled users of the own store who handle complaints), for whoever
 * takes or hands over complaints — reception and customer service do not read the user administration.
 */
export async function complaintOwners(db: Executor, actor: Actor) {
  if (!can(actor, "complaint.create") && !can(actor, "complaint.handle")) throw forbidden();
  if (actor.storeId === null) return [];
  return db
    .select({ id: users.id, displayName: users.displayName, role: users.role })
    .from(users)
    .where(
      and(
        eq(users.storeId, actor.storeId),
        eq(users.disabled, false),
        inArray(users.role, [...POLICY["complaint.handle"]]),
      ),
    )
    .orderBy(asc(users.role), asc(users.displayName), asc(users.id));
}
