/**
 * The loan's monthly payment against worked examples. The expected values were computed independently of
 * this code, with Python's decimal module at 80 significant digits:
 *
 *   r = Decimal(pct) / 1200;  m = P·r / (1 − (1 + r)^−n);  m.quantize(Decimal(1), ROUND_HALF_UP)
 *
 * e.g. 100 000.00 yuan (10 000 000 fen) over 36 months at 3.85 %: m = 294 573.0478… fen → ¥2,945.73 a
 * month (the figure Chinese bank loan calculators show for these terms).
 */
import { describe, expect, it } from "vitest";
import * as web from "../../../web/src/features/sales/loan.ts";
import { loanFigures, monthlyPaymentFen, ratePct, rateThousandths } from "./loan.ts";

// [principal fen, months, annual %, exact payment (for the record), rounded payment fen]
const WORKED: [number, number, string, string, number][] = [
  [10_000_000, 36, "3.85", "294573.0478673906", 294_573],
  [10_000_000, 1, "3.85", "10032083.3333333333", 10_032_083],
  [10_000_000, 60, "4.5", "186430.1924151664", 186_430],
  [14_000_000, 36, "3.85", "412402.2670143468", 412_402],
  [12_000_000, 60, "3.85", "220186.8983193594", 220_187],
  [10_000_000_000, 120, "36", "308899175.7729686071", 308_899_176],
  [1, 1, "0.001", "1.0000008333333333", 1],
  // rate 0: P / n rounded half up
  [10_000_000, 36, "0", "277777.7777777777", 277_778],
  [10_000_000, 12, "0", "833333.3333333333", 833_333],
  [3, 2, "0", "1.5", 2],
  [1, 2, "0", "0.5", 1],
  [100, 3, "0", "33.3333333333333333", 33],
];

describe("monthly payment by the annuity formula", () => {
  it.each(WORKED)("%i fen, %i months at %s %% → %s → %i fen", (P, n, pct, _exact, expected) => {
    expect(monthlyPaymentFen(P, n, rateThousandths(pct)!)).toBe(expected);
  });

  it("the web preview computes the same payments", () => {
    for (const [P, n, pct, , expected] of WORKED) {
      expect(web.monthlyPaymentFen(P, n, web.rateThousandths(pct)!)).toBe(expected);
    }
    // and over a spread of terms where a float computation would drift by a fen
    for (let i = 0; i < 400; i++) {
      const P = 1_000_000 + i * 9_876_543;
      const n = 1 + ((i * 7) % 120);
      const t = (i * 137) % 36_000;
      expect(web.monthlyPaymentFen(P, n, t), `${P} ${n} ${t}`).toBe(monthlyPaymentFen(P, n, t));
    }
  });

  it("one month at any rate is the principal plus one month's interest", () => {
    for (const t of [1, 385, 3850, 12_000, 36_000]) {
      const P = 7_654_321;
      const interest = (P * t) / 1_200_000;
      expect(monthlyPaymentFen(P, 1, t)).toBe(Math.floor(P + interest + 0.5));
    }
  });

  it("the payments repay the principal: n payments at rate 0 are P within the rounding", () => {
    for (const [P, n] of [
      [10_000_000, 36],
      [99_999, 7],
      [1, 120],
    ] as const) {
      expect(Math.abs(monthlyPaymentFen(P, n, 0) * n - P)).toBeLessThanOrEqual(n / 2);
    }
  });

  it("refuses what is no loan", () => {
    expect(() => monthlyPaymentFen(-1, 12, 385)).toThrow(RangeError);
    expect(() => monthlyPaymentFen(1.5, 12, 385)).toThrow(RangeError);
    expect(() => monthlyPaymentFen(100, 0, 385)).toThrow(RangeError);
    expect(() => monthlyPaymentFen(100, 12, 3.5)).toThrow(RangeError);
  });
});

describe("rates are exact decimals of at most three places", () => {
  it.each([
    [3.85, 3850],
    ["3.850", 3850],
    [0, 0],
    [0.001, 1],
    [36, 36_000],
    [4.9, 4900],
  ] as const)("%s %% → %i thousandths", (pct, thousandths) => {
    expect(rateThousandths(pct)).toBe(thousandths);
    expect(ratePct(thousandths)).toBe(Number(pct));
  });

  it.each([0.0001, 3.8555, -1, 1e21, Number.NaN, "abc", "3,85"])("%s is refused", (pct) => {
    expect(rateThousandths(pct)).toBeNull();
  });
});

describe("loan figures of a quote", () => {
  it("finance the total less the down payment; the interest is what the payments add", () => {
    const f = loanFigures(13_000_000, { downPaymentFen: 3_000_000, months: 36, rateThousandths: 3850 });
    expect(f).toEqual({
      financedFen: 10_000_000,
      monthlyPaymentFen: 294_573,
      totalInterestFen: 294_573 * 36 - 10_000_000,
    });
  });

  it("carry no interest at rate 0, whatever the rounding of the instalment", () => {
    const f = loanFigures(10_000_000, { downPaymentFen: 0, months: 36, rateThousandths: 0 });
    expect(f).toEqual({ financedFen: 10_000_000, monthlyPaymentFen: 277_778, totalInterestFen: 0 });
  });
});
