/**
 * Store-local calendar dates (ARCHITECTURE rule 5): every module counts days in the store's zone, never the
 * process's, so these few conversions live here once.
 *
 * `localDateIn` runs for every row of some lists (stock age, due days); dayjs's time-zone plugin builds a
 * new Intl formatter per call, which cost ~0.1 ms a row, so one cached formatter per zone does it instead.
 * `en-CA` formats dates as YYYY-MM-DD.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";

dayjs.extend(utc);
dayjs.extend(timezone);

const formatters = new Map<string, Intl.DateTimeFormat>();
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The calendar day `YYYY-MM-DD` of an instant in a zone. */
export function localDateIn(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}

// Calendar arithmetic on YYYY-MM-DD as plain UTC milliseconds: the store-wide reminder planning runs it for
// every vehicle, and dayjs costs tens of microseconds a call — seconds for a store of 100,000 cars.
const DAY_MS = 86_400_000;
const toUtc = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A calendar date `days` later (or earlier), across month and year ends. */
export function addDays(localDate: string, days: number): string {
  return fromUtc(toUtc(localDate) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** The same day `months` later; a day the month lacks becomes its last day (31 January + 1 → 28/29 February). */
export function addMonths(date: string, months: number): string {
  const y = +date.slice(0, 4);
  const m = +date.slice(5, 7) - 1 + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, m, Math.min(+date.slice(8, 10), lastDay)));
}

/**
 * The instant of a local date and wall-clock time in a zone; DST changes are absorbed by the zone database.
 * A malformed date or time throws: dayjs would read it loosely and yield a plausible but wrong instant.
 */
export function atLocalTime(localDate: string, hhmm: string, timeZone: string): Date {
  if (!LOCAL_DATE.test(localDate) || dayjs.utc(localDate).format("YYYY-MM-DD") !== localDate) {
    throw new RangeError(`Invalid local date "${localDate}", expected YYYY-MM-DD`);
  }
  if (!HHMM.test(hhmm)) throw new RangeError(`Invalid time of day "${hhmm}", expected HH:mm`);
  return dayjs.tz(`${localDate} ${hhmm}`, timeZone).toDate();
}

/** A local calendar day as instants [start, end): local midnight to local midnight (23 or 25 h at DST). */
export function localDayRange(localDate: string, timeZone: string): { start: Date; end: Date } {
  return {
    start: atLocalTime(localDate, "00:00", timeZone),
    end: atLocalTime(addDays(localDate, 1), "00:00", timeZone),
  };
}
