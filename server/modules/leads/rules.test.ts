// Every instant is written in UTC ("…Z") while the store runs on Asia/Shanghai (UTC+8, no DST) or, in one
// block, Europe/Berlin: an expectation only holds if the rules convert to the store's zone, whatever zone
// the test process itself runs in (the suite is run with TZ=UTC).
import { describe, expect, it } from "vitest";
import {
  applyFollowUp,
  type CadenceRange,
  type CadenceSettings,
  CREATABLE_LEVELS,
  DEFAULT_CADENCE_SETTINGS,
  dueAt,
  endOfBusinessDay,
  type FollowUpInput,
  GRADABLE_LEVELS,
  graceDueForNewOwner,
  isEscalated,
  isOverdue,
  isStale,
  LEVELS,
  type LeadCadenceState,
  type LeadState,
  type Level,
  localDateOf,
  nRuleDue,
  planWindow,
  validateCadenceSettings,
} from "./rules.ts";

const S = DEFAULT_CADENCE_SETTINGS;
const BERLIN: CadenceSettings = { ...S, timeZone: "Europe/Berlin" };
const LATE_CLOSE: CadenceSettings = { ...S, businessDayEnd: "19:30" };
const DAY = 24 * 60 * 60 * 1000;

const t = (isoZ: string): Date => new Date(isoZ);
const plus = (d: Date, ms: number): Date => new Date(d.getTime() + ms);
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

type SettingsPatch = Partial<Pick<CadenceSettings, "timeZone" | "businessDayEnd" | "escalateAfterDays">> & {
  cadence?: Partial<Record<keyof CadenceSettings["cadence"], Partial<CadenceRange>>>;
  validityDays?: Partial<CadenceSettings["validityDays"]>;
};

function variant(patch: SettingsPatch): CadenceSettings {
  const { cadence, validityDays, ...rest } = patch;
  const s: CadenceSettings = { ...structuredClone(S), ...rest };
  for (const [level, range] of Object.entries(cadence ?? {})) {
    Object.assign(s.cadence[level as keyof CadenceSettings["cadence"]], range);
  }
  Object.assign(s.validityDays, validityDays);
  return s;
}

describe("level lists", () => {
  it("keeps the domain's order and the subsets a follow-up and a creation may set", () => {
    expect(LEVELS).toEqual(["N", "C", "B", "A", "H", "O", "D", "T"]);
    expect(GRADABLE_LEVELS).toEqual(["C", "B", "A", "H"]);
    expect(CREATABLE_LEVELS).toEqual(["N", "C", "B", "A", "H"]);
  });

  it("ships the documented defaults", () => {
    expect(S).toEqual({
      timeZone: "Asia/Shanghai",
      businessDayEnd: "18:00",
      cadence: {
        C: { planDays: 10, maxDays: 15 },
        B: { planDays: 5, maxDays: 7 },
        A: { planDays: 3, maxDays: 5 },
        H: { planDays: 1, maxDays: 2 },
        O: { planDays: 7, maxDays: 7 },
      },
      validityDays: { H: 7, A: 15, B: 30, C: 90 },
      escalateAfterDays: 3,
    });
    expect(validateCadenceSettings(S)).toEqual([]);
  });
});

describe("localDateOf (Asia/Shanghai)", () => {
  it.each([
    ["2026-03-01T15:59:59.999Z", "2026-03-01"], // 23:59:59.999 local
    ["2026-03-01T16:00:00.000Z", "2026-03-02"], // local midnight, still Mar 1 in UTC
    ["2026-03-02T03:59:00.000Z", "2026-03-02"],
    ["2026-12-31T16:00:00.000Z", "2027-01-01"],
    ["2028-02-28T16:00:00.000Z", "2028-02-29"],
  ])("%s is on %s in the store", (at, expected) => {
    expect(localDateOf(t(at), S)).toBe(expected);
  });
});

describe("endOfBusinessDay", () => {
  it.each<[string, string, string, CadenceSettings]>([
    ["2026-03-02", "18:00", "2026-03-02T10:00:00.000Z", S],
    ["2026-02-28", "18:00", "2026-02-28T10:00:00.000Z", S],
    ["2028-02-29", "18:00", "2028-02-29T10:00:00.000Z", S],
    ["2026-12-31", "18:00", "2026-12-31T10:00:00.000Z", S],
    ["2026-03-02", "19:30", "2026-03-02T11:30:00.000Z", LATE_CLOSE],
  ])("%s at %s local is %s", (localDate, _end, expected, s) => {
    expect(iso(endOfBusinessDay(localDate, s))).toBe(expected);
  });

  it.each(["2026-02-29", "2026-13-01", "2026-3-2", "02.03.2026", ""])("rejects the local date %j", (bad) => {
    expect(() => endOfBusinessDay(bad, S)).toThrow(RangeError);
  });
});

describe("N rule (Asia/Shanghai, business day ends 18:00)", () => {
  it.each([
    ["00:00 local midnight", "2026-03-01T16:00:00.000Z", "2026-03-02T10:00:00.000Z"],
    ["04:00 local, still the previous day in UTC", "2026-03-01T20:00:00.000Z", "2026-03-02T10:00:00.000Z"],
    ["11:59 local", "2026-03-02T03:59:00.000Z", "2026-03-02T10:00:00.000Z"],
    ["11:59:59 local", "2026-03-02T03:59:59.000Z", "2026-03-02T10:00:00.000Z"],
    ["11:59:59.999 local", "2026-03-02T03:59:59.999Z", "2026-03-02T10:00:00.000Z"],
    ["12:00:00 local", "2026-03-02T04:00:00.000Z", "2026-03-03T04:00:00.000Z"],
    ["17:59 local", "2026-03-02T09:59:00.000Z", "2026-03-03T04:00:00.000Z"],
    ["18:00 local", "2026-03-02T10:00:00.000Z", "2026-03-03T04:00:00.000Z"],
    ["23:59 local", "2026-03-02T15:59:00.000Z", "2026-03-03T04:00:00.000Z"],
    ["23:59:59.999 local", "2026-03-02T15:59:59.999Z", "2026-03-03T04:00:00.000Z"],
    ["afternoon of Jan 31", "2026-01-31T06:00:00.000Z", "2026-02-01T04:00:00.000Z"],
    ["afternoon of Feb 28, 2026", "2026-02-28T06:00:00.000Z", "2026-03-01T04:00:00.000Z"],
    ["afternoon of Feb 28, 2028", "2028-02-28T06:00:00.000Z", "2028-02-29T04:00:00.000Z"],
    ["afternoon of Feb 29, 2028", "2028-02-29T06:00:00.000Z", "2028-03-01T04:00:00.000Z"],
    ["afternoon of Dec 31", "2026-12-31T08:00:00.000Z", "2027-01-01T04:00:00.000Z"],
  ])("received at %s (%s) is due %s", (_label, receivedAt, expected) => {
    expect(iso(nRuleDue(t(receivedAt), S))).toBe(expected);
    expect(iso(dueAt("N", t(receivedAt), S))).toBe(expected);
  });

  it.each([
    ["11:59 local → same day 19:30", "2026-03-02T03:59:00.000Z", "2026-03-02T11:30:00.000Z"],
    ["12:00 local → next day 12:00", "2026-03-02T04:00:00.000Z", "2026-03-03T04:00:00.000Z"],
    ["19:00 local → next day 12:00", "2026-03-02T11:00:00.000Z", "2026-03-03T04:00:00.000Z"],
  ])("with businessDayEnd 19:30, %s", (_label, receivedAt, expected) => {
    expect(iso(nRuleDue(t(receivedAt), LATE_CLOSE))).toBe(expected);
  });
});

describe("dueAt for each level across month and year ends (Asia/Shanghai)", () => {
  // Anchors at 10:00 local (02:00Z) unless noted; the due is 18:00 local (10:00Z) on the last allowed day.
  it.each<[Level, string, string]>([
    ["C", "2026-01-31T02:00:00.000Z", "2026-02-15T10:00:00.000Z"],
    ["C", "2026-02-28T02:00:00.000Z", "2026-03-15T10:00:00.000Z"],
    ["C", "2028-02-28T02:00:00.000Z", "2028-03-14T10:00:00.000Z"],
    ["C", "2028-02-29T02:00:00.000Z", "2028-03-15T10:00:00.000Z"],
    ["C", "2026-12-31T02:00:00.000Z", "2027-01-15T10:00:00.000Z"],
    ["B", "2026-01-31T02:00:00.000Z", "2026-02-07T10:00:00.000Z"],
    ["B", "2026-02-22T02:00:00.000Z", "2026-03-01T10:00:00.000Z"],
    ["B", "2026-02-28T02:00:00.000Z", "2026-03-07T10:00:00.000Z"],
    ["B", "2028-02-28T02:00:00.000Z", "2028-03-06T10:00:00.000Z"],
    ["B", "2028-02-29T02:00:00.000Z", "2028-03-07T10:00:00.000Z"],
    ["B", "2026-12-31T02:00:00.000Z", "2027-01-07T10:00:00.000Z"],
    ["A", "2026-01-31T02:00:00.000Z", "2026-02-05T10:00:00.000Z"],
    ["A", "2026-02-24T02:00:00.000Z", "2026-03-01T10:00:00.000Z"],
    ["A", "2028-02-24T02:00:00.000Z", "2028-02-29T10:00:00.000Z"],
    ["A", "2026-02-28T02:00:00.000Z", "2026-03-05T10:00:00.000Z"],
    ["A", "2026-12-27T02:00:00.000Z", "2027-01-01T10:00:00.000Z"],
    ["A", "2026-12-31T02:00:00.000Z", "2027-01-05T10:00:00.000Z"],
    ["H", "2026-01-31T02:00:00.000Z", "2026-02-02T10:00:00.000Z"],
    ["H", "2026-02-27T02:00:00.000Z", "2026-03-01T10:00:00.000Z"],
    ["H", "2026-02-28T02:00:00.000Z", "2026-03-02T10:00:00.000Z"],
    ["H", "2028-02-27T02:00:00.000Z", "2028-02-29T10:00:00.000Z"],
    ["H", "2028-02-28T02:00:00.000Z", "2028-03-01T10:00:00.000Z"],
    ["H", "2026-12-30T02:00:00.000Z", "2027-01-01T10:00:00.000Z"],
    ["H", "2026-12-31T02:00:00.000Z", "2027-01-02T10:00:00.000Z"],
    ["O", "2026-01-31T02:00:00.000Z", "2026-02-07T10:00:00.000Z"],
    ["O", "2028-02-22T02:00:00.000Z", "2028-02-29T10:00:00.000Z"],
    ["O", "2026-02-28T02:00:00.000Z", "2026-03-07T10:00:00.000Z"],
    ["O", "2026-12-31T02:00:00.000Z", "2027-01-07T10:00:00.000Z"],
    // 23:59 local on Jan 31 counts from Jan 31; 00:30 local on Feb 1 (still Jan 31 in UTC) counts from Feb 1.
    ["B", "2026-01-31T15:59:00.000Z", "2026-02-07T10:00:00.000Z"],
    ["B", "2026-01-31T16:30:00.000Z", "2026-02-08T10:00:00.000Z"],
  ])("%s anchored at %s is due %s", (level, anchor, expected) => {
    expect(iso(dueAt(level, t(anchor), S))).toBe(expected);
  });

  it.each<Level>(["D", "T"])("%s has no due time", (level) => {
    expect(dueAt(level, t("2026-03-02T02:00:00.000Z"), S)).toBeNull();
  });

  it("ends the last allowed day at the configured businessDayEnd (19:30)", () => {
    expect(iso(dueAt("B", t("2026-03-02T02:00:00.000Z"), LATE_CLOSE))).toBe("2026-03-09T11:30:00.000Z");
  });
});

describe("planWindow (Asia/Shanghai)", () => {
  const at = "2026-03-02T06:00:00.000Z"; // Mar 2, 14:00 local

  it.each<[Level, string, string]>([
    ["N", "2026-03-03T04:00:00.000Z", "2026-03-03T04:00:00.000Z"],
    ["C", "2026-03-12T02:00:00.000Z", "2026-03-17T10:00:00.000Z"],
    ["B", "2026-03-07T02:00:00.000Z", "2026-03-09T10:00:00.000Z"],
    ["A", "2026-03-05T02:00:00.000Z", "2026-03-07T10:00:00.000Z"],
    ["H", "2026-03-03T02:00:00.000Z", "2026-03-04T10:00:00.000Z"],
    ["O", "2026-03-09T02:00:00.000Z", "2026-03-09T10:00:00.000Z"],
  ])("%s proposes %s, latest %s", (level, proposed, latest) => {
    const w = planWindow(level, t(at), S);
    expect(iso(w.proposedAt)).toBe(proposed);
    expect(iso(w.latestAt)).toBe(latest);
    expect(w.proposedAt.getTime()).toBeGreaterThan(t(at).getTime());
    expect(w.proposedAt.getTime()).toBeLessThanOrEqual(w.latestAt.getTime());
    expect(iso(w.latestAt)).toBe(iso(dueAt(level, t(at), S)));
  });

  it.each<Level>(["D", "T"])("refuses %s, which has no cadence", (level) => {
    expect(() => planWindow(level, t(at), S)).toThrow(RangeError);
  });

  it.each<[Level, string, string]>([
    // 01:00 local on Mar 3 while it is still Mar 2 in UTC: the plan counts from the local day.
    ["H", "2026-03-04T02:00:00.000Z", "2026-03-05T10:00:00.000Z"],
    ["B", "2026-03-08T02:00:00.000Z", "2026-03-10T10:00:00.000Z"],
  ])("counts %s plan days from the store's date, proposing %s", (level, proposed, latest) => {
    const w = planWindow(level, t("2026-03-02T17:00:00.000Z"), S);
    expect(iso(w.proposedAt)).toBe(proposed);
    expect(iso(w.latestAt)).toBe(latest);
  });

  it.each<[Level, string, string, string]>([
    ["C", "2026-12-21T06:00:00.000Z", "2026-12-31T02:00:00.000Z", "2027-01-05T10:00:00.000Z"],
    ["B", "2026-01-28T06:00:00.000Z", "2026-02-02T02:00:00.000Z", "2026-02-04T10:00:00.000Z"],
    ["A", "2028-02-27T06:00:00.000Z", "2028-03-01T02:00:00.000Z", "2028-03-03T10:00:00.000Z"],
    ["H", "2028-02-28T06:00:00.000Z", "2028-02-29T02:00:00.000Z", "2028-03-01T10:00:00.000Z"],
    ["O", "2026-02-25T06:00:00.000Z", "2026-03-04T02:00:00.000Z", "2026-03-04T10:00:00.000Z"],
  ])("%s from %s across a month end proposes %s, latest %s", (level, from, proposed, latest) => {
    const w = planWindow(level, t(from), S);
    expect(iso(w.proposedAt)).toBe(proposed);
    expect(iso(w.latestAt)).toBe(latest);
  });

  it("keeps the 10:00 proposal and moves the latest time with businessDayEnd 19:30", () => {
    const w = planWindow("B", t(at), LATE_CLOSE);
    expect(iso(w.proposedAt)).toBe("2026-03-07T02:00:00.000Z");
    expect(iso(w.latestAt)).toBe("2026-03-09T11:30:00.000Z");
  });

  it("never proposes after the latest time, even when the business day would end before the plan time", () => {
    // Such settings fail validation; the clamp still guarantees the form can never propose a refused plan.
    const odd = variant({ businessDayEnd: "09:00", cadence: { B: { planDays: 7 } } });
    const w = planWindow("B", t(at), odd);
    expect(iso(w.latestAt)).toBe("2026-03-09T01:00:00.000Z");
    expect(iso(w.proposedAt)).toBe("2026-03-09T01:00:00.000Z");
  });
});

describe("isStale (elapsed time, strictly longer than the validity)", () => {
  const since = t("2026-03-02T02:00:00.000Z");

  it.each<[Level, number]>([
    ["H", 7],
    ["A", 15],
    ["B", 30],
    ["C", 90],
  ])("%s is still valid exactly %i days on and stale 1 ms later", (level, days) => {
    expect(isStale(level, since, plus(since, days * DAY - 1), S)).toBe(false);
    expect(isStale(level, since, plus(since, days * DAY), S)).toBe(false);
    expect(isStale(level, since, plus(since, days * DAY + 1), S)).toBe(true);
  });

  it.each<Level>(["N", "O", "D", "T"])("%s never goes stale", (level) => {
    expect(isStale(level, since, plus(since, 1000 * DAY), S)).toBe(false);
  });

  it("follows the store's validity settings", () => {
    const short = variant({ validityDays: { H: 3 } });
    expect(isStale("H", since, plus(since, 3 * DAY), short)).toBe(false);
    expect(isStale("H", since, plus(since, 3 * DAY + 1), short)).toBe(true);
  });
});

describe("isOverdue (only active leads, strictly after the due time)", () => {
  const due = t("2026-03-09T10:00:00.000Z");

  it.each<[LeadState, number, boolean]>([
    ["active", -1, false],
    ["active", 0, false],
    ["active", 1, true],
    ["active", 30 * DAY, true],
    ["defeat_requested", 1, false],
    ["defeated", 1, false],
    ["won", 1, false],
  ])("%s lead, %i ms past the due time → %s", (state, offset, expected) => {
    expect(isOverdue(state, due, plus(due, offset))).toBe(expected);
  });

  it("a lead without a due time is never overdue", () => {
    expect(isOverdue("active", null, t("2030-01-01T00:00:00.000Z"))).toBe(false);
  });

  it("is overdue at 19:30:00.001 local when the business day ends 19:30", () => {
    const lateDue = dueAt("B", t("2026-03-02T02:00:00.000Z"), LATE_CLOSE)!;
    expect(isOverdue("active", lateDue, t("2026-03-09T11:30:00.000Z"))).toBe(false);
    expect(isOverdue("active", lateDue, t("2026-03-09T11:30:00.001Z"))).toBe(true);
  });
});

describe("isEscalated (overdue by more than escalateAfterDays)", () => {
  const due = t("2026-03-09T10:00:00.000Z");

  it.each<[LeadState, number, boolean]>([
    ["active", 1, false],
    ["active", 3 * DAY, false],
    ["active", 3 * DAY + 1, true],
    ["defeat_requested", 10 * DAY, false],
    ["defeated", 10 * DAY, false],
    ["won", 10 * DAY, false],
  ])("%s lead, %i ms past the due time → %s", (state, offset, expected) => {
    expect(isEscalated(state, due, plus(due, offset), S)).toBe(expected);
  });

  it("a lead without a due time is never escalated", () => {
    expect(isEscalated("active", null, t("2030-01-01T00:00:00.000Z"), S)).toBe(false);
  });

  it("follows escalateAfterDays", () => {
    const one = variant({ escalateAfterDays: 1 });
    expect(isEscalated("active", due, plus(due, DAY), one)).toBe(false);
    expect(isEscalated("active", due, plus(due, DAY + 1), one)).toBe(true);
  });
});

describe("graceDueForNewOwner", () => {
  it.each<[string, string | null, string, string]>([
    ["no due time, morning hand-over", null, "2026-03-04T01:00:00.000Z", "2026-03-04T10:00:00.000Z"],
    ["no due time, afternoon hand-over", null, "2026-03-04T06:00:00.000Z", "2026-03-05T04:00:00.000Z"],
    ["already overdue", "2026-03-01T10:00:00.000Z", "2026-03-04T06:00:00.000Z", "2026-03-05T04:00:00.000Z"],
    [
      "due sooner than the N rule allows",
      "2026-03-04T10:00:00.000Z",
      "2026-03-04T06:00:00.000Z",
      "2026-03-05T04:00:00.000Z",
    ],
    [
      "due exactly at the grace time",
      "2026-03-05T04:00:00.000Z",
      "2026-03-04T06:00:00.000Z",
      "2026-03-05T04:00:00.000Z",
    ],
    [
      "due later than the grace",
      "2026-03-09T10:00:00.000Z",
      "2026-03-04T06:00:00.000Z",
      "2026-03-09T10:00:00.000Z",
    ],
  ])("%s keeps the lead off the overdue list", (_label, current, now, expected) => {
    const grace = graceDueForNewOwner(current === null ? null : t(current), t(now), S);
    expect(iso(grace)).toBe(expected);
    expect(isOverdue("active", grace, t(now))).toBe(false);
  });
});

describe("validateCadenceSettings", () => {
  it.each<[string, SettingsPatch, string]>([
    ["planDays 0", { cadence: { B: { planDays: 0 } } }, "cadence.B.planDays"],
    ["fractional planDays", { cadence: { B: { planDays: 1.5 } } }, "cadence.B.planDays"],
    ["planDays > maxDays", { cadence: { A: { planDays: 6 } } }, "cadence.A.planDays (6) must not exceed"],
    ["maxDays 0", { cadence: { H: { maxDays: 0 } } }, "cadence.H.maxDays"],
    ["maxDays 366", { cadence: { C: { maxDays: 366 } } }, "cadence.C.maxDays"],
    ["validity 0", { validityDays: { H: 0 } }, "validityDays.H"],
    ["negative validity", { validityDays: { C: -1 } }, "validityDays.C"],
    ["business day ending at noon", { businessDayEnd: "12:00" }, "must be after 12:00"],
    ["business day ending in the morning", { businessDayEnd: "09:30" }, "must be after 12:00"],
    ["24:00", { businessDayEnd: "24:00" }, "HH:mm"],
    ["single-digit minutes", { businessDayEnd: "18:0" }, "HH:mm"],
    ["6pm", { businessDayEnd: "6pm" }, "HH:mm"],
    ["18:60", { businessDayEnd: "18:60" }, "HH:mm"],
    ["misspelled zone", { timeZone: "Asia/Shangai" }, "not a known time zone"],
    ["empty zone", { timeZone: "" }, "not a known time zone"],
    ["escalate 0", { escalateAfterDays: 0 }, "escalateAfterDays"],
  ])("reports %s", (_label, patch, problem) => {
    const problems = validateCadenceSettings(variant(patch));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it.each<[string, SettingsPatch]>([
    ["planDays = maxDays", { cadence: { B: { planDays: 7, maxDays: 7 } } }],
    ["planDays 1, maxDays 1", { cadence: { H: { planDays: 1, maxDays: 1 } } }],
    ["maxDays 365", { cadence: { C: { maxDays: 365 } } }],
    ["validity 1", { validityDays: { H: 1 } }],
    ["business day ending 12:01", { businessDayEnd: "12:01" }],
    ["business day ending 19:30", { businessDayEnd: "19:30" }],
    ["business day ending 23:59", { businessDayEnd: "23:59" }],
    ["Europe/Berlin", { timeZone: "Europe/Berlin" }],
    ["UTC", { timeZone: "UTC" }],
    ["escalate 1", { escalateAfterDays: 1 }],
  ])("accepts %s", (_label, patch) => {
    expect(validateCadenceSettings(variant(patch))).toEqual([]);
  });

  it("reports a missing level", () => {
    const s = structuredClone(S);
    delete (s.cadence as Partial<CadenceSettings["cadence"]>).O;
    expect(validateCadenceSettings(s)).toEqual(["cadence.O is missing"]);
  });

  it("lists every problem at once", () => {
    const problems = validateCadenceSettings(
      variant({
        timeZone: "Nowhere/Special",
        businessDayEnd: "11:00",
        cadence: { C: { planDays: 20 } },
        escalateAfterDays: 0,
      }),
    );
    expect(problems).toHaveLength(4);
  });
});

describe("Europe/Berlin across DST changes (spring 2026-03-29, autumn 2026-10-25)", () => {
  it.each([
    ["2026-03-28", "2026-03-28T17:00:00.000Z"], // CET, UTC+1
    ["2026-03-29", "2026-03-29T16:00:00.000Z"], // CEST from 02:00 that night, UTC+2
    ["2026-10-24", "2026-10-24T16:00:00.000Z"],
    ["2026-10-25", "2026-10-25T17:00:00.000Z"], // back to CET
  ])("the business day of %s ends at 18:00 local = %s", (localDate, expected) => {
    expect(iso(endOfBusinessDay(localDate, BERLIN))).toBe(expected);
  });

  it.each([
    ["11:59:59.999 CET", "2026-03-28T10:59:59.999Z", "2026-03-28T17:00:00.000Z"],
    ["12:00 CET, due at 12:00 CEST", "2026-03-28T11:00:00.000Z", "2026-03-29T10:00:00.000Z"],
    ["12:00 CEST, due at 12:00 CET", "2026-10-24T10:00:00.000Z", "2026-10-25T11:00:00.000Z"],
    ["00:30 CEST, still the previous day in UTC", "2026-03-29T22:30:00.000Z", "2026-03-30T16:00:00.000Z"],
  ])("N rule: received %s", (_label, receivedAt, expected) => {
    expect(iso(nRuleDue(t(receivedAt), BERLIN))).toBe(expected);
  });

  it.each<[Level, string, string]>([
    ["B", "2026-03-25T09:00:00.000Z", "2026-04-01T16:00:00.000Z"], // anchored in CET, due in CEST
    ["H", "2026-10-24T08:00:00.000Z", "2026-10-26T17:00:00.000Z"], // anchored in CEST, due in CET
    ["C", "2026-03-20T09:00:00.000Z", "2026-04-04T16:00:00.000Z"],
  ])("%s anchored at %s is due %s", (level, anchor, expected) => {
    expect(iso(dueAt(level, t(anchor), BERLIN))).toBe(expected);
  });

  it("proposes 10:00 local on the far side of the change", () => {
    const w = planWindow("H", t("2026-03-28T12:00:00.000Z"), BERLIN);
    expect(iso(w.proposedAt)).toBe("2026-03-29T08:00:00.000Z");
    expect(iso(w.latestAt)).toBe("2026-03-30T16:00:00.000Z");
  });

  it("reads the local date in the store's zone", () => {
    expect(localDateOf(t("2026-03-28T23:30:00.000Z"), BERLIN)).toBe("2026-03-29");
    expect(localDateOf(t("2026-03-29T21:30:00.000Z"), BERLIN)).toBe("2026-03-29");
    expect(localDateOf(t("2026-03-29T22:30:00.000Z"), BERLIN)).toBe("2026-03-30");
  });

  it("measures validity in elapsed time, not wall-clock hours", () => {
    const since = t("2026-03-25T09:00:00.000Z"); // 10:00 CET
    // 7 × 24 h later the wall clock reads 11:00 CEST; the lead is exactly at its limit, not an hour past it.
    expect(isStale("H", since, t("2026-04-01T09:00:00.000Z"), BERLIN)).toBe(false);
    expect(isStale("H", since, t("2026-04-01T09:00:00.001Z"), BERLIN)).toBe(true);
  });

  it("applies a follow-up with the due time on the far side of the change", () => {
    const outcome = applyFollowUp(
      {
        level: "B",
        levelSince: t("2026-03-20T09:00:00.000Z"),
        state: "active",
        createdAt: t("2026-03-20T09:00:00.000Z"),
        lastReachedAt: t("2026-03-20T09:00:00.000Z"),
        dueAt: t("2026-03-27T17:00:00.000Z"),
      },
      { occurredAt: t("2026-03-26T15:00:00.000Z"), reached: true },
      t("2026-03-26T16:00:00.000Z"),
      BERLIN,
    );
    expect(outcome.ok && iso(outcome.dueAt)).toBe("2026-04-02T16:00:00.000Z");
  });

  it("accepts the zone", () => {
    expect(validateCadenceSettings(BERLIN)).toEqual([]);
  });
});

describe("applyFollowUp (Asia/Shanghai)", () => {
  const created = t("2026-03-02T02:00:00.000Z"); // Mar 2, 10:00 local
  const now = t("2026-03-04T06:00:00.000Z"); // Mar 4, 14:00 local

  const lead = (over: Partial<LeadCadenceState> = {}): LeadCadenceState => ({
    level: "B",
    levelSince: created,
    state: "active",
    createdAt: created,
    lastReachedAt: created,
    dueAt: t("2026-03-09T10:00:00.000Z"),
    ...over,
  });
  const input = (over: Partial<FollowUpInput> = {}): FollowUpInput => ({
    occurredAt: now,
    reached: true,
    ...over,
  });
  const stale = { levelSince: plus(now, -(30 * DAY + 1)) };

  describe("refusals", () => {
    it.each<[string, Partial<LeadCadenceState>, Partial<FollowUpInput>, string]>([
      ["a lead awaiting defeat approval", { state: "defeat_requested" }, {}, "lead_not_active"],
      ["a defeated lead", { state: "defeated" }, {}, "lead_not_active"],
      ["a won lead", { state: "won", level: "D" }, {}, "lead_not_active"],
      ["a follow-up 1 ms in the future", {}, { occurredAt: plus(now, 1) }, "in_future"],
      ["a follow-up 1 ms before the lead", {}, { occurredAt: plus(created, -1) }, "before_lead_created"],
      ["setting N", {}, { level: "N" }, "level_not_allowed"],
      ["setting O", {}, { level: "O" }, "level_not_allowed"],
      ["setting D", {}, { level: "D" }, "level_not_allowed"],
      ["setting T", {}, { level: "T" }, "level_not_allowed"],
      ["re-grading an O lead", { level: "O" }, { level: "H" }, "level_not_allowed"],
      ["restating O on an O lead", { level: "O" }, { level: "O" }, "level_not_allowed"],
      ["a stale lead reached without a level", stale, {}, "level_required"],
      ["a stale lead not reached, without a level", stale, { reached: false }, "level_required"],
      ["an N lead reached without a level", { level: "N", lastReachedAt: null }, {}, "level_required"],
      ["a plan at the follow-up time", {}, { nextContactAt: now }, "plan_not_after_follow_up"],
      ["a plan before the follow-up", {}, { nextContactAt: plus(now, -1) }, "plan_not_after_follow_up"],
      [
        "a plan 1 ms beyond the cadence",
        {},
        { nextContactAt: t("2026-03-11T10:00:00.001Z") },
        "beyond_cadence",
      ],
    ])("refuses %s", (_label, leadOver, inputOver, code) => {
      const outcome = applyFollowUp(lead(leadOver), input(inputOver), now, S);
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.code).toBe(code);
      expect(!outcome.ok && outcome.message.length).toBeGreaterThan(0);
    });

    it.each<[string, string]>([
      ["a stale H lead", "H"],
      ["a stale A lead", "A"],
      ["a stale C lead", "C"],
    ])("requires a level on %s", (_label, level) => {
      const days = S.validityDays[level as "H" | "A" | "C"];
      const outcome = applyFollowUp(
        lead({
          level: level as Level,
          levelSince: plus(now, -(days * DAY + 1)),
          createdAt: t("2025-01-01T00:00:00Z"),
        }),
        input(),
        now,
        S,
      );
      expect(!outcome.ok && outcome.code).toBe("level_required");
      expect(!outcome.ok && outcome.details).toMatchObject({ reason: "stale" });
    });

    it("explains a plan beyond the cadence with the latest allowed day and a hint to re-grade", () => {
      const outcome = applyFollowUp(lead(), input({ nextContactAt: t("2026-03-13T02:00:00.000Z") }), now, S);
      expect(outcome).toMatchObject({
        ok: false,
        code: "beyond_cadence",
        details: { latestAt: "2026-03-11T10:00:00.000Z" },
      });
      expect(!outcome.ok && outcome.message).toContain("2026-03-11");
      expect(!outcome.ok && outcome.message).toMatch(/re-grade/);
    });

    it("judges staleness at now, not at a backdated occurredAt", () => {
      // 30 days at the time of the contact, 30 days + 1 ms when the form is submitted.
      const occurredAt = t("2026-03-04T02:00:00.000Z");
      const outcome = applyFollowUp(
        lead({ levelSince: plus(now, -(30 * DAY + 1)), createdAt: t("2026-01-01T00:00:00Z") }),
        input({ occurredAt }),
        now,
        S,
      );
      expect(!outcome.ok && outcome.code).toBe("level_required");
    });

    it("does not require a level on a lead exactly at its validity limit", () => {
      const outcome = applyFollowUp(lead({ levelSince: plus(now, -30 * DAY) }), input(), now, S);
      expect(outcome.ok).toBe(true);
    });

    it("checks the plan against the new level's range", () => {
      // Going B → H on Mar 4 leaves until Mar 6 18:00; a plan for Mar 7 needs a lower level, not H.
      const outcome = applyFollowUp(
        lead(),
        input({ level: "H", nextContactAt: t("2026-03-07T02:00:00.000Z") }),
        now,
        S,
      );
      expect(outcome).toMatchObject({
        ok: false,
        code: "beyond_cadence",
        details: { latestAt: "2026-03-06T10:00:00.000Z" },
      });
    });
  });

  describe("accepted follow-ups", () => {
    it("accepts a follow-up exactly at now and exactly at the lead's creation", () => {
      expect(applyFollowUp(lead(), input({ occurredAt: now }), now, S).ok).toBe(true);
      expect(applyFollowUp(lead(), input({ occurredAt: created }), now, S).ok).toBe(true);
    });

    it("restarts the clock when the customer is reached", () => {
      expect(applyFollowUp(lead(), input(), now, S)).toEqual({
        ok: true,
        levelBefore: "B",
        levelAfter: "B",
        levelChanged: false,
        levelSince: created,
        lastReachedAt: now,
        dueAt: t("2026-03-11T10:00:00.000Z"),
        nextContactAt: null,
      });
    });

    it("leaves the clock alone when the customer is not reached", () => {
      expect(applyFollowUp(lead(), input({ reached: false }), now, S)).toEqual({
        ok: true,
        levelBefore: "B",
        levelAfter: "B",
        levelChanged: false,
        levelSince: created,
        lastReachedAt: created,
        dueAt: t("2026-03-09T10:00:00.000Z"),
        nextContactAt: null,
      });
    });

    it("runs an unreached lead's clock from its creation when it was never reached", () => {
      const outcome = applyFollowUp(lead({ lastReachedAt: null }), input({ reached: false }), now, S);
      expect(outcome).toMatchObject({ ok: true, lastReachedAt: null, dueAt: t("2026-03-09T10:00:00.000Z") });
    });

    it("does not wind the clock back for a backdated reached follow-up", () => {
      const lastReachedAt = t("2026-03-04T01:00:00.000Z");
      const outcome = applyFollowUp(
        lead({ lastReachedAt }),
        input({ occurredAt: t("2026-03-03T01:00:00.000Z") }),
        now,
        S,
      );
      expect(outcome).toMatchObject({ ok: true, lastReachedAt, dueAt: t("2026-03-11T10:00:00.000Z") });
    });

    it.each<[Level, string]>([
      ["C", "2026-03-19T10:00:00.000Z"],
      ["B", "2026-03-11T10:00:00.000Z"],
      ["A", "2026-03-09T10:00:00.000Z"],
      ["H", "2026-03-06T10:00:00.000Z"],
    ])("re-grades a reached B lead to %s, due %s", (level, expectedDue) => {
      const outcome = applyFollowUp(lead(), input({ level }), now, S);
      expect(outcome).toEqual({
        ok: true,
        levelBefore: "B",
        levelAfter: level,
        levelChanged: level !== "B",
        levelSince: level === "B" ? created : now,
        lastReachedAt: now,
        dueAt: t(expectedDue),
        nextContactAt: null,
      });
    });

    it.each<[Level, string]>([
      ["C", "2026-03-17T10:00:00.000Z"], // Mar 2 + 15
      ["A", "2026-03-07T10:00:00.000Z"], // Mar 2 + 5
      ["H", "2026-03-04T10:00:00.000Z"], // Mar 2 + 2
    ])(
      "applies %s's range from the last effective contact when re-graded without reaching",
      (level, expectedDue) => {
        // the lead's current due lies before the new level's: an unreached attempt never lengthens past it
        const outcome = applyFollowUp(
          lead({ dueAt: t("2026-03-03T10:00:00.000Z") }),
          input({ reached: false, level }),
          now,
          S,
        );
        expect(outcome).toMatchObject({
          ok: true,
          levelAfter: level,
          levelChanged: true,
          levelSince: now,
          lastReachedAt: created,
          dueAt: t(expectedDue),
        });
      },
    );

    it.each<[string, boolean]>([
      ["reached", true],
      ["not reached", false],
    ])("restarts the validity when a stale lead's level is restated (%s)", (_label, reached) => {
      const outcome = applyFollowUp(lead(stale), input({ reached, level: "B" }), now, S);
      expect(outcome).toMatchObject({ ok: true, levelAfter: "B", levelChanged: false, levelSince: now });
    });

    it("keeps levelSince when a valid lead's level is restated", () => {
      const outcome = applyFollowUp(lead(), input({ level: "B" }), now, S);
      expect(outcome).toMatchObject({ ok: true, levelChanged: false, levelSince: created });
    });

    it("keeps an N lead at N after an unreached attempt, due by the N rule from its creation", () => {
      const outcome = applyFollowUp(
        lead({ level: "N", lastReachedAt: null, dueAt: t("2026-03-02T10:00:00.000Z") }),
        input({ reached: false, occurredAt: t("2026-03-02T05:00:00.000Z") }),
        now,
        S,
      );
      expect(outcome).toMatchObject({
        ok: true,
        levelAfter: "N",
        levelChanged: false,
        lastReachedAt: null,
        dueAt: t("2026-03-02T10:00:00.000Z"),
      });
    });

    it("grades an N lead on the first real contact", () => {
      const outcome = applyFollowUp(lead({ level: "N", lastReachedAt: null }), input({ level: "C" }), now, S);
      expect(outcome).toMatchObject({
        ok: true,
        levelBefore: "N",
        levelAfter: "C",
        levelChanged: true,
        levelSince: now,
        lastReachedAt: now,
        dueAt: t("2026-03-19T10:00:00.000Z"),
      });
    });

    it("lets an N lead be graded without reaching the customer, due from its creation", () => {
      const outcome = applyFollowUp(
        lead({ level: "N", lastReachedAt: null, dueAt: t("2026-03-02T10:00:00.000Z") }),
        input({ reached: false, level: "H" }),
        now,
        S,
      );
      expect(outcome).toMatchObject({ ok: true, levelAfter: "H", dueAt: t("2026-03-04T10:00:00.000Z") });
    });

    it("never shortens the due time (a new owner's grace) with an unreached attempt", () => {
      const grace = t("2026-03-12T10:00:00.000Z");
      const outcome = applyFollowUp(lead({ dueAt: grace }), input({ reached: false }), now, S);
      expect(outcome).toMatchObject({ ok: true, dueAt: grace });
    });

    it("lets an unreached attempt on an overdue lead plan the retry within the level's range from the attempt", () => {
      const overdue = lead({
        lastReachedAt: t("2026-02-01T02:00:00.000Z"),
        dueAt: t("2026-02-08T10:00:00.000Z"),
      });
      const ok = applyFollowUp(
        overdue,
        input({ reached: false, nextContactAt: t("2026-03-11T09:00:00.000Z") }),
        now,
        S,
      );
      expect(ok).toMatchObject({ ok: true, dueAt: t("2026-02-08T10:00:00.000Z") });
      const late = applyFollowUp(
        overdue,
        input({ reached: false, nextContactAt: t("2026-03-11T10:00:00.001Z") }),
        now,
        S,
      );
      expect(late).toMatchObject({ ok: false, code: "beyond_cadence" });
    });

    it("runs an O lead's 7-day cadence without a level, and it never goes stale", () => {
      const outcome = applyFollowUp(lead({ level: "O", levelSince: plus(now, -200 * DAY) }), input(), now, S);
      expect(outcome).toMatchObject({
        ok: true,
        levelAfter: "O",
        levelChanged: false,
        dueAt: t("2026-03-11T10:00:00.000Z"),
      });
    });

    it("bounds nothing for a T lead, which has no clock", () => {
      const nextContactAt = t("2026-06-01T02:00:00.000Z");
      const outcome = applyFollowUp(lead({ level: "T" }), input({ nextContactAt }), now, S);
      expect(outcome).toMatchObject({ ok: true, levelAfter: "T", dueAt: null, nextContactAt });
    });

    it.each<Level>(["C", "B", "A", "H"])(
      "accepts the plan the form proposes for %s, and the latest allowed time",
      (level) => {
        const w = planWindow(level, now, S);
        for (const nextContactAt of [w.proposedAt, w.latestAt]) {
          const outcome = applyFollowUp(lead(), input({ level, nextContactAt }), now, S);
          expect(outcome).toMatchObject({ ok: true, nextContactAt, dueAt: w.latestAt });
        }
        const beyond = applyFollowUp(lead(), input({ level, nextContactAt: plus(w.latestAt, 1) }), now, S);
        expect(!beyond.ok && beyond.code).toBe("beyond_cadence");
      },
    );

    it("accepts a plan 1 ms after the follow-up", () => {
      const nextContactAt = plus(now, 1);
      expect(applyFollowUp(lead(), input({ nextContactAt }), now, S)).toMatchObject({
        ok: true,
        nextContactAt,
      });
    });
  });
});
