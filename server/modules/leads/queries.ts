/** Reading leads: the filtered list, the detail with its timeline, the consultant's day, the manager's board. */
import { and, asc, desc, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { escapeLike } from "../../platform/like.ts";
import { countWhere, pageWithTotal } from "../../platform/paging.ts";
import { users } from "../identity/index.ts";
import { stockVehicles } from "../stock/schema.ts";
import { testDrives } from "../testdrives/schema.ts";
import { leadScope, reachLead } from "./lead-access.ts";
import type { LeadRow } from "./lead-view.ts";
import type { CadenceSettings, Level } from "./rules.ts";
import { localDayBounds } from "./rules.ts";
import { defeatRequests, followUps, leadAppointments, leadEvents, leadOwners, leads } from "./schema.ts";

export interface LeadFilter {
  level?: Level[];
  ownerId?: number;
  source?: string;
  state?: string;
  overdue?: boolean;
  stale?: boolean;
  escalated?: boolean;
  pool?: boolean;
  q?: string;
}

export type LeadWithOwner = LeadRow & { ownerName: string | null };

const STORE_OF_LEAD = sql`(SELECT s FROM stores s WHERE s.id = ${leads.storeId})`;
const DAY_MS = 86_400_000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * Stale (级别过期) in SQL, mirroring rules.isStale: at the level strictly longer than the store's validity.
 * With the store's settings at hand (every store user's query) the thresholds are plain instants the
 * indexes can use; the group admin's lists span stores and read each lead's store.
 */
function staleSql(now: Date, s?: CadenceSettings): SQL {
  if (!s) {
    return sql`(${leads.state} = 'active' AND ${leads.level} IN ('C','B','A','H') AND ${leads.levelSince} +
      make_interval(days => ((${STORE_OF_LEAD}).validity_days ->> ${leads.level})::int) < ${now})`;
  }
  const byLevel = (["C", "B", "A", "H"] as const).map(
    (level) =>
      sql`(${leads.level} = ${level} AND ${leads.levelSince} < ${daysBefore(now, s.validityDays[level])})`,
  );
  return sql`(${leads.state} = 'active' AND (${sql.join(byLevel, sql` OR `)}))`;
}
const overdueSql = (now: Date) => sql`(${leads.state} = 'active' AND ${leads.dueAt} < ${now})`;
function escalatedSql(now: Date, s?: CadenceSettings): SQL {
  if (s) return sql`(${leads.state} = 'active' AND ${leads.dueAt} < ${daysBefore(now, s.escalateAfterDays)})`;
  return sql`(${leads.state} = 'active' AND ${leads.dueAt} + make_interval(days => (${STORE_OF_LEAD}).escalate_after_days) < ${now})`;
}

/** Search by phone (prefix, or the last 4 digits) or by name (prefix). */
function searchSql(q: string): SQL {
  const digits = q.replace(/\D/g, "");
  if (digits.length === q.replace(/[\s-]/g, "").length && digits.length > 0) {
    if (digits.length === 4) return sql`right(${leads.phone}, 4) = ${digits}`;
    return sql`${leads.phone} LIKE ${`${digits}%`}`;
  }
  return sql`${leads.name} LIKE ${`${escapeLike(q)}%`}`;
}

/** `s`: the settings of the one store the query is limited to, when it is (see staleSql). */
export function filterSql(actor: Actor, f: LeadFilter, now: Date, s?: CadenceSettings): SQL | undefined {
  const where: (SQL | undefined)[] = [leadScope(actor, { includePool: f.pool === true })];
  if (f.level?.length) where.push(inArray(leads.level, f.level));
  if (f.ownerId !== undefined) where.push(eq(leads.ownerId, f.ownerId));
  if (f.source) where.push(eq(leads.source, f.source));
  if (f.state) where.push(eq(leads.state, f.state));
  if (f.overdue !== undefined) where.push(f.overdue ? overdueSql(now) : sql`NOT ${overdueSql(now)}`);
  if (f.stale !== undefined) where.push(f.stale ? staleSql(now, s) : sql`NOT ${staleSql(now, s)}`);
  if (f.escalated) where.push(escalatedSql(now, s));
  if (f.pool !== undefined) where.push(eq(leads.inPool, f.pool));
  if (f.q) where.push(searchSql(f.q));
  return and(...where);
}

const withOwner = { ...getTableColumns(leads), ownerName: users.displayName };

export async function listLeads(
  db: Executor,
  actor: Actor,
  f: LeadFilter,
  page: { page: number; pageSize: number },
  now: Date,
  s?: CadenceSettings,
): Promise<{ items: LeadWithOwner[]; total: number }> {
  requirePermission(actor, "lead.read");
  const where = filterSql(actor, f, now, s);
  // Page and count as two queries: a window count would fetch every matching row to show twenty. A
  // first page that is not full is its own count (a phone search), which spares the second query.
  const pageQuery = db
    .select(withOwner)
    .from(leads)
    .leftJoin(users, eq(users.id, leads.ownerId))
    .where(where)
    .orderBy(sql`${leads.dueAt} ASC NULLS LAST`, desc(leads.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return pageWithTotal(page, pageQuery, () => countWhere(db, leads, where));
}

/** Streams every lead of a filter in pages, for the export. */
export async function* allLeads(
  db: Executor,
  actor: Actor,
  f: LeadFilter,
  now: Date,
  batch = 2000,
): AsyncGenerator<LeadWithOwner[]> {
  requirePermission(actor, "lead.export");
  const where = filterSql(actor, f, now);
  let after = 0;
  for (;;) {
    const rows = await db
      .select(withOwner)
      .from(leads)
      .leftJoin(users, eq(users.id, leads.ownerId))
      .where(and(where, sql`${leads.id} > ${after}`))
      .orderBy(asc(leads.id))
      .limit(batch);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

export async function leadDetail(db: Executor, actor: Actor, id: number) {
  requirePermission(actor, "lead.read");
  const lead = await reachLead(db, actor, id, { includePool: true });
  const k = { storeId: lead.storeId, leadId: lead.id };
  const actorName = users.displayName;
  const [owner, fus, owners, events, appointments, defeat] = await Promise.all([
    lead.ownerId === null
      ? Promise.resolve(undefined)
      : db
          .select({ name: users.displayName })
          .from(users)
          .where(eq(users.id, lead.ownerId))
          .then((r) => r[0]),
    db
      .select({ ...getTableColumns(followUps), actorName })
      .from(followUps)
      .leftJoin(users, eq(users.id, followUps.actorId))
      .where(and(eq(followUps.storeId, k.storeId), eq(followUps.leadId, k.leadId)))
      .orderBy(desc(followUps.occurredAt), desc(followUps.id)),
    db
      .select({ ...getTableColumns(leadOwners), ownerName: users.displayName })
      .from(leadOwners)
      .leftJoin(users, eq(users.id, leadOwners.ownerId))
      .where(and(eq(leadOwners.storeId, k.storeId), eq(leadOwners.leadId, k.leadId)))
      .orderBy(asc(leadOwners.fromAt), asc(leadOwners.id)),
    db
      .select({ ...getTableColumns(leadEvents), actorName })
      .from(leadEvents)
      .leftJoin(users, eq(users.id, leadEvents.actorId))
      .where(and(eq(leadEvents.storeId, k.storeId), eq(leadEvents.leadId, k.leadId)))
      .orderBy(desc(leadEvents.at), desc(leadEvents.id)),
    db
      .select()
      .from(leadAppointments)
      .where(and(eq(leadAppointments.storeId, k.storeId), eq(leadAppointments.leadId, k.leadId)))
      .orderBy(desc(leadAppointments.at)),
    db
      .select()
      .from(defeatRequests)
      .where(and(eq(defeatRequests.storeId, k.storeId), eq(defeatRequests.leadId, k.leadId)))
      .orderBy(desc(defeatRequests.requestedAt))
      .limit(1)
      .then((r) => r[0]),
  ]);
  return {
    lead: { ...lead, ownerName: owner?.name ?? null },
    followUps: fus,
    owners,
    events,
    appointments,
    defeat: defeat ?? null,
  };
}

/** The consultant's day: what is due today, what is overdue, what is stale, today's appointments. */
/**
 * A day's work list shows the most urgent leads of each kind, with the full counts: a consultant with a
 * large book opens the filtered lead list for the rest instead of loading all of it every morning.
 */
export const MY_DAY_LIMIT = 100;

export async function myDay(db: Executor, actor: Actor, s: CadenceSettings, now: Date) {
  requirePermission(actor, "myDay.read");
  const storeId = actor.storeId!;
  const { start: startOfToday, end: endOfToday } = localDayBounds(now, s);
  const mine = and(eq(leads.storeId, storeId), eq(leads.ownerId, actor.userId), eq(leads.state, "active"));
  const base = () => db.select(withOwner).from(leads).leftJoin(users, eq(users.id, leads.ownerId));
  const dueTodaySql = sql`(${leads.dueAt} >= ${now} AND ${leads.dueAt} < ${endOfToday} OR ${leads.nextContactAt} >= ${startOfToday} AND ${leads.nextContactAt} < ${endOfToday} AND ${leads.dueAt} >= ${now})`;
  const [dueToday, overdue, stale, totals, appointments, drives] = await Promise.all([
    base().where(and(mine, dueTodaySql)).orderBy(asc(leads.dueAt)).limit(MY_DAY_LIMIT),
    base()
      .where(and(mine, overdueSql(now)))
      .orderBy(asc(leads.dueAt))
      .limit(MY_DAY_LIMIT),
    base()
      .where(and(mine, staleSql(now, s)))
      .orderBy(asc(leads.levelSince))
      .limit(MY_DAY_LIMIT),
    db
      .select({
        dueToday: sql<number>`count(*) FILTER (WHERE ${dueTodaySql})`.mapWith(Number),
        overdue: sql<number>`count(*) FILTER (WHERE ${overdueSql(now)})`.mapWith(Number),
        stale: sql<number>`count(*) FILTER (WHERE ${staleSql(now, s)})`.mapWith(Number),
      })
      .from(leads)
      .where(mine)
      .then((r) => r[0]!),
    db
      .select({
        id: leadAppointments.id,
        leadId: leadAppointments.leadId,
        leadName: leads.name,
        kind: leadAppointments.kind,
        at: leadAppointments.at,
      })
      .from(leadAppointments)
      .innerJoin(
        leads,
        and(eq(leads.storeId, leadAppointments.storeId), eq(leads.id, leadAppointments.leadId)),
      )
      .where(
        and(
          eq(leadAppointments.storeId, storeId),
          eq(leads.ownerId, actor.userId),
          sql`${leadAppointments.at} >= ${startOfToday} AND ${leadAppointments.at} < ${endOfToday}`,
        ),
      )
      .orderBy(asc(leadAppointments.at)),
    // today's booked test drives of the consultant's leads, each with its reminder (start − 1 h)
    db
      .select({
        id: testDrives.id,
        leadId: testDrives.leadId,
        leadName: leads.name,
        startAt: testDrives.startAt,
        endAt: testDrives.endAt,
        model: stockVehicles.model,
        remindAt: testDrives.remindAt,
      })
      .from(testDrives)
      .innerJoin(leads, and(eq(leads.storeId, testDrives.storeId), eq(leads.id, testDrives.leadId)))
      .innerJoin(
        stockVehicles,
        and(eq(stockVehicles.storeId, testDrives.storeId), eq(stockVehicles.id, testDrives.vehicleId)),
      )
      .where(
        and(
          eq(testDrives.storeId, storeId),
          eq(leads.ownerId, actor.userId),
          eq(testDrives.state, "booked"),
          sql`${testDrives.startAt} >= ${startOfToday} AND ${testDrives.startAt} < ${endOfToday}`,
        ),
      )
      .orderBy(asc(testDrives.startAt)),
  ]);
  return { dueToday, overdue, stale, totals, appointments, testDrives: drives };
}

/** The manager's board: per consultant counts, the escalations, pending defeats, the pool. */
export async function board(db: Executor, actor: Actor, storeId: number, s: CadenceSettings, now: Date) {
  requirePermission(actor, "lead.board");
  const endOfToday = localDayBounds(now, s).end;
  const counts = await db.execute<{
    user_id: number;
    display_name: string;
    paused: boolean;
    open: number;
    overdue: number;
    stale: number;
    escalated: number;
    due_today: number;
  }>(sql`
    SELECT u.id AS user_id, u.display_name, u.paused,
      count(leads.id)::int AS open,
      count(leads.id) FILTER (WHERE ${overdueSql(now)})::int AS overdue,
      count(leads.id) FILTER (WHERE ${staleSql(now, s)})::int AS stale,
      count(leads.id) FILTER (WHERE ${escalatedSql(now, s)})::int AS escalated,
      count(leads.id) FILTER (WHERE leads.state = 'active' AND leads.due_at >= ${now} AND leads.due_at < ${endOfToday})::int AS due_today
    FROM users u
    LEFT JOIN leads ON leads.store_id = u.store_id AND leads.owner_id = u.id AND leads.state IN ('active','defeat_requested')
    WHERE u.store_id = ${storeId} AND u.role IN ('consultant','sales_manager') AND NOT u.disabled
    GROUP BY u.id, u.display_name, u.paused
    ORDER BY overdue DESC, u.id`);
  const scope = eq(leads.storeId, storeId);
  const [escalations, pendingDefeats, pool] = await Promise.all([
    db
      .select(withOwner)
      .from(leads)
      .leftJoin(users, eq(users.id, leads.ownerId))
      .where(and(scope, escalatedSql(now, s)))
      .orderBy(asc(leads.dueAt))
      .limit(200),
    listDefeats(db, actor, storeId, "requested"),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(leads)
      .where(and(scope, eq(leads.inPool, true), eq(leads.state, "active"))),
  ]);
  return {
    consultants: counts.rows.map((r) => ({
      userId: Number(r.user_id),
      displayName: r.display_name,
      paused: r.paused,
      open: r.open,
      dueToday: r.due_today,
      overdue: r.overdue,
      stale: r.stale,
      escalated: r.escalated,
    })),
    escalations,
    pendingDefeats,
    poolCount: pool[0]?.n ?? 0,
  };
}

export async function listDefeats(
  db: Executor,
  actor: Actor,
  storeId: number | null,
  status: "requested" | "approved" | "returned",
) {
  requirePermission(actor, "lead.read");
  const requester = sql<string>`(SELECT display_name FROM users WHERE id = ${defeatRequests.requestedBy})`;
  const decider = sql<string | null>`(SELECT display_name FROM users WHERE id = ${defeatRequests.decidedBy})`;
  const where: (SQL | undefined)[] = [eq(defeatRequests.status, status), leadScope(actor)];
  if (storeId !== null) where.push(eq(defeatRequests.storeId, storeId));
  return db
    .select({
      id: defeatRequests.id,
      leadId: defeatRequests.leadId,
      leadName: leads.name,
      ownerId: leads.ownerId,
      ownerName: users.displayName,
      reason: defeatRequests.reason,
      competitor: defeatRequests.competitor,
      note: defeatRequests.note,
      status: defeatRequests.status,
      requestedAt: defeatRequests.requestedAt,
      requestedBy: defeatRequests.requestedBy,
      requestedByName: requester,
      decidedAt: defeatRequests.decidedAt,
      decidedByName: decider,
    })
    .from(defeatRequests)
    .innerJoin(leads, and(eq(leads.storeId, defeatRequests.storeId), eq(leads.id, defeatRequests.leadId)))
    .leftJoin(users, eq(users.id, leads.ownerId))
    .where(and(...where))
    .orderBy(desc(defeatRequests.requestedAt))
    .limit(1000);
}
