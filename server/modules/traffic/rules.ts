// Showroom traffic rules (DOMAIN §4.1). Pure: the caller passes "now" and the store's zone, so the board and
// the month maths behave the same whatever zone the server process runs in.
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import { atLocalTime } from "../../platform/local-date.ts";

dayjs.extend(utc);

/**
 * How far back reception may log a visit or a call: a busy Saturday is often typed in on Monday, but a
 * record dated months back is a typo, and it would silently change a closed month's traffic.
 */
export const MAX_BACKDATE_DAYS = 7;
const DAY_MS = 86_400_000;

export type TimeRefusal = "in_future" | "too_far_back" | "left_before_arrival";

/** The arrival and (optional) leave of a visit, or the instant of a call (`leftAt` undefined). */
export function checkTrafficTimes(
  arrivedAt: Date,
  leftAt: Date | null | undefined,
  now: Date,
): TimeRefusal | null {
  if (arrivedAt > now || (leftAt && leftAt > now)) return "in_future";
  if (arrivedAt.getTime() < now.getTime() - MAX_BACKDATE_DAYS * DAY_MS) return "too_far_back";
  if (leftAt && leftAt < arrivedAt) return "left_before_arrival";
  return null;
}

export type ConsultantStatus = "free" | "with_customer" | "paused";

/** A consultant as the board needs him: the round-robin fields and today's visits he served. */
export interface BoardConsultant {
  userId: number;
  displayName: string;
  paused: boolean;
  lastAssignedAt: Date | null;
}

export interface BoardVisit {
  id: number;
  consultantId: number;
  arrivedAt: Date;
  leftAt: Date | null;
}

export interface ConsultantCard {
  userId: number;
  displayName: string;
  paused: boolean;
  status: ConsultantStatus;
  /** the open visit while with a customer */
  visitId: number | null;
  /** with a customer: since the arrival; free: since the last visit of the day ended; paused: unknown */
  since: Date | null;
  visitsToday: number;
}

/**
 * Each consultant's state from today's visits. A consultant with an open visit is with a customer even when
 * paused (he is busy either way; `paused` still says he gets no new turns). Only today's open visits count:
 * a visit nobody closed yesterday must not keep a consultant "busy" forever.
 */
export function consultantCards(
  consultants: BoardConsultant[],
  todaysVisits: BoardVisit[],
): ConsultantCard[] {
  return consultants.map((c) => {
    const mine = todaysVisits.filter((v) => v.consultantId === c.userId);
    const open = mine
      .filter((v) => v.leftAt === null)
      .sort((a, b) => b.arrivedAt.getTime() - a.arrivedAt.getTime() || b.id - a.id)[0];
    const lastLeft = mine.reduce<Date | null>(
      (latest, v) => (v.leftAt && (!latest || v.leftAt > latest) ? v.leftAt : latest),
      null,
    );
    const status: ConsultantStatus = open ? "with_customer" : c.paused ? "paused" : "free";
    return {
      userId: c.userId,
      displayName: c.displayName,
      paused: c.paused,
      status,
      visitId: open?.id ?? null,
      since: open ? open.arrivedAt : status === "free" ? lastLeft : null,
      visitsToday: mine.length,
    };
  });
}

/**
 * Whose turn it is to receive the next walk-in, as the lead round robin orders the consultants (on duty, not
 * paused, longest since the last turn first, then by id) — read only, the board never takes the turn.
 * A consultant with a customer keeps the place in the queue but is passed over for now: the first FREE one
 * in that order is proposed, and the busy one is first again once free (his last turn has not moved).
 */
export function nextInTurn(consultants: BoardConsultant[], cards: ConsultantCard[]): BoardConsultant | null {
  const free = new Set(cards.filter((c) => c.status === "free").map((c) => c.userId));
  const queue = consultants
    .filter((c) => !c.paused && free.has(c.userId))
    .sort(
      (a, b) =>
        (a.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY) -
          (b.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY) || a.userId - b.userId,
    );
  return queue[0] ?? null;
}

/** A calendar month `YYYY-MM` of the store: its days and its instants [start, end). */
export function monthRange(month: string, timeZone: string): { start: Date; end: Date; days: string[] } {
  const first = dayjs.utc(`${month}-01`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || !first.isValid()) {
    throw new RangeError(`Invalid month "${month}", expected YYYY-MM`);
  }
  const days = Array.from({ length: first.daysInMonth() }, (_, i) =>
    first.add(i, "day").format("YYYY-MM-DD"),
  );
  const next = first.add(1, "month").format("YYYY-MM-DD");
  return {
    start: atLocalTime(days[0]!, "00:00", timeZone),
    end: atLocalTime(next, "00:00", timeZone),
    days,
  };
}

/** Traffic achievement (客流达成率, DOMAIN §9): actual ÷ planned, null without a plan (or a plan of zero). */
export function achievement(traffic: number, plannedTraffic: number | null): number | null {
  if (plannedTraffic === null || plannedTraffic === 0) return null;
  return Math.round((traffic / plannedTraffic) * 10_000) / 10_000;
}

/**
 * Whether serving a visit uses up the consultant's round-robin turn (the same queue the lead round robin
 * hands out new leads by). A first visit is a new walk-in given to whoever was in turn; a consultant's own
 * lead coming in, or any return visit, is his customer anyway and takes no turn.
 */
export function takesTurn(
  firstVisit: boolean,
  leadOwnerId: number | null | undefined,
  consultantId: number,
): boolean {
  return firstVisit && leadOwnerId !== consultantId;
}
