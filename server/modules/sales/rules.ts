/**
 * Pure rules of quotes, orders and delivery (DOMAIN §4.4–4.6): the money of a quote, the order number, the
 * delivery checklist and where a car goes back to when its order is cancelled. No I/O: the use cases pass
 * what they read.
 */
import { addDays } from "../../platform/local-date.ts";
import { type StockStatus, statusAfterRelease } from "../stock/index.ts";
import { type LoanFigures, type LoanTerms, loanFigures } from "./loan.ts";

/** lines of a quote: accessories, insurance, registration, other */
export const MAX_QUOTE_LINES = 50;
/** the longest loan term offered (months) */
export const MAX_LOAN_MONTHS = 120;
/** the highest annual rate a quote may carry, in percent: beyond the legal lending ceiling */
export const MAX_ANNUAL_RATE_PCT = 36;
/** a quote is valid 7 days unless the consultant says otherwise; at most a year */
export const DEFAULT_VALIDITY_DAYS = 7;
export const MAX_VALIDITY_DAYS = 365;

export type QuoteLineKind = "accessory" | "insurance" | "registration" | "other";

export interface QuoteMoneyInput {
  vehiclePriceFen: number;
  discountFen: number;
  lines: { kind: QuoteLineKind; name: string; amountFen: number }[];
  loan: LoanTerms | null;
}

export type QuoteMoney =
  | { ok: true; linesFen: number; totalFen: number; loan: LoanFigures | null }
  | { ok: false; code: "discount_exceeds_price" | "down_payment_exceeds_total"; message: string };

/** totalFen = vehiclePriceFen − discountFen + Σ lines; the loan finances totalFen − downPaymentFen. */
export function quoteMoney(q: QuoteMoneyInput): QuoteMoney {
  if (q.discountFen > q.vehiclePriceFen) {
    return {
      ok: false,
      code: "discount_exceeds_price",
      message: "the discount is larger than the vehicle price",
    };
  }
  const linesFen = q.lines.reduce((sum, l) => sum + l.amountFen, 0);
  const totalFen = q.vehiclePriceFen - q.discountFen + linesFen;
  if (q.loan === null) return { ok: true, linesFen, totalFen, loan: null };
  // a loan that finances nothing is no loan: the down payment must leave something to finance
  if (q.loan.downPaymentFen >= totalFen) {
    return {
      ok: false,
      code: "down_payment_exceeds_total",
      message: "the down payment covers the whole quote: nothing is left to finance",
    };
  }
  return { ok: true, linesFen, totalFen, loan: loanFigures(totalFen, q.loan) };
}

/** A quote's validity: from today (store-local) to a year ahead; default today + 7. */
export function validUntilProblem(validUntil: string, today: string): string | null {
  if (validUntil < today) return `a quote cannot have expired already (today is ${today})`;
  if (validUntil > addDays(today, MAX_VALIDITY_DAYS))
    return `a quote is valid at most ${MAX_VALIDITY_DAYS} days`;
  return null;
}

/** SO2026-000123: the store's order count of the store-local year. */
export function orderNo(year: number, seq: number): string {
  return `SO${year}-${String(seq).padStart(6, "0")}`;
}

export const DOCUMENTS = [
  "invoice",
  "certificate",
  "manual",
  "warrantyCard",
  "keys",
  "insurancePolicy",
] as const;
export type DocumentKey = (typeof DOCUMENTS)[number];
export type Documents = Record<DocumentKey, boolean>;

/** What is still missing before the car may be handed over: `pdiDone` and `documents.<key>` paths. */
export function checklistMissing(pdiDone: boolean, documents: Documents): string[] {
  const missing = pdiDone ? [] : ["pdiDone"];
  for (const d of DOCUMENTS) if (!documents[d]) missing.push(`documents.${d}`);
  return missing;
}

/**
 * Where a reserved car goes when its order is cancelled: a demo car back to the demo fleet, any other car
 * to stock once it has arrived — it may have arrived while it was reserved — or back in transit.
 */
export function statusAfterCancel(statusBefore: string | null, arrivedAt: Date | null): StockStatus {
  return statusBefore === "demo" ? "demo" : statusAfterRelease(arrivedAt);
}
