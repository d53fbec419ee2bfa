/**
 * Reading warranty claims: the list with the approval rate (索赔通过率, DOMAIN §9) and one claim with its events.
 * Row scope: the own store; the group admin all stores (or the named one). The period is of store-local dates
 * of the (last) submission, measured in each claim's own store zone.
 */
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Actor, readStore, requirePermission } from "../../platform/access.ts";
import { notFound, unprocessable } from "../../platform/errors.ts";
import { stores, users } from "../identity/schema.ts";
import { approvalRate } from "./rules.ts";
import { type ClaimState, claimEvents, warrantyClaims } from "./schema.ts";
import { type ClaimJoined, selectClaims } from "./view.ts";

async function storeOf(db: Executor, actor: Actor, requested: number | undefined): Promise<number | null> {
  const storeId = readStore(actor, requested);
  if (storeId === null || actor.storeId !== null) return storeId;
  const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
  if (!store) throw notFound("store");
  return storeId;
}

const zone = sql`(select ${stores.timeZone} from ${stores} where ${stores.id} = ${warrantyClaims.storeId})`;

export interface ClaimFilter {
  state?: ClaimState;
  from?: string;
  to?: string;
  storeId?: number;
}

export interface ClaimList {
  items: ClaimJoined[];
  total: number;
  /** over the period (and store), whatever the state filter: the KPI of the same claims */
  submitted: number;
  approved: number;
  rejected: number;
  approvedFen: number;
  approvalRate: number | null;
}

export async function listClaims(
  db: Executor,
  actor: Actor,
  f: ClaimFilter,
  page: { page: number; pageSize: number },
): Promise<ClaimList> {
  requirePermission(actor, "claim.read");
  if (f.from && f.to && f.from > f.to)
    throw unprocessable("invalid_period", "the period ends before it starts");
  const storeId = await storeOf(db, actor, f.storeId);
  const period: (SQL | undefined)[] = [storeId === null ? undefined : eq(warrantyClaims.storeId, storeId)];
  if (f.from)
    period.push(sql`${warrantyClaims.submittedAt} >= (${f.from}::date::timestamp at time zone ${zone})`);
  if (f.to)
    period.push(sql`${warrantyClaims.submittedAt} < ((${f.to}::date + 1)::timestamp at time zone ${zone})`);
  const cond = and(...period, f.state ? eq(warrantyClaims.state, f.state) : undefined);
  const count = (state: ClaimState) =>
    sql<number>`count(*) filter (where ${warrantyClaims.state} = ${state})`.mapWith(Number);
  const [items, [k]] = await Promise.all([
    selectClaims(db)
      .where(cond)
      .orderBy(desc(warrantyClaims.submittedAt), desc(warrantyClaims.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({
        total: f.state ? count(f.state) : sql<number>`count(*)`.mapWith(Number),
        submitted: count("submitted"),
        approved: count("approved"),
        rejected: count("rejected"),
        approvedFen: sql<number>`coalesce(sum(${warrantyClaims.approvedFen}), 0)`.mapWith(Number),
      })
      .from(warrantyClaims)
      .where(and(...period)),
  ]);
  const { total, ...kpi } = k!;
  return { items, total, ...kpi, approvalRate: approvalRate(kpi.approved, kpi.rejected) };
}

export async function claimDetail(db: Executor, actor: Actor, id: number) {
  requirePermission(actor, "claim.read");
  const scope = actor.storeId === null ? undefined : eq(warrantyClaims.storeId, actor.storeId);
  const [claim] = await selectClaims(db).where(and(eq(warrantyClaims.id, id), scope));
  if (!claim) throw notFound("claim");
  const events = await db
    .select({
      id: claimEvents.id,
      kind: claimEvents.kind,
      amountFen: claimEvents.amountFen,
      reason: claimEvents.reason,
      at: claimEvents.at,
      actorId: claimEvents.actorId,
      actorName: users.displayName,
    })
    .from(claimEvents)
    .leftJoin(users, eq(users.id, claimEvents.actorId))
    .where(and(eq(claimEvents.storeId, claim.storeId), eq(claimEvents.claimId, id)))
    .orderBy(asc(claimEvents.at), asc(claimEvents.id));
  return { claim, events };
}
