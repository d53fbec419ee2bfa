// Maintenance reminders (保养提醒) and birthday greetings (生日关怀), DOMAIN §6 and §2. Pure: dates are
// store-local `YYYY-MM-DD` strings and "today" is passed in, so every rule is tested at fixed dates.

import { addDays, addMonths, daysBetween } from "../../platform/local-date.ts";

/**
 * km per day assumed when a vehicle's history is too short to tell: about 14,600 km a year, the usual
 * mileage of a private car in China.
 */
export const DEFAULT_KM_PER_DAY = 40;
/** Less history than this says more about one trip than about the driver's habit: the default is used. */
export const MIN_HISTORY_DAYS = 30;
/**
 * Reminder tasks are created once their day is at most this far ahead: customer service sees the coming month,
 * not every car's reminder half a year early; the daily generation brings the later ones into the window.
 */
export const REMINDER_HORIZON_DAYS = 30;
/** Birthday greetings are planned this many days ahead unless the request says otherwise. */
export const DEFAULT_BIRTHDAY_DAYS = 7;

/** A known odometer reading: the purchase (0 km) or a repair order's mileage in, on its store-local date. */
export interface MileagePoint {
  date: string;
  km: number;
}

/**
 * Average km per day from the earliest to the latest reading. The default when the readings span less than
 * MIN_HISTORY_DAYS, or when the mileage went down (a replaced odometer) — no sensible rate either way.
 */
export function averageKmPerDay(points: MileagePoint[]): number {
  if (points.length < 2) return DEFAULT_KM_PER_DAY;
  const sorted = [...points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const days = daysBetween(first.date, last.date);
  if (days < MIN_HISTORY_DAYS || last.km <= first.km) return DEFAULT_KM_PER_DAY;
  return (last.km - first.km) / days;
}

export interface ServicePlan {
  intervalMonths: number;
  intervalKm: number;
}

/**
 * The next maintenance due date: whichever comes first of the last maintenance + the plan's months and the
 * day the projected mileage reaches the last maintenance's mileage + the plan's km. The projection starts at
 * the latest reading (a repair after the maintenance tells where the car is now), at `kmPerDay`.
 */
export function nextMaintenanceDue(
  last: MileagePoint,
  latest: MileagePoint,
  plan: ServicePlan,
  kmPerDay: number,
): string {
  const byMonths = addMonths(last.date, plan.intervalMonths);
  const from = latest.date > last.date ? latest : last;
  const kmLeft = last.km + plan.intervalKm - from.km;
  const byKm = kmLeft <= 0 ? from.date : addDays(from.date, Math.ceil(kmLeft / Math.max(kmPerDay, 1e-9)));
  return byKm < byMonths ? byKm : byMonths;
}

/** What is known of one vehicle for its reminders. */
export interface VehicleFacts {
  /** the purchase date, counted as 0 km */
  purchaseDate: string | null;
  /** the latest handed-back maintenance order: its hand-back date and mileage in */
  lastMaintenance: MileagePoint | null;
  /** the earliest and the latest repair order (any work type): opening date and mileage in */
  firstVisit: MileagePoint | null;
  latestVisit: MileagePoint | null;
  plan: ServicePlan | null;
}

/**
 * The next maintenance due date of a vehicle, or null without a plan for its model, or without anything to
 * count from: no maintenance here and no purchase date (a car only repaired here, bought elsewhere on an
 * unknown date — a guess would remind its owner at a random time).
 */
export function vehicleMaintenanceDue(v: VehicleFacts): string | null {
  if (!v.plan) return null;
  const purchase = v.purchaseDate === null ? null : { date: v.purchaseDate, km: 0 };
  const last = v.lastMaintenance ?? purchase;
  if (!last) return null;
  const points = [purchase, v.lastMaintenance, v.firstVisit, v.latestVisit].filter(
    (p): p is MileagePoint => p !== null,
  );
  const latest = points.reduce((a, b) => (b.date > a.date ? b : a));
  return nextMaintenanceDue(last, latest, v.plan, averageKmPerDay(points));
}

export interface ReminderStage {
  /** days before the due date (the store's reminderFirstDays / reminderSecondDays) */
  dayOffset: number;
  /** the store-local day the call is due */
  day: string;
}

/**
 * The reminder calls of a due date as of `today`: one `dayOffset` days before it for each offset, due that
 * day. A day already past is not made up for one by one: the stages whose day has passed collapse into the
 * nearest of them (the smallest offset), due today — a car whose due date has passed gets one call, not two on
 * the same day. Stages beyond the horizon are left for a later day's generation.
 */
export function reminderStages(
  dueDate: string,
  today: string,
  offsets: readonly number[],
  horizonDays = REMINDER_HORIZON_DAYS,
): ReminderStage[] {
  const latestDay = addDays(today, horizonDays);
  const stages = [...new Set(offsets)]
    .sort((a, b) => b - a)
    .map((dayOffset) => ({ dayOffset, day: addDays(dueDate, -dayOffset) }));
  const past = stages.filter((s) => s.day < today);
  const coming = stages.filter((s) => s.day >= today && s.day <= latestDay);
  const catchUp = past.length > 0 ? [{ dayOffset: past[past.length - 1]!.dayOffset, day: today }] : [];
  return [...catchUp, ...coming];
}

/**
 * The next birthday on or after `today`. A 29 February birthday is greeted on 28 February in other years
 * (still in February, and before the day rather than after it).
 */
export function nextBirthday(birthday: string, today: string): string {
  const [, month, day] = birthday.split("-").map(Number) as [number, number, number];
  const inYear = (year: number) => {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const d = month === 2 && day === 29 && !leap ? 28 : day;
    return `${year}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  };
  const year = Number(today.slice(0, 4));
  const thisYear = inYear(year);
  return thisYear >= today ? thisYear : inYear(year + 1);
}

/** The birthday to greet within the next `days` days (today included), or null. */
export function birthdayToGreet(birthday: string, today: string, days: number): string | null {
  const next = nextBirthday(birthday, today);
  return next < addDays(today, days) ? next : null;
}
