/** The pure sales rules: quote money, validity, order numbers, the delivery checklist, cars after a cancel. */

import { describe, expect, it } from "vitest";
import { MAX_FEN } from "../../platform/money.ts";
import {
  checklistMissing,
  type Documents,
  orderNo,
  type QuoteMoneyInput,
  quoteMoney,
  statusAfterCancel,
  validUntilProblem,
} from "./rules.ts";

const quote = (over: Partial<QuoteMoneyInput> = {}): QuoteMoneyInput => ({
  vehiclePriceFen: 20_000_000,
  discountFen: 500_000,
  lines: [],
  loan: null,
  ...over,
});

describe("quote money", () => {
  it("total = price − discount + Σ lines, exactly in fen", () => {
    const r = quoteMoney(
      quote({
        lines: [
          { kind: "accessory", name: "脚垫", amountFen: 80_001 },
          { kind: "insurance", name: "商业险", amountFen: 650_099 },
          { kind: "registration", name: "上牌费", amountFen: 50_000 },
          { kind: "other", name: "金融服务费", amountFen: 0 },
        ],
      }),
    );
    expect(r).toEqual({ ok: true, linesFen: 780_100, totalFen: 20_000_000 - 500_000 + 780_100, loan: null });
  });

  it("a discount of the whole price is allowed, a larger one is refused", () => {
    expect(quoteMoney(quote({ discountFen: 20_000_000 }))).toMatchObject({ ok: true, totalFen: 0 });
    expect(quoteMoney(quote({ discountFen: 20_000_001 }))).toMatchObject({
      ok: false,
      code: "discount_exceeds_price",
    });
  });

  it("the loan finances the total less the down payment", () => {
    const r = quoteMoney(
      quote({
        discountFen: 0,
        lines: [{ kind: "accessory", name: "贴膜", amountFen: 3_000_000 }],
        loan: { downPaymentFen: 13_000_000, months: 36, rateThousandths: 3850 },
      }),
    );
    expect(r).toMatchObject({
      ok: true,
      totalFen: 23_000_000,
      loan: { financedFen: 10_000_000, monthlyPaymentFen: 294_573 },
    });
  });

  it.each([
    [23_000_000, "down_payment_exceeds_total"],
    [23_000_001, "down_payment_exceeds_total"],
    [22_999_999, null],
  ] as const)("a down payment of %i on a total of 23 000 000 → %s", (downPaymentFen, code) => {
    const r = quoteMoney(
      quote({
        discountFen: 0,
        lines: [{ kind: "accessory", name: "贴膜", amountFen: 3_000_000 }],
        loan: { downPaymentFen, months: 12, rateThousandths: 0 },
      }),
    );
    if (code) expect(r).toMatchObject({ ok: false, code });
    else expect(r).toMatchObject({ ok: true, loan: { financedFen: 1, monthlyPaymentFen: 0 } });
  });

  it("the largest quote stays exact: every field at the cap", () => {
    const lines = Array.from({ length: 50 }, () => ({
      kind: "other" as const,
      name: "x",
      amountFen: MAX_FEN,
    }));
    const r = quoteMoney(quote({ vehiclePriceFen: MAX_FEN, discountFen: 0, lines }));
    expect(r).toMatchObject({ ok: true, totalFen: 51 * MAX_FEN });
    expect(Number.isSafeInteger(51 * MAX_FEN)).toBe(true);
  });
});

describe("quote validity", () => {
  it.each([
    ["2026-11-24", null],
    ["2026-12-01", null],
    ["2027-11-24", null],
    ["2026-11-23", "expired"],
    ["2027-11-25", "365"],
  ] as const)("valid until %s (today 2026-11-24) → %s", (until, problem) => {
    const p = validUntilProblem(until, "2026-11-24");
    if (problem === null) expect(p).toBeNull();
    else expect(p).toContain(problem);
  });
});

describe("order numbers", () => {
  it.each([
    [2026, 1, "SO2026-000001"],
    [2026, 123, "SO2026-000123"],
    [2027, 999_999, "SO2027-999999"],
    // a store selling a millionth car in a year gets a longer number, never a repeated one
    [2027, 1_000_000, "SO2027-1000000"],
  ] as const)("%i no. %i → %s", (year, seq, no) => {
    expect(orderNo(year, seq)).toBe(no);
  });
});

describe("the delivery checklist", () => {
  const ALL: Documents = {
    invoice: true,
    certificate: true,
    manual: true,
    warrantyCard: true,
    keys: true,
    insurancePolicy: true,
  };
  it("complete: nothing missing", () => {
    expect(checklistMissing(true, ALL)).toEqual([]);
  });
  it("names each missing item", () => {
    expect(checklistMissing(false, ALL)).toEqual(["pdiDone"]);
    expect(checklistMissing(true, { ...ALL, keys: false, invoice: false })).toEqual([
      "documents.invoice",
      "documents.keys",
    ]);
    const none = Object.fromEntries(Object.keys(ALL).map((k) => [k, false])) as Documents;
    expect(checklistMissing(false, none)).toHaveLength(7);
  });
});

describe("where a reserved car goes when its order is cancelled", () => {
  const arrived = new Date("2026-10-01T02:00:00Z");
  it.each([
    ["in_stock", arrived, "in_stock"],
    ["in_transit", null, "in_transit"],
    // it arrived while reserved
    ["in_transit", arrived, "in_stock"],
    ["demo", arrived, "demo"],
    [null, arrived, "in_stock"],
  ] as const)("reserved from %s, arrived %s → %s", (before, arrivedAt, after) => {
    expect(statusAfterCancel(before, arrivedAt)).toBe(after);
  });
});
