/** What every module's routes receive from buildApp: the database, the clock and the configuration. */
import type { Config } from "../config.ts";
import type { Db } from "../db/index.ts";
import type { Clock } from "./clock.ts";

export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
  /** "embedded" when the app runs its own PostgreSQL server, "external" with DATABASE_URL */
  database: "embedded" | "external";
}
