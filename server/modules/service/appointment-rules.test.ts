/** The slot rules at fixed instants: hours, whole hours in the store's zone, working days, past and far. */
import { describe, expect, it } from "vitest";
import { NO_EXCEPTIONS, type WorkCalendar } from "../../platform/working-days.ts";
import { canRecordNoShow, noShowRate, slotProblem, slotsOfDay, type Workshop } from "./appointment-rules.ts";

const NOW = new Date("2026-11-24T02:00:00Z"); // Tuesday 10:00 in Shanghai
const SHANGHAI: Workshop = { timeZone: "Asia/Shanghai", workshopOpens: "08:00", workshopCloses: "18:00" };
const HALF_PAST: Workshop = { ...SHANGHAI, workshopOpens: "08:30", workshopCloses: "17:30" };
const KOLKATA: Workshop = { ...SHANGHAI, timeZone: "Asia/Kolkata" };
const cal = (holidays: string[] = [], workdays: string[] = []): WorkCalendar => ({
  holidays: new Set(holidays),
  workdays: new Set(workdays),
});

describe("slotProblem", () => {
  it.each([
    ["Wednesday 10:00", "2026-11-25T02:00:00Z", SHANGHAI, NO_EXCEPTIONS, null],
    ["the first slot, 08:00", "2026-11-25T00:00:00Z", SHANGHAI, NO_EXCEPTIONS, null],
    ["the last slot, 17:00", "2026-11-25T09:00:00Z", SHANGHAI, NO_EXCEPTIONS, null],
    ["10:30", "2026-11-25T02:30:00Z", SHANGHAI, NO_EXCEPTIONS, "slot_not_on_hour"],
    ["10:00:01", "2026-11-25T02:00:01Z", SHANGHAI, NO_EXCEPTIONS, "slot_not_on_hour"],
    ["07:00, before opening", "2026-11-24T23:00:00Z", SHANGHAI, NO_EXCEPTIONS, "outside_workshop_hours"],
    [
      "18:00, ending after closing",
      "2026-11-25T10:00:00Z",
      SHANGHAI,
      NO_EXCEPTIONS,
      "outside_workshop_hours",
    ],
    [
      "08:00 when opening at 08:30",
      "2026-11-25T00:00:00Z",
      HALF_PAST,
      NO_EXCEPTIONS,
      "outside_workshop_hours",
    ],
    ["09:00 when opening at 08:30", "2026-11-25T01:00:00Z", HALF_PAST, NO_EXCEPTIONS, null],
    ["16:00 when closing at 17:30", "2026-11-25T08:00:00Z", HALF_PAST, NO_EXCEPTIONS, null],
    [
      "17:00 when closing at 17:30",
      "2026-11-25T09:00:00Z",
      HALF_PAST,
      NO_EXCEPTIONS,
      "outside_workshop_hours",
    ],
    ["a Saturday", "2026-11-28T02:00:00Z", SHANGHAI, NO_EXCEPTIONS, "not_a_working_day"],
    ["a make-up Saturday", "2026-11-28T02:00:00Z", SHANGHAI, cal([], ["2026-11-28"]), null],
    ["a holiday Wednesday", "2026-11-25T02:00:00Z", SHANGHAI, cal(["2026-11-25"]), "not_a_working_day"],
    ["this morning's 09:00", "2026-11-24T01:00:00Z", SHANGHAI, NO_EXCEPTIONS, "slot_in_past"],
    ["the slot starting now", "2026-11-24T02:00:00Z", SHANGHAI, NO_EXCEPTIONS, null],
    ["59 days ahead", "2027-01-22T02:00:00Z", SHANGHAI, NO_EXCEPTIONS, null],
    ["62 days ahead", "2027-01-25T02:00:00Z", SHANGHAI, NO_EXCEPTIONS, "slot_too_far"],
    ["10:00 in Kolkata (04:30Z)", "2026-11-25T04:30:00Z", KOLKATA, NO_EXCEPTIONS, null],
    ["10:30 in Kolkata (05:00Z)", "2026-11-25T05:00:00Z", KOLKATA, NO_EXCEPTIONS, "slot_not_on_hour"],
  ] as const)("%s → %s", (_, slot, w, c, expected) => {
    expect(slotProblem(new Date(slot), NOW, w, c)).toBe(expected);
  });
});

describe("slotsOfDay", () => {
  it.each([
    [SHANGHAI, 10, "2026-11-25T00:00:00.000Z", "2026-11-25T09:00:00.000Z"],
    [HALF_PAST, 8, "2026-11-25T01:00:00.000Z", "2026-11-25T08:00:00.000Z"],
    [
      { ...SHANGHAI, workshopOpens: "09:00", workshopCloses: "10:00" },
      1,
      "2026-11-25T01:00:00.000Z",
      "2026-11-25T01:00:00.000Z",
    ],
  ])("%o has %i slots", (w, n, first, last) => {
    const slots = slotsOfDay("2026-11-25", w);
    expect(slots).toHaveLength(n);
    expect(slots[0]!.toISOString()).toBe(first);
    expect(slots.at(-1)!.toISOString()).toBe(last);
  });
});

describe("no-shows", () => {
  it.each([
    ["before the slot", "2026-11-25T01:59:59Z", false],
    ["at the slot's start", "2026-11-25T02:00:00Z", true],
    ["after it", "2026-11-25T05:00:00Z", true],
  ])("can be recorded %s: %s", (_, at, expected) => {
    expect(canRecordNoShow(new Date("2026-11-25T02:00:00Z"), new Date(at))).toBe(expected);
  });

  it.each([
    [0, 0, null],
    [3, 1, 0.25],
    [0, 2, 1],
    [5, 0, 0],
  ])("rate of %i arrived and %i no-shows is %s", (arrived, noShow, rate) => {
    expect(noShowRate(arrived, noShow)).toBe(rate);
  });
});
