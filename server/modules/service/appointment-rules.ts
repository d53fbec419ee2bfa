/**
 * Appointment slot rules (预约, DOMAIN §6). Pure: the caller passes the store's workshop settings, its calendar
 * and "now", so each rule is tested at fixed instants whatever zone the server runs in.
 *
 * A slot is one store-local hour inside the workshop's hours: with 08:00–18:00 the slots start 08:00 … 17:00.
 * Opening at 08:30, the first whole hour slot is 09:00 (a slot never starts before the doors open).
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { atLocalTime, localDateIn } from "../../platform/local-date.ts";
import { isWorkingDay, type WorkCalendar } from "../../platform/working-days.ts";

dayjs.extend(utc);
dayjs.extend(timezone);

/** how far ahead an appointment may be booked: the workshop plans about two months */
export const MAX_DAYS_AHEAD = 60;
const HOUR_MS = 3_600_000;

export interface Workshop {
  timeZone: string;
  workshopOpens: string;
  workshopCloses: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;

/** The slot starts of a store-local day (an empty list is never a working day's: settings need ≥ 1 h). */
export function slotsOfDay(localDate: string, w: Workshop): Date[] {
  const opens = minutesOf(w.workshopOpens);
  const closes = minutesOf(w.workshopCloses);
  const slots: Date[] = [];
  for (let h = 0; h < 24; h++) {
    if (h * 60 >= opens && h * 60 + 60 <= closes) slots.push(atLocalTime(localDate, hh(h), w.timeZone));
  }
  return slots;
}

export type SlotProblem =
  | "slot_not_on_hour"
  | "outside_workshop_hours"
  | "not_a_working_day"
  | "slot_in_past"
  | "slot_too_far";

/** The first reason a slot cannot be booked now, or null. */
export function slotProblem(slotStart: Date, now: Date, w: Workshop, cal: WorkCalendar): SlotProblem | null {
  const local = dayjs(slotStart).tz(w.timeZone);
  if (local.minute() !== 0 || local.second() !== 0 || local.millisecond() !== 0) return "slot_not_on_hour";
  const day = localDateIn(slotStart, w.timeZone);
  if (!slotsOfDay(day, w).some((s) => s.getTime() === slotStart.getTime())) return "outside_workshop_hours";
  if (!isWorkingDay(day, cal)) return "not_a_working_day";
  // a slot that has begun is the walk-in's, not an appointment's
  if (slotStart.getTime() < now.getTime()) return "slot_in_past";
  if (slotStart.getTime() > now.getTime() + MAX_DAYS_AHEAD * 24 * HOUR_MS) return "slot_too_far";
  return null;
}

export const SLOT_PROBLEM_MESSAGES: Record<SlotProblem, string> = {
  slot_not_on_hour: "appointments start on the full hour (store time)",
  outside_workshop_hours: "the slot lies outside the workshop's hours",
  not_a_working_day: "the workshop is closed that day (store calendar)",
  slot_in_past: "the slot has begun or is over",
  slot_too_far: `appointments are taken at most ${MAX_DAYS_AHEAD} days ahead`,
};

/** A no-show can be recorded once the slot has begun (the customer may still come until then). */
export function canRecordNoShow(slotStart: Date, at: Date): boolean {
  return at.getTime() >= slotStart.getTime();
}

/** no-shows ÷ appointments that came due (arrived + no-show); null when none came due. */
export function noShowRate(arrived: number, noShow: number): number | null {
  const due = arrived + noShow;
  return due === 0 ? null : noShow / due;
}
