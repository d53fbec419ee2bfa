/**
 * The store's after-sales settings (DOMAIN §6): workshop capacity and hours, maintenance reminder offsets,
 * complaint deadlines by severity. Pure, so the workshop, care and complaints modules read them the same way
 * and the store update checks them before anything is written.
 */
import type { stores } from "./schema.ts";

type StoreRow = typeof stores.$inferSelect;

export const COMPLAINT_SEVERITIES = ["low", "medium", "high"] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export type ComplaintDeadlineHours = Record<ComplaintSeverity, number>;

/** Hours a complaint may stay unresolved when the store has not set its own (null in the store row). */
export const DEFAULT_COMPLAINT_DEADLINE_HOURS: Readonly<ComplaintDeadlineHours> = Object.freeze({
  low: 72,
  medium: 48,
  high: 24,
});

export const WORKSHOP_CAPACITY = { min: 1, max: 200 } as const;
export const REMINDER_FIRST_DAYS = { min: 1, max: 60 } as const;
export const REMINDER_SECOND_DAYS = { min: 0, max: 30 } as const;
/** a month: a complaint left longer than that is not being handled */
export const COMPLAINT_DEADLINE_HOURS = { min: 1, max: 720 } as const;

export type ServiceSettings = Pick<
  StoreRow,
  | "workshopCapacityPerHour"
  | "workshopOpens"
  | "workshopCloses"
  | "reminderFirstDays"
  | "reminderSecondDays"
  | "complaintDeadlineHours"
>;

export function complaintDeadlineHoursOf(
  store: Pick<StoreRow, "complaintDeadlineHours">,
): ComplaintDeadlineHours {
  return (
    (store.complaintDeadlineHours as ComplaintDeadlineHours | null) ?? { ...DEFAULT_COMPLAINT_DEADLINE_HOURS }
  );
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const minutesOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const inRange = (v: unknown, r: { min: number; max: number }) =>
  typeof v === "number" && Number.isInteger(v) && v >= r.min && v <= r.max;

/** Every problem of the settings, as sentences (empty when they are fine). */
export function validateServiceSettings(s: ServiceSettings): string[] {
  const problems: string[] = [];
  if (!inRange(s.workshopCapacityPerHour, WORKSHOP_CAPACITY)) {
    problems.push(
      `workshopCapacityPerHour must be a whole number between ${WORKSHOP_CAPACITY.min} and ${WORKSHOP_CAPACITY.max}`,
    );
  }
  const hoursOk = HHMM.test(s.workshopOpens) && HHMM.test(s.workshopCloses);
  if (!hoursOk) problems.push("workshopOpens and workshopCloses must be times of day as HH:mm");
  // at least one whole hour slot, or the workshop could take no appointment at all
  else if (minutesOfDay(s.workshopCloses) - minutesOfDay(s.workshopOpens) < 60) {
    problems.push(
      `workshopOpens (${s.workshopOpens}) must be at least one hour before workshopCloses (${s.workshopCloses})`,
    );
  }
  const firstOk = inRange(s.reminderFirstDays, REMINDER_FIRST_DAYS);
  const secondOk = inRange(s.reminderSecondDays, REMINDER_SECOND_DAYS);
  if (!firstOk) {
    problems.push(
      `reminderFirstDays must be a whole number between ${REMINDER_FIRST_DAYS.min} and ${REMINDER_FIRST_DAYS.max}`,
    );
  }
  if (!secondOk) {
    problems.push(
      `reminderSecondDays must be a whole number between ${REMINDER_SECOND_DAYS.min} and ${REMINDER_SECOND_DAYS.max}`,
    );
  }
  if (firstOk && secondOk && s.reminderSecondDays >= s.reminderFirstDays) {
    problems.push(
      `reminderSecondDays (${s.reminderSecondDays}) must be less than reminderFirstDays (${s.reminderFirstDays})`,
    );
  }
  if (s.complaintDeadlineHours !== null) {
    const h = s.complaintDeadlineHours as Partial<ComplaintDeadlineHours>;
    const bad = COMPLAINT_SEVERITIES.filter((k) => !inRange(h[k], COMPLAINT_DEADLINE_HOURS));
    for (const k of bad) {
      problems.push(
        `complaintDeadlineHours.${k} must be a whole number of hours between ${COMPLAINT_DEADLINE_HOURS.min} and ${COMPLAINT_DEADLINE_HOURS.max}`,
      );
    }
    // a more severe complaint is never given longer than a milder one
    if (bad.length === 0 && !(h.high! <= h.medium! && h.medium! <= h.low!)) {
      problems.push("complaintDeadlineHours must not grow with severity (high ≤ medium ≤ low)");
    }
  }
  return problems;
}
