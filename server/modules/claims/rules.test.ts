import { describe, expect, it } from "vitest";
import type { RoState, WorkType } from "../service/schema.ts";
import { approvalRate, checkApproved, checkClaimable, checkClaimed, warrantyAmounts } from "./rules.ts";

describe("which repair order may be claimed", () => {
  it.each<[WorkType, RoState, string]>([
    ["warranty", "open", "ro_not_done"],
    ["warranty", "in_progress", "ro_not_done"],
    ["warranty", "done", "ok"],
    ["warranty", "settled", "ok"],
    ["warranty", "handed_back", "ok"],
    ["maintenance", "done", "not_warranty"],
    ["insurance", "handed_back", "not_warranty"],
    ["mechanical", "open", "not_warranty"],
  ])("%s in %s → %s", (workType, state, expected) => {
    const r = checkClaimable({ workType, state });
    expect(r.ok ? "ok" : r.code).toBe(expected);
  });
});

describe("the amounts from the order's lines", () => {
  it.each([
    [[], [], { labourFen: 0, partsFen: 0 }],
    [
      [
        { payer: "warranty", amountFen: 30_000 },
        { payer: "customer", amountFen: 12_000 },
        { payer: "warranty", amountFen: 5_050 },
      ],
      [
        { payer: "warranty", amountFen: 88_800 },
        { payer: "insurer", amountFen: 1_000 },
      ],
      { labourFen: 35_050, partsFen: 88_800 },
    ],
    [
      [{ payer: "customer", amountFen: 100 }],
      [{ payer: "customer", amountFen: 200 }],
      { labourFen: 0, partsFen: 0 },
    ],
  ] as const)("%j / %j → %j", (labour, parts, expected) => {
    expect(warrantyAmounts(labour, parts)).toEqual(expected);
  });
});

describe("claimed and approved amounts", () => {
  it.each([
    [0, 0, "nothing_to_claim"],
    [1, 0, "ok"],
    [0, 1, "ok"],
    [30_000, 88_800, "ok"],
  ])("claim labour %i + parts %i → %s", (labour, parts, expected) => {
    const r = checkClaimed(labour, parts);
    expect(r.ok ? "ok" : r.code).toBe(expected);
  });

  it.each([
    [1, 100, "ok"],
    [100, 100, "ok"],
    [101, 100, "amount_exceeds_claim"],
  ])("approve %i of %i → %s", (amount, claimed, expected) => {
    const r = checkApproved(amount, claimed);
    expect(r.ok ? "ok" : r.code).toBe(expected);
  });

  it.each([
    [0, 0, null],
    [19, 1, 0.95],
    [3, 0, 1],
    [0, 2, 0],
  ])("%i approved, %i rejected → rate %s", (approved, rejected, expected) => {
    expect(approvalRate(approved, rejected)).toBe(expected);
  });
});
