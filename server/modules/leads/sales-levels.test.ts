/**
 * The levels the sales process sets (DOMAIN §3): the pure change for each step, and what a follow-up may no
 * longer do on an O or T lead. The use cases (order, cancel, deliver, after-cancel) are tested through the
 * API in server/modules/sales/orders.test.ts and bad-input.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  applyFollowUp,
  DEFAULT_CADENCE_SETTINGS,
  type LeadState,
  type SalesStep,
  salesLevelChange,
} from "./rules.ts";

const S = DEFAULT_CADENCE_SETTINGS;
const t = (iso: string) => new Date(iso);
const REACHED = t("2026-11-20T02:00:00Z");

describe("salesLevelChange", () => {
  // 2026-11-24 10:00 in Shanghai; O is due at the latest 7 days later at 18:00
  const AT = t("2026-11-24T02:00:00Z");
  it.each([
    [
      "ordered",
      "active",
      { level: "O", state: "active", dueAt: t("2026-12-01T10:00:00Z"), lastReachedAt: AT },
    ],
    ["cancelled", "active", { level: "T", state: "active", dueAt: null, lastReachedAt: REACHED }],
    ["delivered", "active", { level: "D", state: "won", dueAt: null, lastReachedAt: AT }],
    // a cancellation leaves a lead's state alone: a defeat requested meanwhile stays for the manager
    ["cancelled", "defeat_requested", { level: "T", state: "defeat_requested", dueAt: null }],
  ] as const)("%s (lead %s) → %o", (step, state, expected) => {
    const change = salesLevelChange(
      step as SalesStep,
      { state: state as LeadState, lastReachedAt: REACHED },
      AT,
      S,
    );
    expect(change).toMatchObject({ ...expected, levelSince: AT });
  });

  it("an order or delivery recorded late never winds the last contact back", () => {
    const later = t("2026-11-25T02:00:00Z");
    for (const step of ["ordered", "delivered"] as const) {
      expect(salesLevelChange(step, { state: "active", lastReachedAt: later }, AT, S).lastReachedAt).toEqual(
        later,
      );
    }
  });

  it("O follows the store's own O range", () => {
    const s = { ...S, cadence: { ...S.cadence, O: { planDays: 3, maxDays: 3 } } };
    expect(salesLevelChange("ordered", { state: "active", lastReachedAt: null }, AT, s).dueAt).toEqual(
      t("2026-11-27T10:00:00Z"),
    );
  });
});

describe("follow-ups on leads the sales process holds", () => {
  const lead = (level: "O" | "T") => ({
    level,
    levelSince: t("2026-11-23T02:00:00Z"),
    state: "active" as const,
    createdAt: t("2026-11-01T02:00:00Z"),
    lastReachedAt: t("2026-11-23T02:00:00Z"),
    dueAt: level === "O" ? t("2026-11-30T10:00:00Z") : null,
  });
  const now = t("2026-11-24T02:00:00Z");

  it.each(["O", "T"] as const)("a %s lead cannot be re-graded by a follow-up", (level) => {
    const r = applyFollowUp(lead(level), { occurredAt: now, reached: true, level: "B" }, now, S);
    expect(r).toMatchObject({ ok: false, code: "level_not_allowed" });
  });

  it("but takes follow-ups without a level: O moves its clock, T keeps none", () => {
    const o = applyFollowUp(lead("O"), { occurredAt: now, reached: true }, now, S);
    expect(o).toMatchObject({ ok: true, levelAfter: "O", dueAt: t("2026-12-01T10:00:00Z") });
    const tl = applyFollowUp(lead("T"), { occurredAt: now, reached: true }, now, S);
    expect(tl).toMatchObject({ ok: true, levelAfter: "T", dueAt: null });
  });
});
