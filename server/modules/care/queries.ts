/**
 * Reading care tasks: customer service's work list, one task with its calls, an order's callbacks, and the
 * callback statistics. Row scope: the own store; the group admin all stores, each in its own time zone.
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Actor, readStore, requirePermission } from "../../platform/access.ts";
import { notFound, unprocessable } from "../../platform/errors.ts";
import { escapeLike } from "../../platform/like.ts";
import { countWhere, pageWithTotal } from "../../platform/paging.ts";
import { customers, vehicles } from "../customers/schema.ts";
import { stores, users } from "../identity/index.ts";
import { localDayBounds } from "../leads/rules.ts";
import { loadSettings } from "../leads/settings.ts";
import { orders } from "../sales/schema.ts";
import { repairOrders } from "../service/schema.ts";
import {
  CSI_SATISFIED_FROM,
  callbackRate,
  localPeriod,
  POST_SALE_CALLBACK_DAYS,
  type PostSaleDayOffset,
} from "./rules.ts";
import { type CareTaskType, careTaskAttempts, careTasks } from "./schema.ts";
import { type CareTaskJoined, type CareTaskOut, careTaskView } from "./task-view.ts";

export interface CareTaskFilter {
  /** one type or several (the work list's "callbacks" are the post-sale and the post-service ones) */
  type?: CareTaskType[];
  /** today: open and due before today's end, not yet overdue; overdue: open and past due */
  due?: "today" | "overdue";
  done?: boolean;
  flagged?: boolean;
  /** part of the customer's name, or the start (or last four digits) of the phone */
  q?: string;
  /** the group admin may narrow a list to one store; anyone else may only name the own */
  storeId?: number;
}

/** The one store a read is about, or null for the group admin's all stores. */
async function storeOf(db: Executor, actor: Actor, requested: number | undefined): Promise<number | null> {
  const storeId = readStore(actor, requested);
  if (storeId === null || actor.storeId !== null) return storeId;
  // the group admin's named store must exist: a missing one is 404, not an empty list
  const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
  if (!store) throw notFound("store");
  return storeId;
}

export function careScope(actor: Actor): SQL | undefined {
  return storeScope(actor.storeId);
}

const storeScope = (storeId: number | null) =>
  storeId === null ? undefined : eq(careTasks.storeId, storeId);

const joined = {
  ...getTableColumns(careTasks),
  customerName: customers.name,
  customerPhone: customers.phone,
  orderNo: orders.orderNo,
  roNo: repairOrders.roNo,
  workType: repairOrders.workType,
  vehiclePlate: vehicles.plate,
  vehicleModel: vehicles.model,
};

function selectJoined(db: Executor) {
  return db
    .select(joined)
    .from(careTasks)
    .innerJoin(
      customers,
      and(eq(customers.storeId, careTasks.storeId), eq(customers.id, careTasks.customerId)),
    )
    .leftJoin(orders, and(eq(orders.storeId, careTasks.storeId), eq(orders.id, careTasks.orderId)))
    .leftJoin(
      repairOrders,
      and(eq(repairOrders.storeId, careTasks.storeId), eq(repairOrders.id, careTasks.repairOrderId)),
    )
    .leftJoin(vehicles, and(eq(vehicles.storeId, careTasks.storeId), eq(vehicles.id, careTasks.vehicleId)));
}

// The group admin's lists span stores in different zones: each task is measured in its own store's zone.
const taskZone = sql`(select ${stores.timeZone} from ${stores} where ${stores.id} = ${careTasks.storeId})`;

/** Local midnight after today in the task's store, as an instant. */
async function endOfToday(db: Executor, storeId: number | null, now: Date): Promise<Date | SQL> {
  if (storeId !== null) return localDayBounds(now, await loadSettings(db, storeId)).end;
  return sql`(((${now}::timestamptz at time zone ${taskZone})::date + 1)::timestamp at time zone ${taskZone})`;
}

/** A period of store-local dates as instants [start, end) in the task's store. */
async function periodBounds(
  db: Executor,
  storeId: number | null,
  from: string,
  to: string,
): Promise<{ start: Date | SQL; end: Date | SQL }> {
  if (storeId !== null) return localPeriod(from, to, await loadSettings(db, storeId));
  return {
    start: sql`(${from}::date::timestamp at time zone ${taskZone})`,
    end: sql`((${to}::date + 1)::timestamp at time zone ${taskZone})`,
  };
}

/** Without `done` or `flagged` the list is the open work; flagged tasks are results, so they are done. */
function onlyDone(f: CareTaskFilter): boolean {
  return f.done === true || (f.done === undefined && f.flagged === true);
}

export async function listCareTasks(
  db: Executor,
  actor: Actor,
  f: CareTaskFilter,
  page: { page: number; pageSize: number },
  now: Date,
): Promise<{ items: CareTaskJoined[]; total: number }> {
  requirePermission(actor, "careTask.read");
  const storeId = await storeOf(db, actor, f.storeId);
  const where: (SQL | undefined)[] = [storeScope(storeId)];
  if (f.type?.length) where.push(inArray(careTasks.type, f.type));
  if (f.done !== undefined) where.push(f.done ? sql`${careTasks.done}` : sql`not ${careTasks.done}`);
  // what is due is open work, and so is a list without `done` or `flagged`
  if (f.due !== undefined || (f.done === undefined && f.flagged === undefined)) {
    where.push(sql`not ${careTasks.done}`);
  }
  if (f.flagged !== undefined) where.push(eq(careTasks.flagged, f.flagged));
  if (f.q !== undefined) where.push(customerMatches(f.q));
  if (f.due === "overdue") where.push(lt(careTasks.dueAt, now));
  if (f.due === "today") {
    where.push(gte(careTasks.dueAt, now), sql`${careTasks.dueAt} < ${await endOfToday(db, storeId, now)}`);
  }
  const cond = and(...where);
  // Open work in due order (the most urgent first); results with the latest first.
  const order = onlyDone(f)
    ? [desc(careTasks.doneAt), desc(careTasks.id)]
    : [asc(careTasks.dueAt), asc(careTasks.id)];
  const pageQuery = selectJoined(db)
    .where(cond)
    .orderBy(...order)
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return pageWithTotal(page, pageQuery, () => countWhere(db, careTasks, cond));
}

/**
 * The task's customer matches a search: customer service looks up the caller by a part of the name or the
 * phone's first digits or last four. A subquery rather than a join, so the count query needs no join either.
 */
function customerMatches(q: string): SQL {
  const digits = q.replace(/[\s-]/g, "");
  const byPhone = /^\d{1,11}$/.test(digits)
    ? sql` or c.phone like ${`${digits}%`}${digits.length === 4 ? sql` or right(c.phone, 4) = ${digits}` : sql``}`
    : sql``;
  return sql`exists (select 1 from ${customers} c where c.store_id = ${careTasks.storeId} and c.id = ${careTasks.customerId} and (c.name like ${`%${escapeLike(q)}%`}${byPhone}))`;
}

/** One task the actor reaches, joined. */
export async function reachCareTask(db: Executor, actor: Actor, id: number): Promise<CareTaskJoined> {
  const [row] = await selectJoined(db).where(and(eq(careTasks.id, id), careScope(actor)));
  if (!row) throw notFound("care task");
  return row;
}

export async function careTaskDetail(db: Executor, actor: Actor, id: number) {
  requirePermission(actor, "careTask.read");
  const task = await reachCareTask(db, actor, id);
  const attempts = await db
    .select({
      id: careTaskAttempts.id,
      at: careTaskAttempts.at,
      reached: careTaskAttempts.reached,
      satisfaction: careTaskAttempts.satisfaction,
      comment: careTaskAttempts.comment,
      actorId: careTaskAttempts.actorId,
      actorName: users.displayName,
    })
    .from(careTaskAttempts)
    .leftJoin(users, eq(users.id, careTaskAttempts.actorId))
    .where(and(eq(careTaskAttempts.storeId, task.storeId), eq(careTaskAttempts.taskId, id)))
    .orderBy(asc(careTaskAttempts.at), asc(careTaskAttempts.id));
  return { task, attempts };
}

/**
 * An order's callbacks for the order page. The caller has reached the order already (its own access rule);
 * the lead's owner sees the phone as on the order itself.
 */
export async function careTasksOfOrder(
  db: Executor,
  actor: Actor,
  order: { storeId: number; id: number; ownerId?: number | null },
  now: Date,
): Promise<CareTaskOut[]> {
  const rows = await selectJoined(db)
    .where(and(eq(careTasks.storeId, order.storeId), eq(careTasks.orderId, order.id)))
    .orderBy(asc(careTasks.dueAt), asc(careTasks.id));
  return rows.map((r) => careTaskView(r, actor, now, order.ownerId));
}

export interface CallbackStats {
  due: number;
  reachedInTime: number;
  rate: number | null;
}

/** CSI (客户满意度): satisfied (4–5) ÷ effective (reached, with a score) callbacks. */
export interface Csi {
  satisfied: number;
  effective: number;
  rate: number | null;
}

export interface CareTaskStats {
  postSale: Record<`day${PostSaleDayOffset}`, CallbackStats>;
  /** day3.rate is the 3-day post-service callback rate (维修后3天有效回访率), one callback per hand-back */
  postService: { day3: CallbackStats; csi: Csi };
  averageSatisfaction: number | null;
  flagged: number;
}

/**
 * Callbacks due in a period of store-local dates. A callback counts once its outcome is known: its due time
 * has passed, or it is closed already (reached early, or given up after the last unreached call). One not yet
 * due and still open would otherwise lower the month's rate before anyone could have made the call.
 * Effective (reached in time) = reached by its due time; the 3-day effective callback rate is day3.rate.
 * A hand-back has exactly one post-service callback, due at the end of the third working day, so its
 * reached-in-time share is the 3-day post-service callback rate (DOMAIN §9) of the hand-backs due in the period.
 */
export async function careTaskStats(
  db: Executor,
  actor: Actor,
  period: { from: string; to: string; storeId?: number },
  now: Date,
): Promise<CareTaskStats> {
  requirePermission(actor, "careTask.read");
  const storeId = await storeOf(db, actor, period.storeId);
  if (period.from > period.to) throw unprocessable("invalid_period", "the period ends before it starts");
  const { start, end } = await periodBounds(db, storeId, period.from, period.to);
  const decided = and(
    storeScope(storeId),
    sql`${careTasks.dueAt} >= ${start}`,
    sql`${careTasks.dueAt} < ${end}`,
    sql`(${careTasks.dueAt} <= ${now} or ${careTasks.done})`,
  );
  const reachedInTime =
    sql<number>`count(*) filter (where ${careTasks.reached} and ${careTasks.reachedAt} <= ${careTasks.dueAt})`.mapWith(
      Number,
    );
  const [byOffset, [service], [overall]] = await Promise.all([
    db
      .select({
        dayOffset: careTasks.dayOffset,
        due: sql<number>`count(*)`.mapWith(Number),
        reachedInTime,
      })
      .from(careTasks)
      .where(and(decided, eq(careTasks.type, "post_sale_callback")))
      .groupBy(careTasks.dayOffset),
    db
      .select({
        due: sql<number>`count(*)`.mapWith(Number),
        reachedInTime,
        satisfied:
          sql<number>`count(*) filter (where ${careTasks.satisfaction} >= ${CSI_SATISFIED_FROM})`.mapWith(
            Number,
          ),
        effective: sql<number>`count(${careTasks.satisfaction})`.mapWith(Number),
      })
      .from(careTasks)
      .where(and(decided, eq(careTasks.type, "post_service_callback"))),
    db
      .select({
        averageSatisfaction: sql<number | null>`avg(${careTasks.satisfaction})::float8`,
        flagged: sql<number>`count(*) filter (where ${careTasks.flagged})`.mapWith(Number),
      })
      .from(careTasks)
      .where(decided),
  ]);
  const postSale = Object.fromEntries(
    POST_SALE_CALLBACK_DAYS.map((d) => {
      const row = byOffset.find((r) => r.dayOffset === d);
      const due = row?.due ?? 0;
      const inTime = row?.reachedInTime ?? 0;
      return [`day${d}`, { due, reachedInTime: inTime, rate: callbackRate(due, inTime) }];
    }),
  ) as CareTaskStats["postSale"];
  const due = service?.due ?? 0;
  const inTime = service?.reachedInTime ?? 0;
  const satisfied = service?.satisfied ?? 0;
  const effective = service?.effective ?? 0;
  return {
    postSale,
    postService: {
      day3: { due, reachedInTime: inTime, rate: callbackRate(due, inTime) },
      csi: { satisfied, effective, rate: callbackRate(effective, satisfied) },
    },
    averageSatisfaction: overall?.averageSatisfaction ?? null,
    flagged: overall?.flagged ?? 0,
  };
}
