import { describe, expect, it } from "vitest";
import { bookingTimeProblem, outcomeRefusal, remindAt } from "./rules.ts";

const NOW = new Date("2026-11-24T02:00:00Z");
const min = (m: number) => new Date(NOW.getTime() + m * 60_000);

describe("bookingTimeProblem", () => {
  it.each([
    ["an hour from tomorrow", 24 * 60, 25 * 60, null],
    ["starting now", 0, 60, null],
    ["exactly four hours", 60, 60 + 240, null],
    ["starting 15 minutes ago (the customer is at the desk)", -15, 45, null],
    ["90 days ahead to the minute", 90 * 24 * 60, 90 * 24 * 60 + 30, null],
    ["ending when it starts", 60, 60, "end_not_after_start"],
    ["ending before it starts", 120, 60, "end_not_after_start"],
    ["four hours and a minute", 60, 60 + 241, "too_long"],
    ["starting 16 minutes ago", -16, 30, "in_past"],
    ["yesterday", -24 * 60, -23 * 60, "in_past"],
    ["90 days and a minute ahead", 90 * 24 * 60 + 1, 90 * 24 * 60 + 30, "too_far_ahead"],
  ] as const)("%s → %s", (_, start, end, expected) => {
    expect(bookingTimeProblem(min(start), min(end), NOW)).toBe(expected);
  });
});

describe("remindAt", () => {
  it("is an hour before the start", () => {
    expect(remindAt(new Date("2026-11-25T06:30:00Z"))).toEqual(new Date("2026-11-25T05:30:00Z"));
  });
});

describe("outcomeRefusal", () => {
  const drive = (state: string, start: number, end: number) => ({
    state,
    startAt: min(start),
    endAt: min(end),
  });
  const booked = drive("booked", -60, 30); // started an hour ago, ends in half an hour
  const upcoming = drive("booked", 60, 120);
  const over = drive("booked", -120, -60);

  it.each([
    ["feedback during the drive", booked, "feedback", undefined, null],
    ["feedback after the drive", over, "feedback", undefined, null],
    ["feedback dated at the start", booked, "feedback", min(-60), null],
    ["feedback before the drive", upcoming, "feedback", undefined, "not_started"],
    ["feedback dated before the start", booked, "feedback", min(-61), "before_start"],
    ["feedback dated in the future", booked, "feedback", min(1), "in_future"],
    ["no-show after the start", booked, "no_show", undefined, null],
    ["no-show before the start", upcoming, "no_show", undefined, "not_started"],
    ["cancel before the drive", upcoming, "cancel", undefined, null],
    ["cancel during the drive", booked, "cancel", undefined, null],
    ["cancel after the booked time", over, "cancel", undefined, "drive_over"],
    ...(["done", "cancelled", "no_show"] as const).flatMap((state) =>
      (["feedback", "cancel", "no_show"] as const).map(
        (o) => [`${o} of a ${state} drive`, drive(state, -60, 30), o, undefined, "not_booked"] as const,
      ),
    ),
  ] as const)("%s → %s", (_, d, outcome, occurredAt, expected) => {
    expect(outcomeRefusal(d, outcome, NOW, occurredAt)?.code ?? null).toBe(expected);
  });

  it("a booking no longer booked is a conflict, a drive not begun a refused rule", () => {
    expect(outcomeRefusal(drive("done", -60, 30), "cancel", NOW)?.kind).toBe("conflict");
    expect(outcomeRefusal(upcoming, "no_show", NOW)?.kind).toBe("unprocessable");
  });
});
