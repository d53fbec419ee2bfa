/** The store calendar (DOMAIN §1): its holidays and make-up working days, edited by the group admin. */
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import type { WorkCalendar } from "../../platform/working-days.ts";
import { storeCalendarDays } from "./schema.ts";

/**
 * The store's exceptions between two dates (both included). Callers pass a window around the dates they
 * count from (a few weeks), so the read stays small however many years of calendar the store keeps.
 */
export async function loadWorkCalendar(
  db: Executor,
  storeId: number,
  from: string,
  to: string,
): Promise<WorkCalendar> {
  const rows = await db
    .select({ day: storeCalendarDays.day, kind: storeCalendarDays.kind })
    .from(storeCalendarDays)
    .where(
      and(
        eq(storeCalendarDays.storeId, storeId),
        gte(storeCalendarDays.day, from),
        lte(storeCalendarDays.day, to),
      ),
    )
    .orderBy(asc(storeCalendarDays.day));
  return {
    holidays: new Set(rows.filter((r) => r.kind === "holiday").map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.kind === "workday").map((r) => r.day)),
  };
}
