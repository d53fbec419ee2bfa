/** Lists by page: one page of rows and the list's total, counted only when the page does not tell it. */
import { type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "../db/index.ts";

export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * A first page that is not full is its own count (the common case of a short work list); otherwise the page
 * and the count run side by side.
 */
export async function pageWithTotal<T>(
  page: PageRequest,
  items: PromiseLike<T[]>,
  count: () => Promise<number>,
): Promise<{ items: T[]; total: number }> {
  if (page.page === 1) {
    const rows = await items;
    return { items: rows, total: rows.length < page.pageSize ? rows.length : await count() };
  }
  const [rows, total] = await Promise.all([items, count()]);
  return { items: rows, total };
}

/** `count(*)` of a table's rows matching a condition. */
export function countWhere(db: Executor, table: PgTable, where: SQL | undefined): Promise<number> {
  return db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(table)
    .where(where)
    .then((r) => r[0]?.n ?? 0);
}
