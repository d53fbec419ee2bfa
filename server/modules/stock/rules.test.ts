import { describe, expect, it } from "vitest";
import {
  type AgeBucket,
  ageBucket,
  ageUntil,
  type CarGroup,
  canReserve,
  checkPurchasePlan,
  isLocked,
  isLongStock,
  type ModelRule,
  statusAfterRelease,
  stockAgeDays,
} from "./rules.ts";
import type { StockStatus } from "./schema.ts";

const SH = "Asia/Shanghai";

describe("stock age buckets", () => {
  it.each<[number, AgeBucket]>([
    [0, "0-30"],
    [1, "0-30"],
    [30, "0-30"],
    [31, "31-60"],
    [60, "31-60"],
    [61, "61-90"],
    [90, "61-90"],
    [91, "90+"],
    [400, "90+"],
  ])("%i days is %s", (days, bucket) => {
    expect(ageBucket(days)).toBe(bucket);
  });
});

describe("stock age in calendar days of the store", () => {
  it.each<[string, string, string, string, number]>([
    // [what, arrived (instant), now (instant), zone, age]
    ["same local day", "2026-11-24T00:30:00+08:00", "2026-11-24T23:59:00+08:00", SH, 0],
    ["arrived 23:59, a minute later", "2026-11-23T23:59:00+08:00", "2026-11-24T00:00:00+08:00", SH, 1],
    [
      "arrived 00:00, just before the next midnight",
      "2026-11-23T00:00:00+08:00",
      "2026-11-23T23:59:59+08:00",
      SH,
      0,
    ],
    // 2026-11-23 16:30 UTC is already the 24th in Shanghai: the UTC date would say 1 day too few
    ["local midnight is 16:00 UTC", "2026-11-23T16:30:00Z", "2026-11-24T15:59:00Z", SH, 0],
    ["local midnight crossed", "2026-11-23T15:59:00Z", "2026-11-23T16:00:00Z", SH, 1],
    ["thirty days", "2026-10-25T10:00:00+08:00", "2026-11-24T09:00:00+08:00", SH, 30],
    ["over a year boundary", "2025-12-31T12:00:00+08:00", "2026-01-01T08:00:00+08:00", SH, 1],
    ["a leap day inside", "2028-02-28T12:00:00+08:00", "2028-03-01T08:00:00+08:00", SH, 2],
    // Berlin moves its clocks on 2026-10-25: calendar days still count as one each
    ["across a clock change", "2026-10-24T12:00:00+02:00", "2026-10-26T12:00:00+01:00", "Europe/Berlin", 2],
    ["another zone's midnight", "2026-11-23T23:30:00Z", "2026-11-24T00:30:00Z", "Europe/London", 1],
  ])("%s", (_, arrived, now, zone, age) => {
    expect(stockAgeDays(new Date(arrived), new Date(now), zone)).toBe(age);
  });

  it("is null while the car has not arrived", () => {
    expect(stockAgeDays(null, new Date("2026-11-24T00:00:00Z"), SH)).toBeNull();
  });

  it("stops at the sale for a sold car", () => {
    const now = new Date("2026-11-24T02:00:00Z");
    const soldAt = new Date("2026-10-01T02:00:00Z");
    expect(ageUntil("sold", soldAt, now)).toBe(soldAt);
    expect(ageUntil("reserved", null, now)).toBe(now);
    expect(ageUntil("in_stock", soldAt, now)).toBe(now);
  });
});

describe("long stock", () => {
  it.each<[StockStatus, number | null, number, boolean]>([
    ["in_stock", 90, 90, false],
    ["in_stock", 91, 90, true],
    ["demo", 91, 90, true],
    ["reserved", 200, 90, true],
    ["sold", 200, 90, false],
    ["in_transit", null, 90, false],
    ["in_stock", 61, 60, true],
    ["in_stock", 60, 60, false],
  ])("%s aged %s with threshold %i: %s", (status, age, threshold, expected) => {
    expect(isLongStock(status, age, threshold)).toBe(expected);
  });
});

describe("status transitions", () => {
  it.each<[StockStatus, boolean, boolean]>([
    ["in_stock", true, false],
    ["in_transit", true, false],
    ["demo", true, false],
    ["reserved", false, true],
    ["sold", false, true],
  ])("%s: reservable %s, locked %s", (status, reservable, locked) => {
    expect(canReserve(status)).toBe(reservable);
    expect(isLocked(status)).toBe(locked);
  });

  it("a released car goes back to stock once arrived, else it is still in transit", () => {
    expect(statusAfterRelease(new Date())).toBe("in_stock");
    expect(statusAfterRelease(null)).toBe("in_transit");
  });
});

const car = (model: string, colour: string, count = 1, optionPackage: string | null = null): CarGroup => ({
  model,
  colour,
  optionPackage,
  count,
});
const rules = (entries: [string, ModelRule][]) => new Map(entries);

describe("purchase plan: colour quota", () => {
  const stock = [
    car("途观L", "白色", 4),
    car("途观L", "黑色", 2),
    car("途观L", "灰色"),
    car("帕萨特", "红色"),
  ];

  it.each<[string, CarGroup[], [string, ModelRule][], number, string[]]>([
    ["a colour already in stock", [car("途观L", "白色", 5)], [], 3, []],
    ["a fourth colour beyond the store's default 3", [car("途观L", "蓝色")], [], 3, ["蓝色"]],
    [
      "the model's own quota of 4 allows it",
      [car("途观L", "蓝色")],
      [["途观L", { colourQuota: 4, optionAllOrNone: false }]],
      3,
      [],
    ],
    [
      "the model's quota of 2 is already exceeded by stock",
      [car("途观L", "白色")],
      [["途观L", { colourQuota: 2, optionAllOrNone: false }]],
      3,
      [],
    ],
    [
      "two new colours for a model with one",
      [car("帕萨特", "白色"), car("帕萨特", "黑色"), car("帕萨特", "蓝色")],
      [],
      3,
      ["白色", "黑色", "蓝色"],
    ],
    ["a new model within its quota", [car("ID.4", "白色"), car("ID.4", "黑色")], [], 2, []],
    [
      "a new model beyond its quota",
      [car("ID.4", "白色"), car("ID.4", "黑色"), car("ID.4", "银色")],
      [],
      2,
      ["白色", "黑色", "银色"],
    ],
    ["spaces around a colour do not make a new colour", [car("途观L", " 白色 ")], [], 3, []],
  ])("%s", (_, plan, modelRules, defaultQuota, newColours) => {
    const warnings = checkPurchasePlan(stock, plan, rules(modelRules), defaultQuota).filter(
      (w) => w.code === "colour_quota",
    );
    const [model] = plan.map((l) => l.model);
    const stockColours = new Set(stock.filter((s) => s.model === model).map((s) => s.colour));
    const planned = new Set(plan.map((l) => l.colour.trim()));
    const total = new Set([...stockColours, ...planned]).size;
    const quota = modelRules[0]?.[1].colourQuota ?? defaultQuota;
    expect(warnings.length).toBe(total > quota ? 1 : 0);
    if (warnings.length) {
      expect(warnings[0]!.details).toMatchObject({ quota, colourCount: total, newColours });
      expect(warnings[0]!.message).toContain(String(quota));
      expect(warnings[0]!.message).toContain(String(total));
    }
  });

  it("the reason names the numbers and the colours", () => {
    const [w] = checkPurchasePlan(stock, [car("途观L", "蓝色", 2)], new Map(), 3);
    expect(w).toMatchObject({
      code: "colour_quota",
      model: "途观L",
      details: { quota: 3, quotaSource: "store", colourCount: 4, stockColours: ["白色", "黑色", "灰色"] },
    });
    expect(w!.message).toBe(
      "途观L: stock and transit have 3 colour(s), the plan adds 1 new (蓝色): 4 colours, more than the quota of 3 (the store's default)",
    );
  });

  it("warns per model, and only for the models of the plan", () => {
    const warnings = checkPurchasePlan(
      [...stock, car("帕萨特", "白色"), car("帕萨特", "黑色"), car("帕萨特", "灰色"), car("帕萨特", "蓝色")],
      [car("途观L", "蓝色"), car("途观L", "绿色")],
      new Map(),
      3,
    );
    expect(warnings.map((w) => w.model)).toEqual(["途观L"]);
  });
});

describe("purchase plan: option rule (all or none)", () => {
  const allOrNone: [string, ModelRule][] = [["途观L", { colourQuota: 10, optionAllOrNone: true }]];

  it.each<
    [
      string,
      CarGroup[],
      CarGroup[],
      [string, ModelRule][],
      { withPackage: number; withoutPackage: number } | null,
    ]
  >([
    [
      "all with the package",
      [car("途观L", "白色", 3, "豪华包")],
      [car("途观L", "白色", 2, "豪华包")],
      allOrNone,
      null,
    ],
    ["none with a package", [car("途观L", "白色", 3)], [car("途观L", "黑色", 2)], allOrNone, null],
    [
      "plan without, stock with",
      [car("途观L", "白色", 3, "豪华包")],
      [car("途观L", "白色", 2)],
      allOrNone,
      { withPackage: 3, withoutPackage: 2 },
    ],
    [
      "plan with, stock without",
      [car("途观L", "白色", 4)],
      [car("途观L", "白色", 1, "豪华包")],
      allOrNone,
      { withPackage: 1, withoutPackage: 4 },
    ],
    [
      "the plan mixes itself",
      [],
      [car("途观L", "白色", 1, "豪华包"), car("途观L", "白色", 2)],
      allOrNone,
      { withPackage: 1, withoutPackage: 2 },
    ],
    [
      "two different packages",
      [car("途观L", "白色", 1, "豪华包")],
      [car("途观L", "白色", 1, "运动包")],
      allOrNone,
      { withPackage: 2, withoutPackage: 0 },
    ],
    [
      "an empty package name is none",
      [car("途观L", "白色", 1, " ")],
      [car("途观L", "白色", 1)],
      allOrNone,
      null,
    ],
    [
      "mixing allowed without the rule",
      [car("途观L", "白色", 3, "豪华包")],
      [car("途观L", "白色", 2)],
      [],
      null,
    ],
    [
      "rule off",
      [car("途观L", "白色", 3, "豪华包")],
      [car("途观L", "白色", 2)],
      [["途观L", { colourQuota: 10, optionAllOrNone: false }]],
      null,
    ],
  ])("%s", (_, stock, plan, modelRules, expected) => {
    const warnings = checkPurchasePlan(stock, plan, rules(modelRules), 3).filter(
      (w) => w.code === "option_rule",
    );
    if (expected === null) expect(warnings).toEqual([]);
    else {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.details).toMatchObject(expected);
    }
  });

  it("the reason names the counts on both sides", () => {
    const [w] = checkPurchasePlan(
      [car("途观L", "白色", 3, "豪华包")],
      [car("途观L", "白色", 2)],
      rules(allOrNone),
      3,
    );
    expect(w!.message).toBe(
      '途观L: the model\'s stock must carry the option package on all cars or on none; stock and plan would mix 2 without a package (0 in stock, 2 planned) and 3 with "豪华包" (3 in stock, 0 planned)',
    );
  });
});
