/**
 * Loan terms of a quote (贷款): the monthly payment by the annuity formula P·r / (1 − (1 + r)^−n), with
 * r = annual rate / 12. Pure and exact: the rate is a whole number of thousandths of a percent (the quote
 * stores it as numeric(6,3)), so r = R / 1 200 000 and the payment is the fraction
 *
 *   P · R · (D + R)^n / (D · ((D + R)^n − D^n)),   D = 1 200 000,
 *
 * computed with BigInt and rounded half up to the fen once, at the end. Floating point would drift by a fen
 * on some terms, and a quote the customer recomputes must match to the fen.
 *
 * The web app's live preview (web/src/features/sales/loan.ts) is a copy; loan.test.ts checks both agree.
 */

/** thousandths of a percent per percent: 3.85 % → 3850 */
export const RATE_SCALE = 1000;
/** 12 months × 100 (percent) × RATE_SCALE: the denominator of the monthly rate */
const D = 12n * 100n * BigInt(RATE_SCALE);

/** An annual rate in percent with at most three decimals, as written ("3.85"), in thousandths: 3850. */
const RATE_TEXT = /^(\d{1,3})(?:\.(\d{1,3}))?$/;

/**
 * The rate as an exact integer of thousandths, from its decimal text (a JSON number's shortest form, or the
 * database's numeric); null when it has more than three decimals or is not a plain non-negative decimal.
 */
export function rateThousandths(pct: number | string): number | null {
  const m = RATE_TEXT.exec(typeof pct === "number" ? String(pct) : pct.trim());
  if (!m) return null;
  return Number(m[1]) * RATE_SCALE + Number((m[2] ?? "").padEnd(3, "0"));
}

/** "3.850" → "3.85": the rate as the API shows it (a JSON number of the same value). */
export function ratePct(thousandths: number): number {
  return thousandths / RATE_SCALE;
}

/** a / b rounded half up, for non-negative a and positive b */
function divRoundHalfUp(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

/**
 * The monthly payment in fen of `principalFen` over `months` at an annual rate of `thousandths`/1000 %.
 * At rate 0 the payment is P / n rounded (the rounding difference is settled with the last instalment).
 */
export function monthlyPaymentFen(principalFen: number, months: number, thousandths: number): number {
  if (!Number.isSafeInteger(principalFen) || principalFen < 0) throw new RangeError("principal in whole fen");
  if (!Number.isInteger(months) || months < 1) throw new RangeError("months must be a whole number ≥ 1");
  if (!Number.isInteger(thousandths) || thousandths < 0) throw new RangeError("rate in whole thousandths");
  const P = BigInt(principalFen);
  const n = BigInt(months);
  if (thousandths === 0) return Number(divRoundHalfUp(P, n));
  const R = BigInt(thousandths);
  const grown = (D + R) ** n;
  return Number(divRoundHalfUp(P * R * grown, D * (grown - D ** n)));
}

export interface LoanTerms {
  downPaymentFen: number;
  months: number;
  /** thousandths of a percent */
  rateThousandths: number;
}

export interface LoanFigures {
  financedFen: number;
  monthlyPaymentFen: number;
  /** what the customer pays on top of the financed amount: 0 at rate 0 */
  totalInterestFen: number;
}

/** Interest over the whole term: the payments less the financed amount. */
export function totalInterestFen(financedFen: number, monthly: number, months: number, thousandths: number) {
  // at rate 0, P/n rounded times n may differ from P by a few fen that the last instalment settles
  return thousandths === 0 ? 0 : monthly * months - financedFen;
}

export function loanFigures(totalFen: number, terms: LoanTerms): LoanFigures {
  const financedFen = totalFen - terms.downPaymentFen;
  const monthly = monthlyPaymentFen(financedFen, terms.months, terms.rateThousandths);
  return {
    financedFen,
    monthlyPaymentFen: monthly,
    totalInterestFen: totalInterestFen(financedFen, monthly, terms.months, terms.rateThousandths),
  };
}
