// Warranty claims (索赔): the list with the approval rate, one claim with its events, submitting, recording the
// manufacturer's answer and resubmitting.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import type { Id } from "./types";

export const CLAIM_STATES = ["submitted", "approved", "rejected"] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

export interface Claim {
  id: Id;
  storeId: Id;
  repairOrderId: Id;
  roNo: string;
  vin: string;
  model: string;
  faultDescription: string;
  labourFen: number;
  partsFen: number;
  claimedFen: number;
  state: ClaimState;
  submissions: number;
  submittedAt: string;
  decidedAt: string | null;
  approvedFen: number | null;
  rejectReason: string | null;
  createdAt: string;
}

export interface ClaimEvent {
  id: Id;
  kind: "submitted" | "approved" | "rejected" | "resubmitted";
  amountFen: number | null;
  reason: string | null;
  at: string;
  actorId: Id;
  actorName: string | null;
}

export interface ClaimList {
  items: Claim[];
  total: number;
  submitted: number;
  approved: number;
  rejected: number;
  approvedFen: number;
  approvalRate: number | null;
}

export interface NewClaim {
  repairOrderId: Id;
  faultDescription: string;
  labourFen?: number;
  partsFen?: number;
}

export type ClaimDecision = { approved: true; amountFen: number } | { approved: false; reason: string };

const root = ["claims"] as const;

export function useClaims(
  filters: { state?: ClaimState; from?: string; to?: string },
  page: number,
  pageSize: number,
) {
  return useQuery({
    queryKey: [...root, "list", filters, page, pageSize],
    queryFn: ({ signal }) => api.get<ClaimList>("/claims", { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useClaim(id: Id | undefined) {
  return useQuery({
    queryKey: [...root, "detail", id],
    queryFn: ({ signal }) => api.get<Claim & { events: ClaimEvent[] }>(`/claims/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

function useClaimMutation<T>(fn: (body: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: root }) });
}

export const useSubmitClaim = () => useClaimMutation((body: NewClaim) => api.post<Claim>("/claims", body));
export const useDecideClaim = (id: Id) =>
  useClaimMutation((body: ClaimDecision) => api.post<Claim>(`/claims/${id}/decide`, body));
export const useResubmitClaim = (id: Id) =>
  useClaimMutation((body: { faultDescription?: string; labourFen?: number; partsFen?: number }) =>
    api.post<Claim>(`/claims/${id}/resubmit`, body),
  );

/** Finished warranty repair orders whose number (or plate, VIN) matches, for the submit drawer. */
export function useWarrantyOrderSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: [...root, "orders", term],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: Id; roNo: string; state: string; plate: string | null; model: string }[] }>(
        "/repair-orders",
        { workType: "warranty", q: term, page: 1, pageSize: 20 },
        signal,
      ),
    enabled: term.length >= 2,
  });
}
