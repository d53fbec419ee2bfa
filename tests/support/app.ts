/**
 * Boots the real app against a fresh database with a settable clock, plus small factories
 * (`ctx.store()`, `ctx.user()`, `ctx.login()`) so that tests read as the business case they test.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import type { Db } from "../../server/db/index.ts";
import { hashPassword, stores, users } from "../../server/modules/identity/index.ts";
import { DEFAULT_CADENCE_SETTINGS } from "../../server/modules/leads/rules.ts";
import type { Role } from "../../server/platform/access.ts";
import { FixedClock } from "../../server/platform/clock.ts";
import { freshDatabase, type TestDb } from "./db.ts";

export const PASSWORD = "correct-horse-1";
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: number;
  username: string;
  role: Role;
  storeId: number | null;
  cookie: string;
}

export interface TestContext extends TestDb {
  app: FastifyInstance;
  clock: FixedClock;
  store(name?: string): Promise<number>;
  user(
    role: Role,
    storeId: number | null,
    opts?: { username?: string; displayName?: string },
  ): Promise<TestUser>;
  req(user: TestUser | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
  count(table: string, where?: string): Promise<number>;
}

let seq = 0;

export async function testApp(now = "2026-11-24T02:00:00Z"): Promise<TestContext> {
  const tdb = await freshDatabase();
  const clock = new FixedClock(now);
  const config = { ...loadConfig({}), session: { idleMs: 120 * 60_000, absoluteMs: 12 * 3_600_000 } };
  const app = await buildApp({ db: tdb.db, clock, config, database: "embedded" });
  passwordHash ??= hashPassword(PASSWORD);

  const ctx: TestContext = {
    ...tdb,
    app,
    clock,
    async store(name = `门店${++seq}`) {
      const [s] = await tdb.db
        .insert(stores)
        .values({
          name,
          cadence: DEFAULT_CADENCE_SETTINGS.cadence,
          validityDays: DEFAULT_CADENCE_SETTINGS.validityDays,
          escalateAfterDays: DEFAULT_CADENCE_SETTINGS.escalateAfterDays,
        })
        .returning();
      return s!.id;
    },
    async user(role, storeId, opts = {}) {
      const username = opts.username ?? `${role}${++seq}`;
      const [u] = await tdb.db
        .insert(users)
        .values({
          username,
          passwordHash: await passwordHash!,
          displayName: opts.displayName ?? username,
          role,
          storeId,
        })
        .returning();
      const res = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username, password: PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === "sid")!;
      return { id: u!.id, username, role, storeId, cookie: `sid=${cookie.value}` };
    },
    req(user, opts) {
      return app.inject({
        ...opts,
        headers: { ...(opts.headers ?? {}), ...(user ? { cookie: user.cookie } : {}) },
      });
    },
    async count(table, where = "true") {
      const r = await tdb.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`);
      return r.rows[0].n as number;
    },
  };
  return ctx;
}

export type { Db };
