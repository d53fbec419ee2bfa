// Care-task rules (DOMAIN §4.7 post-sale callbacks; §6 adds post-service callbacks, maintenance reminders and
// birthdays). Pure: the caller passes "now" and the store's settings, so every rule can be tested at fixed
// instants and behaves the same whatever zone the server process runs in.
import { addDays, atLocalTime } from "../../platform/local-date.ts";
import { addWorkingDays, type WorkCalendar } from "../../platform/working-days.ts";
import { type CadenceSettings, endOfBusinessDay, localDateOf } from "../leads/rules.ts";
import type { CareTaskType } from "./schema.ts";

/** The callbacks after a delivery: the 3-day one is the KPI (售后3天有效回访率), then 7 and 30 days. */
export const POST_SALE_CALLBACK_DAYS = [3, 7, 30] as const;
export type PostSaleDayOffset = (typeof POST_SALE_CALLBACK_DAYS)[number];

/** The third unreached call closes a task: customer service does not chase a customer forever. */
export const MAX_UNREACHED_ATTEMPTS = 3;
/** A satisfaction of 1 or 2 (of 5) is a dissatisfied customer, flagged for customer service's follow-up. */
export const FLAG_AT_OR_BELOW = 2;

/**
 * What each kind of task asks when the customer is reached. Callbacks ask for a satisfaction score; a
 * maintenance reminder or a birthday greeting is a message to pass on, not a survey.
 */
export const TASK_KINDS: Record<CareTaskType, { asksSatisfaction: boolean }> = {
  post_sale_callback: { asksSatisfaction: true },
  post_service_callback: { asksSatisfaction: true },
  maintenance_reminder: { asksSatisfaction: false },
  birthday: { asksSatisfaction: false },
};

/**
 * A post-sale callback is due at the end of the business day N calendar days after the store-local delivery
 * date: "within 3 days" of a delivery on Monday evening means by Thursday's close, whatever the hour of the
 * delivery. Calendar days, because DOMAIN §4.7 counts them so; post-service callbacks count working days.
 */
export function postSaleCallbackDue(deliveredAt: Date, dayOffset: number, s: CadenceSettings): Date {
  if (!Number.isInteger(dayOffset) || dayOffset < 0) throw new RangeError(`Invalid day offset ${dayOffset}`);
  return endOfBusinessDay(addDays(localDateOf(deliveredAt, s), dayOffset), s);
}

/** A post-service callback is due within 3 working days of the hand-back (DOMAIN §6). */
export const POST_SERVICE_CALLBACK_WORKING_DAYS = 3;

/**
 * The end of the business day of the third working day after the store-local hand-back date: handed back on
 * Friday, the callback is due by Wednesday's close; a holiday week pushes it past the holidays (see
 * platform/working-days.ts for the calendar).
 */
export function postServiceCallbackDue(handedBackAt: Date, s: CadenceSettings, cal: WorkCalendar): Date {
  const day = addWorkingDays(localDateOf(handedBackAt, s), POST_SERVICE_CALLBACK_WORKING_DAYS, cal);
  return endOfBusinessDay(day, s);
}

/** The instants [start, end) of a period of store-local dates, both ends included. */
export function localPeriod(
  from: string,
  to: string,
  s: Pick<CadenceSettings, "timeZone">,
): { start: Date; end: Date } {
  return {
    start: atLocalTime(from, "00:00", s.timeZone),
    end: atLocalTime(addDays(to, 1), "00:00", s.timeZone),
  };
}

export function isTaskOverdue(task: { done: boolean; dueAt: Date }, now: Date): boolean {
  return !task.done && now.getTime() > task.dueAt.getTime();
}

/** The task as the attempt rule needs it. */
export interface TaskState {
  type: CareTaskType;
  done: boolean;
  attempts: number;
  createdAt: Date;
}

export interface AttemptInput {
  reached: boolean;
  satisfaction?: number;
  occurredAt: Date;
}

/** The task's new state after one call. */
export interface AttemptResult {
  done: boolean;
  doneAt: Date | null;
  reached: boolean | null;
  reachedAt: Date | null;
  satisfaction: number | null;
  attempts: number;
  flagged: boolean;
}

export type AttemptErrorCode =
  | "task_done"
  | "in_future"
  | "before_task_created"
  | "satisfaction_required"
  | "satisfaction_not_allowed";

export type AttemptOutcome =
  | ({ ok: true } & AttemptResult)
  | { ok: false; kind: "conflict" | "unprocessable"; code: AttemptErrorCode; message: string };

const refuse = (
  kind: "conflict" | "unprocessable",
  code: AttemptErrorCode,
  message: string,
): AttemptOutcome => ({ ok: false, kind, code, message });

/**
 * One call on a care task. Reached: the task is done with the customer's answer. Not reached: the call is
 * counted and the task stays open until the MAX_UNREACHED_ATTEMPTS-th call, which closes it as unreached.
 */
export function applyAttempt(task: TaskState, input: AttemptInput, now: Date): AttemptOutcome {
  if (task.done) return refuse("conflict", "task_done", "This task is done already.");
  if (input.occurredAt.getTime() > now.getTime()) {
    return refuse("unprocessable", "in_future", "A call cannot be recorded before it has happened.");
  }
  // The task exists from the event that opened it (the delivery): a call before it cannot be its callback.
  if (input.occurredAt.getTime() < task.createdAt.getTime()) {
    return refuse("unprocessable", "before_task_created", "A call cannot predate its task.");
  }
  const asks = TASK_KINDS[task.type].asksSatisfaction;
  if (input.satisfaction !== undefined && (!input.reached || !asks)) {
    return refuse(
      "unprocessable",
      "satisfaction_not_allowed",
      input.reached
        ? "This kind of task does not ask for a satisfaction score."
        : "Only a customer who was reached can give a satisfaction score.",
    );
  }
  const attempts = task.attempts + 1;
  if (input.reached) {
    if (asks && input.satisfaction === undefined) {
      return refuse(
        "unprocessable",
        "satisfaction_required",
        "A reached callback records the satisfaction (1–5).",
      );
    }
    const satisfaction = input.satisfaction ?? null;
    return {
      ok: true,
      done: true,
      doneAt: input.occurredAt,
      reached: true,
      reachedAt: input.occurredAt,
      satisfaction,
      attempts,
      flagged: satisfaction !== null && satisfaction <= FLAG_AT_OR_BELOW,
    };
  }
  // Every call so far went unanswered (a reached one would have closed the task), so attempts counts them.
  const closes = attempts >= MAX_UNREACHED_ATTEMPTS;
  return {
    ok: true,
    done: closes,
    doneAt: closes ? input.occurredAt : null,
    reached: closes ? false : null,
    reachedAt: null,
    satisfaction: null,
    attempts,
    flagged: false,
  };
}

/** A score of 4 or 5 is a satisfied customer for the CSI (客户满意度 = satisfied ÷ effective callbacks). */
export const CSI_SATISFIED_FROM = 4;

/** reached in time ÷ due; null when nothing was due (a rate of an empty set is unknown, not 0 %). */
export function callbackRate(due: number, inTime: number): number | null {
  return due === 0 ? null : inTime / due;
}
