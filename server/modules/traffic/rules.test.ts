import { describe, expect, it } from "vitest";
import {
  achievement,
  type BoardConsultant,
  type BoardVisit,
  checkTrafficTimes,
  consultantCards,
  monthRange,
  nextInTurn,
  takesTurn,
} from "./rules.ts";

const NOW = new Date("2026-11-24T02:00:00Z"); // 10:00 in Shanghai
const at = (iso: string) => new Date(iso);
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

describe("checkTrafficTimes", () => {
  it.each([
    ["arrived now, still here", NOW, undefined, null],
    ["arrived an hour ago, left now", minutes(-60), NOW, null],
    ["arrived and left at the same minute", minutes(-5), minutes(-5), null],
    ["arrived 7 days ago to the minute", minutes(-7 * 24 * 60), undefined, null],
    ["arrived a minute in the future", minutes(1), undefined, "in_future"],
    ["left in the future", minutes(-30), minutes(1), "in_future"],
    ["arrived 7 days and a minute ago", minutes(-7 * 24 * 60 - 1), undefined, "too_far_back"],
    ["left before arriving", minutes(-10), minutes(-20), "left_before_arrival"],
  ] as const)("%s → %s", (_, arrived, left, expected) => {
    expect(checkTrafficTimes(arrived, left, NOW)).toBe(expected);
  });
});

const people: BoardConsultant[] = [
  { userId: 1, displayName: "张伟", paused: false, lastAssignedAt: at("2026-11-24T01:00:00Z") },
  { userId: 2, displayName: "刘洋", paused: false, lastAssignedAt: null },
  { userId: 3, displayName: "陈静", paused: true, lastAssignedAt: null },
  { userId: 4, displayName: "杨帆", paused: false, lastAssignedAt: at("2026-11-23T09:00:00Z") },
];
const visit = (
  id: number,
  consultantId: number,
  arrived: string,
  left: string | null = null,
): BoardVisit => ({
  id,
  consultantId,
  arrivedAt: at(arrived),
  leftAt: left === null ? null : at(left),
});

describe("consultantCards", () => {
  it("derives free, with a customer and paused, with since and the day's count", () => {
    const cards = consultantCards(people, [
      visit(10, 1, "2026-11-24T00:30:00Z", "2026-11-24T01:10:00Z"),
      visit(11, 1, "2026-11-24T01:20:00Z", "2026-11-24T01:40:00Z"),
      visit(12, 2, "2026-11-24T01:50:00Z"),
      visit(13, 3, "2026-11-24T01:55:00Z", "2026-11-24T01:58:00Z"),
    ]);
    expect(cards).toEqual([
      {
        userId: 1,
        displayName: "张伟",
        paused: false,
        status: "free",
        visitId: null,
        since: at("2026-11-24T01:40:00Z"),
        visitsToday: 2,
      },
      {
        userId: 2,
        displayName: "刘洋",
        paused: false,
        status: "with_customer",
        visitId: 12,
        since: at("2026-11-24T01:50:00Z"),
        visitsToday: 1,
      },
      {
        userId: 3,
        displayName: "陈静",
        paused: true,
        status: "paused",
        visitId: null,
        since: null,
        visitsToday: 1,
      },
      {
        userId: 4,
        displayName: "杨帆",
        paused: false,
        status: "free",
        visitId: null,
        since: null,
        visitsToday: 0,
      },
    ]);
  });

  it("a paused consultant who is with a customer shows as with the customer (the latest open visit)", () => {
    const [card] = consultantCards(
      [people[2]!],
      [visit(20, 3, "2026-11-24T01:00:00Z"), visit(21, 3, "2026-11-24T01:30:00Z")],
    );
    expect(card).toMatchObject({ status: "with_customer", paused: true, visitId: 21, visitsToday: 2 });
  });
});

describe("nextInTurn", () => {
  const next = (visits: BoardVisit[], who = people) =>
    nextInTurn(who, consultantCards(who, visits))?.userId ?? null;

  it("follows the lead round robin: never assigned first, then the longest since the last turn, then id", () => {
    expect(next([])).toBe(2); // 3 has no turn either but is paused
    expect(
      next(
        [],
        people.map((p) => ({ ...p, lastAssignedAt: p.lastAssignedAt ?? at("2026-11-24T01:30:00Z") })),
      ),
    ).toBe(4);
    const tie = people.map((p) => ({ ...p, paused: false, lastAssignedAt: null }));
    expect(next([], tie)).toBe(1);
  });

  it("passes over a consultant with a customer, who keeps his place for when he is free again", () => {
    expect(next([visit(1, 2, "2026-11-24T01:50:00Z")])).toBe(4);
    expect(next([visit(1, 2, "2026-11-24T01:50:00Z", "2026-11-24T01:59:00Z")])).toBe(2);
  });

  it("is nobody when nobody is free", () => {
    const busy = [
      visit(1, 1, "2026-11-24T01:00:00Z"),
      visit(2, 2, "2026-11-24T01:00:00Z"),
      visit(3, 4, "2026-11-24T01:00:00Z"),
    ];
    expect(next(busy)).toBeNull();
    expect(next([], [])).toBeNull();
  });
});

describe("takesTurn", () => {
  it.each([
    ["a first visit, not archived", true, null, 7, true],
    ["a first visit of another consultant's lead", true, 8, 7, true],
    ["a first visit of a pool lead", true, undefined, 7, true],
    ["a first visit of the consultant's own lead", true, 7, 7, false],
    ["a return visit", false, null, 7, false],
    ["a return visit of another's lead", false, 8, 7, false],
  ] as const)("%s → %s", (_, first, owner, consultant, expected) => {
    expect(takesTurn(first, owner, consultant)).toBe(expected);
  });
});

describe("calendar maths in the store's zone", () => {
  it("a month runs from local midnight of the 1st to local midnight of the next 1st", () => {
    const m = monthRange("2026-02", "Asia/Shanghai");
    expect(m.start).toEqual(at("2026-01-31T16:00:00Z"));
    expect(m.end).toEqual(at("2026-02-28T16:00:00Z"));
    expect(m.days).toHaveLength(28);
    expect(m.days.at(-1)).toBe("2026-02-28");
    expect(monthRange("2028-02", "Asia/Shanghai").days).toHaveLength(29);
    expect(monthRange("2026-12", "Europe/Berlin").end).toEqual(at("2026-12-31T23:00:00Z"));
  });

  it.each(["2026-13", "2026-1", "26-01", ""])("refuses the month %j", (m) => {
    expect(() => monthRange(m, "Asia/Shanghai")).toThrow(RangeError);
  });
});

describe("achievement", () => {
  it.each([
    [90, 100, 0.9],
    [0, 100, 0],
    [120, 100, 1.2],
    [1, 3, 0.3333],
    [50, null, null],
    [50, 0, null],
  ] as const)("%i of %s planned → %s", (traffic, planned, expected) => {
    expect(achievement(traffic, planned)).toBe(expected);
  });
});
