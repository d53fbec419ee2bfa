// Lead cadence rules (DOMAIN.md §3). Pure: the caller passes "now" and the store's settings, so every rule
// can be tested at fixed instants and behaves the same whatever zone the server process runs in.
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { addDays, atLocalTime, localDateIn, localDayRange } from "../../platform/local-date.ts";

dayjs.extend(utc);
dayjs.extend(timezone);

export const LEVELS = ["N", "C", "B", "A", "H", "O", "D", "T"] as const;
export type Level = (typeof LEVELS)[number];

// O, D and T follow from orders, deliveries and cancellations; N exists only until the first real contact.
export const GRADABLE_LEVELS = ["C", "B", "A", "H"] as const;
export const CREATABLE_LEVELS = ["N", "C", "B", "A", "H"] as const;
export type GradableLevel = (typeof GRADABLE_LEVELS)[number];
export type CreatableLevel = (typeof CREATABLE_LEVELS)[number];

export type LeadState = "active" | "defeat_requested" | "defeated" | "won";

export interface CadenceRange {
  planDays: number;
  maxDays: number;
}

export type CadencedLevel = "C" | "B" | "A" | "H" | "O";
export type ValidityLevel = "C" | "B" | "A" | "H";

export interface CadenceSettings {
  timeZone: string;
  businessDayEnd: string;
  cadence: Record<CadencedLevel, CadenceRange>;
  validityDays: Record<ValidityLevel, number>;
  escalateAfterDays: number;
}

export const DEFAULT_CADENCE_SETTINGS: CadenceSettings = {
  timeZone: "Asia/Shanghai",
  businessDayEnd: "18:00",
  cadence: {
    C: { planDays: 10, maxDays: 15 },
    B: { planDays: 5, maxDays: 7 },
    A: { planDays: 3, maxDays: 5 },
    H: { planDays: 1, maxDays: 2 },
    O: { planDays: 7, maxDays: 7 },
  },
  validityDays: { H: 7, A: 15, B: 30, C: 90 },
  escalateAfterDays: 3,
};

const CADENCED_LEVELS: readonly CadencedLevel[] = ["C", "B", "A", "H", "O"];
const VALIDITY_LEVELS: readonly ValidityLevel[] = ["C", "B", "A", "H"];
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_CADENCE_DAYS = 365;
const NOON = "12:00";
const PLAN_TIME = "10:00";
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLevel(value: unknown): value is Level {
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

export function isGradableLevel(value: unknown): value is GradableLevel {
  return typeof value === "string" && (GRADABLE_LEVELS as readonly string[]).includes(value);
}

export function isCreatableLevel(value: unknown): value is CreatableLevel {
  return typeof value === "string" && (CREATABLE_LEVELS as readonly string[]).includes(value);
}

function isCadencedLevel(level: Level): level is CadencedLevel {
  return (CADENCED_LEVELS as readonly string[]).includes(level);
}

function isValidityLevel(level: Level): level is ValidityLevel {
  return (VALIDITY_LEVELS as readonly string[]).includes(level);
}

function isKnownTimeZone(tz: unknown): boolean {
  if (typeof tz !== "string" || tz.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`Invalid time of day "${hhmm}", expected HH:mm`);
  return Number(m[1]) * 60 + Number(m[2]);
}

// Days are counted in whole days; a fractional setting would make "the last allowed day" ambiguous.
function isIntAtLeast(value: unknown, min: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min;
}

export function validateCadenceSettings(s: CadenceSettings): string[] {
  const problems: string[] = [];

  if (!isKnownTimeZone(s.timeZone))
    problems.push(`timeZone "${String(s.timeZone)}" is not a known time zone`);

  if (typeof s.businessDayEnd !== "string" || !HHMM.test(s.businessDayEnd)) {
    problems.push(`businessDayEnd "${String(s.businessDayEnd)}" must be a time of day as HH:mm`);
  } else if (minutesOf(s.businessDayEnd) <= minutesOf(NOON)) {
    // The N rule gives a lead received just before noon until the end of that business day; an end at or
    // before noon would make it due before, or barely after, it arrived.
    problems.push(`businessDayEnd "${s.businessDayEnd}" must be after 12:00`);
  }

  for (const level of CADENCED_LEVELS) {
    const range = s.cadence?.[level];
    if (!range) {
      problems.push(`cadence.${level} is missing`);
      continue;
    }
    const planOk = isIntAtLeast(range.planDays, 1);
    const maxOk = isIntAtLeast(range.maxDays, 1) && range.maxDays <= MAX_CADENCE_DAYS;
    if (!planOk) problems.push(`cadence.${level}.planDays must be a whole number of days ≥ 1`);
    if (!maxOk) {
      problems.push(
        `cadence.${level}.maxDays must be a whole number of days between 1 and ${MAX_CADENCE_DAYS}`,
      );
    }
    if (planOk && maxOk && range.planDays > range.maxDays) {
      problems.push(
        `cadence.${level}.planDays (${range.planDays}) must not exceed cadence.${level}.maxDays (${range.maxDays})`,
      );
    }
  }

  for (const level of VALIDITY_LEVELS) {
    if (!isIntAtLeast(s.validityDays?.[level], 1)) {
      problems.push(`validityDays.${level} must be a whole number of days ≥ 1`);
    }
  }

  if (!isIntAtLeast(s.escalateAfterDays, 1))
    problems.push("escalateAfterDays must be a whole number of days ≥ 1");

  return problems;
}

export function localDateOf(at: Date, s: CadenceSettings): string {
  return localDateIn(at, s.timeZone);
}

/** The store's calendar day around `at`: [start, end) as instants (local midnight to local midnight). */
export function localDayBounds(at: Date, s: CadenceSettings): { start: Date; end: Date } {
  return localDayRange(localDateOf(at, s), s.timeZone);
}

export function endOfBusinessDay(localDate: string, s: CadenceSettings): Date {
  return atLocalTime(localDate, s.businessDayEnd, s.timeZone);
}

export function nRuleDue(receivedAt: Date, s: CadenceSettings): Date {
  const local = dayjs(receivedAt).tz(s.timeZone);
  const localDate = local.format("YYYY-MM-DD");
  if (local.hour() < 12) return endOfBusinessDay(localDate, s);
  return atLocalTime(addDays(localDate, 1), NOON, s.timeZone);
}

export function dueAt(level: Level, anchor: Date, s: CadenceSettings): Date | null {
  if (level === "N") return nRuleDue(anchor, s);
  if (isCadencedLevel(level)) {
    return endOfBusinessDay(addDays(localDateOf(anchor, s), s.cadence[level].maxDays), s);
  }
  // D is served by post-sale callbacks and T waits for a manager's decision; neither has a follow-up clock.
  return null;
}

/**
 * Throws a RangeError for D and T: they have no follow-up cadence, so there is nothing to propose.
 *
 * For N the window runs from `at`, whereas applyFollowUp keeps an ungraded N lead due by the N rule from its
 * creation; a plan proposed from a later `at` can therefore be refused there as beyond_cadence.
 */
export function planWindow(level: Level, at: Date, s: CadenceSettings): { proposedAt: Date; latestAt: Date } {
  const latestAt = dueAt(level, at, s);
  if (latestAt === null) throw new RangeError(`Level ${level} has no follow-up cadence`);
  if (level === "N" || !isCadencedLevel(level)) return { proposedAt: latestAt, latestAt };
  const planned = atLocalTime(addDays(localDateOf(at, s), s.cadence[level].planDays), PLAN_TIME, s.timeZone);
  return { proposedAt: planned.getTime() > latestAt.getTime() ? latestAt : planned, latestAt };
}

// Validity is elapsed time, not calendar days: "longer than 7 days" must not stretch or shrink by an hour
// when the store's clocks change.
export function isStale(level: Level, levelSince: Date, now: Date, s: CadenceSettings): boolean {
  if (!isValidityLevel(level)) return false;
  return now.getTime() - levelSince.getTime() > s.validityDays[level] * DAY_MS;
}

export function isOverdue(state: LeadState, dueAt: Date | null, now: Date): boolean {
  // Only active leads have a due time; a lead awaiting defeat approval is the manager's move, not the
  // consultant's.
  return state === "active" && dueAt !== null && now.getTime() > dueAt.getTime();
}

export function isEscalated(state: LeadState, dueAt: Date | null, now: Date, s: CadenceSettings): boolean {
  if (dueAt === null || !isOverdue(state, dueAt, now)) return false;
  return now.getTime() - dueAt.getTime() > s.escalateAfterDays * DAY_MS;
}

export function graceDueForNewOwner(currentDue: Date | null, now: Date, s: CadenceSettings): Date {
  // A new owner gets at least the time a freshly received lead would get, so a reassignment or a claim from
  // the pool never lands on their list as already overdue.
  const grace = nRuleDue(now, s);
  if (currentDue === null || currentDue.getTime() < grace.getTime()) return grace;
  return currentDue;
}

export interface LeadCadenceState {
  level: Level;
  levelSince: Date;
  state: LeadState;
  createdAt: Date;
  lastReachedAt: Date | null;
  dueAt: Date | null;
}

export interface FollowUpInput {
  occurredAt: Date;
  reached: boolean;
  level?: Level;
  nextContactAt?: Date;
}

export type FollowUpErrorCode =
  | "lead_not_active"
  | "level_not_allowed"
  | "level_required"
  | "beyond_cadence"
  | "plan_not_after_follow_up"
  | "before_lead_created"
  | "in_future";

export type FollowUpOutcome =
  | {
      ok: true;
      levelBefore: Level;
      levelAfter: Level;
      levelChanged: boolean;
      levelSince: Date;
      lastReachedAt: Date | null;
      dueAt: Date | null;
      nextContactAt: Date | null;
    }
  | { ok: false; code: FollowUpErrorCode; message: string; details?: Record<string, unknown> };

function refuse(
  code: FollowUpErrorCode,
  message: string,
  details?: Record<string, unknown>,
): Extract<FollowUpOutcome, { ok: false }> {
  return details ? { ok: false, code, message, details } : { ok: false, code, message };
}

function maxDate(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() >= b.getTime() ? a : b;
}

function formatLocal(at: Date, s: CadenceSettings): string {
  return dayjs(at).tz(s.timeZone).format("YYYY-MM-DD HH:mm");
}

export function applyFollowUp(
  lead: LeadCadenceState,
  input: FollowUpInput,
  now: Date,
  s: CadenceSettings,
): FollowUpOutcome {
  const { occurredAt, reached, level, nextContactAt } = input;

  if (lead.state !== "active") {
    return refuse("lead_not_active", `Only active leads take follow-ups; this lead is ${lead.state}.`, {
      state: lead.state,
    });
  }
  if (occurredAt.getTime() > now.getTime()) {
    return refuse("in_future", "A follow-up cannot be recorded before it has happened.", {
      occurredAt: occurredAt.toISOString(),
      now: now.toISOString(),
    });
  }
  if (occurredAt.getTime() < lead.createdAt.getTime()) {
    return refuse("before_lead_created", "A follow-up cannot predate the lead it belongs to.", {
      occurredAt: occurredAt.toISOString(),
      createdAt: lead.createdAt.toISOString(),
    });
  }

  if (level !== undefined) {
    if (!isGradableLevel(level)) {
      return refuse(
        "level_not_allowed",
        `A follow-up may set the level to ${GRADABLE_LEVELS.join(", ")} only; ${level} is set by the sales process.`,
        { level, allowed: [...GRADABLE_LEVELS] },
      );
    }
    // Once ordered, the level moves with the order (delivery → D, cancellation → T), not with a phone call.
    if (lead.level === "O") {
      return refuse("level_not_allowed", "A lead with an order (O) cannot be re-graded by a follow-up.", {
        level,
        currentLevel: lead.level,
      });
    }
    // A cancelled order (T) waits for the manager's decision: re-grade or close (POST /leads/:id/after-cancel).
    if (lead.level === "T") {
      return refuse("level_not_allowed", "A lead with a cancelled order (T) is re-graded by the manager.", {
        level,
        currentLevel: lead.level,
      });
    }
  }

  // Staleness is judged at "now", when the consultant fills in the form, not at the (possibly backdated)
  // time of the contact: a stale lead must be consciously re-graded whatever the record's date says.
  const stale = isStale(lead.level, lead.levelSince, now, s);
  if (level === undefined) {
    if (stale) {
      return refuse(
        "level_required",
        `The lead has been at level ${lead.level} longer than ${s.validityDays[lead.level as ValidityLevel]} days; state its level again.`,
        { reason: "stale", level: lead.level, levelSince: lead.levelSince.toISOString() },
      );
    }
    // The N rule: N only stands for "not yet spoken to", so the first real contact must grade the lead.
    if (lead.level === "N" && reached) {
      return refuse("level_required", "The customer was reached: grade the new lead (C, B, A or H).", {
        reason: "n_rule",
        level: lead.level,
      });
    }
  }

  // Only an effective follow-up (有效回访) restarts the clock; max() keeps a backdated record from winding
  // it back.
  let lastReachedAt = lead.lastReachedAt;
  if (reached && (lastReachedAt === null || occurredAt.getTime() > lastReachedAt.getTime())) {
    lastReachedAt = occurredAt;
  }

  const levelAfter = level ?? lead.level;
  const levelChanged = levelAfter !== lead.level;
  // Restating the same level on a stale lead is a conscious confirmation, so its validity starts again.
  const levelSince = levelChanged || (stale && level !== undefined) ? occurredAt : lead.levelSince;

  // An unreached attempt may still change the level; the new level's range then runs from the last effective
  // contact, because nobody has actually talked to the customer since.
  const computedDue =
    levelAfter === "N" ? nRuleDue(lead.createdAt, s) : dueAt(levelAfter, lastReachedAt ?? lead.createdAt, s);
  // An unreached attempt never shortens the time the owner has (e.g. the grace a new owner was given).
  const newDueAt =
    !reached && computedDue !== null && lead.dueAt !== null && lead.dueAt.getTime() > computedDue.getTime()
      ? lead.dueAt
      : computedDue;
  // The plan is measured from this follow-up (DOMAIN §3: for B, 1–7 days after it), so an attempt on an
  // overdue lead can still plan the retry within the level's range.
  const latestPlan = levelAfter === "N" ? newDueAt : maxDate(newDueAt, dueAt(levelAfter, occurredAt, s));

  if (nextContactAt !== undefined) {
    if (nextContactAt.getTime() <= occurredAt.getTime()) {
      return refuse("plan_not_after_follow_up", "The next contact must be planned after this follow-up.", {
        occurredAt: occurredAt.toISOString(),
        nextContactAt: nextContactAt.toISOString(),
      });
    }
    if (latestPlan !== null && nextContactAt.getTime() > latestPlan.getTime()) {
      return refuse(
        "beyond_cadence",
        `The next contact (${formatLocal(nextContactAt, s)}) is beyond the level ${levelAfter} cadence: the latest allowed is ${formatLocal(latestPlan, s)} (${s.timeZone}), on ${localDateOf(latestPlan, s)}. Plan the contact within the cadence, or re-grade the lead if the customer's timing has changed.`,
        { latestAt: latestPlan.toISOString(), level: levelAfter },
      );
    }
  }

  return {
    ok: true,
    levelBefore: lead.level,
    levelAfter,
    levelChanged,
    levelSince,
    lastReachedAt,
    dueAt: newDueAt,
    nextContactAt: nextContactAt ?? null,
  };
}

/** A step of the sales process that moves the lead's level (DOMAIN §3: O, D, T come from it). */
export type SalesStep = "ordered" | "cancelled" | "delivered";

export interface SalesLevelChange {
  level: "O" | "T" | "D";
  levelSince: Date;
  state: LeadState;
  dueAt: Date | null;
  lastReachedAt: Date | null;
}

/**
 * The lead after an order (O: followed up every 7 days until delivery, by the O range), a cancellation (T:
 * no due time, the manager decides) or a delivery (D, won: the post-sale callbacks take over). Signing an
 * order and handing over a car are contacts with the customer, so they count as effective follow-ups.
 */
export function salesLevelChange(
  step: SalesStep,
  lead: Pick<LeadCadenceState, "state" | "lastReachedAt">,
  at: Date,
  s: CadenceSettings,
): SalesLevelChange {
  const reached = maxDate(lead.lastReachedAt, at);
  switch (step) {
    case "ordered":
      return {
        level: "O",
        levelSince: at,
        state: "active",
        dueAt: dueAt("O", at, s),
        lastReachedAt: reached,
      };
    case "cancelled":
      return {
        level: "T",
        levelSince: at,
        state: lead.state,
        dueAt: null,
        lastReachedAt: lead.lastReachedAt,
      };
    case "delivered":
      return { level: "D", levelSince: at, state: "won", dueAt: null, lastReachedAt: reached };
  }
}
