/**
 * The quote builder's live loan preview: the same exact computation as the server's
 * (server/modules/sales/loan.ts, which is authoritative; server/modules/sales/loan.test.ts checks that both
 * agree). The annuity P·r / (1 − (1 + r)^−n), r = annual % / 1200, as an exact fraction in BigInt, rounded
 * half up to the fen; P / n rounded at rate 0.
 */

const D = 1_200_000n;
const RATE_TEXT = /^(\d{1,3})(?:\.(\d{1,3}))?$/;

/** 3.85 → 3850 (thousandths of a percent); null with more than three decimals. */
export function rateThousandths(pct: number | string): number | null {
  const m = RATE_TEXT.exec(typeof pct === "number" ? String(pct) : pct.trim());
  if (!m) return null;
  return Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
}

const divRoundHalfUp = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

export function monthlyPaymentFen(principalFen: number, months: number, thousandths: number): number {
  const P = BigInt(principalFen);
  const n = BigInt(months);
  if (thousandths === 0) return Number(divRoundHalfUp(P, n));
  const R = BigInt(thousandths);
  const grown = (D + R) ** n;
  return Number(divRoundHalfUp(P * R * grown, D * (grown - D ** n)));
}

/** The payments less the financed amount; 0 at rate 0 (the last instalment settles P / n's rounding). */
export function totalInterestFen(financedFen: number, monthly: number, months: number, thousandths: number) {
  return thousandths === 0 ? 0 : monthly * months - financedFen;
}
