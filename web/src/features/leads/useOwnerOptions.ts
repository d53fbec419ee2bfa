import type { Id } from "../../api/types";
import { type ConsultantSource, useConsultants } from "../../api/users";
import { useCan } from "../../app/auth";

/**
 * Consultants to offer in owner pickers, read from wherever this user is allowed to read them. Reception may
 * assign leads but, under the current contract, read neither source; the picker then stays empty and the
 * server's round robin assigns.
 */
export function useOwnerOptions(storeId: Id | undefined, enabled = true) {
  const can = useCan();
  const source: ConsultantSource | null = can("user.read") ? "users" : can("lead.board") ? "board" : null;
  const query = useConsultants(storeId, source, enabled);
  return { ...query, available: source !== null };
}

/** Assigning needs both the right and a list to pick from; without the list the button would lead nowhere. */
export function useCanPickOwner(): boolean {
  const can = useCan();
  return can("lead.assign") && (can("user.read") || can("lead.board"));
}
