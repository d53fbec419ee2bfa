/** Reading repair orders: the filtered list, one order with its lines and steps, the workshop board, the KPIs. */
import { and, asc, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { notFound, unprocessable } from "../../platform/errors.ts";
import { escapeLike } from "../../platform/like.ts";
import { localPeriod } from "../care/rules.ts";
import { customers, vehicles } from "../customers/schema.ts";
import { users } from "../identity/index.ts";
import { localDayBounds } from "../leads/rules.ts";
import { loadSettings } from "../leads/settings.ts";
import { roScope } from "./ro-access.ts";
import { averageFen, ratio } from "./ro-rules.ts";
import {
  type BoardCardOut,
  type RepairOrderJoined,
  type RepairOrderOut,
  type RepairOrderSummaryOut,
  repairOrderView,
  summaryView,
} from "./ro-view.ts";
import { type RoState, repairOrders, roEvents, roLabourLines, roPartLines, type WorkType } from "./schema.ts";

export interface RepairOrderFilter {
  state?: RoState;
  workType?: WorkType;
  vehicleId?: number;
  customerId?: number;
  q?: string;
  /** store-local dates of openedAt, both included */
  from?: string;
  to?: string;
  returnRepair?: boolean;
  /** the store a read is limited to (platform readStore); null: all the actor reaches */
  storeId: number | null;
}

const advisor = alias(users, "advisor");
const earlier = alias(repairOrders, "earlier");

function selectJoined(db: Executor) {
  return db
    .select({
      ro: repairOrders,
      customerName: customers.name,
      phone: customers.phone,
      vin: vehicles.vin,
      plate: vehicles.plate,
      model: vehicles.model,
      advisorName: advisor.displayName,
      returnOfRoNo: earlier.roNo,
    })
    .from(repairOrders)
    .innerJoin(
      customers,
      and(eq(customers.storeId, repairOrders.storeId), eq(customers.id, repairOrders.customerId)),
    )
    .innerJoin(
      vehicles,
      and(eq(vehicles.storeId, repairOrders.storeId), eq(vehicles.id, repairOrders.vehicleId)),
    )
    .innerJoin(advisor, eq(advisor.id, repairOrders.advisorId))
    .leftJoin(
      earlier,
      and(eq(earlier.storeId, repairOrders.storeId), eq(earlier.id, repairOrders.returnOfId)),
    );
}

/**
 * `q`: an RO number (RO20261122-0007, a prefix of it, or its trailing digits), a plate (苏A12345, or a part of
 * it) or a VIN (its last characters, as staff read them off the windscreen, or the whole of it).
 */
function searchSql(q: string): SQL {
  const s = q.trim().toUpperCase();
  if (/^RO\d{0,8}(-\d*)?$/.test(s)) return sql`${repairOrders.roNo} LIKE ${`${s}%`}`;
  const escaped = escapeLike(s);
  return or(
    sql`${repairOrders.roNo} LIKE ${`%${escaped}`}`,
    sql`upper(${vehicles.plate}) LIKE ${`%${escaped}%`}`,
    sql`${vehicles.vin} LIKE ${`%${escaped}`}`,
  )!;
}

async function periodBounds(
  db: Executor,
  storeId: number | null,
  from: string | undefined,
  to: string | undefined,
): Promise<{ start?: Date | SQL; end?: Date | SQL }> {
  if (from === undefined && to === undefined) return {};
  if (from !== undefined && to !== undefined && from > to) {
    throw unprocessable("invalid_period", "the period ends before it starts");
  }
  if (storeId !== null) {
    const p = localPeriod(from ?? "1970-01-01", to ?? "9999-12-30", await loadSettings(db, storeId));
    return { start: from === undefined ? undefined : p.start, end: to === undefined ? undefined : p.end };
  }
  // across stores each order's day is its own store's
  const zone = sql`(select s.time_zone from stores s where s.id = ${repairOrders.storeId})`;
  return {
    start: from === undefined ? undefined : sql`(${from}::date::timestamp at time zone ${zone})`,
    end: to === undefined ? undefined : sql`((${to}::date + 1)::timestamp at time zone ${zone})`,
  };
}

export async function listRepairOrders(
  db: Executor,
  actor: Actor,
  f: RepairOrderFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: RepairOrderSummaryOut[]; total: number }> {
  requirePermission(actor, "repairOrder.read");
  const { start, end } = await periodBounds(db, f.storeId, f.from, f.to);
  const where = and(
    roScope(actor),
    f.storeId === null ? undefined : eq(repairOrders.storeId, f.storeId),
    f.state ? eq(repairOrders.state, f.state) : undefined,
    f.workType ? eq(repairOrders.workType, f.workType) : undefined,
    f.vehicleId === undefined ? undefined : eq(repairOrders.vehicleId, f.vehicleId),
    f.customerId === undefined ? undefined : eq(repairOrders.customerId, f.customerId),
    f.returnRepair === undefined ? undefined : eq(repairOrders.returnRepair, f.returnRepair),
    start === undefined ? undefined : sql`${repairOrders.openedAt} >= ${start}`,
    end === undefined ? undefined : sql`${repairOrders.openedAt} < ${end}`,
    f.q ? searchSql(f.q) : undefined,
  );
  const [rows, [count]] = await Promise.all([
    selectJoined(db)
      .where(where)
      .orderBy(desc(repairOrders.openedAt), desc(repairOrders.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(repairOrders)
      .innerJoin(
        vehicles,
        and(eq(vehicles.storeId, repairOrders.storeId), eq(vehicles.id, repairOrders.vehicleId)),
      )
      .where(where),
  ]);
  return { items: rows.map((r) => summaryView(r as RepairOrderJoined, actor)), total: count?.n ?? 0 };
}

/** One order the actor reaches with its lines and steps; 404 out of reach. */
export async function getRepairOrder(
  db: Executor,
  actor: Actor,
  id: number,
  storeId: number | null = null,
): Promise<RepairOrderOut> {
  requirePermission(actor, "repairOrder.read");
  const [row] = await selectJoined(db).where(
    and(
      eq(repairOrders.id, id),
      roScope(actor),
      storeId === null ? undefined : eq(repairOrders.storeId, storeId),
    ),
  );
  if (!row) throw notFound("repair order");
  const key = (t: typeof roLabourLines | typeof roPartLines) =>
    and(eq(t.storeId, row.ro.storeId), eq(t.repairOrderId, row.ro.id));
  const [labour, parts, events] = await Promise.all([
    db.select().from(roLabourLines).where(key(roLabourLines)).orderBy(asc(roLabourLines.id)),
    db.select().from(roPartLines).where(key(roPartLines)).orderBy(asc(roPartLines.id)),
    db
      .select({
        fromState: roEvents.fromState,
        toState: roEvents.toState,
        at: roEvents.at,
        actorName: users.displayName,
      })
      .from(roEvents)
      .innerJoin(users, eq(users.id, roEvents.actorId))
      .where(and(eq(roEvents.storeId, row.ro.storeId), eq(roEvents.repairOrderId, row.ro.id)))
      .orderBy(asc(roEvents.at), asc(roEvents.id)),
  ]);
  return repairOrderView(row as RepairOrderJoined, actor, labour, parts, events);
}

const BOARD_STATES = ["open", "in_progress", "done", "settled"] as const;

/**
 * The workshop board of one store: every order not handed back, by state, oldest first. Only those rows are
 * read (the state index), however long the store's history; handed-back orders count for today only.
 */
export async function repairOrderBoard(db: Executor, actor: Actor, storeId: number, now: Date) {
  requirePermission(actor, "repairOrder.read");
  const settings = await loadSettings(db, storeId);
  const today = localDayBounds(now, settings);
  const inStore = eq(repairOrders.storeId, storeId);
  const [rows, [counts]] = await Promise.all([
    db
      .select({
        id: repairOrders.id,
        roNo: repairOrders.roNo,
        state: repairOrders.state,
        plate: vehicles.plate,
        model: vehicles.model,
        customerName: customers.name,
        workType: repairOrders.workType,
        advisorName: advisor.displayName,
        technician: repairOrders.technician,
        openedAt: repairOrders.openedAt,
        returnRepair: repairOrders.returnRepair,
      })
      .from(repairOrders)
      .innerJoin(
        customers,
        and(eq(customers.storeId, repairOrders.storeId), eq(customers.id, repairOrders.customerId)),
      )
      .innerJoin(
        vehicles,
        and(eq(vehicles.storeId, repairOrders.storeId), eq(vehicles.id, repairOrders.vehicleId)),
      )
      .innerJoin(advisor, eq(advisor.id, repairOrders.advisorId))
      .where(and(inStore, inArray(repairOrders.state, [...BOARD_STATES])))
      .orderBy(asc(repairOrders.openedAt), asc(repairOrders.id)),
    db
      .select({
        handedBackToday: sql<number>`(select count(*) from ${repairOrders} where ${and(
          inStore,
          gte(repairOrders.handedBackAt, today.start),
          lt(repairOrders.handedBackAt, today.end),
        )})`.mapWith(Number),
        openedToday: sql<number>`(select count(*) from ${repairOrders} where ${and(
          inStore,
          gte(repairOrders.openedAt, today.start),
          lt(repairOrders.openedAt, today.end),
        )})`.mapWith(Number),
      })
      .from(sql`(select 1) as one`),
  ]);
  const columns = Object.fromEntries(BOARD_STATES.map((s) => [s, [] as BoardCardOut[]])) as Record<
    (typeof BOARD_STATES)[number],
    BoardCardOut[]
  >;
  for (const r of rows) {
    const state = r.state as (typeof BOARD_STATES)[number];
    columns[state].push({
      ...r,
      state,
      workType: r.workType as WorkType,
      hoursOpen: Math.max(0, Math.floor((now.getTime() - r.openedAt.getTime()) / 3_600_000)),
    });
  }
  return { columns, handedBackToday: counts?.handedBackToday ?? 0, openedToday: counts?.openedToday ?? 0 };
}

/**
 * The workshop KPIs of a period of store-local dates (DOMAIN §9): intake (进厂台次) = orders opened; return
 * repair rate (返修率) = return repairs opened ÷ hand-backs; average repair order value (单车产值) = settled
 * total ÷ orders settled, separately for insurance jobs.
 */
export async function repairOrderStats(
  db: Executor,
  actor: Actor,
  storeId: number,
  period: { from: string; to: string },
) {
  requirePermission(actor, "repairOrder.read");
  const { start, end } = await periodBounds(db, storeId, period.from, period.to);
  const inStore = eq(repairOrders.storeId, storeId);
  const within = (col: AnyPgColumn) => and(inStore, sql`${col} >= ${start}`, sql`${col} < ${end}`);
  const count = (where: SQL | undefined) =>
    db
      .select({
        n: sql<number>`count(*)`.mapWith(Number),
        sumFen: sql<number>`coalesce(sum(${repairOrders.totalFen}), 0)`.mapWith(Number),
      })
      .from(repairOrders)
      .where(where)
      .then((r) => r[0]!);
  const [opened, returns, handedBack, settled, insurance] = await Promise.all([
    count(within(repairOrders.openedAt)),
    count(and(within(repairOrders.openedAt), eq(repairOrders.returnRepair, true))),
    count(within(repairOrders.handedBackAt)),
    count(within(repairOrders.settledAt)),
    count(and(within(repairOrders.settledAt), eq(repairOrders.workType, "insurance"))),
  ]);
  return {
    intake: opened.n,
    handedBack: handedBack.n,
    returnRepairs: returns.n,
    returnRepairRate: ratio(returns.n, handedBack.n),
    averageValueFen: averageFen(settled.sumFen, settled.n),
    averageInsuranceValueFen: averageFen(insurance.sumFen, insurance.n),
  };
}
