/**
 * The demo store's sales floor, played through the real use cases at the times they happened: the stock
 * with its ages, the demo fleet and routes, quotes, orders (open, cancelled, delivered), the post-sale
 * callbacks of the deliveries (some answered in time, some late, one unsatisfied), today's test drives,
 * showroom visits and calls, and this month's traffic plan. Each step is its own transaction, exactly as
 * the app would run it, so the demo shows what the app computes, not what a script painted.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../server/db/index.ts";
import { recordAttempt } from "../../server/modules/care/record-attempt.ts";
import { DEFAULT_CADENCE_SETTINGS, localDateOf } from "../../server/modules/leads/rules.ts";
import { cancelOrder } from "../../server/modules/sales/cancel-order.ts";
import { deliverOrder } from "../../server/modules/sales/deliver-order.ts";
import { createOrder } from "../../server/modules/sales/orders.ts";
import { createQuote } from "../../server/modules/sales/quotes.ts";
import { createVehicle } from "../../server/modules/stock/vehicles.ts";
import { createRoute } from "../../server/modules/testdrives/drive-routes.ts";
import { bookTestDrive } from "../../server/modules/testdrives/drives.ts";
import { logCall, logVisit } from "../../server/modules/traffic/log.ts";
import { setPlan } from "../../server/modules/traffic/plans.ts";
import type { Actor, Role } from "../../server/platform/access.ts";
import { vinCheckDigit } from "../../server/platform/validators.ts";
import type { Dice } from "./random.ts";
import { COLOURS, MODEL_BY_NAME, MODEL_WEIGHTS } from "./vocabulary.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STOCK_CARS = 48;
const DELIVERED = 14;
const OPEN_ORDERS = 6;
const CANCELLED = 2;
const FULL_CHECKLIST = {
  pdiDone: true,
  documents: {
    invoice: true,
    certificate: true,
    manual: true,
    warrantyCard: true,
    keys: true,
    insurancePolicy: true,
  },
};

interface DemoUser {
  id: number;
  username: string;
  role: string;
}

/** A VIN with a valid check digit: WMI of a Chinese joint venture, model year T (2026), serial from the dice. */
function demoVin(serial: number): string {
  const draft = `LVGBE40K0TG${String(serial).padStart(6, "0")}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

function yuanToFen(wan: number): number {
  return Math.round(wan * 1_000_000);
}

export async function loadDemoSales(db: Db, storeId: number, users: DemoUser[], now: Date, dice: Dice) {
  const actor = (username: string): Actor => {
    const u = users.find((x) => x.username === username)!;
    return { userId: u.id, username, displayName: username, role: u.role as Role, storeId };
  };
  const manager = actor("demo_manager");
  const reception = actor("demo_reception");
  const cs = actor("demo_cs");
  const consultantOf = (id: number): Actor => {
    const u = users.find((x) => x.id === id)!;
    return actor(u.username);
  };
  const at = (msAgo: number) => new Date(now.getTime() - msAgo);

  // Routes and stock: cars arrived over the last five months, a few in transit, four demo cars.
  const routes = [];
  for (const [name, km, min] of [
    ["城市道路线", 8, 25],
    ["高速综合线", 22, 40],
  ] as const) {
    routes.push(await createRoute(db, manager, { name, distanceKm: km, minutes: min }, at(200 * DAY)));
  }
  const cars: { id: number; model: string; colour: string; priceFen: number; arrivedDaysAgo: number }[] = [];
  const demoCars: number[] = [];
  for (let i = 0; i < STOCK_CARS + 4; i++) {
    const model = MODEL_BY_NAME.get(dice.weighted(MODEL_WEIGHTS))!;
    const colour = dice.pick(COLOURS.slice(0, 4));
    const priceFen = yuanToFen(model.price[0] + dice.next() * (model.price[1] - model.price[0]));
    const demo = i >= STOCK_CARS;
    const inTransit = !demo && i % 12 === 5;
    const arrivedDaysAgo = demo ? 120 : Math.floor(dice.next() ** 1.6 * 160) + 1;
    const created = await createVehicle(
      db,
      manager,
      {
        vin: demoVin(100_000 + i * 37),
        model: model.name,
        colour,
        costFen: Math.round(priceFen * 0.9),
        listPriceFen: priceFen,
        arrivedAt: inTransit ? null : at(arrivedDaysAgo * DAY),
        status: demo ? "demo" : inTransit ? "in_transit" : "in_stock",
        incentiveFen: arrivedDaysAgo > 90 ? 300_000 : 0,
      },
      inTransit ? at(3 * DAY) : at(arrivedDaysAgo * DAY),
    );
    if (demo) demoCars.push(created.vehicle.id);
    else if (!inTransit)
      cars.push({ id: created.vehicle.id, model: model.name, colour, priceFen, arrivedDaysAgo });
  }

  // Leads ready to buy whose last contact is old enough for an order (and a delivery) to follow it.
  const candidates = await db.execute<{ id: string; owner_id: string; last_at: Date }>(sql`
    SELECT l.id, l.owner_id, greatest(l.created_at, coalesce(max(f.occurred_at), l.created_at)) AS last_at
    FROM leads l LEFT JOIN follow_ups f ON f.store_id = l.store_id AND f.lead_id = l.id
    WHERE l.store_id = ${storeId} AND l.state = 'active' AND l.level IN ('H', 'A', 'B', 'C') AND l.owner_id IS NOT NULL
    GROUP BY l.store_id, l.id
    ORDER BY last_at`);
  const leads = candidates.rows.map((r) => ({
    id: Number(r.id),
    ownerId: Number(r.owner_id),
    lastAt: new Date(r.last_at),
  }));
  // Oldest cars go first, as a sales manager would push them.
  const byAge = [...cars].sort((a, b) => b.arrivedDaysAgo - a.arrivedDaysAgo);

  let delivered = 0;
  let open = 0;
  let cancelled = 0;
  for (const lead of leads) {
    if (delivered + open + cancelled >= DELIVERED + OPEN_ORDERS + CANCELLED) break;
    const ageDays = (now.getTime() - lead.lastAt.getTime()) / DAY;
    const wantDelivery = delivered < DELIVERED && ageDays > 8;
    if (!wantDelivery && open + cancelled >= OPEN_ORDERS + CANCELLED) continue;
    const car = byAge.shift();
    if (!car) break;
    const consultant = consultantOf(lead.ownerId);
    const orderedAt = new Date(
      lead.lastAt.getTime() +
        (wantDelivery ? dice.int(1, Math.min(20, Math.floor(ageDays) - 6)) * DAY : 2 * HOUR),
    );
    const quoteId = await createQuote(
      db,
      consultant,
      {
        leadId: lead.id,
        vehicleId: car.id,
        vehiclePriceFen: car.priceFen,
        discountFen: Math.round((car.priceFen * 0.05) / 100) * 100,
        lines: [
          { kind: "accessory", name: "脚垫+行车记录仪", amountFen: 180_000 },
          { kind: "insurance", name: "首年商业险", amountFen: 520_000 },
          { kind: "registration", name: "上牌服务费", amountFen: 50_000 },
        ],
        ...(dice.chance(0.4)
          ? { loan: { downPaymentFen: Math.round(car.priceFen * 0.3), months: 36, rateThousandths: 3850 } }
          : {}),
      },
      orderedAt,
    );
    const orderId = await createOrder(
      db,
      consultant,
      {
        leadId: lead.id,
        vehicleId: car.id,
        quoteId,
        depositFen: 500_000,
        depositMethod: dice.pick(["wechat", "card", "transfer"] as const),
        priceFen: car.priceFen - Math.round((car.priceFen * 0.05) / 100) * 100,
      },
      orderedAt,
    );
    if (wantDelivery) {
      const deliveredAt = new Date(
        Math.min(orderedAt.getTime() + dice.int(2, 6) * DAY, now.getTime() - 4 * HOUR),
      );
      await deliverOrder(db, consultant, orderId, FULL_CHECKLIST, deliveredAt);
      delivered++;
    } else if (cancelled < CANCELLED && open >= 2) {
      await cancelOrder(
        db,
        manager,
        orderId,
        { reason: "客户资金周转困难", refundFen: 500_000 },
        new Date(orderedAt.getTime() + HOUR),
      );
      cancelled++;
    } else {
      open++;
    }
  }

  // Customer service works through the callbacks that are due: most on time, some late, one unhappy.
  const tasks = await db.execute<{ id: string; due_at: Date; created_at: Date }>(sql`
    SELECT id, due_at, created_at FROM care_tasks WHERE store_id = ${storeId} AND due_at < ${now} ORDER BY due_at`);
  for (const [i, t] of tasks.rows.entries()) {
    const due = new Date(t.due_at).getTime();
    const late = i % 5 === 3;
    const when = new Date(Math.min(due + (late ? DAY : -3 * HOUR), now.getTime() - HOUR));
    if (when.getTime() <= new Date(t.created_at).getTime()) continue;
    const reached = i % 7 !== 2;
    await recordAttempt(
      db,
      cs,
      Number(t.id),
      reached
        ? {
            reached,
            satisfaction: i === 4 ? 2 : dice.pick([4, 5, 5]),
            comment: i === 4 ? "交车等待时间太长" : "对交车过程满意",
          }
        : { reached, comment: "无人接听" },
      when,
    );
  }

  // Today: test drives on the demo fleet, visits (two customers still in the showroom) and calls.
  const active = await db.execute<{ id: string; owner_id: string; phone: string }>(sql`
    SELECT id, owner_id, phone FROM leads
    WHERE store_id = ${storeId} AND state = 'active' AND level IN ('B', 'A', 'H') AND owner_id IS NOT NULL
    ORDER BY id DESC LIMIT 16`);
  const todays = active.rows.map((r) => ({ id: Number(r.id), ownerId: Number(r.owner_id), phone: r.phone }));
  const hourFromNow = Math.ceil(now.getTime() / HOUR) * HOUR + HOUR;
  for (const [i, lead] of todays.slice(0, 6).entries()) {
    const start = hourFromNow + Math.floor(i / demoCars.length) * 2 * HOUR + (i % 2) * 24 * HOUR;
    await bookTestDrive(
      db,
      consultantOf(lead.ownerId),
      {
        leadId: lead.id,
        vehicleId: demoCars[i % demoCars.length]!,
        startAt: new Date(start),
        endAt: new Date(start + 45 * 60_000),
        licenceNo: "110101199003074514",
        routeId: routes[i % routes.length]!.id,
      },
      now,
    );
  }
  for (const [i, lead] of todays.slice(6, 14).entries()) {
    const arrived = at((i + 1) * 35 * 60_000);
    await logVisit(
      db,
      reception,
      {
        leadId: lead.id,
        firstVisit: i % 3 === 0,
        partySize: 1 + (i % 3),
        arrivedAt: arrived,
        ...(i >= 2 ? { leftAt: new Date(arrived.getTime() + 30 * 60_000) } : {}),
        consultantId: lead.ownerId,
      },
      now,
    );
  }
  for (const [i, lead] of todays.slice(0, 5).entries()) {
    await logCall(
      db,
      reception,
      { leadId: lead.id, at: at((i + 1) * 25 * 60_000), consultantId: lead.ownerId },
      now,
    );
  }
  const month = localDateOf(now, DEFAULT_CADENCE_SETTINGS).slice(0, 7);
  await setPlan(db, manager, month, { visits: 600, calls: 450 }, now);
  return {
    stock: cars.length,
    demoCars: demoCars.length,
    delivered,
    open,
    cancelled,
    callbacks: tasks.rows.length,
  };
}
