import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { Id } from "./types";

/** The few customer fields a picker needs; docs/API.md does not spell out the full Customer object. */
export interface CustomerSummary {
  id: Id;
  name: string;
  phone?: string | null;
}

export function useCustomerSearch(q: string, enabled = true) {
  const term = q.trim();
  return useQuery({
    queryKey: ["customers", "search", term],
    queryFn: ({ signal }) =>
      api.get<{ items: CustomerSummary[]; total: number }>(
        "/customers",
        { q: term, page: 1, pageSize: 20 },
        signal,
      ),
    // Two characters at least: one character matches half the customer base and tells nothing.
    enabled: enabled && term.length >= 2,
    staleTime: 30_000,
  });
}
