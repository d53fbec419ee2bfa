/**
 * The demo data must look like a real store's three months AND obey the same rules the app enforces:
 * a demo that shows overdue leads which the app itself would not call overdue is a broken demo.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_CADENCE_SETTINGS,
  dueAt,
  isStale,
  type Level,
  nRuleDue,
} from "../server/modules/leads/rules.ts";
import { ROLES } from "../server/platform/access.ts";
import { type TestContext, testApp } from "../tests/support/app.ts";
import { DEMO_PASSWORD, DEMO_STORE_NAME, loadDemo } from "./demo-data.ts";

const NOW = "2026-11-24T02:00:00Z"; // 10:00 in Shanghai, a Tuesday
const s = DEFAULT_CADENCE_SETTINGS;

let ctx: TestContext;
let storeId: number;
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await ctx.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  ctx = await testApp(NOW);
  vi.spyOn(console, "log").mockImplementation(() => {});
  await loadDemo(ctx.db, ctx.clock);
  const [store] = await q<{ id: string }>("SELECT id FROM stores WHERE name = $1", [DEMO_STORE_NAME]);
  storeId = Number(store!.id);
}, 120_000);

describe("loadDemo", () => {
  it("creates about 2,000 leads with several follow-ups each, in one Asia/Shanghai store", async () => {
    const [store] = await q<{ time_zone: string }>("SELECT time_zone FROM stores WHERE id = $1", [storeId]);
    expect(store!.time_zone).toBe("Asia/Shanghai");
    expect(await ctx.count("leads", `store_id = ${storeId}`)).toBeGreaterThanOrEqual(1_900);
    expect(await ctx.count("customers", `store_id = ${storeId}`)).toBeGreaterThanOrEqual(1_900);
    const followUps = await ctx.count("follow_ups", `store_id = ${storeId}`);
    expect(followUps).toBeGreaterThan(3 * 1_900);
    expect(await ctx.count("follow_ups", `store_id = ${storeId} AND NOT reached`)).toBeGreaterThan(
      followUps / 10,
    );
    expect(await ctx.count("lead_appointments", `store_id = ${storeId}`)).toBeGreaterThan(50);
    expect(
      await ctx.count("lead_events", `store_id = ${storeId} AND kind = 'level_changed'`),
    ).toBeGreaterThan(500);
  });

  it("has a user of every store role (the group admin is created at first start, not by the demo)", async () => {
    const rows = await q<{ role: string }>("SELECT DISTINCT role FROM users WHERE store_id = $1", [storeId]);
    expect(rows.map((r) => r.role).sort()).toEqual(ROLES.filter((r) => r !== "admin").sort());
    const consultants = await ctx.count(
      "users",
      `store_id = ${storeId} AND username LIKE 'demo_consultant%'`,
    );
    expect(consultants).toBe(6);
  });

  it("spreads levels, sources and states like a real store", async () => {
    const levels = await q<{ level: string }>(
      "SELECT DISTINCT level FROM leads WHERE store_id = $1 AND state = 'active'",
      [storeId],
    );
    // O (open order) and T (cancelled, awaiting the manager) come from the demo's sales floor
    expect(levels.map((r) => r.level).sort()).toEqual(["A", "B", "C", "H", "N", "O", "T"]);
    const sources = await q("SELECT DISTINCT source FROM leads WHERE store_id = $1", [storeId]);
    expect(sources).toHaveLength(6);
    const defeated = await ctx.count("leads", `store_id = ${storeId} AND state = 'defeated'`);
    expect(defeated).toBeGreaterThan(50);
    expect(await ctx.count("leads", `store_id = ${storeId} AND budget_fen % 100 <> 0`)).toBe(0);
  });

  it("running it twice adds nothing", async () => {
    const before = await Promise.all(["stores", "users", "leads", "follow_ups"].map((t) => ctx.count(t)));
    await loadDemo(ctx.db, ctx.clock);
    const after = await Promise.all(["stores", "users", "leads", "follow_ups"].map((t) => ctx.count(t)));
    expect(after).toEqual(before);
  });
});

describe("the demo's sales floor", () => {
  it("has stock of every age, a demo fleet, and orders open, cancelled and delivered", async () => {
    const byStatus = await q<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM stock_vehicles WHERE store_id = $1 GROUP BY status",
      [storeId],
    );
    const n = Object.fromEntries(byStatus.map((r) => [r.status, r.n]));
    expect(n.in_stock).toBeGreaterThan(10);
    expect(n.demo).toBe(4);
    expect(n.sold).toBeGreaterThan(5);
    expect(n.reserved).toBeGreaterThan(0);
    expect(
      await ctx.count("stock_vehicles", `store_id = ${storeId} AND arrived_at < now() - interval '90 days'`),
    ).toBeGreaterThan(0);
    const orders = await q<{ state: string; n: number }>(
      "SELECT state, count(*)::int AS n FROM orders WHERE store_id = $1 GROUP BY state",
      [storeId],
    );
    expect(Object.fromEntries(orders.map((r) => [r.state, r.n]))).toMatchObject({
      open: expect.any(Number),
      cancelled: 2,
      delivered: expect.any(Number),
    });
  });

  it("keeps leads, cars and orders consistent: O open, T cancelled, D delivered", async () => {
    const wrong = await q(
      `SELECT l.id, l.level, l.state, o.state AS order_state FROM leads l
       JOIN orders o ON o.store_id = l.store_id AND o.lead_id = l.id
       WHERE l.store_id = $1 AND NOT (
         (o.state = 'open' AND l.level = 'O' AND l.state = 'active') OR
         (o.state = 'cancelled' AND l.level = 'T') OR
         (o.state = 'delivered' AND l.level = 'D' AND l.state = 'won'))`,
      [storeId],
    );
    expect(wrong).toEqual([]);
    // every delivery made its three callbacks and its customer vehicle
    const delivered = await ctx.count("orders", `store_id = ${storeId} AND state = 'delivered'`);
    expect(await ctx.count("care_tasks", `store_id = ${storeId} AND type = 'post_sale_callback'`)).toBe(
      3 * delivered,
    );
    expect(await ctx.count("vehicles", `store_id = ${storeId} AND sold_by_store`)).toBe(delivered);
  });

  it("gives customer service worked callbacks and reception a day of traffic", async () => {
    expect(await ctx.count("care_task_attempts", `store_id = ${storeId}`)).toBeGreaterThan(5);
    expect(await ctx.count("care_tasks", `store_id = ${storeId} AND flagged`)).toBeGreaterThan(0);
    expect(await ctx.count("traffic_visits", `store_id = ${storeId} AND left_at IS NULL`)).toBe(2);
    expect(await ctx.count("test_drives", `store_id = ${storeId} AND state = 'booked'`)).toBe(6);
    expect(await ctx.count("traffic_plans", `store_id = ${storeId}`)).toBe(1);
  });
});

describe("the demo leads obey the cadence rules", () => {
  interface LeadRow {
    id: string;
    level: Level;
    state: string;
    created_at: Date;
    level_since: Date;
    last_reached_at: Date | null;
    due_at: Date | null;
    owner_id: string | null;
    in_pool: boolean;
  }
  let active: LeadRow[];
  const now = new Date(NOW);
  // Leads the sales floor took over (orders) follow the sales rules, tested in "the demo's sales floor".
  const NO_ORDER = "NOT EXISTS (SELECT 1 FROM orders o WHERE o.store_id = l.store_id AND o.lead_id = l.id)";
  beforeAll(async () => {
    active = await q<LeadRow>(
      `SELECT * FROM leads l WHERE store_id = $1 AND state = 'active' AND ${NO_ORDER}`,
      [storeId],
    );
  });

  it("every active lead has a due time, and no two open leads share a phone", async () => {
    expect(active.every((l) => l.due_at !== null)).toBe(true);
    const [dup] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT phone FROM leads WHERE store_id = $1
         AND state IN ('active','defeat_requested') GROUP BY phone HAVING count(*) > 1) d`,
      [storeId],
    );
    expect(dup!.n).toBe(0);
    expect(
      await ctx.count("leads", `store_id = ${storeId} AND state = 'defeated' AND due_at IS NOT NULL`),
    ).toBe(0);
  });

  it("due times follow from the last effective follow-up (never earlier than the rules say)", () => {
    for (const l of active) {
      const ruled =
        l.level === "N" ? nRuleDue(l.created_at, s) : dueAt(l.level, l.last_reached_at ?? l.created_at, s);
      // Unreached attempts and reassignment grace may only extend the due time, never shorten it.
      expect(l.due_at!.getTime(), `lead ${l.id}`).toBeGreaterThanOrEqual(ruled!.getTime());
    }
  });

  it("the history matches the lead rows: last level, last effective contact", async () => {
    const rows = await q<{
      id: string;
      level: string;
      last_reached_at: Date | null;
      last_level: string;
      reached_max: Date | null;
    }>(
      `SELECT l.id, l.level, l.last_reached_at,
         (SELECT level_after FROM follow_ups f WHERE f.store_id = l.store_id AND f.lead_id = l.id
           ORDER BY occurred_at DESC, id DESC LIMIT 1) AS last_level,
         (SELECT max(occurred_at) FROM follow_ups f WHERE f.store_id = l.store_id AND f.lead_id = l.id AND reached) AS reached_max
       FROM leads l WHERE l.store_id = $1 AND ${NO_ORDER}`,
      [storeId],
    );
    for (const r of rows) {
      if (r.last_level !== null) expect(r.level, `lead ${r.id}`).toBe(r.last_level);
      expect(r.last_reached_at?.getTime() ?? null, `lead ${r.id}`).toBe(r.reached_max?.getTime() ?? null);
    }
    const notBefore = await ctx.count(
      "follow_ups f JOIN leads l ON l.store_id = f.store_id AND l.id = f.lead_id",
      `f.store_id = ${storeId} AND (f.occurred_at < l.created_at OR f.occurred_at > '${NOW}')`,
    );
    expect(notBefore).toBe(0);
  });

  it("today has overdue, due, stale and escalated leads, and some in the pool", () => {
    const dayEnd = new Date("2026-11-24T16:00:00Z"); // local midnight
    const overdue = active.filter((l) => l.due_at! < now);
    const escalated = overdue.filter(
      (l) => now.getTime() - l.due_at!.getTime() > s.escalateAfterDays * 86_400_000,
    );
    const dueToday = active.filter((l) => l.due_at! >= now && l.due_at! < dayEnd);
    const stale = active.filter((l) => isStale(l.level, l.level_since, now, s));
    const pool = active.filter((l) => l.in_pool && l.owner_id === null);
    expect(overdue.length).toBeGreaterThan(active.length / 50);
    expect(overdue.length).toBeLessThan(active.length / 2);
    expect(escalated.length).toBeGreaterThan(0);
    expect(escalated.length).toBeLessThan(overdue.length);
    expect(dueToday.length).toBeGreaterThan(20);
    expect(stale.length).toBeGreaterThan(10);
    expect(pool.length).toBeGreaterThan(0);
  });

  it("every defeated lead has an approved defeat request with a reason (and the competitor when lost to one)", async () => {
    const bad = await ctx.count(
      "leads l",
      `l.store_id = ${storeId} AND l.state = 'defeated' AND NOT EXISTS (SELECT 1 FROM defeat_requests d
        WHERE d.store_id = l.store_id AND d.lead_id = l.id AND d.status = 'approved')`,
    );
    expect(bad).toBe(0);
    expect(
      await ctx.count(
        "defeat_requests",
        `store_id = ${storeId} AND reason = 'competitor' AND competitor IS NULL`,
      ),
    ).toBe(0);
    const reasons = await q("SELECT DISTINCT reason FROM defeat_requests WHERE store_id = $1", [storeId]);
    expect(reasons.length).toBeGreaterThanOrEqual(5);
  });

  it("the owner history ends with the current owner", async () => {
    const bad = await ctx.count(
      "leads l JOIN lead_owners o ON o.store_id = l.store_id AND o.lead_id = l.id AND o.to_at IS NULL",
      `l.store_id = ${storeId} AND o.owner_id IS DISTINCT FROM l.owner_id`,
    );
    expect(bad).toBe(0);
    expect(await ctx.count("lead_owners", `store_id = ${storeId} AND to_at IS NULL`)).toBe(
      await ctx.count("leads", `store_id = ${storeId}`),
    );
  });
});

describe("a demo consultant", () => {
  it("logs in with the demo password and has a full day", async () => {
    const login = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "demo_consultant1", password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const sid = login.cookies.find((c) => c.name === "sid")!.value;
    const res = await ctx.app.inject({
      method: "GET",
      url: "/api/v1/my-day",
      headers: { cookie: `sid=${sid}` },
    });
    expect(res.statusCode).toBe(200);
    const day = res.json() as Record<"dueToday" | "overdue" | "stale" | "appointments", unknown[]>;
    expect(day.dueToday.length).toBeGreaterThan(0);
    expect(day.overdue.length).toBeGreaterThan(0);
    expect(day.stale.length).toBeGreaterThan(0);
    expect(day.appointments.length).toBeGreaterThan(0);
  });
});

describe("the demo workshop", () => {
  const countOf = async (text: string, ...params: unknown[]) =>
    Number((await q<{ n: string }>(text, [storeId, ...params]))[0]!.n);

  it("has today's board in every state and three months of handed-back orders", async () => {
    const states = await q<{ state: string; n: string }>(
      "SELECT state, count(*) AS n FROM repair_orders WHERE store_id = $1 GROUP BY state",
      [storeId],
    );
    const n = Object.fromEntries(states.map((r) => [r.state, Number(r.n)]));
    for (const s of ["open", "in_progress", "done", "settled"]) expect(n[s], s).toBeGreaterThan(0);
    expect(n.handed_back).toBeGreaterThan(50);
    // the car back with the same fault, and any the random workshop days made
    expect(
      await countOf("SELECT count(*) AS n FROM repair_orders WHERE store_id = $1 AND return_repair"),
    ).toBeGreaterThanOrEqual(1);
  });

  it("has every hand-back's callback, worked, with the unsatisfied ones turned into confirmed complaints", async () => {
    expect(
      await countOf(`SELECT count(*) AS n FROM repair_orders r WHERE r.store_id = $1 AND r.state = 'handed_back'
        AND NOT EXISTS (SELECT 1 FROM care_tasks t WHERE t.store_id = r.store_id AND t.repair_order_id = r.id)`),
    ).toBe(0);
    expect(
      await countOf(
        "SELECT count(*) AS n FROM care_tasks WHERE store_id = $1 AND type = 'post_service_callback' AND reached",
      ),
    ).toBeGreaterThan(30);
    expect(
      await countOf(`SELECT count(*) AS n FROM complaints WHERE store_id = $1 AND channel = 'callback' AND state = 'confirmed'
        AND care_task_id IS NOT NULL`),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await countOf(
        "SELECT count(*) AS n FROM complaints WHERE store_id = $1 AND state = 'handling' AND deadline_at < $2",
        NOW,
      ),
    ).toBe(1);
  });

  it("has claims decided both ways, appointments ahead and missed, and reminders planned", async () => {
    expect(
      await countOf("SELECT count(*) AS n FROM warranty_claims WHERE store_id = $1 AND state = 'approved'"),
    ).toBeGreaterThan(0);
    expect(
      await countOf("SELECT count(*) AS n FROM warranty_claims WHERE store_id = $1 AND submissions = 2"),
    ).toBe(1);
    expect(
      await countOf("SELECT count(*) AS n FROM appointments WHERE store_id = $1 AND status = 'booked'"),
    ).toBe(8);
    expect(
      await countOf("SELECT count(*) AS n FROM appointments WHERE store_id = $1 AND status = 'no_show'"),
    ).toBe(2);
    expect(
      await countOf(
        "SELECT count(*) AS n FROM care_tasks WHERE store_id = $1 AND type = 'maintenance_reminder'",
      ),
    ).toBeGreaterThan(0);
    expect(await countOf("SELECT count(*) AS n FROM outbox_messages WHERE store_id = $1")).toBe(1);
  });
});
