/**
 * One PostgreSQL server per test run: the embedded one by default, or the server of TEST_DATABASE_URL
 * (CI runs the suite again against Debian's PostgreSQL 15). A template database is migrated once; each
 * test file gets its own database copied from it (fast, isolated).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { type EmbeddedServer, startEmbedded } from "../../server/db/embedded.ts";
import { createDb, createPool, runMigrations } from "../../server/db/index.ts";

export const TEMPLATE_DB = "fours_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

let server: EmbeddedServer | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), "fours-test-"));
    server = await startEmbedded({
      dataDir: dir,
      dataDirExplicit: false,
      database: "postgres",
      ephemeral: true,
      log: () => {},
    });
    adminUrl = server.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // leftovers of an earlier interrupted run against an external server
  const old = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'fours_test_%'");
  for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const pool = createPool(withDatabase(adminUrl, TEMPLATE_DB), 2);
  await runMigrations(createDb(pool));
  await pool.end();
  project.provide("pgAdminUrl", adminUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
