// Complaint rules (DOMAIN §6): the deadline by severity, the state machine and when a complaint is overdue.
// Pure: the caller passes the store's settings and "now".
// The hours per severity are the store's (identity/service-settings.ts `complaintDeadlineHoursOf`).
import type { ComplaintDeadlineHours } from "../identity/service-settings.ts";
import type { ComplaintSeverity, ComplaintState } from "./schema.ts";

/** The deadline is counted in clock hours from the moment the complaint was received: a customer waits nights too. */
export function complaintDeadline(
  receivedAt: Date,
  severity: ComplaintSeverity,
  hours: ComplaintDeadlineHours,
): Date {
  return new Date(receivedAt.getTime() + hours[severity] * 3_600_000);
}

const OPEN: readonly ComplaintState[] = ["received", "handling"];

export function isOpen(state: ComplaintState): boolean {
  return OPEN.includes(state);
}

/** Overdue: still open after its deadline. A resolved complaint is no longer overdue, even if late. */
export function isComplaintOverdue(c: { state: ComplaintState; deadlineAt: Date }, now: Date): boolean {
  return isOpen(c.state) && now.getTime() > c.deadlineAt.getTime();
}

/**
 * Escalated to the gm's list: overdue. The severity's deadline is already the grace the owner had, so there is
 * no second waiting period — a high-severity complaint left 24 hours is the manager's the next minute.
 */
export const isComplaintEscalated = isComplaintOverdue;

/**
 * The allowed steps: forward one at a time, and resolved → handling when the customer is not satisfied with
 * the resolution (a reopening, which needs a note saying why). A confirmed complaint is closed for good.
 */
const NEXT: Record<ComplaintState, readonly ComplaintState[]> = {
  received: ["handling"],
  handling: ["resolved"],
  resolved: ["confirmed", "handling"],
  confirmed: [],
};

export type TransitionCheck =
  | { ok: true; reopen: boolean }
  | {
      ok: false;
      code: "invalid_transition" | "resolution_required" | "resolution_not_allowed" | "note_required";
      message: string;
    };

export function checkTransition(
  from: ComplaintState,
  to: ComplaintState,
  input: { note?: string; resolution?: string },
): TransitionCheck {
  if (!NEXT[from].includes(to)) {
    return { ok: false, code: "invalid_transition", message: `a complaint cannot go from ${from} to ${to}` };
  }
  if (to === "resolved" && !input.resolution) {
    return { ok: false, code: "resolution_required", message: "say how the complaint was resolved" };
  }
  if (to !== "resolved" && input.resolution) {
    return { ok: false, code: "resolution_not_allowed", message: "a resolution is given when resolving" };
  }
  const reopen = from === "resolved" && to === "handling";
  if (reopen && !input.note) {
    return { ok: false, code: "note_required", message: "say why the customer is not satisfied" };
  }
  return { ok: true, reopen };
}

/** resolved in time ÷ resolved; null when nothing was resolved (the rate of an empty set is unknown, not 0 %). */
export function inTimeRate(resolved: number, inTime: number): number | null {
  return resolved === 0 ? null : inTime / resolved;
}
