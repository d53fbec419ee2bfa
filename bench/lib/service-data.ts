/**
 * The after-sales side of the bench stores (issue 4), generated after the sales floor in the same
 * transaction: customers who only have their car serviced here, service plans, three years of repair orders
 * with labour and parts lines, state history and settlement by payer, the appointments most of them came
 * from (with no-shows, cancellations and the next two weeks' bookings), post-service callbacks with their
 * calls, maintenance reminders, complaints (from dissatisfied callbacks and from other channels), warranty
 * claims with their decisions and resubmissions, and the service messages of the reminders.
 *
 * Shapes follow the rules of the application so that every screen and KPI reads plausible numbers: RO
 * numbers per store-local day, mileage growing with the car's age, totals equal to the sum of the lines,
 * return repairs (same vehicle and work type within 30 days of a hand-back) at about 1.5 %, callbacks due at
 * the end of the third working day (weekends only: the bench stores keep no holiday calendar).
 */
import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../server/db/index.ts";
import { MODEL_NAMES } from "./catalogue.ts";

type Run = (label: string, q: SQL) => Promise<void>;

/** per store at scale 1 */
const SERVICED_ONLY_CUSTOMERS = 6_000;
const REPAIR_ORDERS_PER_DAY = 30;
const BOOKINGS_PER_DAY_AHEAD = 14;
const WORKSHOP_CAPACITY = 8;

const TECHNICIANS = ["李师傅", "王师傅", "张师傅", "刘师傅", "陈师傅", "杨师傅", "赵师傅", "黄师傅"];
const COMPLAINTS_BY_TYPE: Record<string, string[]> = {
  maintenance: ["做常规保养", "保养到期，顺便检查轮胎", "仪表提示保养"],
  mechanical: ["发动机异响", "刹车时有抖动", "空调不制冷", "怠速不稳"],
  body: ["左前门刮擦凹陷", "后保险杠碰撞变形"],
  paint: ["前机盖掉漆", "右后叶子板划痕补漆"],
  warranty: ["车窗升降器失灵", "中控屏黑屏", "变速箱顿挫"],
  insurance: ["追尾事故，后部受损", "倒车撞柱，尾灯破损"],
};
const LABOUR = ["检查诊断", "更换机油机滤", "四轮定位", "钣金修复", "喷漆（单面）", "拆装更换总成", "路试"];
const PARTS: [string, string, number][] = [
  ["90915-YZZD4", "机油滤清器", 6_800],
  ["08880-83720", "全合成机油 0W-20（升）", 9_800],
  ["17801-21060", "空气滤清器", 12_500],
  ["87139-0E040", "空调滤芯", 15_800],
  ["04465-33480", "前刹车片", 58_000],
  ["52119-06937", "前保险杠", 168_000],
  ["69801-06100", "车窗升降器", 92_000],
  ["81551-06B30", "尾灯总成", 135_000],
];
const CALLBACK_COMMENTS = [
  "非常满意，服务周到。",
  "满意，交车准时。",
  "一般，等待时间偏长。",
  "不满意，问题没修好。",
];

const seq = (table: string) => sql`nextval(pg_get_serial_sequence(${table}, 'id'))`;
const pick = (values: string[], r: SQL) =>
  sql`(${sql.param(values)}::text[])[1 + floor(${r} * ${values.length})::int]`;
/** a store-local date + time as an instant */
const localAt = (day: SQL, time: string, tz: SQL) => sql`((${day} + ${time}::time) AT TIME ZONE ${tz})`;
/** the third working day after a date, Monday–Friday (ISO day of week 1–7) */
const thirdWorkingDay = (day: SQL) =>
  sql`(${day} + CASE extract(isodow FROM ${day})::int WHEN 1 THEN 3 WHEN 2 THEN 3 WHEN 3 THEN 5 WHEN 4 THEN 5
                     WHEN 5 THEN 5 WHEN 6 THEN 4 ELSE 3 END)`;

export async function generateService(
  tx: Tx,
  opts: { storeIds: number[]; scale: number; now: Date; historyDays: number; run: Run },
): Promise<void> {
  const { storeIds, scale, now, historyDays, run } = opts;
  const ids = sql`${sql.param(storeIds)}::bigint[]`;
  const perStore = (n: number, min = 1) => Math.max(min, Math.round(n * scale));
  const nowTs = sql`${now}::timestamptz`;

  await tx.execute(
    sql`UPDATE stores SET workshop_capacity_per_hour = ${WORKSHOP_CAPACITY} WHERE id = ANY(${ids})`,
  );
  await run(
    "service_plans",
    sql`INSERT INTO service_plans (store_id, model, interval_months, interval_km, updated_at)
        SELECT st, m, CASE WHEN i % 3 = 0 THEN 12 ELSE 6 END, CASE WHEN i % 3 = 0 THEN 10000 ELSE 5000 END, ${nowTs}
        FROM unnest(${ids}) st, unnest(${sql.param(MODEL_NAMES)}::text[]) WITH ORDINALITY AS x(m, i)`,
  );

  // ── customers who bought elsewhere and come for service ──
  await run(
    "customers (service)",
    sql`CREATE TEMP TABLE bench_svc_customer ON COMMIT DROP AS
        SELECT st AS store_id, ${seq("customers")} AS customer_id, ${seq("vehicles")} AS vehicle_id, n,
          1 + floor(random() * ${MODEL_NAMES.length})::int AS model_no,
          (${nowTs} AT TIME ZONE 'Asia/Shanghai')::date - (200 + floor(random() * 2600))::int AS purchase_date
        FROM unnest(${ids}) st CROSS JOIN generate_series(1, ${perStore(SERVICED_ONLY_CUSTOMERS)}::int) n`,
  );
  await tx.execute(sql`
    INSERT INTO customers (store_id, id, kind, name, phone, gender, created_at, updated_at)
    SELECT c.store_id, c.customer_id, 'person',
      (ARRAY['赵','钱','孙','李','周','吴','郑','王','冯','陈'])[1 + (c.n % 10)] ||
      (ARRAY['伟','芳','娜','敏','静','磊','洋','勇','艳','杰','强','军'])[1 + (c.n * 7 % 12)],
      '191' || lpad(((c.n::bigint * 7919 + c.store_id * 104729) % 100000000)::text, 8, '0'),
      CASE WHEN c.n % 3 = 0 THEN 'female' ELSE 'male' END,
      (c.purchase_date + time '10:00') AT TIME ZONE 'Asia/Shanghai', (c.purchase_date + time '10:00') AT TIME ZONE 'Asia/Shanghai'
    FROM bench_svc_customer c`);
  await tx.execute(sql`
    INSERT INTO vehicles (store_id, id, customer_id, vin, plate, brand, model, colour, purchase_date, sold_by_store, created_at)
    SELECT c.store_id, c.vehicle_id, c.customer_id,
      pg_temp.bench_vin(c.model_no, 1, extract(year FROM c.purchase_date)::int, 10000000 + c.vehicle_id),
      '粤B' || substr('ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + (c.vehicle_id % 24)::int, 1) || lpad((c.vehicle_id * 7907 % 100000)::text, 5, '0'),
      '广汽丰田', (${sql.param(MODEL_NAMES)}::text[])[c.model_no], '白色', c.purchase_date, false,
      (c.purchase_date + time '10:00') AT TIME ZONE 'Asia/Shanghai'
    FROM bench_svc_customer c`);

  // ── the vehicles the workshop sees: every customer vehicle of the bench stores ──
  await run(
    "service vehicles",
    sql`CREATE TEMP TABLE bench_svc_vehicle ON COMMIT DROP AS
        SELECT v.store_id, v.id AS vehicle_id, v.customer_id, v.purchase_date, s.time_zone AS tz,
          20 + (v.id * 37 % 45) AS km_per_day,
          row_number() OVER (PARTITION BY v.store_id ORDER BY v.id) AS vn
        FROM vehicles v JOIN stores s ON s.id = v.store_id
        WHERE v.store_id = ANY(${ids}) AND v.purchase_date IS NOT NULL`,
  );
  await tx.execute(sql`CREATE INDEX ON bench_svc_vehicle (store_id, vn)`);
  await tx.execute(sql`ANALYZE bench_svc_vehicle`);

  // ── repair orders: REPAIR_ORDERS_PER_DAY a day on a random car already bought, plus ~1.5 % return repairs ──
  await run(
    "repair orders (draw)",
    sql`CREATE TEMP TABLE bench_ro ON COMMIT DROP AS
        WITH drawn AS (
          SELECT d.store_id, d.day, d.tz, d.advisors, 1 + floor(random() * d.nveh)::bigint AS vn, random() AS r_type,
            random() AS r_time, random() AS r_misc
          FROM (SELECT s.id AS store_id, s.time_zone AS tz, (${nowTs} AT TIME ZONE s.time_zone)::date - g AS day, n.nveh, a.advisors
                FROM stores s
                JOIN (SELECT store_id, count(*) AS nveh FROM bench_svc_vehicle GROUP BY store_id) n ON n.store_id = s.id
                JOIN (SELECT store_id, array_agg(id ORDER BY id) AS advisors FROM users WHERE role = 'service_advisor'
                      GROUP BY store_id) a ON a.store_id = s.id
                CROSS JOIN generate_series(0, ${historyDays - 1}) g WHERE s.id = ANY(${ids})) d
          CROSS JOIN LATERAL generate_series(1, (${perStore(REPAIR_ORDERS_PER_DAY)} * (0.7 + random() * 0.6))::int) k
        ), placed AS (
          SELECT dr.store_id, v.vehicle_id, v.customer_id, v.purchase_date, v.km_per_day, dr.tz, dr.advisors,
            CASE WHEN dr.r_type < 0.50 THEN 'maintenance' WHEN dr.r_type < 0.70 THEN 'mechanical'
                 WHEN dr.r_type < 0.78 THEN 'body' WHEN dr.r_type < 0.85 THEN 'paint'
                 WHEN dr.r_type < 0.93 THEN 'warranty' ELSE 'insurance' END AS work_type,
            ${localAt(sql`dr.day`, "08:30", sql`dr.tz`)} + dr.r_time * interval '8 hours 30 minutes' AS opened_at, dr.r_misc
          FROM drawn dr JOIN bench_svc_vehicle v ON v.store_id = dr.store_id AND v.vn = dr.vn
          WHERE dr.day > v.purchase_date
        ), returns AS (
          -- the same car back with the same problem 2–25 days after an earlier visit of the same kind
          SELECT p.store_id, p.vehicle_id, p.customer_id, p.purchase_date, p.km_per_day, p.tz, p.advisors, p.work_type,
            p.opened_at + (2 + floor(p.r_misc * 400)::int % 24) * interval '1 day' AS opened_at, random() AS r_misc
          FROM placed p WHERE p.work_type <> 'maintenance' AND p.r_misc < 0.05
        )
        SELECT ${seq("repair_orders")} AS ro_id, a.*,
          (a.opened_at AT TIME ZONE a.tz)::date AS local_day,
          greatest(0, ((a.opened_at AT TIME ZONE a.tz)::date - a.purchase_date) * a.km_per_day
            + (a.vehicle_id % 500))::int AS mileage_in,
          a.advisors[1 + floor(random() * cardinality(a.advisors))::int] AS advisor_id,
          extract(epoch FROM ${nowTs} - a.opened_at) / 3600 AS age_h, random() AS r_state, random() AS r_cb, random() AS r_cb2
        FROM (SELECT * FROM placed UNION ALL SELECT * FROM returns) a
        WHERE a.opened_at <= ${nowTs}`,
  );
  await run(
    "repair orders (shape)",
    sql`CREATE TEMP TABLE bench_ro2 ON COMMIT DROP AS
        SELECT r.*,
          row_number() OVER (PARTITION BY r.store_id, r.local_day ORDER BY r.opened_at, r.ro_id) AS day_seq,
          CASE WHEN r.age_h < 3 THEN CASE WHEN r.r_state < 0.6 THEN 'open' ELSE 'in_progress' END
               WHEN r.age_h < 8 THEN CASE WHEN r.r_state < 0.5 THEN 'in_progress' WHEN r.r_state < 0.75 THEN 'done' ELSE 'settled' END
               WHEN r.age_h < 30 THEN CASE WHEN r.r_state < 0.2 THEN 'done' WHEN r.r_state < 0.4 THEN 'settled' ELSE 'handed_back' END
               ELSE 'handed_back' END AS state,
          (1 + floor(r.r_state * 5)) * interval '1 hour' AS work_len
        FROM bench_ro r`,
  );
  await tx.execute(sql`DROP TABLE bench_ro`);
  await tx.execute(sql`CREATE TEMP TABLE bench_ro ON COMMIT DROP AS
    SELECT r.*, r.opened_at + interval '20 minutes' AS started_at,
      least(${nowTs}, r.opened_at + interval '20 minutes' + r.work_len) AS done_at,
      least(${nowTs}, r.opened_at + interval '40 minutes' + r.work_len) AS settled_at,
      least(${nowTs}, r.opened_at + interval '70 minutes' + r.work_len) AS handed_back_at
    FROM bench_ro2 r`);
  await tx.execute(sql`DROP TABLE bench_ro2`);
  await tx.execute(sql`ANALYZE bench_ro`);

  // the customer's words, by work type
  const complaintText = sql`CASE r.work_type ${sql.join(
    Object.entries(COMPLAINTS_BY_TYPE).map(
      ([type, texts]) => sql`WHEN ${type} THEN ${pick(texts, sql`r.r_cb`)}`,
    ),
    sql` `,
  )} END`;
  const reached = (state: string) =>
    sql`(CASE r.state WHEN 'open' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'done' THEN 2 WHEN 'settled' THEN 3 ELSE 4 END >= ${{
      in_progress: 1,
      done: 2,
      settled: 3,
      handed_back: 4,
    }[state]!})`;
  // Lines first (in temp tables), so that a settled order is written with its totals: the table checks that
  // a settled order has them. Every order past `open` has at least one labour line, as the rules ask.
  await run(
    "lines (draw)",
    sql`CREATE TEMP TABLE bench_labour ON COMMIT DROP AS
        SELECT r.store_id, r.ro_id, ${pick(LABOUR, sql`random()`)} AS description, h, rate, round(h * rate / 100.0)::bigint AS amount_fen,
          CASE r.work_type WHEN 'warranty' THEN 'warranty' WHEN 'insurance' THEN 'insurer' ELSE 'customer' END AS payer,
          r.advisor_id, r.opened_at + interval '10 minutes' AS created_at
        FROM bench_ro r CROSS JOIN LATERAL generate_series(1, 1 + floor(r.r_cb2 * 3)::int) k
        CROSS JOIN LATERAL (SELECT (50 * (1 + floor(random() * 6)))::int AS h,
                                   (12000 + 2000 * floor(random() * 5))::bigint AS rate) x
        WHERE r.state <> 'open' OR r.r_state < 0.5`,
  );
  await run(
    "lines (draw parts)",
    sql`CREATE TEMP TABLE bench_part ON COMMIT DROP AS
        SELECT r.store_id, r.ro_id, p.no, p.name, q, p.price, round(q * p.price / 100.0)::bigint AS amount_fen,
          CASE r.work_type WHEN 'warranty' THEN 'warranty' WHEN 'insurance' THEN 'insurer' ELSE 'customer' END AS payer,
          r.advisor_id, r.opened_at + interval '15 minutes' AS created_at
        FROM bench_ro r CROSS JOIN LATERAL generate_series(1, CASE WHEN r.work_type = 'maintenance' THEN 3 ELSE floor(r.r_cb * 3)::int END) k
        CROSS JOIN LATERAL (
          SELECT (${sql.param(PARTS.map((p) => p[0]))}::text[])[i] AS no, (${sql.param(PARTS.map((p) => p[1]))}::text[])[i] AS name,
                 (${sql.param(PARTS.map((p) => p[2]))}::bigint[])[i] AS price
          FROM (SELECT CASE WHEN r.work_type = 'maintenance' THEN k ELSE 4 + floor(random() * 5)::int END AS i) j) p
        CROSS JOIN LATERAL (SELECT CASE WHEN p.no = '08880-83720' THEN 450 ELSE 100 END AS q) qq
        WHERE r.state <> 'open' OR r.r_state < 0.5`,
  );
  await tx.execute(sql`CREATE TEMP TABLE bench_total ON COMMIT DROP AS
    SELECT store_id, ro_id, sum(labour) AS labour, sum(parts) AS parts,
      sum(CASE payer WHEN 'customer' THEN labour + parts ELSE 0 END) AS customer,
      sum(CASE payer WHEN 'insurer' THEN labour + parts ELSE 0 END) AS insurer,
      sum(CASE payer WHEN 'warranty' THEN labour + parts ELSE 0 END) AS warranty
    FROM (SELECT store_id, ro_id, payer, amount_fen AS labour, 0 AS parts FROM bench_labour
          UNION ALL SELECT store_id, ro_id, payer, 0, amount_fen FROM bench_part) l
    GROUP BY store_id, ro_id`);
  await run(
    "repair_orders",
    sql`INSERT INTO repair_orders (store_id, id, ro_no, customer_id, vehicle_id, mileage_in, complaint, work_type, advisor_id,
          technician, state, opened_at, started_at, done_at, settled_at, settled_by, handed_back_at, handed_back_by,
          labour_fen, parts_fen, total_fen, customer_fen, insurer_fen, warranty_fen, created_at, updated_at)
        SELECT r.store_id, r.ro_id, 'RO' || to_char(r.local_day, 'YYYYMMDD') || '-' || lpad(r.day_seq::text, 4, '0'),
          r.customer_id, r.vehicle_id, r.mileage_in,
          ${complaintText}, r.work_type, r.advisor_id,
          ${pick(TECHNICIANS, sql`r.r_cb2`)}, r.state, r.opened_at,
          CASE WHEN ${reached("in_progress")} THEN r.started_at END,
          CASE WHEN ${reached("done")} THEN r.done_at END,
          CASE WHEN ${reached("settled")} THEN r.settled_at END,
          CASE WHEN ${reached("settled")} THEN r.advisor_id END,
          CASE WHEN ${reached("handed_back")} THEN r.handed_back_at END,
          CASE WHEN ${reached("handed_back")} THEN r.advisor_id END,
          CASE WHEN ${reached("settled")} THEN t.labour END, CASE WHEN ${reached("settled")} THEN t.parts END,
          CASE WHEN ${reached("settled")} THEN t.labour + t.parts END, CASE WHEN ${reached("settled")} THEN t.customer END,
          CASE WHEN ${reached("settled")} THEN t.insurer END, CASE WHEN ${reached("settled")} THEN t.warranty END,
          r.opened_at, greatest(r.opened_at, CASE WHEN ${reached("handed_back")} THEN r.handed_back_at ELSE r.opened_at END)
        FROM bench_ro r LEFT JOIN bench_total t ON t.store_id = r.store_id AND t.ro_id = r.ro_id`,
  );
  await run(
    "ro_labour_lines",
    sql`INSERT INTO ro_labour_lines (store_id, repair_order_id, description, hours_centi, rate_fen, amount_fen, payer,
          created_by, created_at)
        SELECT store_id, ro_id, description, h, rate, amount_fen, payer, advisor_id, created_at FROM bench_labour`,
  );
  await run(
    "ro_part_lines",
    sql`INSERT INTO ro_part_lines (store_id, repair_order_id, part_no, name, quantity_centi, unit_price_fen, amount_fen, payer,
          created_by, created_at)
        SELECT store_id, ro_id, no, name, q, price, amount_fen, payer, advisor_id, created_at FROM bench_part`,
  );
  await run(
    "ro_counters",
    sql`INSERT INTO ro_counters (store_id, day, last)
        SELECT store_id, local_day, max(day_seq) FROM bench_ro GROUP BY store_id, local_day`,
  );
  await run(
    "return repairs",
    sql`UPDATE repair_orders r SET return_repair = true, return_of_id = m.prev
        FROM (
          SELECT c.store_id, c.id, (
            SELECT p.id FROM repair_orders p
            WHERE p.store_id = c.store_id AND p.vehicle_id = c.vehicle_id AND p.work_type = c.work_type
              AND p.handed_back_at < c.opened_at AND p.handed_back_at >= c.opened_at - interval '30 days'
            ORDER BY p.handed_back_at DESC LIMIT 1) AS prev
          FROM repair_orders c WHERE c.store_id = ANY(${ids}) AND c.work_type <> 'maintenance'
        ) m
        WHERE m.prev IS NOT NULL AND r.store_id = m.store_id AND r.id = m.id`,
  );
  await run(
    "ro_events",
    sql`INSERT INTO ro_events (store_id, repair_order_id, from_state, to_state, at, actor_id)
        SELECT store_id, id, NULL, 'open', opened_at, advisor_id FROM repair_orders WHERE store_id = ANY(${ids})
        UNION ALL SELECT store_id, id, 'open', 'in_progress', started_at, advisor_id FROM repair_orders
          WHERE store_id = ANY(${ids}) AND started_at IS NOT NULL
        UNION ALL SELECT store_id, id, 'in_progress', 'done', done_at, advisor_id FROM repair_orders
          WHERE store_id = ANY(${ids}) AND done_at IS NOT NULL
        UNION ALL SELECT store_id, id, 'done', 'settled', settled_at, settled_by FROM repair_orders
          WHERE store_id = ANY(${ids}) AND settled_at IS NOT NULL
        UNION ALL SELECT store_id, id, 'settled', 'handed_back', handed_back_at, handed_back_by FROM repair_orders
          WHERE store_id = ANY(${ids}) AND handed_back_at IS NOT NULL`,
  );
  await tx.execute(sql`UPDATE vehicles v SET mileage_km = m.km FROM (
      SELECT store_id, vehicle_id, max(mileage_in) AS km FROM repair_orders WHERE store_id = ANY(${ids}) GROUP BY 1, 2) m
    WHERE v.store_id = m.store_id AND v.id = m.vehicle_id`);

  // ── appointments: 45 % of the orders were booked; no-shows, cancellations, and the next two weeks ──
  await run(
    "appointments",
    sql`INSERT INTO appointments (store_id, customer_id, vehicle_id, slot_start, work_type, advisor_id, status, status_at,
          status_by, repair_order_id, created_by, created_at)
        SELECT r.store_id, r.customer_id, r.vehicle_id, date_trunc('hour', r.opened_at), r.work_type, r.advisor_id, 'arrived',
          r.opened_at, r.advisor_id, r.ro_id, r.advisor_id, r.opened_at - (1 + floor(r.r_cb * 5)) * interval '1 day'
        FROM bench_ro r WHERE r.r_cb2 < 0.45
        UNION ALL
        SELECT r.store_id, r.customer_id, r.vehicle_id, date_trunc('hour', r.opened_at) + interval '1 day', r.work_type,
          r.advisor_id, CASE WHEN r.r_cb < 0.6 THEN 'no_show' ELSE 'cancelled' END,
          date_trunc('hour', r.opened_at) + interval '1 day', r.advisor_id, NULL, r.advisor_id, r.opened_at - interval '3 days'
        FROM bench_ro r WHERE r.r_cb2 >= 0.45 AND r.r_cb2 < 0.57 AND r.opened_at < ${nowTs} - interval '2 days'
        UNION ALL
        SELECT v.store_id, v.customer_id, v.vehicle_id,
          ${localAt(sql`(${nowTs} AT TIME ZONE v.tz)::date + d`, "09:00", sql`v.tz`)} + floor(random() * 8) * interval '1 hour',
          'maintenance', NULL, 'booked', NULL, NULL, NULL, a.advisor, ${nowTs} - interval '1 day'
        FROM generate_series(1, 14) d
        CROSS JOIN LATERAL (SELECT s AS store_id FROM unnest(${ids}) s) st
        CROSS JOIN LATERAL (SELECT min(id) AS advisor FROM users WHERE store_id = st.store_id AND role = 'service_advisor') a
        CROSS JOIN LATERAL (SELECT * FROM bench_svc_vehicle v WHERE v.store_id = st.store_id
                            ORDER BY v.vn OFFSET (d * 97) % 500 LIMIT ${perStore(BOOKINGS_PER_DAY_AHEAD)}) v
        WHERE extract(isodow FROM (${nowTs} AT TIME ZONE v.tz)::date + d) < 6`,
  );
  await run(
    "appointment_slots",
    sql`INSERT INTO appointment_slots (store_id, slot_start, booked)
        SELECT store_id, slot_start, count(*) FROM appointments
        WHERE store_id = ANY(${ids}) AND status <> 'cancelled' GROUP BY store_id, slot_start`,
  );

  // ── post-service callbacks: due at 18:00 of the third working day after the hand-back ──
  const cs = sql`(SELECT min(id) FROM users u WHERE u.store_id = r.store_id AND u.role = 'customer_service')`;
  await run(
    "callbacks (service)",
    sql`CREATE TEMP TABLE bench_cb ON COMMIT DROP AS
        SELECT r.store_id, ${seq("care_tasks")} AS task_id, r.ro_id, r.customer_id, r.vehicle_id, r.handed_back_at,
          ${localAt(thirdWorkingDay(sql`(r.handed_back_at AT TIME ZONE r.tz)::date`), "18:00", sql`r.tz`)} AS due_at,
          r.r_cb, r.r_cb2, ${cs} AS cs
        FROM bench_ro r JOIN repair_orders o ON o.store_id = r.store_id AND o.id = r.ro_id
        WHERE o.handed_back_at IS NOT NULL`,
  );
  const comment = (sat: SQL) =>
    sql`(${sql.param(CALLBACK_COMMENTS)}::text[])[CASE WHEN ${sat} >= 5 THEN 1 WHEN ${sat} = 4 THEN 2 WHEN ${sat} = 3 THEN 3 ELSE 4 END]`;
  // 85 % reached within a day or two, 8 % reached late, 7 % never reached (three calls)
  await tx.execute(sql`CREATE TEMP TABLE bench_cb2 ON COMMIT DROP AS
    SELECT b.*, b.call_at <= ${nowTs} AS closed, b.r_cb < 0.93 AS got FROM (
      SELECT c.*,
        c.handed_back_at + (CASE WHEN c.r_cb < 0.85 THEN 0.3 + c.r_cb2 * 1.5 ELSE 2 + c.r_cb2 * 4 END) * interval '1 day' AS call_at,
        CASE WHEN c.r_cb2 < 0.6 THEN 5 WHEN c.r_cb2 < 0.88 THEN 4 WHEN c.r_cb2 < 0.96 THEN 3 WHEN c.r_cb2 < 0.99 THEN 2 ELSE 1 END AS sat
      FROM bench_cb c) b`);
  await run(
    "care_tasks (service)",
    sql`INSERT INTO care_tasks (store_id, id, type, customer_id, vehicle_id, repair_order_id, due_at, done, done_at, reached,
          reached_at, satisfaction, comment, attempts, flagged, done_by, created_at)
        SELECT store_id, task_id, 'post_service_callback', customer_id, vehicle_id, ro_id, due_at,
          closed, CASE WHEN closed THEN call_at END, CASE WHEN closed THEN got END,
          CASE WHEN closed AND got THEN call_at END, CASE WHEN closed AND got THEN sat END,
          CASE WHEN closed AND got THEN ${comment(sql`sat`)} END,
          CASE WHEN NOT closed THEN 0 WHEN got THEN 1 ELSE 3 END, closed AND got AND sat <= 2,
          CASE WHEN closed THEN cs END, handed_back_at
        FROM bench_cb2`,
  );
  await run(
    "care_task_attempts (svc)",
    sql`INSERT INTO care_task_attempts (store_id, task_id, at, reached, satisfaction, comment, actor_id)
        SELECT store_id, task_id, call_at, true, sat, ${comment(sql`sat`)}, cs FROM bench_cb2 WHERE closed AND got
        UNION ALL
        SELECT store_id, task_id, call_at - (3 - k) * interval '3 hours', false, NULL, '无人接听', cs
        FROM bench_cb2 CROSS JOIN generate_series(1, 3) k WHERE closed AND NOT got`,
  );

  // ── maintenance reminders: 14 and 2 days before the next due date after each maintenance ──
  await run(
    "care_tasks (reminders)",
    sql`INSERT INTO care_tasks (store_id, type, customer_id, vehicle_id, day_offset, for_date, due_at, done, done_at, reached,
          reached_at, attempts, done_by, created_at)
        SELECT x.store_id, 'maintenance_reminder', x.customer_id, x.vehicle_id, off, x.due_date,
          ${localAt(sql`x.due_date - off`, "18:00", sql`x.tz`)}, closed, CASE WHEN closed THEN call_at END,
          CASE WHEN closed THEN true END, CASE WHEN closed THEN call_at END, CASE WHEN closed THEN 1 ELSE 0 END,
          CASE WHEN closed THEN x.cs END, x.handed_back_at
        FROM (
          SELECT r.store_id, r.customer_id, r.vehicle_id, r.tz, o.handed_back_at, ${cs} AS cs,
            ((o.handed_back_at AT TIME ZONE r.tz)::date + interval '6 months')::date AS due_date
          FROM bench_ro r JOIN repair_orders o ON o.store_id = r.store_id AND o.id = r.ro_id
          WHERE r.work_type = 'maintenance' AND o.handed_back_at IS NOT NULL
        ) x
        CROSS JOIN unnest(ARRAY[14, 2]) off
        CROSS JOIN LATERAL (SELECT ${localAt(sql`x.due_date - off`, "11:00", sql`x.tz`)} AS call_at) c
        CROSS JOIN LATERAL (SELECT c.call_at <= ${nowTs} AS closed) d
        ON CONFLICT DO NOTHING`,
  );
  await run(
    "outbox_messages",
    sql`INSERT INTO outbox_messages (store_id, customer_id, care_task_id, channel, purpose, template, params, body, recipient,
          status, provider, created_by, created_at)
        SELECT t.store_id, t.customer_id, t.id, 'sms', 'service', 'maintenance_reminder',
          jsonb_build_object('dueDate', t.for_date), '尊敬的' || c.name || '，您的爱车保养将于' || t.for_date || '到期，欢迎预约。',
          c.phone, 'recorded', 'record', t.done_by, t.done_at
        FROM care_tasks t JOIN customers c ON c.store_id = t.store_id AND c.id = t.customer_id
        WHERE t.store_id = ANY(${ids}) AND t.type = 'maintenance_reminder' AND t.done AND t.day_offset = 14
          AND c.phone IS NOT NULL`,
  );

  // ── complaints: every dissatisfied callback, and about 0.8 % of the repair orders by other channels ──
  await run(
    "complaints",
    sql`CREATE TEMP TABLE bench_complaint ON COMMIT DROP AS
        SELECT ${seq("complaints")} AS complaint_id, y.*,
          CASE y.severity WHEN 'high' THEN 24 WHEN 'medium' THEN 48 ELSE 72 END * interval '1 hour' + y.received_at AS deadline_at,
          y.received_at + (4 + y.r * 80) * interval '1 hour' AS resolved_at
        FROM (
          SELECT t.store_id, t.customer_id, t.vehicle_id, t.repair_order_id, t.id AS care_task_id, 'callback' AS channel,
            'repair_quality' AS category, 'medium' AS severity, coalesce(t.comment, '回访不满意') AS description,
            t.done_by AS owner_id, t.reached_at AS received_at, random() AS r
          FROM care_tasks t WHERE t.store_id = ANY(${ids}) AND t.type = 'post_service_callback' AND t.flagged
          UNION ALL
          SELECT r.store_id, r.customer_id, r.vehicle_id, r.ro_id, NULL, ${pick(["phone", "walk_in", "wechat", "oem"], sql`r.r_state`)},
            ${pick(["service_quality", "price", "waiting_time", "parts"], sql`r.r_cb2`)},
            CASE WHEN r.r_cb < 0.1 THEN 'high' WHEN r.r_cb < 0.6 THEN 'medium' ELSE 'low' END,
            '客户来电反映：' || o.complaint || '，对处理结果有意见', ${cs}, r.handed_back_at + interval '1 day', random()
          FROM bench_ro r JOIN repair_orders o ON o.store_id = r.store_id AND o.id = r.ro_id
          WHERE o.handed_back_at IS NOT NULL AND r.r_state > 0.992 AND r.handed_back_at + interval '1 day' <= ${nowTs}
        ) y`,
  );
  await run(
    "complaints (rows)",
    sql`INSERT INTO complaints (store_id, id, customer_id, vehicle_id, repair_order_id, care_task_id, channel, category, severity,
          description, owner_id, state, received_at, deadline_at, resolved_at, confirmed_at, resolution, created_by, created_at,
          updated_at)
        SELECT store_id, complaint_id, customer_id, vehicle_id, repair_order_id, care_task_id, channel, category, severity,
          description, owner_id,
          CASE WHEN resolved_at + interval '1 day' <= ${nowTs} THEN 'confirmed' WHEN resolved_at <= ${nowTs} THEN 'resolved'
               WHEN received_at + interval '2 hours' <= ${nowTs} THEN 'handling' ELSE 'received' END,
          received_at, deadline_at, CASE WHEN resolved_at <= ${nowTs} THEN resolved_at END,
          CASE WHEN resolved_at + interval '1 day' <= ${nowTs} THEN resolved_at + interval '1 day' END,
          CASE WHEN resolved_at <= ${nowTs} THEN '已致电道歉并免费复检，客户接受' END, owner_id, received_at,
          least(${nowTs}, resolved_at + interval '1 day')
        FROM bench_complaint`,
  );
  await run(
    "complaint_events",
    sql`INSERT INTO complaint_events (store_id, complaint_id, kind, from_state, to_state, note, at, actor_id)
        SELECT store_id, id, 'received', NULL, 'received', NULL, received_at, owner_id FROM complaints WHERE store_id = ANY(${ids})
        UNION ALL SELECT store_id, id, 'transition', 'received', 'handling', '已联系客户', received_at + interval '2 hours', owner_id
          FROM complaints WHERE store_id = ANY(${ids}) AND state <> 'received'
        UNION ALL SELECT store_id, id, 'transition', 'handling', 'resolved', resolution, resolved_at, owner_id
          FROM complaints WHERE store_id = ANY(${ids}) AND resolved_at IS NOT NULL
        UNION ALL SELECT store_id, id, 'transition', 'resolved', 'confirmed', '客户确认', confirmed_at, owner_id
          FROM complaints WHERE store_id = ANY(${ids}) AND confirmed_at IS NOT NULL`,
  );

  // ── warranty claims: 93 % approved, the rejected ones half resubmitted and then approved ──
  await run(
    "warranty_claims",
    sql`CREATE TEMP TABLE bench_claim ON COMMIT DROP AS
        SELECT ${seq("warranty_claims")} AS claim_id, o.store_id, o.id AS ro_id, o.advisor_id, o.done_at + interval '1 day' AS submitted_at,
          coalesce(o.labour_fen, 0) AS labour_fen, coalesce(o.parts_fen, 0) AS parts_fen, random() AS r,
          o.done_at + (6 + floor(random() * 15)) * interval '1 day' AS decided_at
        FROM repair_orders o
        WHERE o.store_id = ANY(${ids}) AND o.work_type = 'warranty' AND o.settled_at IS NOT NULL
          AND o.done_at + interval '1 day' <= ${nowTs}`,
  );
  await tx.execute(sql`
    INSERT INTO warranty_claims (store_id, id, repair_order_id, fault_description, labour_fen, parts_fen, claimed_fen, state,
      submissions, submitted_at, decided_at, approved_fen, reject_reason, created_by, created_at, updated_at)
    SELECT store_id, claim_id, ro_id, '质保期内故障，按厂家技术通报维修', labour_fen, parts_fen, labour_fen + parts_fen,
      CASE WHEN decided_at > ${nowTs} THEN 'submitted' WHEN r < 0.93 THEN 'approved'
           WHEN r < 0.965 AND decided_at + interval '10 days' <= ${nowTs} THEN 'approved' ELSE 'rejected' END,
      CASE WHEN r >= 0.93 AND r < 0.965 AND decided_at + interval '10 days' <= ${nowTs} THEN 2 ELSE 1 END,
      submitted_at, CASE WHEN decided_at <= ${nowTs} THEN decided_at + CASE WHEN r >= 0.93 AND r < 0.965 THEN interval '10 days' ELSE interval '0' END END,
      CASE WHEN decided_at <= ${nowTs} AND (r < 0.93 OR (r < 0.965 AND decided_at + interval '10 days' <= ${nowTs}))
           THEN labour_fen + parts_fen END,
      CASE WHEN decided_at <= ${nowTs} AND r >= 0.965 THEN '故障照片不清晰，缺少旧件编号' END,
      advisor_id, submitted_at, least(${nowTs}, decided_at)
    FROM bench_claim`);
  await run(
    "claim_events",
    sql`INSERT INTO claim_events (store_id, claim_id, kind, amount_fen, reason, at, actor_id)
        SELECT store_id, claim_id, 'submitted', labour_fen + parts_fen, NULL, submitted_at, advisor_id FROM bench_claim
        UNION ALL SELECT store_id, claim_id, 'approved', labour_fen + parts_fen, NULL, decided_at, advisor_id FROM bench_claim
          WHERE decided_at <= ${nowTs} AND r < 0.93
        UNION ALL SELECT store_id, claim_id, 'rejected', NULL, '故障照片不清晰，缺少旧件编号', decided_at, advisor_id FROM bench_claim
          WHERE decided_at <= ${nowTs} AND r >= 0.93
        UNION ALL SELECT store_id, claim_id, 'resubmitted', labour_fen + parts_fen, NULL, decided_at + interval '2 days', advisor_id
          FROM bench_claim WHERE r >= 0.93 AND r < 0.965 AND decided_at + interval '10 days' <= ${nowTs}
        UNION ALL SELECT store_id, claim_id, 'approved', labour_fen + parts_fen, NULL, decided_at + interval '10 days', advisor_id
          FROM bench_claim WHERE r >= 0.93 AND r < 0.965 AND decided_at + interval '10 days' <= ${nowTs}`,
  );
}

export const SERVICE_TABLES = [
  "service_plans",
  "appointments",
  "appointment_slots",
  "repair_orders",
  "ro_counters",
  "ro_labour_lines",
  "ro_part_lines",
  "ro_events",
  "complaints",
  "complaint_events",
  "warranty_claims",
  "claim_events",
  "outbox_messages",
];
