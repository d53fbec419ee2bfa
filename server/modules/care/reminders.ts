/**
 * Planning maintenance reminders (保养提醒, DOMAIN §6) for vehicles: one query gathers what is known of a
 * batch of vehicles (plan, last maintenance, first and latest visit), the pure rules (reminder-rules.ts) give
 * each its due date and reminder calls, then one statement removes the reminders a new due date made moot and
 * one inserts the new ones. Idempotent: the unique index `care_tasks_for_date` turns a repeat into nothing.
 */
import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { audit } from "../../platform/audit.ts";
import { localDateIn } from "../../platform/local-date.ts";
import { stores } from "../identity/index.ts";
import { type CadenceSettings, endOfBusinessDay } from "../leads/rules.ts";
import { loadSettings } from "../leads/settings.ts";
import { type MileagePoint, reminderStages, vehicleMaintenanceDue } from "./reminder-rules.ts";
import { careTasks } from "./schema.ts";
import type { CareTaskRow } from "./task-view.ts";

/** Vehicles per statement: two reminders each stay well below PostgreSQL's 65,535 parameters per insert. */
export const VEHICLE_BATCH = 2000;

export interface ReminderSettings extends CadenceSettings {
  reminderFirstDays: number;
  reminderSecondDays: number;
}

export async function loadReminderSettings(db: Executor, storeId: number): Promise<ReminderSettings> {
  const [store] = await db
    .select({ first: stores.reminderFirstDays, second: stores.reminderSecondDays })
    .from(stores)
    .where(eq(stores.id, storeId));
  if (!store) throw new Error(`store ${storeId} missing`);
  return {
    ...(await loadSettings(db, storeId)),
    reminderFirstDays: store.first,
    reminderSecondDays: store.second,
  };
}

/** Which vehicles a run plans: a batch after a vehicle id, or the one vehicle of a hand-back. */
export type VehicleSelection =
  | { afterId: number; limit: number }
  | { vehicleId: number; handBack: { repairOrderId: number; handedBackAt: Date } };

interface FactRow extends Record<string, unknown> {
  vehicle_id: number;
  customer_id: number;
  purchase_date: string | null;
  interval_months: number | null;
  interval_km: number | null;
  /** store-local dates (the raw query returns instants as text; the zone conversion is PostgreSQL's) */
  m_date: string | null;
  m_km: number | null;
  f_date: string | null;
  f_km: number | null;
  l_date: string | null;
  l_km: number | null;
}

async function vehicleFacts(db: Executor, storeId: number, sel: VehicleSelection): Promise<FactRow[]> {
  // The order being handed back counts as handed back even if its own state change comes after this call.
  const ro = "handBack" in sel ? sel.handBack.repairOrderId : null;
  const handedBackAt = "handBack" in sel ? sel.handBack.handedBackAt : null;
  const which =
    "handBack" in sel
      ? sql`v.id = ${sel.vehicleId}`
      : sql`v.id > ${sel.afterId} order by v.id limit ${sel.limit}`;
  const { rows } = await db.execute<FactRow>(sql`
    select v.id as vehicle_id, v.customer_id, v.purchase_date, p.interval_months, p.interval_km,
      (m.at at time zone st.time_zone)::date as m_date, m.mileage_in as m_km,
      (f.opened_at at time zone st.time_zone)::date as f_date, f.mileage_in as f_km,
      (l.opened_at at time zone st.time_zone)::date as l_date, l.mileage_in as l_km
    from vehicles v
    join stores st on st.id = v.store_id
    left join service_plans p on p.store_id = v.store_id and p.model = v.model
    left join lateral (
      select coalesce(r.handed_back_at, ${handedBackAt}::timestamptz) as at, r.mileage_in
      from repair_orders r
      where r.store_id = v.store_id and r.vehicle_id = v.id and r.work_type = 'maintenance'
        and (r.state = 'handed_back' or r.id = ${ro}::bigint)
      order by 1 desc limit 1
    ) m on p.model is not null
    left join lateral (
      select r.opened_at, r.mileage_in from repair_orders r
      where r.store_id = v.store_id and r.vehicle_id = v.id
      order by r.opened_at limit 1
    ) f on p.model is not null
    left join lateral (
      select r.opened_at, r.mileage_in from repair_orders r
      where r.store_id = v.store_id and r.vehicle_id = v.id
      order by r.opened_at desc limit 1
    ) l on p.model is not null
    where v.store_id = ${storeId} and ${which}`);
  return rows;
}

export interface ReplanResult {
  /** the last vehicle id of the batch, for the next one; null when the batch was empty */
  lastVehicleId: number | null;
  created: CareTaskRow[];
  removed: CareTaskRow[];
}

/**
 * Plans the reminders of the selected vehicles as of `now`. A reminder is removed only while nobody has
 * touched it: still open, no call recorded, no message sent; one that has been worked stays as the record.
 */
export async function replanReminders(
  tx: Executor,
  storeId: number,
  s: ReminderSettings,
  sel: VehicleSelection,
  now: Date,
): Promise<ReplanResult> {
  const facts = await vehicleFacts(tx, storeId, sel);
  if (facts.length === 0) return { lastVehicleId: null, created: [], removed: [] };
  const today = localDateIn(now, s.timeZone);
  const point = (date: string | null, km: number | null): MileagePoint | null =>
    date === null || km === null ? null : { date, km };
  const offsets = [s.reminderFirstDays, s.reminderSecondDays];
  // a batch's reminders fall on a few hundred days at most: each day's closing instant is worked out once
  const closes = new Map<string, Date>();
  const closeOf = (day: string) => {
    const known = closes.get(day);
    if (known) return known;
    const at = endOfBusinessDay(day, s);
    closes.set(day, at);
    return at;
  };

  const planned: { vehicle_id: number; customer_id: number; for_date: string | null }[] = [];
  const tasks: (typeof careTasks.$inferInsert)[] = [];
  for (const f of facts) {
    const due = vehicleMaintenanceDue({
      purchaseDate: f.purchase_date,
      lastMaintenance: point(f.m_date, f.m_km),
      firstVisit: point(f.f_date, f.f_km),
      latestVisit: point(f.l_date, f.l_km),
      plan:
        f.interval_months === null || f.interval_km === null
          ? null
          : { intervalMonths: f.interval_months, intervalKm: f.interval_km },
    });
    planned.push({ vehicle_id: f.vehicle_id, customer_id: f.customer_id, for_date: due });
    if (due === null) continue;
    for (const stage of reminderStages(due, today, offsets)) {
      tasks.push({
        storeId,
        type: "maintenance_reminder",
        customerId: f.customer_id,
        vehicleId: f.vehicle_id,
        forDate: due,
        dayOffset: stage.dayOffset,
        dueAt: closeOf(stage.day),
        createdAt: now,
      });
    }
  }

  const { rows: removed } = await tx.execute<CareTaskRow & Record<string, unknown>>(sql`
    delete from care_tasks t
    using jsonb_to_recordset(${JSON.stringify(planned)}::jsonb)
      as x(vehicle_id bigint, customer_id bigint, for_date date)
    where t.store_id = ${storeId} and t.type = 'maintenance_reminder' and not t.done and t.attempts = 0
      and t.vehicle_id = x.vehicle_id
      and (x.for_date is null or t.for_date <> x.for_date or t.customer_id <> x.customer_id)
      and not exists (
        select 1 from outbox_messages o where o.store_id = t.store_id and o.care_task_id = t.id
      )
    returning t.id, t.vehicle_id as "vehicleId", t.customer_id as "customerId", t.for_date as "forDate",
      t.day_offset as "dayOffset", t.due_at as "dueAt"`);
  const created =
    tasks.length === 0 ? [] : await tx.insert(careTasks).values(tasks).onConflictDoNothing().returning();
  return { lastVehicleId: facts[facts.length - 1]!.vehicle_id, created, removed };
}

/**
 * After a hand-back: a maintenance moves the vehicle's due date, and every visit adds a reading to its
 * mileage history, so the vehicle's reminders are planned again inside the hand-back's transaction, as of the
 * hand-back (a hand-back recorded later is planned as it would have been then; the daily run catches up).
 */
export async function replanAfterHandBack(
  tx: Executor,
  h: { storeId: number; vehicleId: number; repairOrderId: number; handedBackAt: Date; actorId: number },
): Promise<ReplanResult> {
  const s = await loadReminderSettings(tx, h.storeId);
  const result = await replanReminders(
    tx,
    h.storeId,
    s,
    { vehicleId: h.vehicleId, handBack: { repairOrderId: h.repairOrderId, handedBackAt: h.handedBackAt } },
    h.handedBackAt,
  );
  await audit(tx, { userId: h.actorId }, [
    ...result.removed.map((t) => ({
      storeId: h.storeId,
      action: "delete",
      entity: "care_task",
      entityId: t.id,
      before: t,
    })),
    ...result.created.map((t) => ({
      storeId: h.storeId,
      action: "create",
      entity: "care_task",
      entityId: t.id,
      after: t,
    })),
  ]);
  return result;
}
