// Instants are written in UTC ("…Z") while the store runs on Asia/Shanghai (UTC+8, no DST) or Europe/Berlin
// (DST from 2026-03-29 02:00 to 2026-10-25 03:00): an expectation only holds if the rules convert to the
// store's zone, whatever zone the test process runs in.
import { describe, expect, it } from "vitest";
import { type CadenceSettings, DEFAULT_CADENCE_SETTINGS } from "../leads/rules.ts";
import {
  type AttemptInput,
  applyAttempt,
  callbackRate,
  isTaskOverdue,
  localPeriod,
  MAX_UNREACHED_ATTEMPTS,
  POST_SALE_CALLBACK_DAYS,
  postSaleCallbackDue,
  TASK_KINDS,
  type TaskState,
} from "./rules.ts";
import { CARE_TASK_TYPES } from "./schema.ts";

const S = DEFAULT_CADENCE_SETTINGS;
const BERLIN: CadenceSettings = { ...S, timeZone: "Europe/Berlin" };
const LATE_CLOSE: CadenceSettings = { ...S, businessDayEnd: "20:30" };
const t = (iso: string) => new Date(iso);

describe("post-sale callback due times", () => {
  it("calls back at 3, 7 and 30 days", () => {
    expect(POST_SALE_CALLBACK_DAYS).toEqual([3, 7, 30]);
  });

  const cases: [string, string, CadenceSettings, number, string][] = [
    // [case, delivered at, store, day offset, due at]
    ["Shanghai, morning delivery", "2026-11-24T02:00:00Z", S, 3, "2026-11-27T10:00:00Z"],
    ["Shanghai, 7 days", "2026-11-24T02:00:00Z", S, 7, "2026-12-01T10:00:00Z"],
    ["Shanghai, 30 days across the year end", "2026-12-10T02:00:00Z", S, 30, "2027-01-09T10:00:00Z"],
    // 22:30 local on the 24th is still the 24th: the count starts from the local date, not the UTC one
    ["Shanghai, delivery late in the evening", "2026-11-24T14:30:00Z", S, 3, "2026-11-27T10:00:00Z"],
    // 00:30 local on the 25th is the 16:30 UTC of the 24th: the local date is the 25th
    ["Shanghai, just after local midnight", "2026-11-24T16:30:00Z", S, 3, "2026-11-28T10:00:00Z"],
    ["Shanghai, after the business day's end", "2026-11-24T12:00:00Z", S, 3, "2026-11-27T10:00:00Z"],
    ["a store closing at 20:30", "2026-11-24T02:00:00Z", LATE_CLOSE, 3, "2026-11-27T12:30:00Z"],
    ["Shanghai, 29 Feb in a leap year", "2028-02-26T02:00:00Z", S, 3, "2028-02-29T10:00:00Z"],
    // Berlin: winter time (UTC+1) before, summer time (UTC+2) after 29 March 2026
    ["Berlin, winter", "2026-01-10T09:00:00Z", BERLIN, 3, "2026-01-13T17:00:00Z"],
    [
      "Berlin, delivered before the switch, due after it",
      "2026-03-27T10:00:00Z",
      BERLIN,
      3,
      "2026-03-30T16:00:00Z",
    ],
    [
      "Berlin, late evening on the switch-over day",
      "2026-03-29T21:30:00Z",
      BERLIN,
      7,
      "2026-04-05T16:00:00Z",
    ],
    ["Berlin, summer back to winter", "2026-10-23T10:00:00Z", BERLIN, 3, "2026-10-26T17:00:00Z"],
    ["Berlin, 30 days across the autumn switch", "2026-10-01T10:00:00Z", BERLIN, 30, "2026-10-31T17:00:00Z"],
  ];
  it.each(cases)("%s", (_, delivered, s, offset, due) => {
    expect(postSaleCallbackDue(t(delivered), offset, s).toISOString()).toBe(new Date(due).toISOString());
  });

  it("refuses a day offset that is not a whole number of days ≥ 0", () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() => postSaleCallbackDue(t("2026-11-24T02:00:00Z"), bad, S)).toThrow(RangeError);
    }
  });
});

describe("local periods", () => {
  it.each([
    ["Shanghai month", "2026-11-01", "2026-11-30", S, "2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z"],
    ["Shanghai single day", "2026-11-24", "2026-11-24", S, "2026-11-23T16:00:00Z", "2026-11-24T16:00:00Z"],
    // March in Berlin has 743 hours: it starts at UTC+1 and ends at UTC+2
    ["Berlin March", "2026-03-01", "2026-03-31", BERLIN, "2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z"],
  ] as const)("%s", (_, from, to, s, start, end) => {
    const p = localPeriod(from, to, s);
    expect([p.start.toISOString(), p.end.toISOString()]).toEqual([
      new Date(start).toISOString(),
      new Date(end).toISOString(),
    ]);
  });
});

describe("overdue", () => {
  const due = t("2026-11-27T10:00:00Z");
  it.each([
    ["open, before the due time", false, "2026-11-27T09:59:00Z", false],
    ["open, at the due time", false, "2026-11-27T10:00:00Z", false],
    ["open, a minute late", false, "2026-11-27T10:01:00Z", true],
    ["done, long after", true, "2026-12-27T10:01:00Z", false],
  ] as const)("%s", (_, done, now, expected) => {
    expect(isTaskOverdue({ done, dueAt: due }, t(now))).toBe(expected);
  });
});

describe("recording a call", () => {
  const NOW = t("2026-11-26T06:00:00Z");
  const created = t("2026-11-24T02:00:00Z");
  const open = (over: Partial<TaskState> = {}): TaskState => ({
    type: "post_sale_callback",
    done: false,
    attempts: 0,
    createdAt: created,
    ...over,
  });
  const call = (over: Partial<AttemptInput> = {}): AttemptInput => ({
    reached: true,
    satisfaction: 5,
    occurredAt: t("2026-11-26T05:00:00Z"),
    ...over,
  });

  type Expect = Partial<
    Record<"done" | "reached" | "flagged" | "attempts" | "satisfaction" | "code", unknown>
  >;
  const cases: [string, TaskState, AttemptInput, Expect][] = [
    [
      "reached, satisfied",
      open(),
      call(),
      { done: true, reached: true, flagged: false, attempts: 1, satisfaction: 5 },
    ],
    ["reached, 3 is not flagged", open(), call({ satisfaction: 3 }), { done: true, flagged: false }],
    ["reached, 2 is flagged", open(), call({ satisfaction: 2 }), { done: true, flagged: true }],
    ["reached, 1 is flagged", open(), call({ satisfaction: 1 }), { done: true, flagged: true }],
    [
      "reached after two unanswered calls",
      open({ attempts: 2 }),
      call(),
      { done: true, reached: true, attempts: 3 },
    ],
    [
      "first unanswered call",
      open(),
      call({ reached: false, satisfaction: undefined }),
      { done: false, reached: null, attempts: 1 },
    ],
    [
      "second unanswered call",
      open({ attempts: 1 }),
      call({ reached: false, satisfaction: undefined }),
      { done: false, attempts: 2 },
    ],
    [
      "third unanswered call closes it as unreached",
      open({ attempts: MAX_UNREACHED_ATTEMPTS - 1 }),
      call({ reached: false, satisfaction: undefined }),
      { done: true, reached: false, flagged: false, attempts: 3 },
    ],
    [
      "a reminder reached without a score",
      open({ type: "maintenance_reminder" }),
      call({ satisfaction: undefined }),
      { done: true, satisfaction: null },
    ],
    ["a done task", open({ done: true, attempts: 1 }), call(), { code: "task_done" }],
    ["in the future", open(), call({ occurredAt: t("2026-11-26T06:01:00Z") }), { code: "in_future" }],
    ["right now", open(), call({ occurredAt: NOW }), { done: true }],
    [
      "before the delivery",
      open(),
      call({ occurredAt: t("2026-11-24T01:59:00Z") }),
      { code: "before_task_created" },
    ],
    ["at the delivery", open(), call({ occurredAt: created }), { done: true }],
    ["reached without a score", open(), call({ satisfaction: undefined }), { code: "satisfaction_required" }],
    [
      "unreached with a score",
      open(),
      call({ reached: false, satisfaction: 4 }),
      { code: "satisfaction_not_allowed" },
    ],
    [
      "a birthday with a score",
      open({ type: "birthday" }),
      call({ satisfaction: 4 }),
      { code: "satisfaction_not_allowed" },
    ],
  ];
  it.each(cases)("%s", (_, task, input, expected) => {
    const out = applyAttempt(task, input, NOW);
    if ("code" in expected) {
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.code).toBe(expected.code);
        expect(out.kind).toBe(expected.code === "task_done" ? "conflict" : "unprocessable");
      }
      return;
    }
    expect(out.ok).toBe(true);
    expect(out).toMatchObject(expected);
    if (out.ok) {
      // done tasks carry when; a reached one also when the customer answered (the effective-callback clock)
      expect(out.doneAt).toEqual(out.done ? input.occurredAt : null);
      expect(out.reachedAt).toEqual(out.reached ? input.occurredAt : null);
    }
  });

  it("knows for every task type whether it asks for a score", () => {
    expect(Object.keys(TASK_KINDS).sort()).toEqual([...CARE_TASK_TYPES].sort());
  });
});

describe("callback rate", () => {
  it.each([
    [0, 0, null],
    [4, 0, 0],
    [4, 3, 0.75],
    [3, 3, 1],
  ] as const)("%i due, %i in time → %s", (due, inTime, rate) => {
    expect(callbackRate(due, inTime)).toBe(rate);
  });
});
