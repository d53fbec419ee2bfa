/**
 * The pg pool, the Drizzle database and the executor type. Nothing imports a global connection
 * (ARCHITECTURE rule 1): every function that touches the database takes `Executor` — the database or
 * an open transaction — as a parameter.
 */

import { fileURLToPath } from "node:url";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { PgTransaction } from "drizzle-orm/pg-core";
import pg from "pg";
import { schema } from "./schema.ts";

export type Schema = typeof schema;
export type Db = NodePgDatabase<Schema>;
export type Tx = PgTransaction<NodePgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: what every data-access function takes. */
export type Executor = Db | Tx;

// bigint columns (money in fen, ids) come back as JS numbers: values stay below 2^53 (ARCHITECTURE rule 4).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// `date` columns stay calendar strings: a birthday is not an instant.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export function createPool(url: string, max = 20): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // An idle client whose server connection ends (database restart, terminated backend) emits 'error' on
  // the pool; unhandled, that would end the process. The pool drops the client and opens a new one.
  pool.on("error", (err) => console.error(`database connection lost: ${err.message}`));
  return pool;
}

export function createDb(pool: pg.Pool): Db {
  return drizzle(pool, { schema });
}

export const migrationsFolder = fileURLToPath(new URL("../../migrations", import.meta.url));

export async function runMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}
