/** Reading traffic: the day's visit and call logs, the live reception board, the month against its plan. */
import { and, asc, desc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/index.ts";
import { type Actor, requirePermission, seesOnlyOwnLeads } from "../../platform/access.ts";
import { localDateIn, localDayRange } from "../../platform/local-date.ts";
import { users } from "../identity/index.ts";
import { leads } from "../leads/index.ts";
import { loadSettings } from "../leads/settings.ts";
import { achievement, consultantCards, monthRange, nextInTurn } from "./rules.ts";
import { trafficCalls, trafficPlans, trafficVisits } from "./schema.ts";

const consultant = alias(users, "consultant");
const visitLead = and(eq(leads.storeId, trafficVisits.storeId), eq(leads.id, trafficVisits.leadId));
const callLead = and(eq(leads.storeId, trafficCalls.storeId), eq(leads.id, trafficCalls.leadId));

/** Visits with the names the lists show: the lead's (none for a visitor not archived) and the consultant's. */
const visitRows = (db: Executor) =>
  db
    .select({
      ...getTableColumns(trafficVisits),
      leadName: leads.name,
      consultantName: consultant.displayName,
    })
    .from(trafficVisits)
    .leftJoin(leads, visitLead)
    .innerJoin(consultant, eq(consultant.id, trafficVisits.consultantId));

/** Calls with the lead's and the consultant's names (a call may have neither). */
const callRows = (db: Executor) =>
  db
    .select({
      ...getTableColumns(trafficCalls),
      leadName: leads.name,
      consultantName: consultant.displayName,
    })
    .from(trafficCalls)
    .leftJoin(leads, callLead)
    .leftJoin(consultant, eq(consultant.id, trafficCalls.consultantId));

export interface Paging {
  page: number;
  pageSize: number;
}

/**
 * Which lead-linked records a consultant reaches: those he served and those of his own leads. Everyone else
 * at the sales desk reads the whole store's log.
 */
function ownTraffic(actor: Actor, consultantCol: AnyPgColumn): SQL | undefined {
  if (!seesOnlyOwnLeads(actor)) return undefined;
  return sql`(${consultantCol} = ${actor.userId} OR ${leads.ownerId} = ${actor.userId})`;
}

export async function listVisits(
  db: Executor,
  actor: Actor,
  storeId: number,
  f: { date?: string; consultantId?: number; leadId?: number },
  paging: Paging,
  now: Date,
) {
  requirePermission(actor, "traffic.read");
  const { timeZone } = await loadSettings(db, storeId);
  const where: (SQL | undefined)[] = [
    eq(trafficVisits.storeId, storeId),
    ownTraffic(actor, trafficVisits.consultantId),
  ];
  // A lead's visits are its history, of every day; the log otherwise shows one day, today by default.
  if (f.date !== undefined || f.leadId === undefined) {
    const { start, end } = localDayRange(f.date ?? localDateIn(now, timeZone), timeZone);
    where.push(sql`${trafficVisits.arrivedAt} >= ${start} AND ${trafficVisits.arrivedAt} < ${end}`);
  }
  if (f.consultantId !== undefined) where.push(eq(trafficVisits.consultantId, f.consultantId));
  if (f.leadId !== undefined) where.push(eq(trafficVisits.leadId, f.leadId));
  const [items, [count]] = await Promise.all([
    visitRows(db)
      .where(and(...where))
      .orderBy(desc(trafficVisits.arrivedAt), desc(trafficVisits.id))
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(trafficVisits)
      .leftJoin(leads, visitLead)
      .where(and(...where)),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function listCalls(
  db: Executor,
  actor: Actor,
  storeId: number,
  f: { date?: string },
  paging: Paging,
  now: Date,
) {
  requirePermission(actor, "traffic.read");
  const { timeZone } = await loadSettings(db, storeId);
  const { start, end } = localDayRange(f.date ?? localDateIn(now, timeZone), timeZone);
  const where = and(
    eq(trafficCalls.storeId, storeId),
    ownTraffic(actor, trafficCalls.consultantId),
    sql`${trafficCalls.at} >= ${start} AND ${trafficCalls.at} < ${end}`,
  );
  const [items, [count]] = await Promise.all([
    callRows(db)
      .where(where)
      .orderBy(desc(trafficCalls.at), desc(trafficCalls.id))
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(trafficCalls)
      .leftJoin(leads, callLead)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** The reception board: every enabled consultant's state right now, whose turn is next, today's counts. */
export async function receptionBoard(db: Executor, actor: Actor, storeId: number, now: Date) {
  requirePermission(actor, "traffic.read");
  const { timeZone } = await loadSettings(db, storeId);
  const date = localDateIn(now, timeZone);
  const { start, end } = localDayRange(date, timeZone);
  const today = and(
    eq(trafficVisits.storeId, storeId),
    sql`${trafficVisits.arrivedAt} >= ${start} AND ${trafficVisits.arrivedAt} < ${end}`,
  );
  const [consultants, visits, calls] = await Promise.all([
    db
      .select({
        userId: users.id,
        displayName: users.displayName,
        paused: users.paused,
        lastAssignedAt: users.lastAssignedAt,
      })
      .from(users)
      .where(and(eq(users.storeId, storeId), eq(users.role, "consultant"), eq(users.disabled, false)))
      .orderBy(asc(users.id)),
    db
      .select({
        id: trafficVisits.id,
        consultantId: trafficVisits.consultantId,
        arrivedAt: trafficVisits.arrivedAt,
        leftAt: trafficVisits.leftAt,
        firstVisit: trafficVisits.firstVisit,
        leadId: trafficVisits.leadId,
      })
      .from(trafficVisits)
      .where(today),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(trafficCalls)
      .where(
        and(
          eq(trafficCalls.storeId, storeId),
          sql`${trafficCalls.at} >= ${start} AND ${trafficCalls.at} < ${end}`,
        ),
      ),
  ]);
  const cards = consultantCards(consultants, visits);
  const next = nextInTurn(consultants, cards);
  return {
    date,
    consultants: cards,
    nextInTurn: next ? { userId: next.userId, displayName: next.displayName } : null,
    noFreeConsultant: !cards.some((c) => c.status === "free"),
    today: {
      visits: visits.length,
      firstVisits: visits.filter((v) => v.firstVisit).length,
      returnVisits: visits.filter((v) => !v.firstVisit).length,
      notArchived: visits.filter((v) => v.leadId === null).length,
      calls: calls[0]?.n ?? 0,
      inShowroom: visits.filter((v) => v.leftAt === null).length,
    },
  };
}

/** The month's traffic (本月客流 = visits + calls) by store-local day, against the plan when there is one. */
export async function monthSummary(
  db: Executor,
  actor: Actor,
  storeId: number,
  month: string | undefined,
  now: Date,
) {
  requirePermission(actor, "traffic.read");
  const { timeZone } = await loadSettings(db, storeId);
  const m = month ?? localDateIn(now, timeZone).slice(0, 7);
  const { start, end, days } = monthRange(m, timeZone);
  const localDay = (col: SQL) => sql<string>`to_char(${col} AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;
  const [visitDays, callDays, plan] = await Promise.all([
    db
      .select({
        date: localDay(sql`${trafficVisits.arrivedAt}`),
        visits: sql<number>`count(*)`.mapWith(Number),
        firstVisits: sql<number>`count(*) FILTER (WHERE ${trafficVisits.firstVisit})`.mapWith(Number),
      })
      .from(trafficVisits)
      .where(
        and(
          eq(trafficVisits.storeId, storeId),
          sql`${trafficVisits.arrivedAt} >= ${start} AND ${trafficVisits.arrivedAt} < ${end}`,
        ),
      )
      .groupBy(sql`1`),
    db
      .select({ date: localDay(sql`${trafficCalls.at}`), calls: sql<number>`count(*)`.mapWith(Number) })
      .from(trafficCalls)
      .where(
        and(
          eq(trafficCalls.storeId, storeId),
          sql`${trafficCalls.at} >= ${start} AND ${trafficCalls.at} < ${end}`,
        ),
      )
      .groupBy(sql`1`),
    db
      .select()
      .from(trafficPlans)
      .where(and(eq(trafficPlans.storeId, storeId), eq(trafficPlans.month, m)))
      .then((r) => r[0]),
  ]);
  const visitsOn = new Map(visitDays.map((d) => [d.date, d.visits]));
  const callsOn = new Map(callDays.map((d) => [d.date, d.calls]));
  const visits = visitDays.reduce((s, d) => s + d.visits, 0);
  const firstVisits = visitDays.reduce((s, d) => s + d.firstVisits, 0);
  const calls = callDays.reduce((s, d) => s + d.calls, 0);
  const plannedTraffic = plan ? plan.visits + plan.calls : null;
  return {
    month: m,
    visits,
    firstVisits,
    returnVisits: visits - firstVisits,
    calls,
    traffic: visits + calls,
    plannedVisits: plan?.visits ?? null,
    plannedCalls: plan?.calls ?? null,
    plannedTraffic,
    achievement: achievement(visits + calls, plannedTraffic),
    byDay: days.map((date) => ({ date, visits: visitsOn.get(date) ?? 0, calls: callsOn.get(date) ?? 0 })),
  };
}

/** One written visit or call with the names the lists show (the write itself just checked access). */
export async function visitById(db: Executor, storeId: number, id: number) {
  const [row] = await visitRows(db).where(and(eq(trafficVisits.storeId, storeId), eq(trafficVisits.id, id)));
  return row!;
}

export async function callById(db: Executor, storeId: number, id: number) {
  const [row] = await callRows(db).where(and(eq(trafficCalls.storeId, storeId), eq(trafficCalls.id, id)));
  return row!;
}
