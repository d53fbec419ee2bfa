import { describe, expect, it } from "vitest";
import {
  type LifecycleFacts,
  lifecycleOf,
  loyaltyClassOf,
  loyaltyOf,
  loyaltyWindowStart,
  oneYearBefore,
  VIP_SPEND_FEN,
} from "./loyalty.ts";

const SH = "Asia/Shanghai";
// 2026-11-24 10:00 in Shanghai; the window starts 2025-11-24 00:00 Shanghai = 2025-11-23T16:00Z
const NOW = new Date("2026-11-24T02:00:00Z");
const at = (iso: string) => new Date(iso);

describe("the 12-month window", () => {
  it.each([
    ["2026-11-24", "2025-11-24"],
    ["2026-03-01", "2025-03-01"],
    ["2028-02-29", "2027-02-28"],
    ["2027-01-01", "2026-01-01"],
  ])("one year before %s is %s", (today, expected) => {
    expect(oneYearBefore(today)).toBe(expected);
  });

  it("starts at store-local midnight of the date one year back", () => {
    expect(loyaltyWindowStart(NOW, SH).toISOString()).toBe("2025-11-23T16:00:00.000Z");
    // 01:00 on the 24th in Shanghai is still the 23rd in UTC: the store's date decides
    expect(loyaltyWindowStart(at("2026-11-23T17:00:00Z"), SH).toISOString()).toBe("2025-11-23T16:00:00.000Z");
    expect(loyaltyWindowStart(at("2026-11-23T17:00:00Z"), "UTC").toISOString()).toBe(
      "2025-11-23T00:00:00.000Z",
    );
  });
});

describe("loyalty class", () => {
  it.each([
    [0, 0, "none"],
    [0, 1, "lost"],
    [0, 7, "lost"],
    [1, 0, "once"],
    [1, 5, "once"],
    [2, 0, "active"],
    [3, 9, "active"],
    [4, 0, "frequent"],
    [12, 3, "frequent"],
  ] as const)("%i visits in 12 months and %i before: %s", (inWindow, before, expected) => {
    expect(loyaltyClassOf(inWindow, before)).toBe(expected);
  });

  const EDGE = "2025-11-23T16:00:00Z"; // 00:00 Shanghai on the date one year back
  const JUST_BEFORE = "2025-11-23T15:59:59Z"; // 23:59:59 Shanghai the day before
  it.each([
    ["never visited", [], "none", 0],
    ["a visit exactly at the window's start counts", [EDGE], "once", 1],
    ["a visit one second earlier is a lost customer", [JUST_BEFORE], "lost", 0],
    ["later the same store-local day still counts", ["2025-11-24T15:59:00Z"], "once", 1],
    ["two visits, one before the window", [JUST_BEFORE, "2026-05-01T03:00:00Z"], "once", 1],
    ["2 in the window", ["2026-01-10T03:00:00Z", "2026-11-24T01:00:00Z"], "active", 2],
    [
      "3 in the window, 5 before",
      [
        "2026-01-10T03:00:00Z",
        "2026-06-10T03:00:00Z",
        "2026-11-24T01:00:00Z",
        "2020-01-01T00:00:00Z",
        "2021-01-01T00:00:00Z",
        "2022-01-01T00:00:00Z",
        "2023-01-01T00:00:00Z",
        JUST_BEFORE,
      ],
      "active",
      3,
    ],
    [
      "4 in the window, the first at its start",
      [EDGE, "2026-03-01T03:00:00Z", "2026-06-01T03:00:00Z", "2026-09-01T03:00:00Z"],
      "frequent",
      4,
    ],
    [
      "4 visits, one a second too early",
      [JUST_BEFORE, "2026-03-01T03:00:00Z", "2026-06-01T03:00:00Z", "2026-09-01T03:00:00Z"],
      "active",
      3,
    ],
  ] as const)("%s", (_what, visits, expected, visits12m) => {
    expect(loyaltyOf(visits.map(at), NOW, SH)).toEqual({ loyaltyClass: expected, visits12m });
  });
});

describe("lifecycle", () => {
  const facts = (f: Partial<LifecycleFacts>): LifecycleFacts => ({
    firstPurchaseDate: null,
    firstVisitAt: null,
    spendFen: 0,
    ...f,
  });
  it.each([
    ["no purchase and no visit", facts({}), "potential"],
    ["bought a car within 12 months", facts({ firstPurchaseDate: "2026-02-01" }), "new"],
    ["bought exactly one year ago today", facts({ firstPurchaseDate: "2025-11-24" }), "new"],
    ["bought a year and a day ago", facts({ firstPurchaseDate: "2025-11-23" }), "existing"],
    ["first workshop visit within 12 months", facts({ firstVisitAt: at("2026-06-01T03:00:00Z") }), "new"],
    // 00:30 on 2025-11-24 in Shanghai is 2025-11-23 in UTC: the store-local date counts
    [
      "first visit at local midnight of the window's first day",
      facts({ firstVisitAt: at("2025-11-23T16:30:00Z") }),
      "new",
    ],
    ["first visit the evening before", facts({ firstVisitAt: at("2025-11-23T15:30:00Z") }), "existing"],
    [
      "bought long ago, first visit recently: the earliest contact counts",
      facts({ firstPurchaseDate: "2019-05-01", firstVisitAt: at("2026-06-01T03:00:00Z") }),
      "existing",
    ],
    [
      "spend reaches the VIP threshold",
      facts({ firstPurchaseDate: "2019-05-01", spendFen: VIP_SPEND_FEN }),
      "vip",
    ],
    [
      "spend one fen below it",
      facts({ firstPurchaseDate: "2019-05-01", spendFen: VIP_SPEND_FEN - 1 }),
      "existing",
    ],
  ] as const)("%s: %s", (_what, f, expected) => {
    expect(lifecycleOf(f, NOW, SH)).toBe(expected);
  });
});
