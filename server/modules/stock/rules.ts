// Vehicle stock rules (DOMAIN §5). Pure: the caller passes "now" and the store's settings, so stock age,
// long stock and the purchase-plan checks behave the same whatever zone the server process runs in.
import { daysBetween, localDateIn } from "../../platform/local-date.ts";
import type { StockStatus } from "./schema.ts";

export const AGE_BUCKETS = ["0-30", "31-60", "61-90", "90+"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** Inclusive day ranges of the buckets; the last has no upper end. */
export const BUCKET_DAYS: Record<AgeBucket, { min: number; max: number | null }> = {
  "0-30": { min: 0, max: 30 },
  "31-60": { min: 31, max: 60 },
  "61-90": { min: 61, max: 90 },
  "90+": { min: 91, max: null },
};

/** What the stock rules need to know about a store. */
export interface StockSettings {
  timeZone: string;
  /** stock older than this many days is long stock (长库存) */
  longStockDays: number;
}

/**
 * Stock age (库龄): whole calendar days from the store-local arrival date to the store-local day of
 * `until`. A car that arrived at 23:59 is one day old a minute later, as the staff count it. Null while
 * the car has not arrived.
 */
export function stockAgeDays(arrivedAt: Date | null, until: Date, timeZone: string): number | null {
  if (arrivedAt === null) return null;
  return daysBetween(localDateIn(arrivedAt, timeZone), localDateIn(until, timeZone));
}

/** The day a car's age is counted to: a sold car's age stops at its sale. */
export function ageUntil(status: StockStatus, soldAt: Date | null, now: Date): Date {
  return status === "sold" && soldAt !== null ? soldAt : now;
}

export function ageBucket(ageDays: number): AgeBucket {
  for (const bucket of AGE_BUCKETS) {
    const { min, max } = BUCKET_DAYS[bucket];
    if (ageDays >= min && (max === null || ageDays <= max)) return bucket;
  }
  // ages are never negative (arrivals in the future are refused); a clock set back lands in the first bucket
  return "0-30";
}

/** Long stock (长库存): an arrived car not yet sold that is older than the store's threshold. */
export function isLongStock(status: StockStatus, ageDays: number | null, longStockDays: number): boolean {
  return status !== "sold" && ageDays !== null && ageDays > longStockDays;
}

/** The statuses an order may reserve a car from (a demo car can be sold too). */
const RESERVABLE: readonly StockStatus[] = ["in_stock", "in_transit", "demo"];

export function canReserve(status: StockStatus): boolean {
  return RESERVABLE.includes(status);
}

/**
 * The status a car returns to when its order is cancelled, when the order did not record the one it
 * had: in stock once it has arrived, otherwise still in transit.
 */
export function statusAfterRelease(arrivedAt: Date | null): StockStatus {
  return arrivedAt === null ? "in_transit" : "in_stock";
}

/** The statuses the manager may set by hand; reserved and sold follow the car's order. */
export const MANUAL_STATUSES = ["in_transit", "in_stock", "demo"] as const;
export type ManualStatus = (typeof MANUAL_STATUSES)[number];

export function isLocked(status: StockStatus): boolean {
  return status === "reserved" || status === "sold";
}

// ---------------------------------------------------------------------------------------------------
// Purchase planning (采购计划校验): the colour quota and the option rule of each model

/** Cars of one kind: the stock counts (in stock and in transit), a plan line the planned quantity. */
export interface CarGroup {
  model: string;
  colour: string;
  optionPackage: string | null;
  count: number;
}

export interface ModelRule {
  colourQuota: number;
  optionAllOrNone: boolean;
}

export type PlanWarningCode = "colour_quota" | "option_rule";

export interface PlanWarning {
  code: PlanWarningCode;
  model: string;
  message: string;
  details: Record<string, unknown>;
}

/** Colours and packages are typed by hand: "白色 " and "白色" are the same colour. */
const norm = (s: string) => s.trim().replace(/\s+/g, " ");
const normPackage = (s: string | null) => (s === null || norm(s) === "" ? null : norm(s));

/**
 * Checks a planned purchase against the stock plus the cars in transit, model by model:
 * - colour quota: the model's colours in stock or in transit together with the planned colours must not
 *   be more than the quota (the model's rule, else the store's default);
 * - option rule (only for models whose rule says so): all of the model's cars carry the same option
 *   package, or none does — stock and plan together must not mix them.
 * Each warning says the reason with its numbers.
 */
export function checkPurchasePlan(
  stock: readonly CarGroup[],
  plan: readonly CarGroup[],
  rules: ReadonlyMap<string, ModelRule>,
  defaultColourQuota: number,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const ruleOf = new Map([...rules].map(([model, rule]) => [norm(model), rule]));
  const models = [...new Set(plan.map((l) => norm(l.model)))];
  for (const model of models) {
    const ofModel = (groups: readonly CarGroup[]) => groups.filter((g) => norm(g.model) === model);
    const stockCars = ofModel(stock);
    const planned = ofModel(plan);
    const rule = ruleOf.get(model);
    const quota = rule?.colourQuota ?? defaultColourQuota;

    const stockColours = unique(stockCars.map((g) => norm(g.colour)));
    const plannedColours = unique(planned.map((g) => norm(g.colour)));
    const colours = unique([...stockColours, ...plannedColours]);
    if (colours.length > quota) {
      const newColours = plannedColours.filter((c) => !stockColours.includes(c));
      warnings.push({
        code: "colour_quota",
        model,
        message:
          `${model}: stock and transit have ${stockColours.length} colour(s), the plan adds ` +
          `${newColours.length} new (${newColours.join(", ") || "none"}): ${colours.length} colours, ` +
          `more than the quota of ${quota}${rule ? " (the model's rule)" : " (the store's default)"}`,
        details: {
          quota,
          quotaSource: rule ? "model" : "store",
          colourCount: colours.length,
          stockColours,
          plannedColours,
          newColours,
        },
      });
    }

    if (rule?.optionAllOrNone) {
      const packages = new Map<string | null, { stock: number; planned: number }>();
      const add = (g: CarGroup, key: "stock" | "planned") => {
        const p = normPackage(g.optionPackage);
        const entry = packages.get(p) ?? { stock: 0, planned: 0 };
        entry[key] += g.count;
        packages.set(p, entry);
      };
      for (const g of stockCars) add(g, "stock");
      for (const g of planned) add(g, "planned");
      if (packages.size > 1) {
        const list = [...packages.entries()]
          .map(([optionPackage, n]) => ({ optionPackage, ...n }))
          .sort((a, b) => (a.optionPackage ?? "").localeCompare(b.optionPackage ?? ""));
        const without = packages.get(null);
        warnings.push({
          code: "option_rule",
          model,
          message:
            `${model}: the model's stock must carry the option package on all cars or on none; stock and ` +
            `plan would mix ${list
              .map(
                (p) =>
                  `${p.stock + p.planned} ${p.optionPackage === null ? "without a package" : `with "${p.optionPackage}"`} (${p.stock} in stock, ${p.planned} planned)`,
              )
              .join(" and ")}`,
          details: {
            packages: list,
            withPackage: list
              .filter((p) => p.optionPackage !== null)
              .reduce((n, p) => n + p.stock + p.planned, 0),
            withoutPackage: without ? without.stock + without.planned : 0,
          },
        });
      }
    }
  }
  return warnings;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
