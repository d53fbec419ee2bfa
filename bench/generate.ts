/**
 * `npm run bench:data [-- --scale N] [-- --reset]`: benchmark data for 5 stores and 3 years —
 * 210,000 leads (× N), about 1.4 million follow-ups, their customers, owners, events, defeats and
 * appointments, and the sales floor that agrees with them (bench/lib/sales-data.ts: stock, traffic, test
 * drives, quotes, orders, deliveries, callbacks) and the after-sales side (bench/lib/service-data.ts: repair
 * orders with lines, appointments, post-service callbacks, reminders, complaints, warranty claims), plus bench users with a known password (written to
 * bench/results/.bench-users.json). N may be a fraction (`--scale 0.05` for a quick check).
 *
 * Everything is generated inside PostgreSQL (`INSERT … SELECT … FROM generate_series`) in one
 * transaction: shipping a million rows through Node would take far longer than the database needs to
 * make them. The demo loader (scripts/demo-data.ts) replays every lead through the rules one follow-up at
 * a time; that is exact but far too slow for millions of rows, so here the lead rows are shaped in SQL
 * with the same formulas as rules.ts (due = end of business day, in the store's zone, `maxDays` after the
 * last effective contact; the N rule for new leads), and the history is laid out to agree with them.
 */
import { fileURLToPath } from "node:url";
import { type SQL, sql } from "drizzle-orm";
import { COLOURS, FOCUS, GIVEN, MOBILE_PREFIXES, MODELS, SURNAMES } from "../scripts/demo-data.ts";
import { createDb, createPool, type Db, runMigrations, type Tx } from "../server/db/index.ts";
import { hashPassword } from "../server/modules/identity/passwords.ts";
import { stores, users } from "../server/modules/identity/schema.ts";
import { DEFAULT_CADENCE_SETTINGS } from "../server/modules/leads/rules.ts";
import {
  BENCH_PASSWORD,
  BENCH_STORE_PREFIX,
  BENCH_USERS_FILE,
  type BenchUsers,
  writeBenchUsers,
} from "./lib/bench-users.ts";
import { MODEL_DRAW } from "./lib/catalogue.ts";
import { openBenchDb, redactUrl } from "./lib/db.ts";
import { generateSales, SALES_TABLES } from "./lib/sales-data.ts";
import { generateService, SERVICE_TABLES } from "./lib/service-data.ts";

const STORES = 5;
const CONSULTANTS_PER_STORE = 12;
const SERVICE_ADVISORS_PER_STORE = 4;
const LEADS_PER_STORE = 42_000;
const HISTORY_DAYS = 3 * 365;

function parseArgs(argv: string[]): { scale: number; reset: boolean } {
  const i = argv.indexOf("--scale");
  const scale = i >= 0 ? Number(argv[i + 1]) : 1;
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error("--scale takes a positive number, e.g. --scale 10");
  return { scale, reset: argv.includes("--reset") };
}

async function benchStoreIds(db: Db): Promise<number[]> {
  const r = await db.execute<{ id: string }>(
    sql`SELECT id FROM stores WHERE name LIKE ${`${BENCH_STORE_PREFIX}%`} ORDER BY id`,
  );
  return r.rows.map((x) => Number(x.id));
}

/**
 * Drops the bench stores with everything in them. Follow-ups, events and the audit log are append-only
 * (a trigger refuses DELETE); `session_replication_role = replica` switches ordinary triggers off for
 * this transaction only, which needs a superuser — the embedded server's own account is one.
 */
async function dropBenchStores(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const started = Date.now();
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    // Every store-scoped table, including ones added by modules written after this script.
    const tables = await tx.execute<{ table_name: string }>(sql`
      SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND c.column_name = 'store_id' AND t.table_type = 'BASE TABLE'
        AND c.table_name NOT IN ('users')`);
    for (const { table_name } of tables.rows) {
      await tx.execute(
        sql`DELETE FROM ${sql.identifier(table_name)} WHERE store_id = ANY(${sql.param(ids)}::bigint[])`,
      );
    }
    // Cascades are triggers too, so the sessions of the bench users go explicitly.
    await tx.execute(
      sql`DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE store_id = ANY(${sql.param(ids)}::bigint[]))`,
    );
    await tx.execute(sql`DELETE FROM login_throttle WHERE key LIKE 'u:bench%'`);
    await tx.execute(sql`DELETE FROM users WHERE store_id = ANY(${sql.param(ids)}::bigint[])`);
    await tx.execute(sql`DELETE FROM stores WHERE id = ANY(${sql.param(ids)}::bigint[])`);
  });
  console.log(`Dropped ${ids.length} bench stores in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

async function createStoresAndUsers(tx: Tx, now: Date): Promise<BenchUsers> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const s = DEFAULT_CADENCE_SETTINGS;
  const out: BenchUsers = { password: BENCH_PASSWORD, generatedAt: now.toISOString(), stores: [] };
  for (let i = 1; i <= STORES; i++) {
    const [store] = await tx
      .insert(stores)
      .values({
        name: `${BENCH_STORE_PREFIX}${i}`,
        timeZone: s.timeZone,
        businessDayEnd: s.businessDayEnd,
        cadence: s.cadence,
        validityDays: s.validityDays,
        escalateAfterDays: s.escalateAfterDays,
        createdAt: new Date(now.getTime() - (HISTORY_DAYS + 30) * 86_400_000),
      })
      .returning();
    const people = [
      { username: `bench${i}_gm`, displayName: `总经理${i}`, role: "gm" },
      { username: `bench${i}_manager`, displayName: `销售经理${i}`, role: "sales_manager" },
      { username: `bench${i}_reception`, displayName: `前台${i}`, role: "reception" },
      { username: `bench${i}_cs`, displayName: `客服${i}`, role: "customer_service" },
      ...Array.from({ length: SERVICE_ADVISORS_PER_STORE }, (_, k) => ({
        username: `bench${i}_sa${k + 1}`,
        displayName: `服务顾问${i}-${k + 1}`,
        role: "service_advisor",
      })),
      ...Array.from({ length: CONSULTANTS_PER_STORE }, (_, k) => ({
        username: `bench${i}_c${String(k + 1).padStart(2, "0")}`,
        displayName: `顾问${i}-${k + 1}`,
        role: "consultant",
      })),
    ];
    const rows = await tx
      .insert(users)
      .values(people.map((p) => ({ ...p, storeId: store!.id, passwordHash })))
      .returning({ id: users.id, username: users.username, role: users.role });
    const one = (role: string) => {
      const u = rows.find((r) => r.role === role)!;
      return { id: u.id, username: u.username };
    };
    out.stores.push({
      id: store!.id,
      name: store!.name,
      manager: one("sales_manager"),
      reception: one("reception"),
      customerService: one("customer_service"),
      consultants: rows
        .filter((r) => r.role === "consultant")
        .map((r) => ({ id: r.id, username: r.username })),
      serviceAdvisors: rows
        .filter((r) => r.role === "service_advisor")
        .map((r) => ({ id: r.id, username: r.username })),
    });
  }
  return out;
}

/** Three rivals per model, flattened: model i (1-based) has its rivals at (i-1)*3+1 … (i-1)*3+3. */
const RIVAL_GRID = MODELS.flatMap((m) => [0, 1, 2].map((k) => m.rivals[k % m.rivals.length]!));

/** Runs one generating statement and prints its row count and time. */
function runner(tx: Tx) {
  return async (label: string, q: SQL): Promise<void> => {
    const t = Date.now();
    const r = await tx.execute(q);
    console.log(
      `  ${label.padEnd(22)} ${String(r.rowCount ?? "").padStart(9)} rows  ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
  };
}

async function generateLeads(tx: Tx, storeIds: number[], perStore: number, now: Date): Promise<void> {
  const run = runner(tx);
  await run(
    "staff",
    sql`CREATE TEMP TABLE bench_staff ON COMMIT DROP AS
        SELECT store_id,
          (array_agg(id ORDER BY id) FILTER (WHERE role = 'consultant')) AS consultants,
          min(id) FILTER (WHERE role = 'sales_manager') AS manager,
          min(id) FILTER (WHERE role = 'reception') AS reception,
          min(id) FILTER (WHERE role = 'customer_service') AS cs
        FROM users WHERE store_id = ANY(${sql.param(storeIds)}::bigint[]) GROUP BY store_id`,
  );
  // One row per lead with every random draw it needs, so later statements agree with each other.
  await run(
    "draw",
    sql`CREATE TEMP TABLE bench_draw ON COMMIT DROP AS
        SELECT st.id AS store_id, st.time_zone AS tz, st.business_day_end::time AS day_end,
          st.cadence, st.validity_days, st.escalate_after_days, g AS n,
          nextval(pg_get_serial_sequence('leads', 'id')) AS lead_id,
          nextval(pg_get_serial_sequence('customers', 'id')) AS customer_id,
          random() AS r_age, random() AS r_state, random() AS r_level, random() AS r_flag, random() AS r_gap,
          random() AS r_since, random() AS r_fu, random() AS r_src, random() AS r_model, random() AS r_misc,
          random() AS r_sale, random() AS r_sale2, random() AS r_sale3
        FROM stores st CROSS JOIN generate_series(1, ${perStore}::int) g
        WHERE st.id = ANY(${sql.param(storeIds)}::bigint[])`,
  );
  // Lifecycle by age: recent leads are mostly still being followed; old ones were lost or bought. 9 % end
  // with a delivered car (D, ≈ 3,700 deliveries per store in 3 years, 3–4 a day), 0.5 % with a cancelled
  // order (T: closed by the manager, or waiting for the decision when recent); open orders (O, ≈ 70 per
  // store) are 2 % of the last 45 days' leads and the buyers whose delivery is still ahead. Sales outcomes
  // need a lead of at least two days.
  await run(
    "shape",
    sql`CREATE TEMP TABLE bench_lead ON COMMIT DROP AS
        WITH a0 AS (
          SELECT d.*, ${now}::timestamptz - r_age * ${HISTORY_DAYS} * interval '1 day' AS created_at,
            r_age * ${HISTORY_DAYS} AS age,
            CASE WHEN r_age * ${HISTORY_DAYS} <= 90 THEN
                   CASE WHEN r_state < 0.73 THEN 'active'
                        WHEN r_state < 0.75 THEN CASE WHEN r_age * ${HISTORY_DAYS} <= 45 THEN 'ordered' ELSE 'won' END
                        WHEN r_state < 0.905 THEN 'defeated' WHEN r_state < 0.91 THEN 'cancelled' ELSE 'won' END
                 WHEN r_age * ${HISTORY_DAYS} <= 365 THEN
                   CASE WHEN r_state < 0.06 THEN 'active' WHEN r_state < 0.905 THEN 'defeated'
                        WHEN r_state < 0.91 THEN 'cancelled' ELSE 'won' END
                 ELSE CASE WHEN r_state < 0.015 THEN 'active' WHEN r_state < 0.905 THEN 'defeated'
                           WHEN r_state < 0.91 THEN 'cancelled' ELSE 'won' END
            END AS outcome0
          FROM bench_draw d
        ), a AS (
          SELECT a0.*,
            CASE WHEN age < 2 AND outcome0 IN ('won', 'ordered', 'cancelled') THEN 'active'
                 -- a delivery or cancellation that would fall after now has not happened yet: the car is
                 -- ordered (a share of the buyers) or the customer is still deciding
                 WHEN outcome0 IN ('won', 'cancelled')
                      AND created_at + (3 + r_gap * 50) * interval '1 day' > ${now}::timestamptz - interval '1 hour'
                   THEN CASE WHEN outcome0 = 'won' AND r_sale < 0.4 THEN 'ordered' ELSE 'active' END
                 ELSE outcome0 END AS outcome,
            -- closed leads were decided within weeks of arriving
            least(${now}::timestamptz - interval '1 hour', created_at + (3 + r_gap * 50) * interval '1 day') AS closed_at
          FROM a0
        ), a2 AS (
          -- a delivered or cancelled order was signed 1–3 weeks before the delivery or cancellation
          SELECT a.*,
            CASE outcome WHEN 'won' THEN greatest(created_at + (closed_at - created_at) * 0.3, closed_at - (1 + r_sale * 20) * interval '1 day')
                 WHEN 'cancelled' THEN greatest(created_at + (closed_at - created_at) * 0.3, closed_at - (2 + r_sale * 25) * interval '1 day')
            END AS closed_order_at
          FROM a
        ), l AS (
          SELECT a2.*, outcome IN ('active', 'ordered') AS followed,
            CASE outcome WHEN 'won' THEN 'won' WHEN 'defeated' THEN 'defeated'
                 -- a cancellation waits for the manager's decision (active, no due time), then is closed
                 WHEN 'cancelled' THEN CASE WHEN closed_at > ${now}::timestamptz - interval '14 days' THEN 'active' ELSE 'defeated' END
                 ELSE 'active' END AS state,
            CASE outcome WHEN 'won' THEN 'D' WHEN 'ordered' THEN 'O' WHEN 'cancelled' THEN 'T'
                 ELSE CASE WHEN outcome = 'active' AND age < 1.5 THEN 'N'
                           WHEN r_level < 0.36 THEN 'C' WHEN r_level < 0.68 THEN 'B' WHEN r_level < 0.89 THEN 'A' ELSE 'H' END
            END AS level
          FROM a2
        ), c AS (
          SELECT l.*,
            coalesce((cadence -> (CASE WHEN level IN ('D', 'T') THEN 'H' ELSE level END) ->> 'maxDays')::int, 0) AS max_days,
            coalesce((cadence -> (CASE WHEN level IN ('D', 'T') THEN 'H' ELSE level END) ->> 'planDays')::int, 0) AS plan_days,
            coalesce((validity_days ->> (CASE WHEN level IN ('D', 'T') THEN 'H' ELSE level END))::int, 0) AS validity
          FROM l
        ), r AS (
          SELECT c.*,
            -- signing the order and handing over the car are effective contacts (rules.salesLevelChange)
            CASE WHEN level = 'N' THEN NULL
                 WHEN outcome = 'won' THEN closed_at
                 WHEN outcome = 'cancelled' THEN greatest(closed_order_at, closed_at - r_since * 2 * interval '1 day')
                 WHEN NOT followed THEN greatest(created_at + interval '30 minutes', closed_at - r_since * 2 * interval '1 day')
                 -- followed: mostly within the cadence, ~12 % past due, 2 % far past it (escalated)
                 ELSE least(${now}::timestamptz - interval '5 minutes', greatest(created_at + interval '30 minutes',
                   ${now}::timestamptz - (CASE WHEN r_flag < 0.02 THEN max_days + 3 + r_gap * 17
                                               ELSE r_gap * max_days * 1.15 END) * interval '1 day'))
            END AS last_reached_at
          FROM c
        ), o AS (
          -- an open order was signed between arrival and the last contact
          SELECT r.*, CASE WHEN outcome = 'ordered' THEN created_at + (last_reached_at - created_at) * (0.3 + 0.6 * r_sale)
                           ELSE closed_order_at END AS ordered_at
          FROM r
        )
        SELECT o.*,
          -- rules.dueAt: the end of the business day, maxDays after the last effective contact, in the
          -- store's zone; the N rule: before noon → the same day's end, after → noon the next day.
          CASE WHEN NOT followed THEN NULL
               WHEN level = 'N' THEN
                 CASE WHEN extract(hour FROM created_at AT TIME ZONE tz) < 12
                      THEN ((created_at AT TIME ZONE tz)::date + day_end) AT TIME ZONE tz
                      ELSE ((created_at AT TIME ZONE tz)::date + 1 + time '12:00') AT TIME ZONE tz END
               ELSE ((last_reached_at AT TIME ZONE tz)::date + max_days + day_end) AT TIME ZONE tz
          END AS due_at,
          CASE WHEN followed AND level <> 'N'
               THEN ((last_reached_at AT TIME ZONE tz)::date + plan_days + time '10:00') AT TIME ZONE tz END AS next_contact_at,
          CASE WHEN level = 'N' THEN created_at
               WHEN level = 'O' THEN ordered_at
               WHEN level IN ('D', 'T') THEN closed_at
               WHEN state = 'active' THEN greatest(created_at, last_reached_at - r_since ^ 3 * validity * 1.3 * interval '1 day')
               ELSE greatest(created_at, closed_at - r_since * 10 * interval '1 day') END AS level_since,
          s.consultants[1 + n % ${CONSULTANTS_PER_STORE}] AS consultant_id, s.manager, s.reception, s.cs,
          outcome = 'active' AND level <> 'N' AND r_flag BETWEEN 0.02 AND 0.03 AS in_pool,
          CASE WHEN r_misc < 0.40 THEN 'competitor' WHEN r_misc < 0.55 THEN 'price' WHEN r_misc < 0.67 THEN 'budget'
               WHEN r_misc < 0.85 THEN 'postponed' WHEN r_misc < 0.93 THEN 'unreachable' ELSE 'other' END AS defeat_reason,
          CASE WHEN level = 'N' THEN 0
               WHEN followed THEN least(30, 1 + floor(extract(epoch FROM last_reached_at - created_at) / 86400 / greatest(plan_days, 1) * 0.8))::int
               ELSE 2 + floor(r_fu * 9)::int END AS fu_count,
          (${sql.param(MOBILE_PREFIXES)}::text[])[1 + n % ${MOBILE_PREFIXES.length}]
            || lpad(((n::bigint * 2654435761 + store_id * 7919) % 100000000)::text, 8, '0') AS phone,
          (${sql.param(SURNAMES)}::text[])[1 + floor(random() ^ 2.2 * ${SURNAMES.length})::int]
            || (${sql.param(GIVEN)}::text[])[1 + floor(random() * ${GIVEN.length})::int]
            || CASE WHEN random() < 0.6 THEN (${sql.param(GIVEN)}::text[])[1 + floor(random() * ${GIVEN.length})::int] ELSE '' END AS name,
          (${sql.param(MODEL_DRAW)}::int[])[1 + floor(r_model * ${MODEL_DRAW.length})::int] AS model_no,
          CASE WHEN r_src < 0.34 THEN 'walk_in' WHEN r_src < 0.64 THEN 'online' WHEN r_src < 0.79 THEN 'phone'
               WHEN r_src < 0.87 THEN 'referral' WHEN r_src < 0.96 THEN 'event' ELSE 'key_account' END AS source
        FROM o JOIN bench_staff s USING (store_id)`,
  );
  await run(
    "customers",
    sql`INSERT INTO customers (store_id, id, kind, name, phone, gender, created_at, updated_at)
        SELECT store_id, customer_id, 'person', name, phone, CASE WHEN r_misc < 0.62 THEN 'male' ELSE 'female' END,
          created_at, created_at
        FROM bench_lead`,
  );
  const names = MODELS.map((m) => m.name);
  const lo = MODELS.map((m) => m.price[0]);
  const hi = MODELS.map((m) => m.price[1]);
  const rank = sql`(CASE l.level WHEN 'N' THEN 0 WHEN 'C' THEN 1 WHEN 'B' THEN 2 ELSE 3 END)`;
  await run(
    "leads",
    sql`INSERT INTO leads (store_id, id, customer_id, name, phone, source, referrer_customer_id, intended_model,
          budget_fen, payment_method, colour, expected_purchase_date, focus_points, competitor_models, level, level_since,
          state, owner_id, in_pool, due_at, next_contact_at, last_reached_at, created_at, updated_at)
        SELECT l.store_id, l.lead_id, l.customer_id, l.name, l.phone, l.source,
          CASE WHEN l.source = 'referral' THEN ref.customer_id END,
          (${sql.param(names)}::text[])[l.model_no],
          CASE WHEN ${rank} >= 2 OR l.r_misc < 0.4 THEN
            (round(((${sql.param(lo)}::numeric[])[l.model_no] + l.r_misc * ((${sql.param(hi)}::numeric[])[l.model_no] - (${sql.param(lo)}::numeric[])[l.model_no])) * 2) * 500000)::bigint END,
          CASE WHEN ${rank} >= 3 THEN (ARRAY['cash','loan','loan','cash','lease'])[1 + floor(l.r_fu * 5)::int] END,
          CASE WHEN ${rank} >= 3 THEN (${sql.param(COLOURS)}::text[])[1 + floor(l.r_misc * ${COLOURS.length})::int] END,
          CASE WHEN ${rank} >= 1 THEN (l.level_since AT TIME ZONE l.tz)::date + l.validity END,
          CASE WHEN ${rank} >= 1 THEN (${sql.param(FOCUS)}::text[])[1 + floor(random() * ${FOCUS.length})::int] END,
          CASE WHEN ${rank} >= 2 THEN (${sql.param(RIVAL_GRID)}::text[])[(l.model_no - 1) * 3 + 1 + floor(random() * 3)::int] END,
          l.level, l.level_since, l.state,
          CASE WHEN l.in_pool THEN NULL ELSE l.consultant_id END, l.in_pool,
          l.due_at, l.next_contact_at, l.last_reached_at, l.created_at,
          coalesce(l.last_reached_at, l.created_at)
        FROM bench_lead l
        LEFT JOIN bench_lead ref ON ref.store_id = l.store_id AND ref.n = greatest(1, l.n - 1 - l.n % 50)`,
  );
  // When an escalated lead was put back into the pool (公海) by the manager.
  const poolAt = sql`least(${now}::timestamptz - interval '1 hour', l.due_at + (l.escalate_after_days + 1) * interval '1 day')`;
  await run(
    "lead_owners",
    sql`INSERT INTO lead_owners (store_id, lead_id, owner_id, from_at, to_at, reason, actor_id)
        SELECT store_id, lead_id, consultant_id, created_at, CASE WHEN in_pool THEN ${poolAt} END,
          CASE WHEN source IN ('walk_in', 'key_account') THEN 'created' ELSE 'round_robin' END,
          CASE WHEN source IN ('walk_in', 'key_account') THEN consultant_id ELSE reception END
        FROM bench_lead l
        UNION ALL
        SELECT store_id, lead_id, NULL, ${poolAt}, NULL, 'released', manager FROM bench_lead l WHERE in_pool`,
  );
  // The history: fu_count contacts evenly spread from arrival to the last effective one, which is reached.
  await run(
    "follow_ups",
    sql`INSERT INTO follow_ups (store_id, lead_id, occurred_at, channel, reached, content, level_before, level_after,
          next_contact_at, actor_id, created_at)
        SELECT store_id, lead_id, at, CASE WHEN reached THEN (ARRAY['phone','phone','wechat','visit','phone','sms'])[1 + floor(random() * 6)::int]
               ELSE (ARRAY['phone','phone','phone','wechat','sms'])[1 + floor(random() * 5)::int] END,
          reached,
          CASE WHEN reached THEN (ARRAY['客户在比较几款车型，已发送报价。','客户关心油耗和保值率，约周末到店。',
            '客户已试驾，对动力满意，在谈金融方案。','客户计划下个月购车，先加微信发资料。'])[1 + floor(random() * 4)::int]
            ELSE (ARRAY['电话无人接听，稍后再联系。','客户挂断，已发短信说明来意。','电话关机，明天再打。'])[1 + floor(random() * 3)::int] END,
          CASE WHEN k = 1 THEN 'N' ELSE fu_level END, fu_level,
          CASE WHEN k = fu_count THEN next_contact_at END, consultant_id, at
        FROM (
          SELECT f0.*,
            -- the level the sales process gave: O from the order on; H (decided) before it
            CASE WHEN level IN ('O', 'D', 'T') AND k > 1 AND at >= ordered_at THEN 'O'
                 WHEN level IN ('O', 'D', 'T') THEN 'H' ELSE level END AS fu_level
          FROM (
            SELECT l.*, k, l.created_at + (l.last_reached_at - l.created_at) * (k::float8 / l.fu_count) AS at,
              k = l.fu_count OR random() < 0.7 AS reached
            FROM bench_lead l CROSS JOIN LATERAL generate_series(1, l.fu_count) k
          ) f0
        ) f`,
  );
  await run(
    "lead_events",
    sql`INSERT INTO lead_events (store_id, lead_id, kind, at, actor_id, data)
        SELECT store_id, lead_id, 'created', created_at, reception,
          jsonb_build_object('source', source, 'via', 'api', 'level', 'N', 'ownerId', consultant_id) FROM bench_lead
        UNION ALL
        SELECT store_id, lead_id, 'level_changed', created_at + (last_reached_at - created_at) / fu_count, consultant_id,
          jsonb_build_object('from', 'N', 'to', CASE WHEN level IN ('O', 'D', 'T') THEN 'H' ELSE level END) FROM bench_lead WHERE fu_count > 0
        UNION ALL
        SELECT store_id, lead_id, 'defeat_requested', closed_at, consultant_id, jsonb_build_object('reason', defeat_reason)
        FROM bench_lead WHERE outcome = 'defeated'
        UNION ALL
        SELECT store_id, lead_id, 'defeat_approved', least(${now}::timestamptz, closed_at + interval '4 hours'), manager, '{}'::jsonb
        FROM bench_lead WHERE outcome = 'defeated'
        UNION ALL
        SELECT store_id, lead_id, 'released', ${poolAt}, manager, jsonb_build_object('from', consultant_id)
        FROM bench_lead l WHERE in_pool`,
  );
  await run(
    "defeat_requests",
    sql`INSERT INTO defeat_requests (store_id, lead_id, reason, competitor, note, status, requested_by, requested_at,
          decided_by, decided_at)
        SELECT store_id, lead_id, defeat_reason,
          CASE WHEN defeat_reason = 'competitor' THEN (${sql.param(RIVAL_GRID)}::text[])[(model_no - 1) * 3 + 1 + floor(random() * 3)::int] END,
          '压测数据', 'approved', consultant_id, closed_at, manager, least(${now}::timestamptz, closed_at + interval '4 hours')
        FROM bench_lead WHERE outcome = 'defeated'`,
  );
  // Appointments of warm leads over today and the next four days.
  await run(
    "lead_appointments",
    sql`INSERT INTO lead_appointments (store_id, lead_id, kind, at, remind_at, created_at)
        SELECT store_id, lead_id, kind, at, at - interval '1 hour', last_reached_at
        FROM (SELECT l.*, CASE WHEN r_misc < 0.5 THEN 'test_drive' ELSE 'visit' END AS kind,
                ((${now}::timestamptz AT TIME ZONE tz)::date + floor(r_gap * 5)::int + time '10:00'
                  + floor(r_since * 14) * interval '30 minutes') AT TIME ZONE tz AS at
              FROM bench_lead l WHERE state = 'active' AND NOT in_pool AND level IN ('B','A','H') AND r_fu < 0.15) a`,
  );
}

async function counts(db: Db, storeIds: number[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [
    "customers",
    "leads",
    "follow_ups",
    "lead_owners",
    "lead_events",
    "defeat_requests",
    "lead_appointments",
    ...SALES_TABLES,
    ...SERVICE_TABLES,
  ]) {
    const r = await db.execute<{ n: string }>(
      sql`SELECT count(*) AS n FROM ${sql.identifier(t)} WHERE store_id = ANY(${sql.param(storeIds)}::bigint[])`,
    );
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

async function main(): Promise<void> {
  const { scale, reset } = parseArgs(process.argv.slice(2));
  const bench = await openBenchDb({ mayStart: true });
  console.log(`Database: ${redactUrl(bench.url)} (${bench.source})`);
  const pool = createPool(bench.url, 2);
  const db = createDb(pool);
  try {
    await runMigrations(db);
    const existing = await benchStoreIds(db);
    if (existing.length > 0 && !reset) {
      console.log(`Bench stores exist already (ids ${existing.join(", ")}):`, await counts(db, existing));
      console.log("Nothing generated; run with --reset to drop them and generate afresh.");
      return;
    }
    await dropBenchStores(db, existing);

    const started = Date.now();
    const now = new Date();
    const perStore = Math.round(LEADS_PER_STORE * scale);
    console.log(
      `Generating ${STORES} stores × ${perStore.toLocaleString("en")} leads over ${HISTORY_DAYS / 365} years…`,
    );
    // One transaction: an interrupted run leaves no half-made stores behind.
    const benchUsers = await db.transaction(async (tx) => {
      const u = await createStoresAndUsers(tx, now);
      const storeIds = u.stores.map((s) => s.id);
      await generateLeads(tx, storeIds, perStore, now);
      await generateSales(tx, { storeIds, scale, now, historyDays: HISTORY_DAYS, run: runner(tx) });
      await generateService(tx, { storeIds, scale, now, historyDays: HISTORY_DAYS, run: runner(tx) });
      return u;
    });
    const storeIds = benchUsers.stores.map((s) => s.id);
    const t = Date.now();
    // Fresh rows have no visibility map and no statistics: vacuum so that the first benchmark does not
    // pay for setting hint bits, analyze so that the planner sees the real sizes.
    await db.execute(
      sql.raw(
        `VACUUM (ANALYZE) customers, leads, follow_ups, lead_owners, lead_events, defeat_requests, lead_appointments, users, stores, ${SALES_TABLES.join(", ")}, ${SERVICE_TABLES.join(", ")}`,
      ),
    );
    console.log(
      `  ${"vacuum analyze".padEnd(22)} ${"".padStart(9)}       ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    writeBenchUsers(benchUsers);

    const c = await counts(db, storeIds);
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s:`, c);
    console.log(
      `\nBench users (password for all: ${BENCH_PASSWORD}), also in ${fileURLToPath(BENCH_USERS_FILE)}:`,
    );
    for (const s of benchUsers.stores) {
      const cs = s.consultants.map((x) => x.username);
      console.log(
        `  ${s.name} (id ${s.id}): manager ${s.manager.username}; consultants ${cs[0]} … ${cs[cs.length - 1]}; reception ${s.reception.username}; customer service ${s.customerService.username}; service advisors ${s.serviceAdvisors.map((a) => a.username).join(", ")}; also bench${s.name.slice(-1)}_gm`,
      );
    }
  } finally {
    await pool.end();
    await bench.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
