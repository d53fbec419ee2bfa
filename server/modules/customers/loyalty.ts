// The customer's classes shown on every customer (DOMAIN §2): the loyalty class by workshop visits and the
// lifecycle. Pure: the caller passes "now" and the store's time zone, so the rules behave the same whatever
// zone the server runs in; the SQL of the customer list (customers.ts) uses `loyaltyWindowStart` and
// `loyaltyClassOf` so that the filter and the shown class cannot disagree.
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import { atLocalTime, localDateIn } from "../../platform/local-date.ts";

dayjs.extend(utc);

export const LOYALTY_CLASSES = ["frequent", "active", "once", "lost", "none"] as const;
export type LoyaltyClass = (typeof LOYALTY_CLASSES)[number];
export const LIFECYCLES = ["potential", "new", "existing", "vip"] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** 4 or more workshop visits in 12 months make a frequent customer (常客). */
export const FREQUENT_VISITS = 4;
/** 2–3 visits: active. */
export const ACTIVE_VISITS = 2;

/**
 * The VIP rule (DOMAIN §2 leaves it to the dealer; this product fixes one simple rule): a customer whose
 * lifetime spend with the store — delivered car purchases plus the customer-paid part of settled repair
 * orders — reaches ¥500,000.
 * One mid-range car (¥150–300k) is not enough; a second car or a luxury car with its servicing is.
 */
export const VIP_SPEND_FEN = 50_000_000;

/** The store-local date one year before `today`; 29 February falls back to 28 February. */
export function oneYearBefore(today: string): string {
  return dayjs.utc(today).subtract(1, "year").format("YYYY-MM-DD");
}

/**
 * The first instant of "the last 12 months": 00:00 store-local of the date one year before today. A visit
 * on that whole day still counts, as staff read "12 months" in calendar days, not to the hour.
 */
export function loyaltyWindowStart(now: Date, timeZone: string): Date {
  return atLocalTime(oneYearBefore(localDateIn(now, timeZone)), "00:00", timeZone);
}

/** The class from the visits inside the 12-month window and those before it. */
export function loyaltyClassOf(visitsInWindow: number, visitsBefore: number): LoyaltyClass {
  if (visitsInWindow >= FREQUENT_VISITS) return "frequent";
  if (visitsInWindow >= ACTIVE_VISITS) return "active";
  if (visitsInWindow === 1) return "once";
  return visitsBefore > 0 ? "lost" : "none";
}

/** Workshop visits (repair orders opened) in the last 12 months, and the class. */
export function loyaltyOf(
  visits: readonly Date[],
  now: Date,
  timeZone: string,
): { loyaltyClass: LoyaltyClass; visits12m: number } {
  const start = loyaltyWindowStart(now, timeZone).getTime();
  const inWindow = visits.filter((v) => v.getTime() >= start).length;
  return { loyaltyClass: loyaltyClassOf(inWindow, visits.length - inWindow), visits12m: inWindow };
}

export interface LifecycleFacts {
  /** the earliest purchase date (store-local) of a vehicle the store sold the customer, null if none */
  firstPurchaseDate: string | null;
  /** the earliest workshop visit, null if none */
  firstVisitAt: Date | null;
  /** delivered car purchases plus settled repair orders, in fen */
  spendFen: number;
}

/**
 * Lifecycle (DOMAIN §2): VIP by the spend rule; potential (潜在) without a purchase or a workshop visit; new
 * (新客户) when the customer's first purchase or first visit — whichever came first — is within the last 12
 * months; existing (老客户) otherwise.
 */
export function lifecycleOf(facts: LifecycleFacts, now: Date, timeZone: string): Lifecycle {
  if (facts.spendFen >= VIP_SPEND_FEN) return "vip";
  const firstVisitDate = facts.firstVisitAt ? localDateIn(facts.firstVisitAt, timeZone) : null;
  const firsts = [facts.firstPurchaseDate, firstVisitDate].filter((d): d is string => d !== null);
  if (firsts.length === 0) return "potential";
  const first = firsts.reduce((a, b) => (a < b ? a : b));
  return first >= oneYearBefore(localDateIn(now, timeZone)) ? "new" : "existing";
}
