import { describe, expect, it } from "vitest";
import { addDays as dayAfter } from "./local-date.ts";
import { addWorkingDays, isWorkingDay, NO_EXCEPTIONS, type WorkCalendar } from "./working-days.ts";

// The 2026 National Day week: 1–7 October off, Sunday 27 September and Saturday 10 October worked (调休).
const nationalDay: WorkCalendar = {
  holidays: new Set(["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"]),
  workdays: new Set(["2026-09-27", "2026-10-10"]),
};

describe("isWorkingDay", () => {
  it.each([
    ["2026-11-23", NO_EXCEPTIONS, true], // Monday
    ["2026-11-27", NO_EXCEPTIONS, true], // Friday
    ["2026-11-28", NO_EXCEPTIONS, false], // Saturday
    ["2026-11-29", NO_EXCEPTIONS, false], // Sunday
    ["2026-10-01", nationalDay, false], // Thursday, holiday
    ["2026-09-27", nationalDay, true], // Sunday, make-up working day
    ["2026-10-10", nationalDay, true], // Saturday, make-up working day
  ] as const)("%s → %s", (day, cal, expected) => {
    expect(isWorkingDay(day, cal)).toBe(expected);
  });
});

describe("addWorkingDays", () => {
  it.each([
    ["2026-11-23", 3, NO_EXCEPTIONS, "2026-11-26"], // Monday → Thursday
    ["2026-11-27", 3, NO_EXCEPTIONS, "2026-12-02"], // Friday → Wednesday, over the weekend
    ["2026-11-28", 1, NO_EXCEPTIONS, "2026-11-30"], // Saturday → Monday
    ["2026-12-31", 1, NO_EXCEPTIONS, "2027-01-01"], // over the year end (no holidays configured)
  ] as const)("%s + %i → %s", (day, n, cal, expected) => {
    expect(addWorkingDays(day, n, cal)).toBe(expected);
  });

  it("counts a make-up Sunday and skips the National Day holidays", () => {
    // Friday 25 Sep: Sun 27 (调休), Mon 28, Tue 29 are the three working days.
    expect(addWorkingDays("2026-09-25", 3, nationalDay)).toBe("2026-09-29");
    // Handed back Wednesday 30 Sep: Thu 1 – Wed 7 off (Sat/Sun 3–4 weekend), Thu 8, Fri 9, Sat 10 (调休).
    expect(addWorkingDays("2026-09-30", 3, nationalDay)).toBe("2026-10-10");
    // The same day without the calendar: Thu 1, Fri 2, Mon 5.
    expect(addWorkingDays("2026-09-30", 3, NO_EXCEPTIONS)).toBe("2026-10-05");
  });

  it("refuses a non-positive count and a calendar without working days", () => {
    expect(() => addWorkingDays("2026-11-23", 0, NO_EXCEPTIONS)).toThrow(RangeError);
    const allOff: WorkCalendar = {
      holidays: new Set(Array.from({ length: 800 }, (_, i) => dayAfter("2026-11-22", i + 1))),
      workdays: new Set(),
    };
    expect(() => addWorkingDays("2026-11-22", 1, allOff)).toThrow(RangeError);
  });
});
