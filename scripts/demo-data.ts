/**
 * Demo data for `npm run demo`: one store "演示店 Demo 4S" with a user of every store role and ~2,000
 * leads carrying three months of follow-up history.
 *
 * The history is not painted on: every lead is *simulated* through the same pure rules the server uses
 * (`applyFollowUp`, `dueAt`, `nRuleDue`, `graceDueForNewOwner`), one follow-up after the other, with
 * consultants who are mostly on time and sometimes late. The lead rows therefore hold exactly what the
 * app would have computed, and today naturally has overdue, due, stale and escalated leads.
 *
 * A seeded PRNG makes the data reproducible relative to "now"; everything is written with multi-row
 * inserts in one transaction, so a failed load leaves nothing behind.
 *
 * This file is the entry; the parts are in `scripts/demo/`: vocabulary, random, sim-lead (the simulated
 * lead and the wall clock), arrivals, simulate (the rules played through) and write (the inserts). After the
 * leads, `sales.ts` runs the sales floor (stock, orders, deliveries, callbacks, today's traffic) through the
 * real use cases.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../server/db/index.ts";
import { hashPassword } from "../server/modules/identity/passwords.ts";
import { stores, users } from "../server/modules/identity/schema.ts";
import { type CadenceSettings, DEFAULT_CADENCE_SETTINGS, isStale } from "../server/modules/leads/rules.ts";
import type { Role } from "../server/platform/access.ts";
import type { Clock } from "../server/platform/clock.ts";
import { draftLead, openLead, uniquePhones } from "./demo/arrivals.ts";
import { Dice, seededRandom } from "./demo/random.ts";
import { loadDemoSales } from "./demo/sales.ts";
import { loadDemoService } from "./demo/service.ts";
import { DAY, HISTORY_DAYS, type SimLead, type Staff } from "./demo/sim-lead.ts";
import { resetSimIds, simulateLead } from "./demo/simulate.ts";
import { writeDemo } from "./demo/write.ts";

export { seededRandom } from "./demo/random.ts";
// The vocabulary is exported for the benchmark generator, so that bench data reads like demo data.
export { COLOURS, FOCUS, GIVEN, MOBILE_PREFIXES, MODELS, SURNAMES } from "./demo/vocabulary.ts";

export const DEMO_STORE_NAME = "演示店 Demo 4S";
export const DEMO_PASSWORD = "demo1234";
const SEED = 20_260_401;
const LEAD_COUNT = 2_000;

export const DEMO_USERS: { username: string; displayName: string; role: Exclude<Role, "admin"> }[] = [
  { username: "demo_gm", displayName: "王建国", role: "gm" },
  { username: "demo_manager", displayName: "李志强", role: "sales_manager" },
  { username: "demo_consultant1", displayName: "张伟", role: "consultant" },
  { username: "demo_consultant2", displayName: "刘洋", role: "consultant" },
  { username: "demo_consultant3", displayName: "陈静", role: "consultant" },
  { username: "demo_consultant4", displayName: "杨帆", role: "consultant" },
  { username: "demo_consultant5", displayName: "赵敏", role: "consultant" },
  { username: "demo_consultant6", displayName: "黄磊", role: "consultant" },
  { username: "demo_reception", displayName: "周婷", role: "reception" },
  { username: "demo_cs", displayName: "吴芳", role: "customer_service" },
  { username: "demo_advisor", displayName: "徐刚", role: "service_advisor" },
  { username: "demo_parts", displayName: "孙涛", role: "parts_clerk" },
  { username: "demo_marketing", displayName: "马丽", role: "marketing" },
];

export async function loadDemo(db: Db, clock: Clock): Promise<void> {
  const existing = await db.select({ id: stores.id }).from(stores).where(eq(stores.name, DEMO_STORE_NAME));
  if (existing.length > 0) {
    console.log(
      `Demo data: the store "${DEMO_STORE_NAME}" exists already (id ${existing[0]!.id}); nothing loaded.`,
    );
    return;
  }
  const started = Date.now();
  const now = clock.now();
  const s = DEFAULT_CADENCE_SETTINGS;
  // One hash for every demo user: scrypt is deliberately slow, thirteen of them would take seconds.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const loaded = await db.transaction(async (tx) => {
    // Two starts with --demo at once: the second waits here and then finds the store.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${0x44454d4f})`);
    const again = await tx.select({ id: stores.id }).from(stores).where(eq(stores.name, DEMO_STORE_NAME));
    if (again.length > 0) return null;

    const [store] = await tx
      .insert(stores)
      .values({
        name: DEMO_STORE_NAME,
        timeZone: s.timeZone,
        businessDayEnd: s.businessDayEnd,
        cadence: s.cadence,
        validityDays: s.validityDays,
        escalateAfterDays: s.escalateAfterDays,
        createdAt: new Date(now.getTime() - (HISTORY_DAYS + 30) * DAY),
      })
      .returning();
    const storeId = store!.id;
    const userRows = await tx
      .insert(users)
      .values(DEMO_USERS.map((u) => ({ ...u, storeId, passwordHash })))
      .returning({ id: users.id, username: users.username, role: users.role });
    const idOf = (name: string) => userRows.find((u) => u.username === name)!.id;
    const staff: Staff = {
      consultants: userRows.filter((u) => u.role === "consultant").map((u) => u.id),
      manager: idOf("demo_manager"),
      reception: idOf("demo_reception"),
    };

    const dice = new Dice(seededRandom(SEED));
    resetSimIds();
    const phones = uniquePhones(LEAD_COUNT, dice);
    const sims = phones
      .map((phone) => draftLead(phone, s, now.getTime(), dice))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const [i, l] of sims.entries()) openLead(l, i, staff, now.getTime(), dice);
    for (const l of sims) simulateLead(l, staff, s, now.getTime(), dice);

    await writeDemo(tx, storeId, sims, now, dice);
    return { storeId, sims, userRows };
  });
  if (!loaded) {
    console.log(`Demo data: the store "${DEMO_STORE_NAME}" was loaded meanwhile; nothing loaded.`);
    return;
  }
  const sales = await loadDemoSales(
    db,
    loaded.storeId,
    loaded.userRows,
    now,
    new Dice(seededRandom(SEED + 1)),
  );
  const service = await loadDemoService(
    db,
    loaded.storeId,
    loaded.userRows,
    now,
    new Dice(seededRandom(SEED + 2)),
  );
  printSummary(loaded.sims, loaded.userRows, s, now, Date.now() - started);
  console.log(
    `  Sales floor: stock ${sales.stock} + ${sales.demoCars} demo cars; orders delivered ${sales.delivered}, open ${sales.open}, cancelled ${sales.cancelled}; callbacks worked ${sales.callbacks}`,
  );
  console.log(
    `  Workshop: ${service.repairOrders} repair orders, ${service.appointments} appointments, ${service.callbacks} post-service callbacks worked, ${service.complaints} complaints, ${service.claims} warranty claims\n`,
  );
}

function printSummary(
  sims: SimLead[],
  userRows: { username: string; role: string }[],
  s: CadenceSettings,
  now: Date,
  ms: number,
): void {
  const active = sims.filter((l) => l.state === "active");
  const overdue = active.filter((l) => l.dueAt! < now);
  const escalated = overdue.filter((l) => now.getTime() - l.dueAt!.getTime() > s.escalateAfterDays * DAY);
  const stale = active.filter((l) => isStale(l.level, l.levelSince, now, s));
  const perLevel = new Map<string, number>();
  for (const l of active) perLevel.set(l.level, (perLevel.get(l.level) ?? 0) + 1);
  const byLevel = [...perLevel].map(([k, v]) => `${k} ${v}`).join(", ");
  const count = (f: (l: SimLead) => number) => sims.reduce((n, l) => n + f(l), 0);
  console.log(
    [
      "",
      `  Demo data loaded in ${(ms / 1000).toFixed(1)} s: store "${DEMO_STORE_NAME}"`,
      `    leads ${sims.length} (active ${active.length}: ${byLevel}; defeated ${sims.filter((l) => l.state === "defeated").length}, awaiting defeat approval ${sims.filter((l) => l.state === "defeat_requested").length})`,
      `    today: overdue ${overdue.length} (escalated ${escalated.length}), stale ${stale.length}, in the pool ${active.filter((l) => l.ownerId === null).length}`,
      `    follow-ups ${count((l) => l.followUps.length)}, appointments ${count((l) => l.appointments.length)}, events ${count((l) => l.events.length)}`,
      "",
      "  Demo users (password for all: demo1234):",
      ...userRows.map((u) => `    ${u.username.padEnd(18)} ${u.role}`),
      "",
    ].join("\n"),
  );
}
