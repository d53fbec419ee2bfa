import { describe, expect, it } from "vitest";
import { DEFAULT_COMPLAINT_DEADLINE_HOURS } from "../identity/service-settings.ts";
import {
  checkTransition,
  complaintDeadline,
  inTimeRate,
  isComplaintEscalated,
  isComplaintOverdue,
} from "./rules.ts";
import type { ComplaintSeverity, ComplaintState } from "./schema.ts";

const RECEIVED = new Date("2026-11-24T02:00:00Z");

describe("the deadline by severity", () => {
  it.each<[ComplaintSeverity, Record<ComplaintSeverity, number>, string]>([
    ["low", DEFAULT_COMPLAINT_DEADLINE_HOURS, "2026-11-27T02:00:00.000Z"],
    ["medium", DEFAULT_COMPLAINT_DEADLINE_HOURS, "2026-11-26T02:00:00.000Z"],
    ["high", DEFAULT_COMPLAINT_DEADLINE_HOURS, "2026-11-25T02:00:00.000Z"],
    ["high", { low: 96, medium: 36, high: 4 }, "2026-11-24T06:00:00.000Z"],
    ["medium", { low: 96, medium: 36, high: 4 }, "2026-11-25T14:00:00.000Z"],
    ["low", { low: 96, medium: 36, high: 4 }, "2026-11-28T02:00:00.000Z"],
  ])("%s with %j → %s", (severity, hours, expected) => {
    expect(complaintDeadline(RECEIVED, severity, hours).toISOString()).toBe(expected);
  });

  it("counts clock hours across a night and a weekend (the customer waits those too)", () => {
    // Friday 17:00 in Shanghai + 24 h = Saturday 17:00
    expect(
      complaintDeadline(new Date("2026-11-27T09:00:00Z"), "high", DEFAULT_COMPLAINT_DEADLINE_HOURS),
    ).toEqual(new Date("2026-11-28T09:00:00Z"));
  });
});

describe("the state machine", () => {
  const R = "resolution_required";
  const I = "invalid_transition";
  const N = "note_required";
  const RNA = "resolution_not_allowed";
  it.each<[ComplaintState, ComplaintState, { note?: string; resolution?: string }, string]>([
    ["received", "handling", {}, "ok"],
    ["received", "handling", { note: "已联系客户" }, "ok"],
    ["received", "resolved", { resolution: "退款" }, I],
    ["received", "confirmed", {}, I],
    ["received", "received", {}, I],
    ["handling", "resolved", { resolution: "免费返工" }, "ok"],
    ["handling", "resolved", {}, R],
    ["handling", "resolved", { note: "只有备注" }, R],
    ["handling", "received", {}, I],
    ["handling", "confirmed", {}, I],
    ["handling", "handling", { resolution: "x" }, I],
    ["resolved", "confirmed", {}, "ok"],
    ["resolved", "confirmed", { resolution: "x" }, RNA],
    ["resolved", "handling", { note: "客户仍不满意" }, "reopen"],
    ["resolved", "handling", {}, N],
    ["resolved", "received", { note: "x" }, I],
    ["confirmed", "handling", { note: "x" }, I],
    ["confirmed", "resolved", { resolution: "x" }, I],
    ["confirmed", "received", {}, I],
    ["received", "handling", { resolution: "太早" }, RNA],
  ])("%s → %s %j: %s", (from, to, input, expected) => {
    const r = checkTransition(from, to, input);
    expect(r.ok ? (r.reopen ? "reopen" : "ok") : r.code).toBe(expected);
  });
});

describe("overdue and escalated", () => {
  const deadlineAt = new Date("2026-11-25T02:00:00Z");
  const before = new Date("2026-11-25T01:59:59Z");
  const after = new Date("2026-11-25T02:00:01Z");
  it.each<[ComplaintState, Date, boolean]>([
    ["received", before, false],
    ["received", deadlineAt, false],
    ["received", after, true],
    ["handling", after, true],
    ["resolved", after, false],
    ["confirmed", after, false],
  ])("%s at %s → %s", (state, now, expected) => {
    expect(isComplaintOverdue({ state, deadlineAt }, now)).toBe(expected);
    // no second grace period: escalated as soon as overdue
    expect(isComplaintEscalated({ state, deadlineAt }, now)).toBe(expected);
  });
});

describe("the resolved-in-time rate", () => {
  it.each([
    [0, 0, null],
    [4, 3, 0.75],
    [2, 2, 1],
    [5, 0, 0],
  ])("%i resolved, %i in time → %s", (resolved, inTime, expected) => {
    expect(inTimeRate(resolved, inTime)).toBe(expected);
  });
});
