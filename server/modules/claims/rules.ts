// Warranty claim rules (DOMAIN §6): which repair order may be claimed, what is claimed, what a decision may say.
// Pure: the caller passes the repair order, its lines and the claim as they are.
import type { Payer, RoState, WorkType } from "../service/schema.ts";

/** The work is finished from "done" on: a claim describes a repair that was made, not one that is planned. */
const FINISHED: readonly RoState[] = ["done", "settled", "handed_back"];

export type ClaimableCheck =
  | { ok: true }
  | { ok: false; code: "not_warranty" | "ro_not_done"; message: string };

export function checkClaimable(ro: { workType: WorkType; state: RoState }): ClaimableCheck {
  if (ro.workType !== "warranty") {
    return {
      ok: false,
      code: "not_warranty",
      message: "only a warranty repair order is claimed from the manufacturer",
    };
  }
  if (!FINISHED.includes(ro.state)) {
    return { ok: false, code: "ro_not_done", message: "the repair must be done before it is claimed" };
  }
  return { ok: true };
}

/** The amounts the manufacturer pays by the order's lines: the lines whose payer is the warranty. */
export function warrantyAmounts(
  labour: readonly { payer: Payer; amountFen: number }[],
  parts: readonly { payer: Payer; amountFen: number }[],
): { labourFen: number; partsFen: number } {
  const sum = (lines: readonly { payer: Payer; amountFen: number }[]) =>
    lines.filter((l) => l.payer === "warranty").reduce((s, l) => s + l.amountFen, 0);
  return { labourFen: sum(labour), partsFen: sum(parts) };
}

export type AmountCheck =
  | { ok: true }
  | { ok: false; code: "nothing_to_claim" | "amount_exceeds_claim"; message: string };

/** A claim asks for something: labour and parts together above zero. */
export function checkClaimed(labourFen: number, partsFen: number): AmountCheck {
  return labourFen + partsFen > 0
    ? { ok: true }
    : { ok: false, code: "nothing_to_claim", message: "the claim's labour and parts amounts are both zero" };
}

/** The manufacturer approves at most what was claimed (often less: a labour time cut to its standard). */
export function checkApproved(amountFen: number, claimedFen: number): AmountCheck {
  return amountFen <= claimedFen
    ? { ok: true }
    : {
        ok: false,
        code: "amount_exceeds_claim",
        message: `the approved amount is more than the ${claimedFen} fen claimed`,
      };
}

/** approved ÷ decided (索赔通过率); null when nothing was decided. */
export function approvalRate(approved: number, rejected: number): number | null {
  const decided = approved + rejected;
  return decided === 0 ? null : approved / decided;
}
