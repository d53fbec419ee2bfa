import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, apiUrl, type QueryParams } from "./client";
import type {
  Board,
  Channel,
  Defeat,
  DefeatReason,
  DefeatStatus,
  FollowUp,
  Id,
  Lead,
  LeadDetail,
  LeadSource,
  LeadState,
  Level,
  MyDay,
  Page,
  PaymentMethod,
  Plan,
} from "./types";

/** Every lead-derived view lives under this prefix, so one invalidation refreshes lists, boards and details. */
export const leadsRoot = ["leads"] as const;

export interface LeadFilters {
  level?: Level[];
  ownerId?: Id;
  source?: LeadSource;
  state?: LeadState;
  overdue?: boolean;
  stale?: boolean;
  pool?: boolean;
  q?: string;
}

function filterParams(filters: LeadFilters): QueryParams {
  return {
    level: filters.level,
    ownerId: filters.ownerId,
    source: filters.source,
    state: filters.state,
    overdue: filters.overdue || undefined,
    stale: filters.stale || undefined,
    pool: filters.pool || undefined,
    q: filters.q?.trim(),
  };
}

export function useLeads(filters: LeadFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...leadsRoot, "list", filters, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<Page<Lead>>("/leads", { ...filterParams(filters), page, pageSize }, signal),
    // Paging keeps the old rows on screen until the next page arrives instead of flashing an empty table.
    placeholderData: keepPreviousData,
  });
}

export function leadsExportUrl(filters: LeadFilters): string {
  return apiUrl("/leads/export.xlsx", filterParams(filters));
}

export function useLead(id: string | undefined) {
  return useQuery({
    queryKey: [...leadsRoot, "detail", id],
    queryFn: ({ signal }) => api.get<LeadDetail>(`/leads/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function usePlan(leadId: Id, level: Level | undefined, at: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...leadsRoot, "plan", leadId, level, at],
    queryFn: ({ signal }) => api.get<Plan>(`/leads/${leadId}/plan`, { level, at }, signal),
    enabled: enabled && Boolean(level),
    retry: false,
  });
}

export function useMyDay() {
  return useQuery({
    queryKey: [...leadsRoot, "my-day"],
    queryFn: ({ signal }) => api.get<MyDay>("/my-day", undefined, signal),
    refetchInterval: 5 * 60_000,
  });
}

export function useBoard(enabled = true) {
  return useQuery({
    queryKey: [...leadsRoot, "board"],
    queryFn: ({ signal }) => api.get<Board>("/leads/board", undefined, signal),
    enabled,
  });
}

export function useDefeats(status: DefeatStatus) {
  return useQuery({
    queryKey: [...leadsRoot, "defeats", status],
    queryFn: ({ signal }) => api.get<{ items: Defeat[] }>("/defeats", { status }, signal),
  });
}

/** A mutation that refreshes every lead view when it succeeds. */
function useLeadMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadsRoot }),
  });
}

export interface NewLead {
  name: string;
  phone: string;
  source: LeadSource;
  intendedModel?: string;
  budgetFen?: number;
  paymentMethod?: PaymentMethod;
  colour?: string;
  expectedPurchaseDate?: string;
  level?: Level;
  ownerId?: Id;
  referrerCustomerId?: Id;
  /** Group admin only: the store the lead is registered in. */
  storeId?: Id;
}

export function useCreateLead() {
  return useLeadMutation((body: NewLead) => api.post<{ lead: Lead; merged?: boolean }>("/leads", body));
}

export interface NewFollowUp {
  channel: Channel;
  reached: boolean;
  content: string;
  level?: Level;
  nextContactAt?: string;
  occurredAt?: string;
  appointment?: { kind: "visit" | "test_drive"; at: string };
}

export function useRecordFollowUp(leadId: Id) {
  return useLeadMutation((body: NewFollowUp) =>
    api.post<{ followUp: FollowUp; lead: Lead }>(`/leads/${leadId}/follow-ups`, body),
  );
}

export function useAssignLeads() {
  // One lead goes through the single endpoint so that its answer (and errors) name that lead.
  return useLeadMutation(
    ({ leadIds, ownerId }: { leadIds: Id[]; ownerId: Id }): Promise<unknown> =>
      leadIds.length === 1
        ? api.post<{ lead: Lead }>(`/leads/${leadIds[0]}/assign`, { ownerId })
        : api.post<{ assigned: number }>("/leads/assign", { leadIds, ownerId }),
  );
}

export function useReleaseLeads() {
  return useLeadMutation(
    (leadIds: Id[]): Promise<unknown> =>
      leadIds.length === 1
        ? api.post<{ lead: Lead }>(`/leads/${leadIds[0]}/release`)
        : api.post<{ released: number }>("/leads/release", { leadIds }),
  );
}

export function useClaimLead() {
  return useLeadMutation((leadId: Id) => api.post<{ lead: Lead }>(`/leads/${leadId}/claim`));
}

export function useRequestDefeat(leadId: Id) {
  return useLeadMutation((body: { reason: DefeatReason; competitor?: string; note?: string }) =>
    api.post<{ lead: Lead }>(`/leads/${leadId}/defeat`, body),
  );
}

export function useDecideDefeat() {
  return useLeadMutation(
    ({ leadId, decision, note }: { leadId: Id; decision: "approve" | "return"; note?: string }) =>
      api.post<{ lead: Lead }>(`/leads/${leadId}/defeat/${decision}`, note ? { note } : {}),
  );
}

export function useRevealPhone() {
  return useMutation({
    mutationFn: (customerId: Id) =>
      api.post<{ value: string }>(`/customers/${customerId}/reveal`, { field: "phone" }),
  });
}
