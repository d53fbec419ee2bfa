import type { Lead } from "../../api/types";

export type LevelRequirement = "new_reached" | "stale" | null;

/**
 * Why this follow-up must state a level (DOMAIN §3): a new contact that was reached gets graded (the N rule),
 * and a lead whose level outlived its validity is re-graded instead of silently keeping an outdated level.
 */
export function levelRequirement(
  lead: Pick<Lead, "level" | "stale">,
  reached: boolean | undefined,
): LevelRequirement {
  if (lead.stale) return "stale";
  if (lead.level === "N" && reached === true) return "new_reached";
  return null;
}

/** O, D and T follow from orders and deliveries; a follow-up does not re-grade them. */
export function canRegrade(lead: Pick<Lead, "level">): boolean {
  return !["O", "D", "T"].includes(lead.level);
}
