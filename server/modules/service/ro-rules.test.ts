import { describe, expect, it } from "vitest";
import { MAX_FEN } from "../../platform/money.ts";
import {
  averageFen,
  checkTransition,
  defaultPayer,
  type EarlierOrder,
  lastKnownKm,
  lineAmountFen,
  linesEditable,
  RETURN_REPAIR_WINDOW_MS,
  ratio,
  returnRepairOf,
  roNo,
  toCenti,
  totalsOf,
} from "./ro-rules.ts";
import type { RoState } from "./schema.ts";

describe("roNo", () => {
  it.each([
    ["2026-11-22", 7, "RO20261122-0007"],
    ["2026-01-01", 1, "RO20260101-0001"],
    ["2026-12-31", 9999, "RO20261231-9999"],
    ["2026-12-31", 12345, "RO20261231-12345"],
  ])("%s #%i → %s", (day, n, expected) => {
    expect(roNo(day, n)).toBe(expected);
  });
});

describe("toCenti", () => {
  it.each([
    [1, 100],
    [1.5, 150],
    [0.01, 1],
    [1.15, 115],
    [0.29, 29],
    [199.99, 19999],
    [200, 20000],
    [1.005, null],
    [0.001, null],
    [2.333, null],
  ])("%d → %s", (value, expected) => {
    expect(toCenti(value)).toBe(expected);
  });
});

describe("lineAmountFen: hundredths × unit price, half up", () => {
  it.each([
    [150, 20_000, 30_000], // 1.5 h × ¥200
    [133, 1_001, 1_331], // 13.3133 → 13.31
    [150, 3, 5], // 4.5 fen → 5 (half up)
    [50, 1, 1], // 0.5 fen → 1
    [49, 1, 0], // 0.49 fen → 0
    [1, 0, 0], // a free line
    [1_000_000, MAX_FEN / 10_000, MAX_FEN], // 10 000 pieces, exactly at the cap
  ])("%i/100 × %i = %i", (centi, unit, expected) => {
    expect(lineAmountFen(centi, unit)).toBe(expected);
  });

  it("is exact beyond the integers a number holds, and null above the cap", () => {
    expect(lineAmountFen(1_000_000, MAX_FEN)).toBeNull();
    expect(lineAmountFen(1_000_000, MAX_FEN / 10_000 + 1)).toBeNull();
  });
});

describe("defaultPayer", () => {
  it.each([
    ["warranty", "warranty"],
    ["insurance", "insurer"],
    ["maintenance", "customer"],
    ["mechanical", "customer"],
    ["body", "customer"],
    ["paint", "customer"],
  ] as const)("%s → %s", (workType, payer) => {
    expect(defaultPayer(workType)).toBe(payer);
  });
});

describe("checkTransition: only the next step", () => {
  const STATES: RoState[] = ["open", "in_progress", "done", "settled", "handed_back"];
  const allowed = new Set(["open>in_progress", "in_progress>done"]);
  const cases = STATES.flatMap((from) =>
    STATES.map((to) => [from, to, allowed.has(`${from}>${to}`)] as const),
  );
  it.each(cases)("%s → %s: %s", (from, to, ok) => {
    const r = checkTransition(from, to);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.code).toBe("invalid_transition");
  });

  it("names the endpoint of settlement and hand-back", () => {
    const r = checkTransition("done", "settled");
    expect(!r.ok && r.message).toMatch(/own endpoint/);
  });
});

describe("linesEditable", () => {
  it.each([
    ["open", true],
    ["in_progress", true],
    ["done", false],
    ["settled", false],
    ["handed_back", false],
  ] as const)("%s: %s", (state, editable) => {
    expect(linesEditable(state)).toBe(editable);
  });
});

describe("totalsOf", () => {
  it("sums labour and parts, and each payer's share", () => {
    const t = totalsOf(
      [
        { amountFen: 30_000, payer: "customer" },
        { amountFen: 12_000, payer: "insurer" },
      ],
      [
        { amountFen: 45_050, payer: "insurer" },
        { amountFen: 8_800, payer: "warranty" },
        { amountFen: 1, payer: "customer" },
      ],
    );
    expect(t).toEqual({
      labourFen: 42_000,
      partsFen: 53_851,
      totalFen: 95_851,
      byPayer: { customer: 30_001, insurer: 57_050, warranty: 8_800 },
    });
    expect(t.byPayer.customer + t.byPayer.insurer + t.byPayer.warranty).toBe(t.totalFen);
  });

  it("is zero without lines", () => {
    expect(totalsOf([], [])).toEqual({
      labourFen: 0,
      partsFen: 0,
      totalFen: 0,
      byPayer: { customer: 0, insurer: 0, warranty: 0 },
    });
  });
});

describe("lastKnownKm", () => {
  it.each([
    [null, null, null],
    [12_000, null, 12_000],
    [null, 15_000, 15_000],
    [12_000, 15_000, 15_000],
    [18_000, 15_000, 18_000],
  ])("vehicle %s, orders %s → %s", (vehicle, orders, expected) => {
    expect(lastKnownKm(vehicle, orders)).toBe(expected);
  });
});

describe("returnRepairOf", () => {
  const handedBack = new Date("2026-10-25T08:00:00Z");
  const earlier = (over: Partial<EarlierOrder> = {}): EarlierOrder => ({
    id: 1,
    workType: "mechanical",
    handedBackAt: handedBack,
    ...over,
  });
  const plus = (ms: number) => new Date(handedBack.getTime() + ms);
  const DAY = 86_400_000;

  it.each([
    ["the same day", plus(3_600_000), "mechanical", 1],
    ["exactly 30 days later", plus(RETURN_REPAIR_WINDOW_MS), "mechanical", 1],
    ["30 days and 1 s later", plus(RETURN_REPAIR_WINDOW_MS + 1000), "mechanical", null],
    ["another work type", plus(DAY), "body", null],
    ["maintenance again", plus(DAY), "maintenance", null],
    ["before the hand-back", plus(-1000), "mechanical", null],
  ] as const)("%s", (_, openedAt, workType, expected) => {
    const list = [earlier({ workType: workType === "maintenance" ? "maintenance" : "mechanical" })];
    expect(returnRepairOf(list, workType, openedAt)?.id ?? null).toBe(expected);
  });

  it("skips orders not handed back", () => {
    expect(returnRepairOf([earlier({ handedBackAt: null })], "mechanical", plus(DAY))).toBeNull();
  });

  it("links the latest hand-back of several", () => {
    const list = [
      earlier({ id: 1, handedBackAt: plus(-10 * DAY) }),
      earlier({ id: 3, handedBackAt: plus(-2 * DAY) }),
      earlier({ id: 2, handedBackAt: plus(-5 * DAY) }),
    ];
    expect(returnRepairOf(list, "mechanical", handedBack)?.id).toBe(3);
  });
});

describe("ratio and averageFen", () => {
  it.each([
    [0, 0, null],
    [1, 50, 0.02],
    [3, 3, 1],
  ])("ratio(%i, %i) = %s", (part, whole, expected) => {
    expect(ratio(part, whole)).toBe(expected);
  });

  it.each([
    [0, 0, null],
    [100, 3, 33],
    [200, 3, 67], // 66.67 → 67
    [5, 2, 3], // 2.5 → 3 (half up)
    [3, 2, 2], // 1.5 → 2
    [30_000, 1, 30_000],
  ])("averageFen(%i, %i) = %s", (sum, n, expected) => {
    expect(averageFen(sum, n)).toBe(expected);
  });
});
