/** The store calendar (DOMAIN §1): its holidays and make-up working days, edited by the group admin. */
import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, reachesStore, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { badRequest, notFound, unprocessable } from "../../platform/errors.ts";
import { isWorkingDay, NO_EXCEPTIONS, type WorkCalendar } from "../../platform/working-days.ts";
import { storeCalendarDays, stores } from "./schema.ts";

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

export interface StoreCalendar {
  year: number;
  holidays: string[];
  workdays: string[];
}

export interface CalendarInput {
  holidays: string[];
  workdays: string[];
  year?: number;
}

const yearOf = (day: string) => Number(day.slice(0, 4));
const yearRange = (years: number[]) => ({
  from: `${Math.min(...years)}-01-01`,
  to: `${Math.max(...years)}-12-31`,
});

async function exceptionsOf(db: Executor, storeId: number, years: number[]) {
  const { from, to } = yearRange(years);
  const cal = await loadWorkCalendar(db, storeId, from, to);
  const inYears = (d: string) => years.includes(yearOf(d));
  return { holidays: [...cal.holidays].filter(inYears), workdays: [...cal.workdays].filter(inYears) };
}

export async function getStoreCalendar(
  db: Executor,
  actor: Actor,
  storeId: number,
  year: number,
): Promise<StoreCalendar> {
  requirePermission(actor, "storeCalendar.read");
  if (!reachesStore(actor, storeId)) throw notFound("store");
  const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
  if (!store) throw notFound("store");
  return { year, ...(await exceptionsOf(db, storeId, [year])) };
}

/**
 * The problems of a calendar edit (pure). An exception must change the day: a holiday is a weekday off, a
 * make-up day a weekend day worked — anything else would be a no-op the admin did not mean.
 */
export function calendarProblems(
  input: CalendarInput,
): { code: string; message: string; days: string[] } | null {
  const workdays = new Set(input.workdays);
  const both = [...new Set(input.holidays)].filter((d) => workdays.has(d));
  if (both.length)
    return { code: "day_in_both", message: "a day is both a holiday and a working day", days: both };
  if (input.year !== undefined) {
    const outside = [...input.holidays, ...input.workdays].filter((d) => yearOf(d) !== input.year);
    if (outside.length) {
      return { code: "day_outside_year", message: `days outside ${input.year}`, days: outside };
    }
  }
  const weekend = (d: string) => !isWorkingDay(d, NO_EXCEPTIONS);
  const wrong = [...input.holidays.filter(weekend), ...input.workdays.filter((d) => !weekend(d))];
  if (wrong.length) {
    return {
      code: "not_an_exception",
      message: "holidays fall on weekdays and make-up working days on weekends",
      days: wrong,
    };
  }
  return null;
}

/**
 * Replaces the exceptions of the years the lists touch (or of `year`, which also clears a year): the admin
 * sends a year's whole list as published by the State Council, so a day left out is no longer an exception.
 * The store row is locked so that two edits of the same store apply one after the other.
 */
export async function putStoreCalendar(
  db: Db,
  actor: Actor,
  storeId: number,
  input: CalendarInput,
): Promise<StoreCalendar> {
  requirePermission(actor, "store.calendar");
  if (!reachesStore(actor, storeId)) throw notFound("store");
  const problem = calendarProblems(input);
  if (problem) throw unprocessable(problem.code, problem.message, { days: problem.days });
  const days = [...input.holidays, ...input.workdays];
  const years =
    input.year !== undefined ? [input.year] : [...new Set(days.map(yearOf))].sort((a, b) => a - b);
  if (years.length === 0) throw badRequest("year_required", "name the year to clear (year)");
  return db.transaction(async (tx) => {
    const [store] = await tx
      .select({ id: stores.id })
      .from(stores)
      .where(eq(stores.id, storeId))
      .for("update");
    if (!store) throw notFound("store");
    const before = await exceptionsOf(tx, storeId, years);
    const { from, to } = yearRange(years);
    await tx
      .delete(storeCalendarDays)
      .where(
        and(
          eq(storeCalendarDays.storeId, storeId),
          gte(storeCalendarDays.day, from),
          lte(storeCalendarDays.day, to),
          inArray(sql`extract(year from ${storeCalendarDays.day})::int`, years),
        ),
      );
    const rows = [
      ...[...new Set(input.holidays)].map((day) => ({ storeId, day, kind: "holiday" })),
      ...[...new Set(input.workdays)].map((day) => ({ storeId, day, kind: "workday" })),
    ];
    if (rows.length) await tx.insert(storeCalendarDays).values(rows);
    const after = await exceptionsOf(tx, storeId, years);
    await audit(tx, actor, {
      storeId,
      action: "update",
      entity: "store_calendar",
      entityId: storeId,
      before: { years, ...before },
      after: { years, ...after },
    });
    return { year: years[0]!, ...after };
  });
}
