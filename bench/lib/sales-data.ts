/**
 * The sales floor of the bench stores (issue 3): vehicle stock, showroom traffic, test drives, quotes,
 * orders, cancellations, deliveries and post-sale callbacks, laid out to agree with the leads that
 * bench/generate.ts shaped in the temp table `bench_lead` (same transaction):
 *
 * - a lead with outcome `won` (level D, state won) has a delivered order on a sold stock car, a customer
 *   vehicle with the same VIN and three callbacks at 3, 7 and 30 days;
 * - `ordered` (level O, active) has an open order holding a reserved car (a fifth of them still in transit);
 * - `cancelled` (level T) has a cancelled factory order; the lead waits for the manager's decision (active)
 *   or was closed by it (defeated).
 *
 * Test drives sit on a grid per demo car and store-local day (one-hour slots from 09:00, drives of 30–50
 * minutes), so the exclusion constraint `test_drives_no_overlap` never has anything to refuse.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../server/db/index.ts";
import {
  listPriceFen,
  MODEL_DRAW,
  MODEL_NAMES,
  modelName,
  optionPackage,
  paletteColour,
  RULED,
  trimName,
} from "./catalogue.ts";
import { createSqlFunctions } from "./sql-functions.ts";

/** per store at scale 1 */
const IN_STOCK = 210;
const IN_TRANSIT = 40;
const DEMO_CARS = 6;
/** demo fleets of a year each, the current one and those before it over the history */
const DEMO_GENERATIONS = 3;
/** visitors who left no details (未留档) and inbound calls not tied to a lead, per store and day */
const UNARCHIVED_VISITS_PER_DAY = 3;
const UNATTACHED_CALLS_PER_DAY = 2;
/** consultants with a customer in the showroom right now, per store */
const OPEN_VISITS = 3;
/** one-hour test-drive slots per demo car and day, from 09:00 */
const SLOTS_PER_DAY = 8;

const CANCEL_REASONS = ["资金紧张，暂缓购车", "改买竞品", "家庭意见不一致", "提车周期太长", "贷款审批未通过"];
const DRIVE_FEEDBACK = [
  "动力平顺，隔音比预期好。",
  "空间满意，后排稍硬。",
  "转向轻，适合家用，想再对比一下油耗。",
  "很满意，准备谈价格。",
  "底盘扎实，辅助驾驶好用。",
];
const CALLBACK_COMMENTS = [
  "很不满意，交车时资料缺失，要求店长回电。",
  "不太满意，等车时间太长。",
  "一般，交车讲解有点仓促。",
  "满意，销售顾问讲解细致。",
  "非常满意，交车流程顺畅。",
];

type Run = (label: string, q: SQL) => Promise<void>;

const seq = (table: string) => sql`nextval(pg_get_serial_sequence(${table}, 'id'))`;

export async function generateSales(
  tx: Tx,
  opts: { storeIds: number[]; scale: number; now: Date; historyDays: number; run: Run },
): Promise<void> {
  const { storeIds, scale, now, historyDays, run } = opts;
  const stores = sql`unnest(${sql.param(storeIds)}::bigint[])`;
  const perStore = (n: number, min = 0) => Math.max(min, Math.round(n * scale));
  await createSqlFunctions(tx);

  // ── stock: sold cars of deliveries, reserved cars of open orders, stock, in transit, demo fleet ──
  const drawModel = sql`(${sql.param(MODEL_DRAW)}::int[])[1 + floor(random() * ${MODEL_DRAW.length})::int]`;
  /** a random instant of the last `historyDays` days between `from` and 9 hours later, store-local; one later today than now moves a day back */
  const businessHours = (tz: SQL, from: string) =>
    sql`(SELECT CASE WHEN t > ${now}::timestamptz THEN t - interval '1 day' ELSE t END
         FROM (SELECT ((((${now}::timestamptz AT TIME ZONE ${tz})::date - floor(random() * ${historyDays})::int) + ${from}::time)
                 AT TIME ZONE ${tz}) + random() * 9 * interval '1 hour' AS t) b)`;
  const stockAge = sql`CASE WHEN r_age < 0.85 THEN r_age / 0.85 * 90 ELSE 90 + (r_age - 0.85) / 0.15 * 110 END`;
  await run(
    "stock (draw)",
    sql`CREATE TEMP TABLE bench_car ON COMMIT DROP AS
        SELECT y.*, pg_temp.bench_vin(model_no, trim_no,
            extract(year FROM coalesce(arrived_at, created_at))::int, vehicle_id) AS vin,
          ${modelName(sql`model_no`)} AS model, ${trimName(sql`trim_no`)} AS trim,
          ${paletteColour(sql`model_no`, sql`r_colour`)} AS colour,
          ${optionPackage(sql`model_no`, sql`r_option`)} AS option_package,
          ${listPriceFen(sql`model_no`, sql`trim_no`)} AS list_price_fen,
          (round(${listPriceFen(sql`model_no`, sql`trim_no`)} * (0.86 + 0.05 * r_cost) / 10000) * 10000)::bigint AS cost_fen
        FROM (
          SELECT ${seq("stock_vehicles")} AS vehicle_id, x.*,
            coalesce(arrived_at, ${now}::timestamptz) - (5 + r_cost * 25) * interval '1 day' AS created_at
          FROM (
            -- a delivered car arrived 1–150 days before it was ordered (mostly young); an ordered one too,
            -- unless it was ordered while still on its way
            SELECT l.store_id, l.lead_id, CASE l.outcome WHEN 'won' THEN 'sold' ELSE 'reserved' END AS status,
              l.model_no, 1 + floor(random() * 3)::int AS trim_no, random() AS r_colour, random() AS r_option, random() AS r_cost,
              CASE WHEN l.outcome = 'ordered' AND l.r_sale2 < 0.2 THEN NULL
                   ELSE l.ordered_at - (1 + 150 * l.r_sale3 ^ 2) * interval '1 day' END AS arrived_at,
              CASE WHEN l.outcome = 'won' THEN l.closed_at END AS sold_at, 0::bigint AS incentive_fen, NULL::int AS gen
            FROM bench_lead l WHERE l.outcome IN ('won', 'ordered')
            UNION ALL
            -- in stock: 85 % within 90 days, the rest 91–200 days (long stock, most with an incentive)
            SELECT store_id, NULL, 'in_stock', model_no, trim_no, r_colour, r_option, r_cost,
              ${now}::timestamptz - ${stockAge} * interval '1 day', NULL,
              CASE WHEN ${stockAge} > 90 AND r_inc < 0.7 THEN (20 + floor(r_inc / 0.7 * 40))::bigint * 10000 ELSE 0 END, NULL
            FROM (SELECT st.store_id, ${drawModel} AS model_no, 1 + floor(random() * 3)::int AS trim_no,
                    random() AS r_colour, random() AS r_option, random() AS r_cost, random() AS r_age, random() AS r_inc
                  FROM ${stores} st(store_id) CROSS JOIN generate_series(1, ${perStore(IN_STOCK, 8)}::int)) s
            UNION ALL
            SELECT st.store_id, NULL, 'in_transit', ${drawModel}, 1 + floor(random() * 3)::int, random(), random(), random(),
              NULL, NULL, 0, NULL
            FROM ${stores} st(store_id) CROSS JOIN generate_series(1, ${perStore(IN_TRANSIT, 2)}::int)
            UNION ALL
            -- the demo fleet is renewed every year: the current one (generation 0) is in service, the older
            -- ones were sold off as used cars when they were replaced
            SELECT st.store_id, NULL, CASE WHEN gen = 0 THEN 'demo' ELSE 'sold' END,
              1 + (g - 1) % ${MODEL_NAMES.length}, 2, random(), random(), random(),
              ${now}::timestamptz - (CASE WHEN gen = ${DEMO_GENERATIONS - 1} THEN ${historyDays} + 35
                                         ELSE (gen + 1) * 365 + 5 END) * interval '1 day',
              CASE WHEN gen > 0 THEN ${now}::timestamptz - gen * 365 * interval '1 day' END, 0, gen
            FROM ${stores} st(store_id) CROSS JOIN generate_series(1, ${perStore(DEMO_CARS, 2)}::int) g
            CROSS JOIN generate_series(0, ${DEMO_GENERATIONS - 1}) gen
          ) x
        ) y`,
  );
  await run(
    "stock_vehicles",
    sql`INSERT INTO stock_vehicles (store_id, id, vin, model, trim, colour, option_package, cost_fen, list_price_fen,
          arrived_at, status, incentive_fen, sold_at, created_at, updated_at)
        SELECT store_id, vehicle_id, vin, model, trim, colour, option_package, cost_fen, list_price_fen,
          arrived_at, status, incentive_fen, sold_at, created_at, coalesce(sold_at, arrived_at, created_at)
        FROM bench_car`,
  );
  await run(
    "model_rules",
    sql`INSERT INTO model_rules (store_id, model, colour_quota, option_all_or_none, updated_at)
        SELECT st.store_id, m.model, 3, m.ruled, ${now}
        FROM ${stores} st(store_id)
        CROSS JOIN unnest(${sql.param(MODEL_NAMES)}::text[], ${sql.param(RULED)}::boolean[]) m(model, ruled)`,
  );

  // ── quotes: before every order (90 %), and for a share of the A/H leads that did not order ──
  await run(
    "quotes (draw)",
    sql`CREATE TEMP TABLE bench_quote ON COMMIT DROP AS
        SELECT z.*, price_fen - discount_fen + accessory_fen + insurance_fen + registration_fen AS total_fen,
          coalesce(car_colour, ${paletteColour(sql`model_no`, sql`r_colour`)}) AS colour
        FROM (
          SELECT ${seq("quotes")} AS quote_id, q.*,
            ${listPriceFen(sql`model_no`, sql`trim_no`)} AS price_fen,
            (round(${listPriceFen(sql`model_no`, sql`trim_no`)} * (0.03 + 0.09 * random()) / 10000) * 10000)::bigint AS discount_fen,
            (30 + floor(random() * 51))::bigint * 10000 AS accessory_fen,
            (round(${listPriceFen(sql`model_no`, sql`trim_no`)} * (0.035 + 0.01 * random()) / 100) * 100)::bigint AS insurance_fen,
            (5 + floor(random() * 11))::bigint * 10000 AS registration_fen,
            CASE WHEN loan THEN (ARRAY[24, 36, 36, 60])[1 + floor(random() * 4)::int] END AS months,
            CASE WHEN loan THEN (ARRAY[0, 2990, 3850, 3850, 4500])[1 + floor(random() * 5)::int] END AS rate_thousandths
          FROM (
            SELECT l.store_id, l.lead_id, l.consultant_id, l.tz, l.outcome, c.vehicle_id,
              coalesce(c.model_no, l.model_no) AS model_no, coalesce(c.trim_no, 1 + floor(random() * 3)::int) AS trim_no,
              c.colour AS car_colour, random() AS r_colour,
              -- the lead's payment method (generate.ts: loan when r_fu is in [0.2, 0.6))
              l.r_fu >= 0.2 AND l.r_fu < 0.6 AS loan,
              l.outcome IN ('won', 'ordered', 'cancelled') AS for_order,
              CASE WHEN l.outcome IN ('won', 'ordered', 'cancelled')
                   THEN greatest(l.created_at + (l.ordered_at - l.created_at) * 0.5, l.ordered_at - l.r_sale * 3 * interval '1 day')
                   ELSE l.created_at + (coalesce(l.last_reached_at, l.created_at) - l.created_at) * 0.7 END AS quoted_at
            FROM bench_lead l
            LEFT JOIN bench_car c ON c.store_id = l.store_id AND c.lead_id = l.lead_id
            WHERE (l.outcome IN ('won', 'ordered', 'cancelled') AND l.r_sale2 < 0.9)
               OR (l.outcome IN ('active', 'defeated') AND l.level IN ('A', 'H') AND l.r_sale < 0.5)
          ) q
        ) z`,
  );
  // The loan: 30 % down (to 1,000 yuan), the rest financed; the monthly payment by loan.ts's exact formula
  // P·R·(D+R)^n / (D·((D+R)^n − D^n)), D = 1,200,000, R = rate in thousandths of a percent, rounded half up.
  await run(
    "quotes",
    sql`INSERT INTO quotes (store_id, id, lead_id, vehicle_id, model, trim, colour, vehicle_price_fen, discount_fen,
          total_fen, loan_down_payment_fen, loan_months, loan_annual_rate_pct, loan_financed_fen, loan_monthly_payment_fen,
          valid_until, created_by, created_at)
        SELECT store_id, quote_id, lead_id, vehicle_id, ${modelName(sql`model_no`)}, ${trimName(sql`trim_no`)}, colour,
          price_fen, discount_fen, total_fen, down_fen, months, rate_thousandths / 1000.0, total_fen - down_fen,
          CASE WHEN months IS NULL THEN NULL
               WHEN rate_thousandths = 0 THEN div(2 * (total_fen - down_fen) + months, 2 * months)
               ELSE div(2 * (total_fen - down_fen) * rate_thousandths * grown + d * (grown - power(1200000::numeric, months)),
                        2 * d * (grown - power(1200000::numeric, months))) END,
          (quoted_at AT TIME ZONE tz)::date + 7, consultant_id, quoted_at
        FROM (
          SELECT b.*, CASE WHEN months IS NOT NULL THEN (round(total_fen * 0.3 / 100000) * 100000)::bigint END AS down_fen,
            power((1200000 + coalesce(rate_thousandths, 0))::numeric, coalesce(months, 1)) AS grown, 1200000::numeric AS d
          FROM bench_quote b
        ) q`,
  );
  await run(
    "quote_lines",
    sql`INSERT INTO quote_lines (store_id, quote_id, kind, name, amount_fen, position)
        SELECT store_id, quote_id, 'accessory', '精品套装（脚垫、太阳膜、行车记录仪）', accessory_fen, 1 FROM bench_quote
        UNION ALL
        SELECT store_id, quote_id, 'insurance', '交强险 + 商业险', insurance_fen, 2 FROM bench_quote
        UNION ALL
        SELECT store_id, quote_id, 'registration', '上牌服务费', registration_fen, 3 FROM bench_quote`,
  );

  // ── orders: delivered (won), open (ordered), cancelled factory orders ──
  await run(
    "orders (draw)",
    sql`CREATE TEMP TABLE bench_order ON COMMIT DROP AS
        SELECT o.*, row_number() OVER (PARTITION BY store_id, order_year ORDER BY ordered_at, order_id) AS order_seq
        FROM (
          SELECT ${seq("orders")} AS order_id, l.store_id, l.lead_id, l.customer_id, l.consultant_id, l.manager, l.cs,
            l.tz, l.day_end, l.outcome, l.state AS lead_state, l.ordered_at, l.closed_at, l.model_no AS lead_model_no,
            extract(year FROM l.ordered_at AT TIME ZONE l.tz)::int AS order_year,
            c.vehicle_id, c.arrived_at AS car_arrived_at, c.vin, c.model, c.trim, c.colour,
            q.quote_id,
            coalesce(q.total_fen, c.list_price_fen, ${listPriceFen(sql`l.model_no`, sql`1`)}) AS price_fen,
            (ARRAY[500000, 1000000, 1000000, 2000000])[1 + floor(random() * 4)::int]::bigint AS deposit_fen,
            (ARRAY['wechat', 'wechat', 'alipay', 'card', 'transfer', 'cash'])[1 + floor(random() * 6)::int] AS deposit_method,
            CASE WHEN l.outcome = 'won' THEN ${seq("vehicles")} END AS customer_vehicle_id,
            random() AS r_refund, random() AS r_plate, random() AS r_reason
          FROM bench_lead l
          LEFT JOIN bench_car c ON c.store_id = l.store_id AND c.lead_id = l.lead_id
          LEFT JOIN bench_quote q ON q.store_id = l.store_id AND q.lead_id = l.lead_id AND q.for_order
          WHERE l.outcome IN ('won', 'ordered', 'cancelled')
        ) o`,
  );
  await run(
    "vehicles (customers')",
    sql`INSERT INTO vehicles (store_id, id, customer_id, vin, plate, brand, model, trim, colour, purchase_date,
          sold_by_store, created_at)
        SELECT store_id, customer_vehicle_id, customer_id, vin,
          CASE WHEN r_plate < 0.6 THEN '粤A' || substr('BCDEFGHJKLMNPQRSTUVWXYZ', 1 + (order_id % 23)::int, 1)
            || lpad((order_id * 7919 % 10000)::text, 4, '0') END,
          '广汽丰田', model, trim, colour, (closed_at AT TIME ZONE tz)::date, true, closed_at
        FROM bench_order WHERE outcome = 'won'`,
  );
  const documents = sql`'{"invoice": true, "certificate": true, "manual": true, "warrantyCard": true, "keys": true, "insurancePolicy": true}'::jsonb`;
  await run(
    "orders",
    sql`INSERT INTO orders (store_id, id, order_no, lead_id, customer_id, quote_id, vehicle_id, factory_model, factory_trim,
          factory_colour, factory_option_package, price_fen, deposit_fen, deposit_method, referrer_customer_id, consultant_id,
          state, ordered_at, created_by, cancelled_at, cancelled_by, cancel_reason, refund_fen, delivered_at, delivered_by,
          pdi_done, documents, customer_vehicle_id, vehicle_status_before, created_at, updated_at)
        SELECT o.store_id, o.order_id, 'SO' || o.order_year || '-' || lpad(o.order_seq::text, 6, '0'), o.lead_id, o.customer_id,
          o.quote_id, o.vehicle_id,
          CASE WHEN o.outcome = 'cancelled' THEN ${modelName(sql`o.lead_model_no`)} END,
          CASE WHEN o.outcome = 'cancelled' THEN ${trimName(sql`1 + (o.order_id % 3)::int`)} END,
          CASE WHEN o.outcome = 'cancelled' THEN ${paletteColour(sql`o.lead_model_no`, sql`o.r_plate`)} END,
          CASE WHEN o.outcome = 'cancelled' THEN ${optionPackage(sql`o.lead_model_no`, sql`o.r_reason`)} END,
          o.price_fen, least(o.deposit_fen, o.price_fen), o.deposit_method, ld.referrer_customer_id, o.consultant_id,
          CASE o.outcome WHEN 'won' THEN 'delivered' WHEN 'ordered' THEN 'open' ELSE 'cancelled' END,
          o.ordered_at, o.consultant_id,
          CASE WHEN o.outcome = 'cancelled' THEN o.closed_at END,
          CASE WHEN o.outcome = 'cancelled' THEN o.manager END,
          CASE WHEN o.outcome = 'cancelled' THEN (${sql.param(CANCEL_REASONS)}::text[])[1 + floor(o.r_reason * ${CANCEL_REASONS.length})::int] END,
          CASE WHEN o.outcome = 'cancelled' THEN
            CASE WHEN o.r_refund < 0.6 THEN least(o.deposit_fen, o.price_fen) WHEN o.r_refund < 0.9 THEN least(o.deposit_fen, o.price_fen) / 2 ELSE 0 END END,
          CASE WHEN o.outcome = 'won' THEN o.closed_at END,
          CASE WHEN o.outcome = 'won' THEN o.consultant_id END,
          CASE WHEN o.outcome = 'won' THEN true END,
          CASE WHEN o.outcome = 'won' THEN ${documents} END,
          o.customer_vehicle_id,
          CASE WHEN o.outcome = 'won' THEN 'in_stock' WHEN o.outcome = 'ordered' THEN
            CASE WHEN o.car_arrived_at IS NULL THEN 'in_transit' ELSE 'in_stock' END END,
          o.ordered_at, CASE WHEN o.outcome = 'ordered' THEN o.ordered_at ELSE o.closed_at END
        FROM bench_order o JOIN leads ld ON ld.store_id = o.store_id AND ld.id = o.lead_id`,
  );
  await run(
    "order_counters",
    sql`INSERT INTO order_counters (store_id, year, last)
        SELECT store_id, order_year, max(order_seq) FROM bench_order GROUP BY store_id, order_year`,
  );

  // ── post-sale callbacks: 3, 7 and 30 days after each delivery ──
  // Past due: 86 % reached in time, 6 % reached late, 5 % closed unreached after three calls, 3 % still
  // open. Due later: done early in proportion to the time gone, the rest open (customer service's list).
  await run(
    "care tasks (draw)",
    sql`CREATE TEMP TABLE bench_care ON COMMIT DROP AS
        SELECT t.*,
          CASE WHEN fate IN ('in_time', 'late') THEN
                 CASE WHEN r4 < 0.60 THEN 5 WHEN r4 < 0.88 THEN 4 WHEN r4 < 0.96 THEN 3 WHEN r4 < 0.99 THEN 2 ELSE 1 END
          END AS satisfaction,
          CASE fate WHEN 'in_time' THEN delivered_at + (least(due_at, ${now}::timestamptz) - delivered_at) * (0.2 + 0.75 * r2)
                    WHEN 'late' THEN least(${now}::timestamptz - interval '1 minute', due_at + r2 * 2 * interval '1 day')
                    WHEN 'unreached' THEN least(${now}::timestamptz - interval '1 minute', due_at + r2 * 3 * interval '1 day')
          END AS done_at,
          CASE fate WHEN 'in_time' THEN 1 + (r3 < 0.2)::int WHEN 'late' THEN 2 + (r3 < 0.3)::int WHEN 'unreached' THEN 3
                    ELSE CASE WHEN due_at < ${now}::timestamptz THEN 1 + floor(r3 * 2)::int ELSE (r3 < 0.3)::int END
          END AS attempts
        FROM (
          SELECT c.*,
            CASE WHEN due_at < ${now}::timestamptz THEN
                   CASE WHEN r1 < 0.86 THEN 'in_time' WHEN r1 < 0.92 THEN 'late' WHEN r1 < 0.97 THEN 'unreached' ELSE 'open' END
                 WHEN r1 < 0.5 * extract(epoch FROM ${now}::timestamptz - delivered_at) / extract(epoch FROM due_at - delivered_at)
                   THEN 'in_time'
                 ELSE 'open' END AS fate
          FROM (
            SELECT ${seq("care_tasks")} AS task_id, o.store_id, o.customer_id, o.customer_vehicle_id, o.order_id, o.cs,
              d AS day_offset, o.closed_at AS delivered_at,
              (((o.closed_at AT TIME ZONE o.tz)::date + d) + o.day_end) AT TIME ZONE o.tz AS due_at,
              random() AS r1, random() AS r2, random() AS r3, random() AS r4
            FROM bench_order o CROSS JOIN unnest(ARRAY[3, 7, 30]) d WHERE o.outcome = 'won'
          ) c
        ) t`,
  );
  await run(
    "care_tasks",
    sql`INSERT INTO care_tasks (store_id, id, type, customer_id, vehicle_id, order_id, day_offset, due_at, done, done_at,
          reached, reached_at, satisfaction, comment, attempts, flagged, done_by, created_at)
        SELECT store_id, task_id, 'post_sale_callback', customer_id, customer_vehicle_id, order_id, day_offset, due_at,
          fate <> 'open', done_at,
          CASE WHEN fate IN ('in_time', 'late') THEN true WHEN fate = 'unreached' THEN false END,
          CASE WHEN fate IN ('in_time', 'late') THEN done_at END,
          satisfaction, (${sql.param(CALLBACK_COMMENTS)}::text[])[satisfaction], attempts, coalesce(satisfaction <= 2, false),
          CASE WHEN fate <> 'open' THEN cs END, delivered_at
        FROM bench_care`,
  );
  // Every call: the earlier ones unanswered, the last one the answer (or the third unanswered call).
  await run(
    "care_task_attempts",
    sql`INSERT INTO care_task_attempts (store_id, task_id, at, reached, satisfaction, comment, actor_id, created_at)
        SELECT store_id, task_id, at, is_last AND fate IN ('in_time', 'late'),
          CASE WHEN is_last THEN satisfaction END, CASE WHEN is_last THEN (${sql.param(CALLBACK_COMMENTS)}::text[])[satisfaction] END,
          cs, at
        FROM (
          SELECT c.*, k = attempts AND fate <> 'open' AS is_last,
            CASE WHEN fate = 'open' THEN delivered_at + (${now}::timestamptz - delivered_at) * k / (attempts + 1)
                 ELSE delivered_at + (done_at - delivered_at) * k / attempts END AS at
          FROM bench_care c CROSS JOIN LATERAL generate_series(1, c.attempts) k
        ) a`,
  );

  // ── showroom traffic: visits and calls ──
  // The first visit: walk-ins when they were registered; a fifth of the others, and everyone who ordered,
  // came in later (0.4 of the way to the order or the last contact). Test drives happen on that day.
  await run(
    "visits (draw)",
    sql`CREATE TEMP TABLE bench_visit ON COMMIT DROP AS
        SELECT ${seq("traffic_visits")} AS visit_id, v.*,
          CASE WHEN v.arrived_at + v.stay < ${now}::timestamptz THEN v.arrived_at + v.stay END AS left_at
        FROM (
          SELECT l.store_id, l.lead_id, l.consultant_id, l.reception, true AS first_visit,
            CASE WHEN l.source = 'walk_in' THEN l.created_at
                 ELSE greatest(l.created_at, least(${now}::timestamptz - interval '10 minutes',
                   l.created_at + (coalesce(l.ordered_at, l.last_reached_at, l.created_at) - l.created_at) * 0.4)) END AS arrived_at,
            (20 + random() * 130) * interval '1 minute' AS stay
          FROM bench_lead l
          WHERE l.source = 'walk_in' OR l.outcome IN ('won', 'ordered', 'cancelled') OR l.r_sale3 < 0.2
          UNION ALL
          -- signing the order (half of the buyers come in for it)
          SELECT l.store_id, l.lead_id, l.consultant_id, l.reception, false,
            l.ordered_at - (30 + random() * 60) * interval '1 minute', (40 + random() * 80) * interval '1 minute'
          FROM bench_lead l WHERE l.outcome IN ('won', 'ordered', 'cancelled') AND l.r_sale < 0.5
          UNION ALL
          -- taking delivery
          SELECT l.store_id, l.lead_id, l.consultant_id, l.reception, false,
            l.closed_at - (60 + random() * 60) * interval '1 minute', (50 + random() * 40) * interval '1 minute'
          FROM bench_lead l WHERE l.outcome = 'won'
          UNION ALL
          -- warm leads coming back
          SELECT l.store_id, l.lead_id, l.consultant_id, l.reception, false,
            l.created_at + (l.last_reached_at - l.created_at) * (0.6 + 0.4 * random()), (20 + random() * 100) * interval '1 minute'
          FROM bench_lead l WHERE l.outcome = 'active' AND l.level IN ('A', 'H') AND l.r_sale2 < 0.1
          UNION ALL
          -- not archived (未留档): in business hours, any consultant
          SELECT s.store_id, NULL, s.consultants[1 + floor(random() * array_length(s.consultants, 1))::int], s.reception, true,
            ${businessHours(sql`st.time_zone`, "09:30")},
            (5 + random() * 40) * interval '1 minute'
          FROM bench_staff s JOIN stores st ON st.id = s.store_id
          CROSS JOIN generate_series(1, ${perStore(UNARCHIVED_VISITS_PER_DAY * historyDays)}::int)
        ) v
        UNION ALL
        -- with a customer right now: the first consultants, each on a return visit of one of his active leads
        SELECT ${seq("traffic_visits")}, s.store_id,
          (SELECT l.lead_id FROM bench_lead l WHERE l.store_id = s.store_id AND l.consultant_id = s.consultants[k]
             AND l.outcome = 'active' AND NOT l.in_pool AND l.created_at < ${now}::timestamptz - interval '1 day'
           ORDER BY l.n LIMIT 1),
          s.consultants[k], s.reception, false, ${now}::timestamptz - (10 + k * 15) * interval '1 minute', NULL, NULL
        FROM bench_staff s CROSS JOIN generate_series(1, ${OPEN_VISITS}) k`,
  );
  await run(
    "traffic_visits",
    sql`INSERT INTO traffic_visits (store_id, id, lead_id, first_visit, party_size, arrived_at, left_at, consultant_id,
          created_by, created_at)
        SELECT store_id, visit_id, lead_id, first_visit, 1 + floor(random() ^ 2 * 4)::int, arrived_at, left_at, consultant_id,
          reception, arrived_at
        FROM bench_visit`,
  );
  await run(
    "calls (draw)",
    sql`CREATE TEMP TABLE bench_call ON COMMIT DROP AS
        SELECT ${seq("traffic_calls")} AS call_id, c.* FROM (
          SELECT l.store_id, l.lead_id, l.consultant_id, l.reception, l.created_at AS at, '来电咨询车型和价格' AS note
          FROM bench_lead l WHERE l.source = 'phone'
          UNION ALL
          SELECT l.store_id, l.lead_id, l.consultant_id, l.reception,
            greatest(l.created_at, l.last_reached_at - interval '30 minutes'), '客户来电询问优惠和到店时间'
          FROM bench_lead l WHERE l.outcome = 'active' AND l.level IN ('B', 'A', 'H') AND l.r_sale3 < 0.15
          UNION ALL
          SELECT s.store_id, NULL,
            CASE WHEN random() < 0.5 THEN s.consultants[1 + floor(random() * array_length(s.consultants, 1))::int] END,
            s.reception,
            ${businessHours(sql`st.time_zone`, "09:00")},
            '来电未留资料'
          FROM bench_staff s JOIN stores st ON st.id = s.store_id
          CROSS JOIN generate_series(1, ${perStore(UNATTACHED_CALLS_PER_DAY * historyDays)}::int)
        ) c`,
  );
  await run(
    "traffic_calls",
    sql`INSERT INTO traffic_calls (store_id, id, lead_id, at, consultant_id, note, created_by, created_at)
        SELECT store_id, call_id, lead_id, at, consultant_id, note, reception, at FROM bench_call`,
  );

  // ── test drives on the demo fleet ──
  await run(
    "test_drive_routes",
    sql`INSERT INTO test_drive_routes (store_id, name, distance_km, minutes, created_at)
        SELECT st.store_id, r.name, r.km, r.minutes, ${now}::timestamptz - ${historyDays + 30} * interval '1 day'
        FROM ${stores} st(store_id)
        CROSS JOIN (VALUES ('城市道路体验线', 8, 20), ('快速路线', 22, 35), ('综合路况线', 15, 30)) r(name, km, minutes)`,
  );
  // Past drives on the day of the first visit (most buyers, half of the A/H leads, a fifth of the B leads);
  // booked ones on the days of the leads' test-drive appointments. Row r of a store's day takes car
  // (r − 1) mod cars in hour-slot (r − 1) div cars; what does not fit in the day is not driven.
  await run(
    "test drives (draw)",
    sql`CREATE TEMP TABLE bench_drive ON COMMIT DROP AS
        WITH fleet AS (
          SELECT store_id, gen, array_agg(vehicle_id ORDER BY vehicle_id) AS cars, count(*)::int AS ncars
          FROM bench_car WHERE gen IS NOT NULL GROUP BY store_id, gen
        ), wanted AS (
          SELECT v.store_id, v.lead_id, (v.arrived_at AT TIME ZONE l.tz)::date AS day, l.tz, l.consultant_id, l.reception,
            l.created_at AS lead_created_at
          FROM bench_visit v JOIN bench_lead l ON l.store_id = v.store_id AND l.lead_id = v.lead_id
          WHERE v.first_visit AND (l.outcome IN ('won', 'ordered', 'cancelled') AND l.r_sale3 < 0.8
             OR l.level IN ('A', 'H') AND l.r_sale3 < 0.5 OR l.level = 'B' AND l.r_sale3 < 0.2)
          UNION ALL
          SELECT a.store_id, a.lead_id, (a.at AT TIME ZONE l.tz)::date, l.tz, l.consultant_id, l.reception, l.created_at
          FROM lead_appointments a JOIN bench_lead l ON l.store_id = a.store_id AND l.lead_id = a.lead_id
          WHERE a.kind = 'test_drive' AND a.store_id = ANY(${sql.param(storeIds)}::bigint[])
        ), slotted AS (
          SELECT w.*, row_number() OVER (PARTITION BY w.store_id, w.day ORDER BY random()) - 1 AS r FROM wanted w
        )
        SELECT ${seq("test_drives")} AS drive_id, s.*, f.cars[1 + s.r % f.ncars] AS vehicle_id,
          ((s.day + time '09:00') AT TIME ZONE s.tz) + (s.r / f.ncars) * interval '1 hour' AS start_at,
          (30 + floor(random() * 3) * 10) * interval '1 minute' AS length,
          1 + floor(random() * 3)::int AS route_no, random() AS r_state, random() AS r_rating
        FROM slotted s JOIN fleet f ON f.store_id = s.store_id
          AND f.gen = least(${DEMO_GENERATIONS - 1}, greatest(0, ((${now}::timestamptz AT TIME ZONE s.tz)::date - s.day) / 365))
        WHERE s.r / f.ncars < ${SLOTS_PER_DAY}`,
  );
  await run(
    "test_drives",
    sql`INSERT INTO test_drives (store_id, id, lead_id, vehicle_id, route_id, start_at, end_at, licence_no, state, remind_at,
          feedback, rating, consultant_id, created_by, created_at, finished_at)
        SELECT d.store_id, d.drive_id, d.lead_id, d.vehicle_id, rt.ids[d.route_no], d.start_at, d.start_at + d.length,
          pg_temp.bench_id_number(d.lead_id), d.state, d.start_at - interval '60 minutes',
          CASE WHEN d.state = 'done' THEN (${sql.param(DRIVE_FEEDBACK)}::text[])[1 + floor(d.r_rating * ${DRIVE_FEEDBACK.length})::int] END,
          CASE WHEN d.state = 'done' THEN CASE WHEN d.r_rating < 0.5 THEN 5 WHEN d.r_rating < 0.85 THEN 4 ELSE 3 END END,
          d.consultant_id, d.consultant_id, d.created_at,
          CASE WHEN d.state IN ('done', 'no_show') THEN d.start_at + d.length END
        FROM (
          SELECT b.*,
            CASE WHEN b.start_at > ${now}::timestamptz THEN 'booked'
                 WHEN b.r_state < 0.85 THEN 'done' WHEN b.r_state < 0.93 THEN 'no_show' ELSE 'cancelled' END AS state,
            least(${now}::timestamptz, greatest(b.lead_created_at, b.start_at - b.r_state * 2 * interval '1 day')) AS created_at
          FROM bench_drive b
        ) d
        JOIN (SELECT store_id, array_agg(id ORDER BY id) AS ids FROM test_drive_routes
              WHERE store_id = ANY(${sql.param(storeIds)}::bigint[]) GROUP BY store_id) rt ON rt.store_id = d.store_id`,
  );

  // ── every step on the lead's timeline ──
  await run(
    "lead_events (sales)",
    sql`INSERT INTO lead_events (store_id, lead_id, kind, at, actor_id, data)
        SELECT store_id, lead_id, 'visited', arrived_at, reception,
          jsonb_build_object('visitId', visit_id, 'firstVisit', first_visit, 'consultantId', consultant_id)
        FROM bench_visit WHERE lead_id IS NOT NULL
        UNION ALL
        SELECT store_id, lead_id, 'called', at, reception, jsonb_build_object('callId', call_id)
        FROM bench_call WHERE lead_id IS NOT NULL
        UNION ALL
        SELECT store_id, lead_id, 'test_drive_booked', created_at, created_by,
          jsonb_build_object('testDriveId', id, 'vehicleId', vehicle_id, 'startAt', start_at)
        FROM test_drives WHERE store_id = ANY(${sql.param(storeIds)}::bigint[])
        UNION ALL
        SELECT store_id, lead_id, CASE state WHEN 'done' THEN 'test_drive_done' ELSE 'test_drive_cancelled' END,
          CASE state WHEN 'done' THEN end_at ELSE greatest(created_at, start_at - interval '2 hours') END, consultant_id,
          jsonb_build_object('testDriveId', id, 'rating', rating)
        FROM test_drives WHERE store_id = ANY(${sql.param(storeIds)}::bigint[]) AND state IN ('done', 'cancelled')
        UNION ALL
        SELECT store_id, lead_id, 'quoted', quoted_at, consultant_id, jsonb_build_object('quoteId', quote_id, 'totalFen', total_fen)
        FROM bench_quote
        UNION ALL
        SELECT o.store_id, o.lead_id, 'ordered', o.ordered_at, o.consultant_id,
          jsonb_build_object('orderId', o.order_id, 'orderNo', x.order_no, 'from', 'H', 'to', 'O')
        FROM bench_order o JOIN orders x ON x.store_id = o.store_id AND x.id = o.order_id
        UNION ALL
        SELECT o.store_id, o.lead_id, 'delivered', o.closed_at, o.consultant_id,
          jsonb_build_object('orderId', o.order_id, 'orderNo', x.order_no, 'from', 'O', 'to', 'D')
        FROM bench_order o JOIN orders x ON x.store_id = o.store_id AND x.id = o.order_id WHERE o.outcome = 'won'
        UNION ALL
        SELECT o.store_id, o.lead_id, 'order_cancelled', o.closed_at, o.manager,
          jsonb_build_object('orderId', o.order_id, 'orderNo', x.order_no, 'reason', x.cancel_reason, 'refundFen', x.refund_fen,
            'from', 'O', 'to', 'T')
        FROM bench_order o JOIN orders x ON x.store_id = o.store_id AND x.id = o.order_id WHERE o.outcome = 'cancelled'
        UNION ALL
        SELECT store_id, lead_id, 'cancel_closed', least(${now}::timestamptz, closed_at + interval '1 day'), manager,
          jsonb_build_object('note', '退订后关闭')
        FROM bench_order WHERE outcome = 'cancelled' AND lead_state = 'defeated'`,
  );
}

export const SALES_TABLES = [
  "stock_vehicles",
  "model_rules",
  "traffic_visits",
  "traffic_calls",
  "test_drive_routes",
  "test_drives",
  "quotes",
  "quote_lines",
  "orders",
  "order_counters",
  "vehicles",
  "care_tasks",
  "care_task_attempts",
];
