/** Column shorthands shared by every module's schema, so that ids, instants and money look the same everywhere. */
import { bigint, timestamp } from "drizzle-orm/pg-core";

/** Ids and money (integer fen) are bigint in SQL and number in TypeScript (below 2^53). */
export const id = (name = "id") => bigint(name, { mode: "number" });
export const fen = (name: string) => bigint(name, { mode: "number" });
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
