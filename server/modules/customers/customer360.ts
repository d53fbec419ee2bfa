/**
 * Customer 360 (issue §7): one customer with everything the store knows — vehicles, sales orders, repair
 * orders, callbacks and their scores, complaints, reminders, consent, messages — and the customer's loyalty
 * class and lifecycle (DOMAIN §2), computed live.
 *
 * The reach is GET /customers/:id's (`getCustomer`): the own store, a consultant only customers with a lead
 * of his own; out of reach is 404. Each section is read from its table with plain SQL (those modules depend
 * on this one, not the other way round) and only when the role may read that kind of record (POLICY):
 * sales orders need `order.read` (a consultant sees the orders of his own leads only), repair orders
 * `repairOrder.read`, care tasks `careTask.read`, complaints `complaint.read`, messages `message.read`. A
 * section the role may not read comes back empty and is named in `restricted`, so the page can say so
 * instead of showing "none". The loyalty class and lifecycle are shown to every reader of the customer: they
 * are classes, not the records behind them.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { type Action, type Actor, can, requirePermission, seesOnlyOwnLeads } from "../../platform/access.ts";
import { localDateIn } from "../../platform/local-date.ts";
import type { ConsentRow } from "./consents.ts";
import { storeSettings } from "./customer-access.ts";
import { type CustomerDetail, getCustomer } from "./customers.ts";
import { type Lifecycle, type LoyaltyClass, lifecycleOf, loyaltyOf } from "./loyalty.ts";
import type { VehicleRow } from "./vehicles.ts";

/** Each list shows the newest records up to this many; `counts` has the full number. */
export const SECTION_LIMIT = 50;

export const SECTIONS = ["orders", "repairOrders", "careTasks", "complaints", "messages"] as const;
export type Section = (typeof SECTIONS)[number];
const SECTION_ACTION: Record<Section, Action> = {
  orders: "order.read",
  repairOrders: "repairOrder.read",
  careTasks: "careTask.read",
  complaints: "complaint.read",
  messages: "message.read",
};

export interface Vehicle360 extends VehicleRow {
  /** the mileage of the vehicle's latest repair order, else the vehicle's recorded mileage */
  lastMileageKm: number | null;
  lastServiceAt: Date | null;
  /** the due date of the vehicle's open maintenance reminder, if one is planned */
  nextMaintenanceDue: string | null;
}

export interface Order360 {
  id: number;
  orderNo: string;
  state: string;
  model: string | null;
  orderedAt: Date;
  deliveredAt: Date | null;
  priceFen: number;
}

export interface RepairOrder360 {
  id: number;
  roNo: string;
  state: string;
  workType: string;
  vehicleId: number;
  plate: string | null;
  openedAt: Date;
  handedBackAt: Date | null;
  totalFen: number | null;
  returnRepair: boolean;
}

export interface CareTask360 {
  id: number;
  type: string;
  vehicleId: number | null;
  orderId: number | null;
  repairOrderId: number | null;
  forDate: string | null;
  dueAt: Date;
  done: boolean;
  doneAt: Date | null;
  reached: boolean | null;
  satisfaction: number | null;
  comment: string | null;
}

export interface Complaint360 {
  id: number;
  category: string;
  severity: string;
  state: string;
  receivedAt: Date;
  deadlineAt: Date;
}

export interface Message360 {
  id: number;
  channel: string;
  purpose: string;
  template: string;
  status: string;
  createdAt: Date;
}

export interface Customer360 {
  detail: CustomerDetail;
  loyaltyClass: LoyaltyClass;
  lifecycle: Lifecycle;
  workshopVisits12m: number;
  lastVisitAt: Date | null;
  vehicles: Vehicle360[];
  orders: Order360[];
  repairOrders: RepairOrder360[];
  careTasks: CareTask360[];
  complaints: Complaint360[];
  consents: ConsentRow[];
  messages: Message360[];
  averageSatisfaction: number | null;
  counts: Record<Section, number>;
  restricted: Section[];
}

type Rows<T> = { rows: T[] };
/** Raw SQL through drizzle returns timestamptz as text: instants are made Dates here. */
type Stamp = string | Date;
const instant = (v: Stamp) => new Date(v);
const instantOrNull = (v: Stamp | null) => (v === null ? null : new Date(v));
const total = (rows: { total: number }[]) => rows[0]?.total ?? 0;

/** One section: the newest SECTION_LIMIT rows and, from `count(*) over ()`, how many there are in all. */
async function section<R extends { total: number }, T>(
  db: Executor,
  query: ReturnType<typeof sql>,
  map: (row: R) => T,
): Promise<{ items: T[]; count: number }> {
  const r = (await db.execute(query)) as Rows<R>;
  return { items: r.rows.map(map), count: total(r.rows) };
}
const NONE = { items: [], count: 0 };

export async function getCustomer360(
  db: Executor,
  actor: Actor,
  id: number,
  now: Date,
): Promise<Customer360> {
  requirePermission(actor, "customer.read");
  const detail = await getCustomer(db, actor, id);
  const { storeId } = detail.customer;
  const restricted = SECTIONS.filter((s) => !can(actor, SECTION_ACTION[s]));
  const sees = (s: Section) => !restricted.includes(s);
  const of = sql`store_id = ${storeId} and customer_id = ${id}`;

  // The reads are independent once the customer is known to be in reach: they run side by side.
  const [{ timeZone }, visitRows, purchases, reminders] = await Promise.all([
    storeSettings(db, storeId),
    // Every visit, also for roles that do not see the repair orders: the class is computed from them.
    // Index repair_orders_customer (store_id, customer_id, opened_at).
    db.execute(
      sql`select ro.vehicle_id, ro.opened_at, ro.mileage_in, ro.customer_fen
          from repair_orders ro where ro.store_id = ${storeId} and ro.customer_id = ${id}
          order by ro.opened_at desc, ro.id desc`,
    ) as Promise<
      Rows<{ vehicle_id: number; opened_at: Stamp; mileage_in: number; customer_fen: number | null }>
    >,
    // Delivered purchases count for the lifecycle and the VIP spend whatever the role sees.
    db.execute(
      sql`select delivered_at, price_fen from orders where ${of} and state = 'delivered'`,
    ) as Promise<Rows<{ delivered_at: Stamp; price_fen: number }>>,
    db.execute(
      sql`select vehicle_id, min(for_date) as due from care_tasks
          where ${of} and type = 'maintenance_reminder' and not done and for_date is not null and vehicle_id is not null
          group by vehicle_id`,
    ) as Promise<Rows<{ vehicle_id: number; due: string }>>,
  ]);
  const visits = visitRows.rows.map((v) => ({
    vehicleId: v.vehicle_id,
    openedAt: instant(v.opened_at),
    mileageIn: v.mileage_in,
    customerFen: v.customer_fen,
  }));
  const { loyaltyClass, visits12m } = loyaltyOf(
    visits.map((v) => v.openedAt),
    now,
    timeZone,
  );
  // The spend is what the customer paid: the customer's share of settled repair orders, not the insurer's
  // or the warranty's.
  const purchaseDates = [
    ...detail.vehicles
      .filter((v) => v.soldByStore)
      .map((v) => v.purchaseDate ?? localDateIn(v.createdAt, timeZone)),
    ...purchases.rows.map((p) => localDateIn(instant(p.delivered_at), timeZone)),
  ].sort();
  const spendFen =
    purchases.rows.reduce((s, p) => s + p.price_fen, 0) +
    visits.reduce((s, v) => s + (v.customerFen ?? 0), 0);
  const lifecycle = lifecycleOf(
    {
      firstPurchaseDate: purchaseDates[0] ?? null,
      firstVisitAt: visits.at(-1)?.openedAt ?? null,
      spendFen,
    },
    now,
    timeZone,
  );
  const nextDue = new Map(reminders.rows.map((r) => [r.vehicle_id, r.due]));
  const vehicles: Vehicle360[] = detail.vehicles.map((v) => {
    const latest = visits.find((r) => r.vehicleId === v.id);
    return {
      ...v,
      lastMileageKm: latest?.mileageIn ?? v.mileageKm,
      lastServiceAt: latest?.openedAt ?? null,
      nextMaintenanceDue: nextDue.get(v.id) ?? null,
    };
  });

  // orders are records of a lead: a consultant sees those of his own leads only (order-access.ts)
  const ownOrders = seesOnlyOwnLeads(actor)
    ? sql`and exists (select 1 from leads l where l.store_id = o.store_id and l.id = o.lead_id and l.owner_id = ${actor.userId})`
    : sql``;
  const [orders, repairOrders, careTasks, averageSatisfaction, complaints, messages] = await Promise.all([
    sees("orders")
      ? section(
          db,
          sql`select o.id, o.order_no, o.state, coalesce(sv.model, o.factory_model) as model, o.ordered_at,
                o.delivered_at, o.price_fen, count(*) over ()::int as total
              from orders o left join stock_vehicles sv on sv.store_id = o.store_id and sv.id = o.vehicle_id
              where o.store_id = ${storeId} and o.customer_id = ${id} ${ownOrders}
              order by o.ordered_at desc, o.id desc limit ${SECTION_LIMIT}`,
          (o: OrderRow): Order360 => ({
            id: o.id,
            orderNo: o.order_no,
            state: o.state,
            model: o.model,
            orderedAt: instant(o.ordered_at),
            deliveredAt: instantOrNull(o.delivered_at),
            priceFen: o.price_fen,
          }),
        )
      : NONE,
    sees("repairOrders")
      ? section(
          db,
          sql`select ro.id, ro.ro_no, ro.state, ro.work_type, ro.vehicle_id, v.plate, ro.opened_at, ro.handed_back_at,
                ro.total_fen, ro.return_repair, count(*) over ()::int as total
              from repair_orders ro join vehicles v on v.store_id = ro.store_id and v.id = ro.vehicle_id
              where ro.store_id = ${storeId} and ro.customer_id = ${id}
              order by ro.opened_at desc, ro.id desc limit ${SECTION_LIMIT}`,
          (o: RepairOrderRow): RepairOrder360 => ({
            id: o.id,
            roNo: o.ro_no,
            state: o.state,
            workType: o.work_type,
            vehicleId: o.vehicle_id,
            plate: o.plate,
            openedAt: instant(o.opened_at),
            handedBackAt: instantOrNull(o.handed_back_at),
            totalFen: o.total_fen,
            returnRepair: o.return_repair,
          }),
        )
      : NONE,
    sees("careTasks")
      ? section(
          db,
          sql`select id, type, vehicle_id, order_id, repair_order_id, for_date, due_at, done, done_at, reached,
                satisfaction, comment, count(*) over ()::int as total
              from care_tasks where ${of}
              order by due_at desc, id desc limit ${SECTION_LIMIT}`,
          (t: CareTaskRow): CareTask360 => ({
            id: t.id,
            type: t.type,
            vehicleId: t.vehicle_id,
            orderId: t.order_id,
            repairOrderId: t.repair_order_id,
            forDate: t.for_date,
            dueAt: instant(t.due_at),
            done: t.done,
            doneAt: instantOrNull(t.done_at),
            reached: t.reached,
            satisfaction: t.satisfaction,
            comment: t.comment,
          }),
        )
      : NONE,
    // over every scored callback, not only the listed ones
    sees("careTasks")
      ? (
          db.execute(
            sql`select round(avg(satisfaction), 2)::float8 as avg from care_tasks where ${of} and satisfaction is not null`,
          ) as Promise<Rows<{ avg: number | null }>>
        ).then((r) => r.rows[0]?.avg ?? null)
      : null,
    sees("complaints")
      ? section(
          db,
          sql`select id, category, severity, state, received_at, deadline_at, count(*) over ()::int as total
              from complaints where ${of}
              order by received_at desc, id desc limit ${SECTION_LIMIT}`,
          (c: ComplaintRow): Complaint360 => ({
            id: c.id,
            category: c.category,
            severity: c.severity,
            state: c.state,
            receivedAt: instant(c.received_at),
            deadlineAt: instant(c.deadline_at),
          }),
        )
      : NONE,
    sees("messages")
      ? section(
          db,
          sql`select id, channel, purpose, template, status, created_at, count(*) over ()::int as total
              from outbox_messages where ${of}
              order by created_at desc, id desc limit ${SECTION_LIMIT}`,
          (m: MessageRow): Message360 => ({
            id: m.id,
            channel: m.channel,
            purpose: m.purpose,
            template: m.template,
            status: m.status,
            createdAt: instant(m.created_at),
          }),
        )
      : NONE,
  ]);

  return {
    detail,
    loyaltyClass,
    lifecycle,
    workshopVisits12m: visits12m,
    lastVisitAt: visits[0]?.openedAt ?? null,
    vehicles,
    orders: orders.items,
    repairOrders: repairOrders.items,
    careTasks: careTasks.items,
    complaints: complaints.items,
    consents: detail.consents,
    messages: messages.items,
    averageSatisfaction,
    counts: {
      orders: orders.count,
      repairOrders: repairOrders.count,
      careTasks: careTasks.count,
      complaints: complaints.count,
      messages: messages.count,
    },
    restricted,
  };
}

// The rows of the sections as PostgreSQL returns them.
interface OrderRow {
  id: number;
  order_no: string;
  state: string;
  model: string | null;
  ordered_at: Stamp;
  delivered_at: Stamp | null;
  price_fen: number;
  total: number;
}
interface RepairOrderRow {
  id: number;
  ro_no: string;
  state: string;
  work_type: string;
  vehicle_id: number;
  plate: string | null;
  opened_at: Stamp;
  handed_back_at: Stamp | null;
  total_fen: number | null;
  return_repair: boolean;
  total: number;
}
interface CareTaskRow {
  id: number;
  type: string;
  vehicle_id: number | null;
  order_id: number | null;
  repair_order_id: number | null;
  for_date: string | null;
  due_at: Stamp;
  done: boolean;
  done_at: Stamp | null;
  reached: boolean | null;
  satisfaction: number | null;
  comment: string | null;
  total: number;
}
interface ComplaintRow {
  id: number;
  category: string;
  severity: string;
  state: string;
  received_at: Stamp;
  deadline_at: Stamp;
  total: number;
}
interface MessageRow {
  id: number;
  channel: string;
  purpose: string;
  template: string;
  status: string;
  created_at: Stamp;
  total: number;
}
