import { describe, expect, it } from "vitest";
import { addDays, addMonths, daysBetween } from "../../platform/local-date.ts";
import {
  averageKmPerDay,
  birthdayToGreet,
  DEFAULT_KM_PER_DAY,
  nextBirthday,
  nextMaintenanceDue,
  reminderStages,
  type VehicleFacts,
  vehicleMaintenanceDue,
} from "./reminder-rules.ts";

describe("addMonths", () => {
  it.each([
    ["2026-01-15", 6, "2026-07-15"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2027-08-31", 6, "2028-02-29"],
    ["2026-11-30", 3, "2027-02-28"],
    ["2026-12-01", 12, "2027-12-01"],
  ])("%s + %i months = %s", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe("averageKmPerDay", () => {
  it.each([
    ["no readings", [], DEFAULT_KM_PER_DAY],
    ["one reading", [{ date: "2026-01-01", km: 0 }], DEFAULT_KM_PER_DAY],
    [
      "29 days of history: too short",
      [
        { date: "2026-01-01", km: 0 },
        { date: "2026-01-30", km: 2900 },
      ],
      DEFAULT_KM_PER_DAY,
    ],
    [
      "30 days exactly",
      [
        { date: "2026-01-01", km: 0 },
        { date: "2026-01-31", km: 1500 },
      ],
      50,
    ],
    [
      "earliest to latest, whatever the order given",
      [
        { date: "2026-07-01", km: 5000 },
        { date: "2025-07-01", km: 0 },
        { date: "2026-01-01", km: 9999 },
      ],
      5000 / 365,
    ],
    [
      "a lower latest reading (odometer replaced)",
      [
        { date: "2025-01-01", km: 30000 },
        { date: "2026-01-01", km: 200 },
      ],
      DEFAULT_KM_PER_DAY,
    ],
    [
      "no distance at all",
      [
        { date: "2025-01-01", km: 1000 },
        { date: "2026-01-01", km: 1000 },
      ],
      DEFAULT_KM_PER_DAY,
    ],
  ])("%s", (_, points, expected) => {
    expect(averageKmPerDay(points)).toBeCloseTo(expected, 10);
  });
});

describe("nextMaintenanceDue", () => {
  const plan = { intervalMonths: 6, intervalKm: 5000 };
  it.each([
    // [case, last, latest, kmPerDay, expected]
    ["months come first at a low mileage", ["2026-01-10", 10000], ["2026-01-10", 10000], 10, "2026-07-10"],
    ["km come first at a high mileage", ["2026-01-10", 10000], ["2026-01-10", 10000], 100, "2026-03-01"],
    ["the same day both ways: that day", ["2026-01-01", 0], ["2026-01-01", 0], 5000 / 181, "2026-07-01"],
    ["a partial day rounds up", ["2026-01-01", 0], ["2026-01-01", 0], 3000, "2026-01-03"],
    [
      "projected from a later repair's reading",
      ["2026-01-01", 10000],
      ["2026-02-01", 14000],
      40,
      "2026-02-26",
    ],
    [
      "already past the km at the latest visit",
      ["2026-01-01", 10000],
      ["2026-03-01", 16000],
      40,
      "2026-03-01",
    ],
    [
      "an earlier latest reading counts from the maintenance",
      ["2026-01-10", 10000],
      ["2025-12-01", 9000],
      100,
      "2026-03-01",
    ],
  ] as const)("%s", (_, [lDate, lKm], [xDate, xKm], kmPerDay, expected) => {
    expect(nextMaintenanceDue({ date: lDate, km: lKm }, { date: xDate, km: xKm }, plan, kmPerDay)).toBe(
      expected,
    );
  });
});

describe("vehicleMaintenanceDue", () => {
  const plan = { intervalMonths: 12, intervalKm: 10000 };
  const base: VehicleFacts = {
    purchaseDate: null,
    lastMaintenance: null,
    firstVisit: null,
    latestVisit: null,
    plan,
  };
  it.each<[string, Partial<VehicleFacts>, string | null]>([
    ["no plan for the model", { purchaseDate: "2026-01-01", plan: null }, null],
    ["no maintenance and no purchase date", { latestVisit: { date: "2026-03-01", km: 3000 } }, null],
    // purchase only: 0 km and the default 40 km/day → 10000 km after 250 days, before 12 months
    ["a new car counts from its purchase at 0 km", { purchaseDate: "2026-01-01" }, "2026-09-08"],
    [
      "the latest maintenance, at the rate of the whole history",
      {
        purchaseDate: "2025-01-01",
        lastMaintenance: { date: "2026-01-01", km: 7300 },
        firstVisit: { date: "2026-01-01", km: 7300 },
        latestVisit: { date: "2026-01-01", km: 7300 },
      },
      // 7300 km in 365 days = 20 km/day → 10000 km take 500 days; 12 months come first
      "2027-01-01",
    ],
    [
      "a busy car: the km come first",
      {
        purchaseDate: "2025-01-01",
        lastMaintenance: { date: "2026-01-01", km: 36500 },
        latestVisit: { date: "2026-01-01", km: 36500 },
      },
      // 100 km/day → 100 days
      "2026-04-11",
    ],
    [
      "no purchase date, but maintained here: the visits give the rate",
      {
        lastMaintenance: { date: "2026-03-01", km: 20000 },
        firstVisit: { date: "2025-03-01", km: 2000 },
        latestVisit: { date: "2026-03-01", km: 20000 },
      },
      // 18000 km in 365 days
      addDaysCeil("2026-03-01", 10000 / (18000 / 365)),
    ],
  ])("%s", (_, facts, expected) => {
    expect(vehicleMaintenanceDue({ ...base, ...facts })).toBe(expected);
  });
});

function addDaysCeil(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.ceil(days));
  return d.toISOString().slice(0, 10);
}

describe("reminderStages (14 and 2 days before, a 30-day horizon)", () => {
  const DUE = "2026-12-20";
  it.each<[string, string, [number, string][]]>([
    ["far ahead: nothing yet", "2026-11-05", []],
    ["the first within the horizon", "2026-11-06", [[14, "2026-12-06"]]],
    [
      "both within the horizon",
      "2026-11-20",
      [
        [14, "2026-12-06"],
        [2, "2026-12-18"],
      ],
    ],
    [
      "the first's day is today",
      "2026-12-06",
      [
        [14, "2026-12-06"],
        [2, "2026-12-18"],
      ],
    ],
    [
      "the first's day has passed: due today",
      "2026-12-10",
      [
        [14, "2026-12-10"],
        [2, "2026-12-18"],
      ],
    ],
    ["both passed: one call today", "2026-12-19", [[2, "2026-12-19"]]],
    ["the due date itself passed: one call today", "2027-03-01", [[2, "2027-03-01"]]],
  ])("%s", (_, today, expected) => {
    expect(reminderStages(DUE, today, [14, 2]).map((s) => [s.dayOffset, s.day])).toEqual(expected);
  });

  it("takes the offsets in any order and once each", () => {
    expect(reminderStages(DUE, "2026-11-20", [2, 14, 2])).toEqual(reminderStages(DUE, "2026-11-20", [14, 2]));
  });
});

describe("birthdays", () => {
  it.each([
    ["later this year", "1980-12-01", "2026-11-24", "2026-12-01"],
    ["today", "1980-11-24", "2026-11-24", "2026-11-24"],
    ["passed this year: next year", "1980-03-05", "2026-11-24", "2027-03-05"],
    ["29 February in a common year", "1992-02-29", "2026-01-10", "2026-02-28"],
    ["29 February in a leap year", "1992-02-29", "2028-01-10", "2028-02-29"],
    ["29 February, the 28th has passed", "1992-02-29", "2027-03-01", "2028-02-29"],
    ["across the year end", "1990-01-02", "2026-12-30", "2027-01-02"],
  ])("%s", (_, birthday, today, expected) => {
    expect(nextBirthday(birthday, today)).toBe(expected);
  });

  it.each([
    ["today, window 1", "1980-11-24", "2026-11-24", 1, "2026-11-24"],
    ["tomorrow, window 1", "1980-11-25", "2026-11-24", 1, null],
    ["in 6 days, window 7", "1980-11-30", "2026-11-24", 7, "2026-11-30"],
    ["in 7 days, window 7", "1980-12-01", "2026-11-24", 7, null],
    ["28 February for a 29th in a common year", "2000-02-29", "2027-02-25", 7, "2027-02-28"],
  ])("%s", (_, birthday, today, days, expected) => {
    expect(birthdayToGreet(birthday, today, days)).toBe(expected);
  });
});

describe("addDays and daysBetween", () => {
  it.each([
    ["2026-12-30", 3, "2027-01-02"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2027-03-01", -1, "2027-02-28"],
    ["2026-03-29", 1, "2026-03-30"],
  ])("%s + %i = %s, and back", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });
});
