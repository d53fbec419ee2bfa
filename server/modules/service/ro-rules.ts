/**
 * Pure rules of repair orders (维修工单, DOMAIN §6): the RO number, the state steps, the money of labour and parts
 * lines, the settlement totals by payer, the last known mileage and the return repair (返修). No I/O: the use
 * cases pass what they read.
 */
import { MAX_FEN } from "../../platform/money.ts";
import type { Payer, RoState, WorkType } from "./schema.ts";

/** the most hours one labour line takes: a body-shop job of a month is still far below */
export const MAX_LABOUR_HOURS = 200;
/** the largest quantity of one parts line (litres of oil, metres of hose, pieces) */
export const MAX_PART_QUANTITY = 10_000;
/** lines of each kind on one order: keeps every sum far inside the integers a number holds exactly */
export const MAX_LINES = 200;
/** a return repair (返修) is an order opened at most this long after the earlier order's hand-back */
export const RETURN_REPAIR_WINDOW_MS = 30 * 24 * 3_600_000;

/** RO20261122-0007: the 7th repair order opened on the store-local day 2026-11-22. */
export function roNo(localDate: string, n: number): string {
  return `RO${localDate.replaceAll("-", "")}-${String(n).padStart(4, "0")}`;
}

/**
 * A decimal with at most two places as exact hundredths (1.5 h → 150), or null when it has more places.
 * The tolerance absorbs binary fractions: 1.15 × 100 is 114.99999999999999.
 */
export function toCenti(value: number): number | null {
  const centi = Math.round(value * 100);
  return Math.abs(value * 100 - centi) < 1e-6 ? centi : null;
}

/**
 * amount = hundredths × unit price / 100, rounded half up to the fen. Computed in BigInt: 10 000 pieces at
 * 1亿元 would exceed the integers a number holds exactly. Null above MAX_FEN (the caller refuses it).
 */
export function lineAmountFen(centi: number, unitFen: number): number | null {
  const amount = (BigInt(centi) * BigInt(unitFen) + 50n) / 100n;
  return amount > BigInt(MAX_FEN) ? null : Number(amount);
}

/** Who pays a line unless the advisor says otherwise (docs/API.md, payers). */
export function defaultPayer(workType: WorkType): Payer {
  if (workType === "warranty") return "warranty";
  if (workType === "insurance") return "insurer";
  return "customer";
}

/** The only step the transition endpoint takes from each state; settle and hand-back have their own. */
const NEXT_BY_TRANSITION: Partial<Record<RoState, RoState>> = { open: "in_progress", in_progress: "done" };

export type TransitionCheck = { ok: true } | { ok: false; code: "invalid_transition"; message: string };

export function checkTransition(from: RoState, to: RoState): TransitionCheck {
  if (NEXT_BY_TRANSITION[from] === to) return { ok: true };
  const hint =
    to === "settled" || to === "handed_back"
      ? ` (${to === "settled" ? "settle" : "hand-back"} has its own endpoint)`
      : "";
  return { ok: false, code: "invalid_transition", message: `no step from ${from} to ${to}${hint}` };
}

/** Lines may be added and removed until the work is done. */
export function linesEditable(state: RoState): boolean {
  return state === "open" || state === "in_progress";
}

export interface LineMoney {
  amountFen: number;
  payer: Payer;
}

export interface Totals {
  labourFen: number;
  partsFen: number;
  totalFen: number;
  byPayer: Record<Payer, number>;
}

export function totalsOf(labour: LineMoney[], parts: LineMoney[]): Totals {
  const byPayer: Record<Payer, number> = { customer: 0, insurer: 0, warranty: 0 };
  const sum = (lines: LineMoney[]) =>
    lines.reduce((s, l) => {
      byPayer[l.payer] += l.amountFen;
      return s + l.amountFen;
    }, 0);
  const labourFen = sum(labour);
  const partsFen = sum(parts);
  return { labourFen, partsFen, totalFen: labourFen + partsFen, byPayer };
}

/** The vehicle's last known mileage: its record, or the highest mileage in of its earlier repair orders. */
export function lastKnownKm(vehicleKm: number | null, previousMaxKm: number | null): number | null {
  if (vehicleKm === null) return previousMaxKm;
  if (previousMaxKm === null) return vehicleKm;
  return Math.max(vehicleKm, previousMaxKm);
}

export interface EarlierOrder {
  id: number;
  workType: WorkType;
  handedBackAt: Date | null;
}

/**
 * The earlier order a new one repeats (返修): the same vehicle (the caller passes only its orders) and work type,
 * maintenance excluded (a routine service is never a repair of the previous one), opened no later than 30 days
 * after that order's hand-back — exactly 30 days still counts. Several: the latest hand-back.
 */
export function returnRepairOf(
  earlier: EarlierOrder[],
  workType: WorkType,
  openedAt: Date,
): EarlierOrder | null {
  if (workType === "maintenance") return null;
  let found: EarlierOrder | null = null;
  for (const o of earlier) {
    if (o.workType !== workType || o.handedBackAt === null) continue;
    const since = openedAt.getTime() - o.handedBackAt.getTime();
    if (since < 0 || since > RETURN_REPAIR_WINDOW_MS) continue;
    if (!found || o.handedBackAt > found.handedBackAt!) found = o;
  }
  return found;
}

/** a share of a whole, null when there is nothing to share */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** an average amount in whole fen (half up), null without any order */
export function averageFen(sumFen: number, count: number): number | null {
  return count === 0 ? null : Math.floor((sumFen * 2 + count) / (2 * count));
}
