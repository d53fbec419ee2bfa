// Test-drive rules (试乘试驾, DOMAIN §4.3). Pure: the caller passes "now", so every rule is tested at fixed
// instants. Overlap of one car's bookings is not here: the database's exclusion constraint decides it.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A drive with the paperwork and the hand-back takes an hour or two; half a day is a typo or a loan car. */
export const MAX_DRIVE_MS = 4 * HOUR;
/**
 * Reception often books the car for a customer who is already at the desk: a start up to a quarter of an
 * hour ago is the drive that is starting now. Anything earlier is a record of the past, not a booking.
 */
export const START_SLACK_MS = 15 * MINUTE;
/** Bookings further ahead than this are not plannable (the demo fleet changes; it is a typo of the year). */
export const MAX_AHEAD_MS = 90 * DAY;
/** The consultant is reminded an hour before the drive (like every appointment, ARCHITECTURE). */
export const REMIND_BEFORE_MS = HOUR;

export type TimeProblem = "end_not_after_start" | "too_long" | "in_past" | "too_far_ahead";

export function bookingTimeProblem(startAt: Date, endAt: Date, now: Date): TimeProblem | null {
  if (endAt <= startAt) return "end_not_after_start";
  if (endAt.getTime() - startAt.getTime() > MAX_DRIVE_MS) return "too_long";
  if (startAt.getTime() < now.getTime() - START_SLACK_MS) return "in_past";
  if (startAt.getTime() > now.getTime() + MAX_AHEAD_MS) return "too_far_ahead";
  return null;
}

export function remindAt(startAt: Date): Date {
  return new Date(startAt.getTime() - REMIND_BEFORE_MS);
}

export const TEST_DRIVE_STATES = ["booked", "done", "cancelled", "no_show"] as const;
export type TestDriveState = (typeof TEST_DRIVE_STATES)[number];

export type Outcome = "feedback" | "cancel" | "no_show";

export type OutcomeRefusal =
  | { kind: "conflict"; code: "not_booked" }
  | { kind: "unprocessable"; code: "not_started" | "drive_over" | "in_future" | "before_start" };

/**
 * What may happen to a booking. Feedback and a no-show need the drive to have begun; a cancellation frees
 * the car and makes sense until the booked time is over — after that the drive either happened (feedback) or
 * the customer did not come (no-show). Feedback may be recorded later than it was given (`occurredAt`), but
 * not before the drive began nor in the future.
 */
export function outcomeRefusal(
  drive: { state: string; startAt: Date; endAt: Date },
  outcome: Outcome,
  now: Date,
  occurredAt: Date = now,
): OutcomeRefusal | null {
  if (drive.state !== "booked") return { kind: "conflict", code: "not_booked" };
  if (outcome === "cancel") return now >= drive.endAt ? { kind: "unprocessable", code: "drive_over" } : null;
  if (now < drive.startAt) return { kind: "unprocessable", code: "not_started" };
  if (outcome === "feedback") {
    if (occurredAt > now) return { kind: "unprocessable", code: "in_future" };
    if (occurredAt < drive.startAt) return { kind: "unprocessable", code: "before_start" };
  }
  return null;
}
