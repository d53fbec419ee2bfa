/**
 * `npm run bench`: drives a RUNNING server (BENCH_URL, default http://localhost:3000) with autocannon and,
 * beside each endpoint, the bare baseline of bench/baseline.ts sending the same SQL to the same database.
 * Writes the numbers into BENCHMARKS.md (between the bench markers) and bench/results/run-<date>.json.
 * Scenarios: the lead desk (my-day, phone search, manager's page, follow-up), the sales floor (reception
 * board, stock list and its 90+ bucket, callbacks due today, create order, deliver) and after-sales (repair
 * order board with its baseline; customer 360, open and settle a repair order without one).
 *
 *   PG_PORT=5544 DATA_DIR=/tmp/bench-data ADMIN_PASSWORD=… PORT=3200 npm start     # the server
 *   DATA_DIR=/tmp/bench-data npm run bench:data                                     # once
 *   DATA_DIR=/tmp/bench-data BENCH_URL=http://localhost:3200 npm run bench
 *
 * The database is found as the generator finds it (DATABASE_URL, else the running embedded server on
 * DATA_DIR: its port from postmaster.pid or PG_PORT, its password from DATA_DIR/pg-password).
 * Knobs: BENCH_SECONDS (10), BENCH_CONNECTIONS (20), BENCH_WARMUP (2), BASELINE_PORT (3999),
 * SERVER_PID (else found by the port with `ss`), BENCH_SECTION (another marker pair, e.g. "scale10"; a
 * section without its markers in the file is printed, not appended), BENCH_REPORT_FILE (another file than
 * BENCHMARKS.md), BENCH_ONLY (scenario keys, comma-separated), BENCH_WRITE_RATE (400, the write target: the writes that use
 * up what they act on — create order, deliver — run a fixed BENCH_SECONDS × BENCH_WRITE_RATE requests).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb } from "../server/db/index.ts";
import { readBenchUsers } from "./lib/bench-users.ts";
import { openBenchDb, redactUrl } from "./lib/db.ts";
import { type LoadResult, memoryOf, type Req, runLoad } from "./lib/load.ts";
import { listenerPid } from "./lib/procs.ts";
import { machine, markdown, type Row, TARGETS, updateSection, verdict } from "./lib/report.ts";
import { deliverableOrders, type OrderPair, prepareOrderPairs } from "./lib/sales-prep.ts";
import {
  type FreeVehicle,
  finishOpenOrders,
  freeVehicles,
  handBackSettled,
  serviceCustomers,
} from "./lib/service-prep.ts";

const BENCH_URL = (process.env.BENCH_URL ?? "http://localhost:3000").replace(/\/$/, "");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const BASELINE_PORT = Number(process.env.BASELINE_PORT ?? 3999);
const BASELINE_URL = `http://127.0.0.1:${BASELINE_PORT}`;
/** Consultants logged in per store: enough sessions to rotate, few enough to log in quickly (scrypt). */
const CONSULTANTS_PER_STORE = 2;
/** Requests per second the fixed-size write runs are sized for (create order, deliver). */
const WRITE_RATE = Number(process.env.BENCH_WRITE_RATE ?? TARGETS.writeRps);
const ONLY = process.env.BENCH_ONLY?.split(",").map((k) => k.trim());
const DOCUMENTS = {
  invoice: true,
  certificate: true,
  manual: true,
  warrantyCard: true,
  keys: true,
  insurancePolicy: true,
};
const root = new URL("../", import.meta.url);

interface Actor {
  userId: number;
  storeId: number;
  cookie: string;
  /** 7-digit prefixes of phones of the actor's own leads */
  phonePrefixes: string[];
  /** own active leads that take an unreached attempt without a level (not stale) */
  leadIds: number[];
}

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(`${BENCH_URL}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const sid = res.headers
    .getSetCookie()
    .map((c) => /^sid=([^;]+)/.exec(c)?.[1])
    .find(Boolean);
  if (!sid) throw new Error(`login ${username}: no session cookie`);
  return `sid=${sid}`;
}

function serverPid(url: string): number | undefined {
  if (process.env.SERVER_PID) return Number(process.env.SERVER_PID);
  return listenerPid(Number(new URL(url).port || 80));
}

/** PostgreSQL's postmaster when it runs on this machine (its CPU is counted per request). */
function postgresPid(databaseUrl: string): number | undefined {
  const u = new URL(databaseUrl);
  return ["127.0.0.1", "localhost", "::1"].includes(u.hostname)
    ? listenerPid(Number(u.port || 5432))
    : undefined;
}

async function waitFor(url: string, child?: ChildProcess): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (child && child.exitCode !== null)
      throw new Error(`the process for ${url} exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

/** Logged-in users that need nothing prepared (reception, customer service). */
async function loginActors(
  who: { id: number; username: string; storeId: number }[],
  password: string,
): Promise<Actor[]> {
  const out: Actor[] = [];
  for (const u of who) {
    const cookie = await login(u.username, password);
    out.push({ userId: u.id, storeId: u.storeId, cookie, phonePrefixes: [], leadIds: [] });
  }
  return out;
}

async function prepareActors(
  pool: pg.Pool,
  who: { id: number; username: string; storeId: number }[],
  password: string,
): Promise<Actor[]> {
  const out: Actor[] = [];
  for (const u of who) {
    const phones = await pool.query<{ phone: string }>(
      "SELECT phone FROM leads WHERE store_id = $1 AND owner_id = $2 ORDER BY random() LIMIT 200",
      [u.storeId, u.id],
    );
    // Unreached attempts without a level are refused on stale leads (level_required), so skip those and
    // any lead that would turn stale during the run.
    const leads = await pool.query<{ id: string }>(
      `SELECT l.id FROM leads l JOIN stores s ON s.id = l.store_id
       WHERE l.store_id = $1 AND l.owner_id = $2 AND l.state = 'active'
         AND (l.level = 'N' OR l.level_since + make_interval(days => (s.validity_days ->> l.level)::int) > now() + interval '1 hour')
       ORDER BY random() LIMIT 300`,
      [u.storeId, u.id],
    );
    out.push({
      userId: u.id,
      storeId: u.storeId,
      cookie: await login(u.username, password),
      phonePrefixes: phones.rows.map((r) => r.phone.slice(0, 7)),
      leadIds: leads.rows.map((r) => Number(r.id)),
    });
  }
  return out;
}

interface Scenario {
  key: string;
  title: string;
  kind: "read" | "write";
  actors: Actor[];
  request(a: Actor, i: number): Omit<Req, "headers">;
  /**
   * For writes that use up what they act on: a fixed number of requests per run (warm-up, measured), and
   * what must be made before the scenario runs.
   */
  amount?: { warmup: number; measured: number };
  prepare?(): Promise<void>;
  /** false: no bare-SQL twin in bench/baseline.ts (the after-sales endpoints), so ours runs alone */
  baseline?: false;
  /** after the run: put back what it left behind that would distort later runs */
  cleanup?(): Promise<void>;
}

/**
 * Hands out each actor's objects one per request, never one twice (ours and the baseline share it), so
 * every order takes its own lead and car and every delivery its own order.
 */
class Consumables<T> {
  private readonly items = new Map<number, T[]>();
  private readonly next = new Map<number, number>();
  set(userId: number, items: T[]): void {
    this.items.set(userId, items);
    this.next.set(userId, 0);
  }
  add(userId: number, items: T[]): void {
    this.items.set(userId, [...(this.items.get(userId) ?? []), ...items]);
    this.next.set(userId, this.next.get(userId) ?? 0);
  }
  /** the next unused object; past the end it starts again, and the requests fail visibly (409) */
  take(userId: number): T {
    const list = this.items.get(userId) ?? [];
    const i = this.next.get(userId) ?? 0;
    this.next.set(userId, i + 1);
    if (list.length === 0) throw new Error(`nothing prepared for user ${userId}`);
    return list[i % list.length]!;
  }
  left(userId: number): number {
    return (this.items.get(userId)?.length ?? 0) - (this.next.get(userId) ?? 0);
  }
  /** the unused ones, taken off the list */
  rest(userId: number): T[] {
    const list = this.items.get(userId) ?? [];
    const out = list.slice(this.next.get(userId) ?? 0);
    this.next.set(userId, list.length);
    return out;
  }
}

/** Rotates actors request by request; `ours` authenticates by cookie, the baseline by a plain header. */
function generator(s: Scenario, target: "ours" | "baseline"): () => Req {
  let i = 0;
  return () => {
    const n = i++;
    const a = s.actors[n % s.actors.length]!;
    const r = s.request(a, Math.floor(n / s.actors.length));
    const auth: Record<string, string> =
      target === "ours" ? { cookie: a.cookie } : { "x-bench-actor": `${a.userId}:${a.storeId}` };
    return { ...r, headers: { ...auth, ...(r.body ? { "content-type": "application/json" } : {}) } };
  };
}

async function dataCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const r = await pool.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM follow_ups) AS "follow-ups",
            (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM stock_vehicles) AS "stock cars",
            (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM traffic_visits) AS visits,
            (SELECT count(*) FROM care_tasks) AS "care tasks", (SELECT count(*) FROM repair_orders) AS "repair orders",
            (SELECT count(*) FROM complaints) AS complaints, (SELECT count(*) FROM stores) AS stores`,
  );
  return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)]));
}

function line(label: string, r: LoadResult): string {
  const f = (x: number) => x.toFixed(1).padStart(7);
  const cpu = (x: number | null) => (x === null ? "?" : x.toFixed(2));
  return `  ${label.padEnd(9)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${f(r.p50)}  p95 ${f(r.p95)}  p99 ${f(r.p99)} ms  errors ${r.errors + r.non2xx}${r.firstBadStatus ? ` (HTTP ${r.firstBadStatus})` : ""}  CPU/req: node ${cpu(r.serverCpuMs)} ms, pg ${cpu(r.postgresCpuMs)} ms, autocannon ${cpu(r.loadGeneratorCpuMs)} ms  load ${r.loadAverage}`;
}

async function main(): Promise<void> {
  const users = readBenchUsers();
  const bench = await openBenchDb({ mayStart: false });
  const pool = new pg.Pool({ connectionString: bench.url, max: 2 });
  await waitFor(`${BENCH_URL}/api/v1/health`);
  const pid = serverPid(BENCH_URL);
  const pgPid = postgresPid(bench.url);
  console.log(
    `Server ${BENCH_URL} (pid ${pid ?? "unknown — set SERVER_PID for memory"}), database ${redactUrl(bench.url)} (${bench.source})`,
  );

  const consultants = users.stores.flatMap((s) =>
    s.consultants.slice(0, CONSULTANTS_PER_STORE).map((c) => ({ ...c, storeId: s.id })),
  );
  const managers = users.stores.map((s) => ({ ...s.manager, storeId: s.id }));
  // Orders are placed and delivered by the last two consultants of each store, so that the lead
  // scenarios' consultants keep the books the generator made.
  const sellers = users.stores.flatMap((s) =>
    s.consultants.slice(-CONSULTANTS_PER_STORE).map((c) => ({ ...c, storeId: s.id })),
  );
  const at = (role: "reception" | "customerService") =>
    users.stores.map((s) => ({ ...s[role], storeId: s.id }));
  console.log(
    `Logging in ${consultants.length + sellers.length} consultants, ${managers.length} sales managers, ${managers.length} receptionists and ${managers.length} customer service agents…`,
  );
  const cons = await prepareActors(pool, consultants, users.password);
  const mgrs = await prepareActors(pool, managers, users.password);
  const sell = await loginActors(sellers, users.password);
  const reception = await loginActors(at("reception"), users.password);
  const service = await loginActors(at("customerService"), users.password);
  const advisors = await loginActors(
    users.stores.flatMap((s) => s.serviceAdvisors.map((a) => ({ ...a, storeId: s.id }))),
    users.password,
  );
  const db = createDb(pool);

  const baseline = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./baseline.ts", import.meta.url))],
    {
      env: { ...process.env, DATABASE_URL: bench.url, BASELINE_PORT: String(BASELINE_PORT) },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const baselineDone = new Promise((r) => baseline.once("exit", r));
  try {
    await waitFor(`${BASELINE_URL}/health`, baseline);
    const content = "压测：电话未接通，稍后再联系。";
    const amount = {
      warmup: Math.round(WARMUP * WRITE_RATE),
      measured: Math.max(1, Math.round(SECONDS * WRITE_RATE)),
    };
    // per side: warm-up, measured run and the one checking request; autocannon may build a request per
    // connection that it never sends
    const perSeller = Math.ceil((2 * (amount.warmup + amount.measured + 1 + CONNECTIONS)) / sell.length) + 5;
    const perAdvisor = Math.ceil((amount.warmup + amount.measured + 1 + CONNECTIONS) / advisors.length) + 5;
    const freeCars = new Consumables<FreeVehicle>();
    const doneOrders = new Consumables<number>();
    const customers360 = new Consumables<number>();
    const pairs = new Consumables<OrderPair>();
    const openOrders = new Consumables<number>();
    const all: Scenario[] = [
      {
        key: "my-day",
        title: "consultant's day `GET /my-day`",
        kind: "read",
        actors: cons,
        request: () => ({ method: "GET", path: "/api/v1/my-day" }),
      },
      {
        key: "search",
        title: "phone search `GET /leads?q=<7 digits>`",
        kind: "read",
        actors: cons,
        request: (a, i) => ({
          method: "GET",
          path: `/api/v1/leads?q=${a.phonePrefixes[i % a.phonePrefixes.length]}`,
        }),
      },
      {
        key: "filtered",
        title: "manager's page `GET /leads?level=A,B&overdue=true`",
        kind: "read",
        actors: mgrs,
        request: () => ({ method: "GET", path: "/api/v1/leads?level=A,B&overdue=true&page=1&pageSize=20" }),
      },
      {
        key: "follow-up",
        title: "record a follow-up `POST /leads/:id/follow-ups`",
        kind: "write",
        actors: cons,
        request: (a, i) => ({
          method: "POST",
          path: `/api/v1/leads/${a.leadIds[i % a.leadIds.length]}/follow-ups`,
          body: JSON.stringify({ channel: "phone", reached: false, content }),
        }),
      },
      {
        key: "board",
        title: "reception board `GET /traffic/board`",
        kind: "read",
        actors: reception,
        request: () => ({ method: "GET", path: "/api/v1/traffic/board" }),
      },
      {
        key: "stock",
        title: "stock list with aging `GET /vehicles`",
        kind: "read",
        actors: mgrs,
        request: () => ({ method: "GET", path: "/api/v1/vehicles?page=1&pageSize=20" }),
      },
      {
        key: "stock-aged",
        title: "stock over 90 days `GET /vehicles?ageBucket=90+`",
        kind: "read",
        actors: mgrs,
        request: () => ({ method: "GET", path: "/api/v1/vehicles?ageBucket=90%2B&page=1&pageSize=20" }),
      },
      {
        key: "care",
        title: "callbacks due today `GET /care-tasks?due=today`",
        kind: "read",
        actors: service,
        request: () => ({ method: "GET", path: "/api/v1/care-tasks?due=today" }),
      },
      {
        key: "order",
        title: "create an order `POST /orders`",
        kind: "write",
        actors: sell,
        amount,
        async prepare() {
          const t = Date.now();
          const made = await prepareOrderPairs(db, sell, perSeller);
          for (const [userId, list] of made) pairs.set(userId, list);
          console.log(
            `  prepared ${perSeller} leads and stock cars for each of ${sell.length} consultants in ${((Date.now() - t) / 1000).toFixed(1)} s`,
          );
        },
        request: (a, i) => {
          const p = pairs.take(a.userId);
          return {
            method: "POST",
            path: "/api/v1/orders",
            body: JSON.stringify({
              leadId: p.leadId,
              vehicleId: p.vehicleId,
              priceFen: p.priceFen,
              depositFen: 500_000 + (i % 16) * 100_000,
              depositMethod: i % 2 ? "wechat" : "alipay",
            }),
          };
        },
      },
      {
        key: "deliver",
        title: "deliver an order `POST /orders/:id/deliver`",
        kind: "write",
        actors: sell,
        amount,
        async prepare() {
          // the orders just created, and any other open order of these consultants with an arrived car
          const open = await deliverableOrders(db, sell);
          const missing = (userId: number) => Math.max(0, perSeller - (open.get(userId)?.length ?? 0));
          // short of orders (the order scenario did not run, or failed): make them through the API, on
          // the leads and cars left over from the order run or on new ones
          const lacking = sell.filter((a) => pairs.left(a.userId) < missing(a.userId));
          if (lacking.length) {
            const made = await prepareOrderPairs(
              db,
              lacking,
              Math.max(...lacking.map((a) => missing(a.userId))),
            );
            for (const [userId, list] of made) pairs.add(userId, list);
          }
          let topUp = 0;
          // one consultant after the other each, all of them at once
          await Promise.all(
            sell.map(async (a) => {
              const mine = open.get(a.userId) ?? [];
              for (const p of pairs.rest(a.userId).slice(0, missing(a.userId))) {
                const res = await fetch(`${BENCH_URL}/api/v1/orders`, {
                  method: "POST",
                  headers: { cookie: a.cookie, "content-type": "application/json" },
                  body: JSON.stringify({
                    leadId: p.leadId,
                    vehicleId: p.vehicleId,
                    priceFen: p.priceFen,
                    depositFen: 500_000,
                  }),
                });
                if (res.status !== 201)
                  throw new Error(`preparing an open order: HTTP ${res.status} ${await res.text()}`);
                mine.push(((await res.json()) as { id: number }).id);
                topUp++;
              }
              openOrders.set(a.userId, mine);
            }),
          );
          const short = sell.filter((a) => openOrders.left(a.userId) < perSeller - 5).length;
          console.log(
            `  ${sell.reduce((n, a) => n + openOrders.left(a.userId), 0)} open orders to deliver (${topUp} made for it)${short ? `; ${short} consultants have fewer than the run needs` : ""}`,
          );
        },
        request: (a) => ({
          method: "POST",
          path: `/api/v1/orders/${openOrders.take(a.userId)}/deliver`,
          body: JSON.stringify({ pdiDone: true, documents: DOCUMENTS }),
        }),
      },
      {
        key: "ro-board",
        title: "repair order board `GET /repair-orders/board`",
        kind: "read",
        actors: advisors,
        request: () => ({ method: "GET", path: "/api/v1/repair-orders/board" }),
      },
      {
        key: "customer-360",
        title: "customer 360 `GET /customers/:id/360`",
        kind: "read",
        baseline: false,
        actors: service,
        async prepare() {
          for (const [userId, list] of await serviceCustomers(db, service, 500))
            customers360.set(userId, list);
        },
        request: (a) => ({ method: "GET", path: `/api/v1/customers/${customers360.take(a.userId)}/360` }),
      },
      {
        key: "ro-open",
        title: "open a repair order `POST /repair-orders`",
        kind: "write",
        baseline: false,
        actors: advisors,
        amount,
        async prepare() {
          for (const [userId, list] of await freeVehicles(db, advisors, perAdvisor))
            freeCars.set(userId, list);
        },
        request: (a, i) => {
          const v = freeCars.take(a.userId);
          return {
            method: "POST",
            path: "/api/v1/repair-orders",
            body: JSON.stringify({
              vehicleId: v.vehicleId,
              mileageIn: v.mileageKm + 500 + (i % 100),
              complaint: "常规保养",
              workType: "maintenance",
            }),
          };
        },
      },
      {
        key: "ro-settle",
        title: "settle a repair order `POST /repair-orders/:id/settle`",
        kind: "write",
        baseline: false,
        actors: advisors,
        amount,
        async prepare() {
          const made = await finishOpenOrders(db, advisors);
          for (const [userId, list] of made) doneOrders.set(userId, list);
          const n = [...made.values()].reduce((k, l) => k + l.length, 0);
          console.log(
            `  ${n} done repair orders to settle (the ones the open scenario made, finished in SQL)`,
          );
        },
        request: (a) => ({
          method: "POST",
          path: `/api/v1/repair-orders/${doneOrders.take(a.userId)}/settle`,
          body: JSON.stringify({}),
        }),
        async cleanup() {
          console.log(`  ${await handBackSettled(db, advisors)} settled repair orders handed back (in SQL)`);
        },
      },
    ];
    const scenarios = all.filter((s) => !ONLY || ONLY.includes(s.key));

    /** One request of each kind first: a benchmark of error pages would be worthless. */
    const check = async (s: Scenario) => {
      for (const [target, base] of [
        ["ours", BENCH_URL],
        ["baseline", BASELINE_URL],
      ] as const) {
        if (target === "baseline" && s.baseline === false) continue;
        const r = generator(s, target)();
        const res = await fetch(base + r.path, { method: r.method, headers: r.headers, body: r.body });
        const body = await res.text();
        if (res.status >= 300)
          throw new Error(`${target} ${s.key}: HTTP ${res.status} ${body.slice(0, 300)}`);
        if ((s.key === "search" || s.key === "care") && !body.includes('"id"'))
          console.warn(
            `  warning: ${target} ${s.key} found nothing${s.key === "care" ? " (callbacks fall due at the end of the store's business day: after it, none is due today)" : ""}`,
          );
      }
    };
    // The reads are checked before anything runs; a write that needs preparing, after its preparation.
    for (const s of scenarios) if (!s.prepare) await check(s);

    const rows: Row[] = [];
    let peakDuring = 0;
    for (const s of scenarios) {
      console.log(`\n${s.title}`);
      if (s.prepare) {
        await s.prepare();
        await check(s);
      }
      const results: Partial<Record<"ours" | "baseline", LoadResult>> = {};
      for (const [target, url, p] of [
        ["ours", BENCH_URL, pid],
        ["baseline", BASELINE_URL, baseline.pid],
      ] as const) {
        if (target === "baseline" && s.baseline === false) continue;
        if (WARMUP > 0 && (!s.amount || s.amount.warmup > 0))
          await runLoad({
            url,
            connections: CONNECTIONS,
            seconds: WARMUP,
            amount: s.amount?.warmup,
            next: generator(s, target),
          });
        const r = await runLoad({
          url,
          connections: CONNECTIONS,
          seconds: SECONDS,
          amount: s.amount?.measured,
          next: generator(s, target),
          pid: p,
          postgresPid: pgPid,
        });
        results[target] = r;
        console.log(line(target, r));
      }
      await s.cleanup?.();
      peakDuring = Math.max(peakDuring, results.ours!.peakRssMb ?? 0);
      const row: Row = {
        key: s.key,
        title: s.title,
        kind: s.kind,
        ours: results.ours!,
        baseline: results.baseline,
      };
      rows.push(row);
      if (row.baseline) console.log(`  median ÷ baseline ${(row.ours.p50 / row.baseline.p50).toFixed(2)}×`);
      console.log(verdict(row));
    }

    const version = (await pool.query<{ server_version: string }>("SHOW server_version")).rows[0]!
      .server_version;
    const m = machine(version);
    const data = await dataCounts(pool);
    const mem = memoryOf(pid);
    const baselineMem = memoryOf(baseline.pid);
    const date = new Date().toISOString();
    const md = markdown({
      date: `${date.slice(0, 16).replace("T", " ")} UTC`,
      m,
      data,
      connections: CONNECTIONS,
      seconds: SECONDS,
      rows,
      rss: {
        peakDuringMb: pid ? peakDuring : null,
        hwmMb: mem?.peakMb ?? null,
        baselinePeakMb: baselineMem?.peakMb ?? null,
      },
      notes: scenarios.some((s) => s.amount)
        ? [
            `Create order and deliver use up what they act on (a lead and a free car; an open order), so each side runs a fixed ${amount.measured.toLocaleString("en")} requests (after ${amount.warmup.toLocaleString("en")} to warm up) on objects prepared for it, and req/s is over the time they took.`,
          ]
        : [],
    });
    const reportFile = process.env.BENCH_REPORT_FILE ?? fileURLToPath(new URL("BENCHMARKS.md", root));
    const written = updateSection(reportFile, process.env.BENCH_SECTION, md);
    mkdirSync(new URL("bench/results/", root), { recursive: true });
    const json = new URL(`bench/results/run-${date.replace(/[:.]/g, "-")}.json`, root);
    writeFileSync(
      json,
      `${JSON.stringify({ date, machine: m, data, targets: TARGETS, rows, memory: { pid, peakDuring, ...mem } }, null, 2)}\n`,
    );
    console.log(
      `\n${md}\n\n${written ? `Written to ${reportFile} and` : `The section "${process.env.BENCH_SECTION}" has no markers in ${reportFile}: not written there (add <!-- bench:${process.env.BENCH_SECTION}:begin --> and …:end --> to keep it). Written to`} ${fileURLToPath(json)}`,
    );
  } finally {
    baseline.kill("SIGTERM");
    await baselineDone;
    await pool.end();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
