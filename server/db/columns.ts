/** Column shorthands shared by every module's schema, so that ids, instants and money look the same everywhere. */
import { sql } from "drizzle-orm";
import { bigint, timestamp } from "drizzle-orm/pg-core";

/** Ids and money (integer fen) are bigint in SQL and number in TypeScript (below 2^53). */
export const id = (name = "id") => bigint(name, { mode: "number" });
export const fen = (name: string) => bigint(name, { mode: "number" });
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The values of an enumeration as an SQL list for a CHECK constraint: `state in (${sqlList(STATES)})`. */
export const sqlList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));
