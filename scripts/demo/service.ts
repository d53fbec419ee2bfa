/**
 * The demo store's after-sales side, played through the real use cases at the times they happened: service
 * plans, customers who only have their car serviced here, three months of workshop days (repair orders with
 * labour and parts, settled and handed back), the post-service callbacks customer service made (one
 * unsatisfied customer, whose callback opened a complaint), warranty claims and the manufacturer's answers,
 * appointments (kept, missed and upcoming), today's workshop board, and the reminders and birthday greetings
 * the daily planner makes. Each step is its own transaction, as in the app.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../server/db/index.ts";
import { generateForStore } from "../../server/modules/care/generate.ts";
import { recordAttempt } from "../../server/modules/care/record-attempt.ts";
import { decideClaim, resubmitClaim, submitClaim } from "../../server/modules/claims/claims.ts";
import { transitionComplaint } from "../../server/modules/complaints/handle.ts";
import { createComplaint } from "../../server/modules/complaints/open-complaint.ts";
import { recordConsent } from "../../server/modules/customers/consents.ts";
import { createCustomer } from "../../server/modules/customers/customers.ts";
import { addVehicle } from "../../server/modules/customers/vehicles.ts";
import { sendMessage } from "../../server/modules/messaging/outbox.ts";
import { RecordOnlyProvider } from "../../server/modules/messaging/provider.ts";
import { createAppointment, recordNoShow } from "../../server/modules/service/appointments.ts";
import { createRepairOrder } from "../../server/modules/service/repair-orders.ts";
import { addLabourLine, addPartLine } from "../../server/modules/service/ro-lines.ts";
import {
  handBackRepairOrder,
  settleRepairOrder,
  transitionRepairOrder,
} from "../../server/modules/service/ro-transitions.ts";
import type { WorkType } from "../../server/modules/service/schema.ts";
import { putServicePlan } from "../../server/modules/service/service-plans.ts";
import type { Actor, Role } from "../../server/platform/access.ts";
import { localDateIn } from "../../server/platform/local-date.ts";
import { vinCheckDigit } from "../../server/platform/validators.ts";
import type { Dice } from "./random.ts";
import { COLOURS, GIVEN, MODELS, SURNAMES } from "./vocabulary.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 90;
const SERVICED_ONLY = 24;
const TIME_ZONE = "Asia/Shanghai";

interface DemoUser {
  id: number;
  username: string;
  role: string;
}

interface Car {
  customerId: number;
  vehicleId: number;
  model: string;
  km: number;
  /** the car is the customer's from this day on: no workshop visit before it */
  since: Date;
}

/** What the customer says and what the workshop does, per work type. */
const JOBS: Record<
  WorkType,
  { complaint: string[]; labour: [string, number][]; parts: [string, string, number, number][] }
> = {
  maintenance: {
    complaint: ["常规保养", "保养到期，顺便检查刹车", "仪表提示保养"],
    labour: [["更换机油机滤", 100]],
    parts: [
      ["90915-YZZD4", "机油滤清器", 100, 6_800],
      ["08880-83720", "全合成机油 0W-20（升）", 450, 9_800],
    ],
  },
  mechanical: {
    complaint: ["刹车有异响", "空调不制冷", "怠速抖动"],
    labour: [
      ["故障诊断", 50],
      ["更换前刹车片", 150],
    ],
    parts: [["04465-33480", "前刹车片", 100, 58_000]],
  },
  body: {
    complaint: ["左前门刮擦凹陷"],
    labour: [["钣金修复", 300]],
    parts: [],
  },
  paint: {
    complaint: ["前机盖掉漆"],
    labour: [["喷漆（单面）", 250]],
    parts: [],
  },
  warranty: {
    complaint: ["车窗升降器失灵", "中控屏偶尔黑屏"],
    labour: [["拆装更换总成", 120]],
    parts: [["69801-06100", "车窗升降器", 100, 92_000]],
  },
  insurance: {
    complaint: ["追尾事故，后保险杠受损"],
    labour: [
      ["拆装后保险杠", 200],
      ["喷漆（单面）", 250],
    ],
    parts: [["52119-06937", "后保险杠", 100, 168_000]],
  },
};

function serviceVin(serial: number): string {
  const draft = `LVGBM40K0PS${String(serial).padStart(6, "0")}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

export async function loadDemoService(db: Db, storeId: number, users: DemoUser[], now: Date, dice: Dice) {
  const actor = (username: string): Actor => {
    const u = users.find((x) => x.username === username)!;
    return { userId: u.id, username, displayName: username, role: u.role as Role, storeId };
  };
  const gm = actor("demo_gm");
  const advisor = actor("demo_advisor");
  const cs = actor("demo_cs");
  const ago = (ms: number) => new Date(now.getTime() - ms);

  for (const m of MODELS) {
    const long = m.price[0] > 25; // larger engines: 10,000 km / 12 months; the rest 5,000 km / 6 months
    await putServicePlan(
      db,
      gm,
      { model: m.name, intervalMonths: long ? 12 : 6, intervalKm: long ? 10_000 : 5_000 },
      ago((HISTORY_DAYS + 5) * DAY),
    );
  }

  // Customers who bought elsewhere (或二手车) and come here for service; some gave marketing consent.
  const cars: Car[] = [];
  for (let i = 0; i < SERVICED_ONLY; i++) {
    const at = ago((HISTORY_DAYS + 10) * DAY);
    const birthday = `19${dice.int(70, 99)}-${String(dice.int(1, 12)).padStart(2, "0")}-${String(dice.int(1, 28)).padStart(2, "0")}`;
    const { customer } = await createCustomer(
      db,
      advisor,
      {
        kind: "person",
        name: `${dice.pickSkewed(SURNAMES)}${dice.pick(GIVEN)}`,
        phone: `1765${String(3_100_000 + i * 7_919).padStart(7, "0")}`,
        gender: dice.chance(0.6) ? "male" : "female",
        // today's birthday for the first one, so the birthday greeting shows in the demo
        birthday: i === 0 ? `1985-${localDateIn(now, TIME_ZONE).slice(5)}` : birthday,
      },
      at,
    );
    if (i % 3 === 0) {
      await recordConsent(
        db,
        advisor,
        customer.id,
        { channel: "sms", granted: true, source: "到店登记表" },
        at,
      );
    }
    const model = dice.pick(MODELS).name;
    const ageDays = dice.int(300, 2_000);
    const km = Math.round(ageDays * dice.between(25, 50));
    const { vehicle } = await addVehicle(
      db,
      advisor,
      customer.id,
      {
        vin: serviceVin(410_000 + i),
        plate: `粤A${String.fromCharCode(65 + (i % 20))}${String(12_345 + i * 71).slice(-4)}`,
        brand: "广汽丰田",
        model,
        colour: dice.pick(COLOURS),
        purchaseDate: localDateIn(ago((HISTORY_DAYS + ageDays) * DAY), TIME_ZONE),
        mileageKm: km,
      },
      at,
    );
    cars.push({ customerId: customer.id, vehicleId: vehicle.id, model, km, since: at });
  }
  // and the cars this store delivered (the sales demo's customers)
  const sold = await db.execute<{ id: string; customer_id: string; model: string; created_at: Date }>(
    sql`SELECT id, customer_id, model, created_at FROM vehicles WHERE store_id = ${storeId} AND sold_by_store ORDER BY id`,
  );
  for (const v of sold.rows) {
    cars.push({
      customerId: Number(v.customer_id),
      vehicleId: Number(v.id),
      model: v.model,
      km: 30,
      since: new Date(v.created_at),
    });
  }
  /** a car its customer already had at that time */
  const carAt = (at: Date, k: number): Car => {
    const owned = cars.filter((c) => c.since.getTime() < at.getTime());
    return owned[k % owned.length]!;
  };

  const counts = { repairOrders: 0, callbacks: 0, complaints: 0, claims: 0, appointments: 0 };
  const warrantyOrders: { id: number; doneAt: Date }[] = [];

  /** One visit: open, lines, work, settle, hand back — each step at its own time, up to `until`. */
  async function visit(
    car: Car,
    type: WorkType,
    openedAt: Date,
    until: "open" | "in_progress" | "done" | "settled" | "handed_back",
    appointmentId?: number,
  ) {
    const job = JOBS[type];
    car.km += dice.int(800, 4_000);
    const id = await createRepairOrder(
      db,
      advisor,
      {
        vehicleId: car.vehicleId,
        mileageIn: car.km,
        complaint: dice.pick(job.complaint),
        workType: type,
        technician: dice.pick(["李师傅", "王师傅", "张师傅", "刘师傅"]),
        occurredAt: openedAt,
        ...(appointmentId ? { appointmentId } : {}),
      },
      openedAt,
    );
    counts.repairOrders++;
    if (until === "open") return id;
    let t = openedAt.getTime() + 15 * MINUTE;
    const step = (minutes: number) => {
      t = Math.min(t + minutes * MINUTE, now.getTime());
      return new Date(t);
    };
    for (const [description, hoursCenti] of job.labour) {
      await addLabourLine(db, advisor, id, { description, hoursCenti, rateFen: 18_000 }, step(1));
    }
    for (const [partNo, name, quantityCenti, unitPriceFen] of job.parts) {
      await addPartLine(db, advisor, id, { partNo, name, quantityCenti, unitPriceFen }, step(1));
    }
    const at1 = step(5);
    await transitionRepairOrder(db, advisor, id, { to: "in_progress", occurredAt: at1 }, at1);
    if (until === "in_progress") return id;
    const at2 = step(dice.int(60, 180));
    await transitionRepairOrder(db, advisor, id, { to: "done", occurredAt: at2 }, at2);
    if (type === "warranty") warrantyOrders.push({ id, doneAt: at2 });
    if (until === "done") return id;
    const at3 = step(20);
    await settleRepairOrder(db, advisor, id, { occurredAt: at3 }, at3);
    if (until === "settled") return id;
    const at4 = step(15);
    await handBackRepairOrder(db, advisor, id, { occurredAt: at4 }, at4);
    return id;
  }

  const workType = (): WorkType =>
    dice.weighted({ maintenance: 50, mechanical: 20, body: 6, paint: 6, warranty: 10, insurance: 8 });

  // Three months of workshop days (weekdays), each with a few orders finished the same day.
  for (let d = HISTORY_DAYS; d >= 1; d--) {
    const day = ago(d * DAY);
    const weekday = new Date(day.getTime() + 8 * HOUR).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const localDay = localDateIn(day, TIME_ZONE);
    for (let k = 0; k < dice.int(1, 3); k++) {
      const opened = new Date(Date.parse(`${localDay}T09:00:00+08:00`) + dice.int(0, 300) * MINUTE);
      if (opened.getTime() > now.getTime() - 2 * DAY) continue;
      await visit(carAt(opened, dice.int(0, 999)), workType(), opened, "handed_back");
    }
  }
  // One car back for the same fault within days: a return repair (返修).
  const back = cars[1]!;
  await visit(back, "mechanical", ago(20 * DAY), "handed_back");
  await visit(back, "mechanical", ago(12 * DAY), "handed_back");

  // Customer service calls back every hand-back in the past (most within the three working days).
  const open = await db.execute<{ id: string; created_at: Date; due_at: Date }>(
    sql`SELECT id, created_at, due_at FROM care_tasks WHERE store_id = ${storeId} AND type = 'post_service_callback'
        AND NOT done AND due_at < ${ago(0)} ORDER BY id`,
  );
  let unsatisfied = false;
  for (const task of open.rows) {
    const late = dice.chance(0.1) ? 2 * DAY : 0;
    const when = officeHours(new Date(new Date(task.created_at).getTime() + dice.int(4, 40) * HOUR + late));
    const at = new Date(Math.min(when.getTime(), now.getTime() - HOUR));
    if (dice.chance(0.08)) {
      await recordAttempt(
        db,
        cs,
        Number(task.id),
        { reached: false, comment: "无人接听", occurredAt: at },
        at,
      );
      continue;
    }
    // one clearly unhappy customer: the callback opens a complaint by itself
    const satisfaction: number =
      !unsatisfied && at.getTime() < now.getTime() - 5 * DAY ? 2 : dice.chance(0.7) ? 5 : 4;
    unsatisfied ||= satisfaction === 2;
    await recordAttempt(
      db,
      cs,
      Number(task.id),
      {
        reached: true,
        satisfaction,
        comment: satisfaction === 2 ? "保养后仍有异响，等待时间也太长" : "服务满意",
        occurredAt: at,
      },
      at,
    );
    counts.callbacks++;
  }
  // The complaint from that callback was handled and the customer confirmed it.
  // The complaints the unsatisfied callbacks opened (this one, and the sales floor's) were handled and the
  // customers confirmed the outcome.
  const fromCallback = await db.execute<{ id: string; received_at: Date }>(
    sql`SELECT id, received_at FROM complaints WHERE store_id = ${storeId} AND channel = 'callback'
        AND received_at < ${ago(3 * DAY)} ORDER BY id`,
  );
  for (const c of fromCallback.rows) {
    const t0 = new Date(c.received_at).getTime();
    await transitionComplaint(
      db,
      cs,
      Number(c.id),
      { to: "handling", note: "已致电客户致歉，安排复检", occurredAt: new Date(t0 + HOUR) },
      new Date(t0 + HOUR),
    );
    await transitionComplaint(
      db,
      cs,
      Number(c.id),
      {
        to: "resolved",
        resolution: "免费复检并更换异响部件，赠送一次保养",
        occurredAt: officeHours(new Date(t0 + 20 * HOUR)),
      },
      officeHours(new Date(t0 + 20 * HOUR)),
    );
    await transitionComplaint(
      db,
      cs,
      Number(c.id),
      { to: "confirmed", note: "客户电话确认满意", occurredAt: officeHours(new Date(t0 + 44 * HOUR)) },
      officeHours(new Date(t0 + 44 * HOUR)),
    );
  }
  // A walk-in complaint two days ago, still being handled: overdue, so it shows on the gm's list.
  await createComplaint(
    db,
    cs,
    {
      customerId: cars[2]!.customerId,
      vehicleId: cars[2]!.vehicleId,
      channel: "walk_in",
      category: "price",
      severity: "high",
      description: "客户认为保养收费比报价高出两百元，要求解释并退差价",
      occurredAt: ago(2 * DAY),
    },
    ago(2 * DAY),
  ).then((c) =>
    transitionComplaint(
      db,
      cs,
      c.id,
      { to: "handling", note: "已向服务经理反映", occurredAt: ago(2 * DAY - HOUR) },
      ago(2 * DAY - HOUR),
    ),
  );
  counts.complaints = Number(
    (await db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM complaints WHERE store_id = ${storeId}`))
      .rows[0]!.n,
  );

  // Warranty claims: submitted the day after the job; the manufacturer answers within two weeks.
  for (const [i, w] of warrantyOrders.entries()) {
    const submitted = new Date(w.doneAt.getTime() + DAY);
    if (submitted.getTime() > now.getTime()) continue;
    const claim = await submitClaim(
      db,
      advisor,
      { repairOrderId: w.id, faultDescription: "质保期内故障，按技术通报更换总成", occurredAt: submitted },
      submitted,
    );
    counts.claims++;
    const decided = new Date(submitted.getTime() + 10 * DAY);
    if (decided.getTime() > now.getTime()) continue;
    if (i === 1) {
      await decideClaim(
        db,
        gm,
        claim.id,
        { approved: false, reason: "缺少旧件照片", occurredAt: decided },
        decided,
      );
      const again = new Date(decided.getTime() + DAY);
      if (again.getTime() < now.getTime()) {
        await resubmitClaim(db, advisor, claim.id, { faultDescription: "补充旧件照片与故障码截图" }, again);
      }
    } else {
      await decideClaim(
        db,
        gm,
        claim.id,
        { approved: true, amountFen: claim.claimedFen, occurredAt: decided },
        decided,
      );
    }
  }

  // Appointments: two missed yesterday, and the coming working days booked.
  const slots = upcomingSlots(now, 8);
  for (const [i, slotStart] of slots.entries()) {
    const car = cars[(i * 5 + 3) % cars.length]!;
    await createAppointment(
      db,
      advisor,
      {
        customerId: car.customerId,
        vehicleId: car.vehicleId,
        slotStart,
        workType: i % 3 ? "maintenance" : "mechanical",
        note: i % 2 ? "客户要求洗车" : undefined,
      },
      ago(DAY),
    );
    counts.appointments++;
  }
  for (const slotStart of pastWorkingSlots(now, 2)) {
    const car = cars[(counts.appointments * 7) % cars.length]!;
    const booked = new Date(slotStart.getTime() - 2 * DAY);
    const a = await createAppointment(
      db,
      advisor,
      { customerId: car.customerId, vehicleId: car.vehicleId, slotStart, workType: "maintenance" },
      booked,
    );
    await recordNoShow(db, advisor, a.id, undefined, new Date(slotStart.getTime() + HOUR));
    counts.appointments++;
  }

  // Today's workshop board: cars in every state (opened this morning, or an hour ago if it is early).
  const morning = new Date(
    Math.max(Date.parse(`${localDateIn(now, TIME_ZONE)}T08:30:00+08:00`), now.getTime() - 10 * HOUR),
  );
  const board: ("open" | "in_progress" | "done" | "settled")[] = [
    "open",
    "open",
    "in_progress",
    "in_progress",
    "done",
    "settled",
  ];
  for (const [i, state] of board.entries()) {
    const opened = new Date(Math.min(morning.getTime() + i * 20 * MINUTE, now.getTime() - 5 * MINUTE));
    await visit(cars[(i * 3 + 4) % cars.length]!, i % 2 ? "mechanical" : "maintenance", opened, state);
  }

  // The daily planner: maintenance reminders and birthday greetings; one reminder's message is sent.
  const planned = await generateForStore(db, storeId, { actorId: gm.userId }, now);
  const reminder = await db.execute<{ id: string; customer_id: string; for_date: string }>(
    sql`SELECT t.id, t.customer_id, t.for_date FROM care_tasks t WHERE t.store_id = ${storeId}
        AND t.type = 'maintenance_reminder' AND NOT t.done ORDER BY t.due_at LIMIT 1`,
  );
  for (const r of reminder.rows) {
    await sendMessage(
      db,
      cs,
      new RecordOnlyProvider(),
      {
        customerId: Number(r.customer_id),
        channel: "sms",
        template: "maintenance_reminder",
        params: { vehicle: "您的爱车", dueDate: String(r.for_date) },
        careTaskId: Number(r.id),
      },
      now,
    );
  }
  return { ...counts, planned };
}

/** Staff call during office hours: a time in the evening or the night moves to the next morning. */
function officeHours(at: Date): Date {
  const local = new Date(at.getTime() + 8 * HOUR); // the demo store is in Shanghai (no daylight saving)
  const hour = local.getUTCHours();
  if (hour >= 9 && hour < 18) return at;
  const morning = new Date(local);
  if (hour >= 18) morning.setUTCDate(morning.getUTCDate() + 1);
  morning.setUTCHours(9, 30 + (at.getUTCMinutes() % 25), 0, 0);
  return new Date(morning.getTime() - 8 * HOUR);
}

/** The next `n` hour slots on weekdays from tomorrow, 09:00–16:00 store-local. */
function upcomingSlots(now: Date, n: number): Date[] {
  const out: Date[] = [];
  for (let d = 1; out.length < n && d < 14; d++) {
    const day = localDateIn(new Date(now.getTime() + d * DAY), TIME_ZONE);
    const weekday = new Date(`${day}T12:00:00+08:00`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const h of [9, 10, 14]) out.push(new Date(`${day}T${String(h).padStart(2, "0")}:00:00+08:00`));
  }
  return out.slice(0, n);
}

/** `n` slots of the last weekday before today, 10:00 onwards. */
function pastWorkingSlots(now: Date, n: number): Date[] {
  for (let d = 1; d < 7; d++) {
    const day = localDateIn(new Date(now.getTime() - d * DAY), TIME_ZONE);
    const weekday = new Date(`${day}T12:00:00+08:00`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    return Array.from(
      { length: n },
      (_, i) => new Date(`${day}T${String(10 + i).padStart(2, "0")}:00:00+08:00`),
    );
  }
  return [];
}
