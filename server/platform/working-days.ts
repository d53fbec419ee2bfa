/**
 * Working days (DOMAIN §1): Monday to Friday, minus the store's public holidays, plus its make-up working
 * days (调休). Pure: the caller loads the store's calendar (identity/calendar.ts) and passes it in.
 */
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import { addDays } from "./local-date.ts";

dayjs.extend(utc);

export interface WorkCalendar {
  /** weekdays the store is closed (法定节假日) */
  holidays: ReadonlySet<string>;
  /** weekend days the store works (调休上班) */
  workdays: ReadonlySet<string>;
}

export const NO_EXCEPTIONS: WorkCalendar = { holidays: new Set(), workdays: new Set() };

export function isWorkingDay(localDate: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(localDate)) return true;
  if (cal.holidays.has(localDate)) return false;
  const weekday = dayjs.utc(localDate).day();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The n-th working day after a date (n ≥ 1), not counting the date itself: handed back on Friday before a
 * weekend, the 3rd working day is Wednesday. Bounded, so a calendar marking every day a holiday fails loudly
 * instead of looping forever.
 */
export function addWorkingDays(localDate: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Invalid number of working days ${n}`);
  let day = localDate;
  let left = n;
  for (let i = 0; i < 366 * 2; i++) {
    day = addDays(day, 1);
    if (isWorkingDay(day, cal) && --left === 0) return day;
  }
  throw new RangeError(`No ${n} working days within two years after ${localDate}`);
}
