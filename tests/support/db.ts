/** A fresh database per test file, copied from the migrated template. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { createDb, createPool, type Db } from "../../server/db/index.ts";

const TEMPLATE_DB = "fours_test_template";

export interface TestDb {
  db: Db;
  pool: pg.Pool;
  url: string;
}

export async function freshDatabase(): Promise<TestDb> {
  const adminUrl = inject("pgAdminUrl");
  const name = `fours_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const pool = createPool(u.toString(), 10);
  afterAll(async () => {
    await pool.end();
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
  return { db: createDb(pool), pool, url: u.toString() };
}
