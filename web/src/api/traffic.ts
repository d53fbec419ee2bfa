// Showroom traffic (客流): the reception board, the day's visit and call logs, the month against its plan.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, request } from "./client";
import { leadsRoot } from "./leads";
import type { Id, Lead, Page } from "./types";

/** Every traffic view lives under this prefix: one invalidation refreshes the board, the logs and the month. */
export const trafficRoot = ["traffic"] as const;

export interface Visit {
  id: Id;
  storeId: Id;
  leadId: Id | null;
  leadName: string | null;
  firstVisit: boolean;
  partySize: number;
  arrivedAt: string;
  leftAt: string | null;
  consultantId: Id;
  consultantName: string;
  note: string | null;
  createdAt: string;
}

export interface Call {
  id: Id;
  storeId: Id;
  leadId: Id | null;
  leadName: string | null;
  at: string;
  consultantId: Id | null;
  consultantName: string | null;
  note: string | null;
  createdAt: string;
}

export type ConsultantStatus = "free" | "with_customer" | "paused";

export interface ReceptionBoard {
  date: string;
  consultants: {
    userId: Id;
    displayName: string;
    paused: boolean;
    status: ConsultantStatus;
    visitId: Id | null;
    since: string | null;
    visitsToday: number;
  }[];
  nextInTurn: { userId: Id; displayName: string } | null;
  noFreeConsultant: boolean;
  today: {
    visits: number;
    firstVisits: number;
    returnVisits: number;
    notArchived: number;
    calls: number;
    inShowroom: number;
  };
}

export interface TrafficSummary {
  month: string;
  visits: number;
  firstVisits: number;
  returnVisits: number;
  calls: number;
  traffic: number;
  plannedVisits: number | null;
  plannedCalls: number | null;
  plannedTraffic: number | null;
  /** traffic ÷ planned traffic (客流达成率), null without a plan */
  achievement: number | null;
  byDay: { date: string; visits: number; calls: number }[];
}

export interface TrafficPlan {
  storeId: Id;
  month: string;
  visits: number;
  calls: number;
  traffic: number;
  updatedAt: string;
}

export function useReceptionBoard() {
  return useQuery({
    queryKey: [...trafficRoot, "board"],
    queryFn: ({ signal }) => api.get<ReceptionBoard>("/traffic/board", undefined, signal),
    // Colleagues log visits at other desks; the board keeps itself current.
    refetchInterval: 30_000,
  });
}

export function useVisits(date: string | undefined) {
  return useQuery({
    queryKey: [...trafficRoot, "visits", date],
    queryFn: ({ signal }) => api.get<Page<Visit>>("/traffic/visits", { date, pageSize: 200 }, signal),
    refetchInterval: 30_000,
  });
}

export function useCalls(date: string | undefined) {
  return useQuery({
    queryKey: [...trafficRoot, "calls", date],
    queryFn: ({ signal }) => api.get<Page<Call>>("/traffic/calls", { date, pageSize: 200 }, signal),
  });
}

export function useTrafficSummary(month: string | undefined) {
  return useQuery({
    queryKey: [...trafficRoot, "summary", month],
    queryFn: ({ signal }) => api.get<TrafficSummary>("/traffic/summary", { month }, signal),
  });
}

/** Open leads of a phone, for the reception desk's look-up (the lead list searches by phone). */
export function useLeadsByPhone(phone: string | undefined) {
  return useQuery({
    queryKey: [...leadsRoot, "by-phone", phone],
    queryFn: ({ signal }) => api.get<Page<Lead>>("/leads", { q: phone, pageSize: 5 }, signal),
    enabled: Boolean(phone),
    select: (page) => page.items.filter((l) => l.state === "active" || l.state === "defeat_requested"),
  });
}

/** Traffic writes also add to the leads' timelines, so both families of views are refreshed. */
function useTrafficMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trafficRoot }),
        queryClient.invalidateQueries({ queryKey: leadsRoot }),
      ]);
    },
  });
}

export interface NewVisit {
  leadId?: Id;
  phone?: string;
  firstVisit: boolean;
  partySize: number;
  arrivedAt?: string;
  consultantId: Id;
  note?: string;
}

export function useLogVisit() {
  return useTrafficMutation((body: NewVisit) => api.post<Visit>("/traffic/visits", body));
}

export function useLeaveVisit() {
  return useTrafficMutation((id: Id) => api.post<Visit>(`/traffic/visits/${id}/leave`));
}

export interface NewCall {
  leadId?: Id;
  phone?: string;
  at?: string;
  consultantId?: Id;
  note?: string;
}

export function useLogCall() {
  return useTrafficMutation((body: NewCall) => api.post<Call>("/traffic/calls", body));
}

export function useSetPlan() {
  return useTrafficMutation(({ month, visits, calls }: { month: string; visits: number; calls: number }) =>
    request<TrafficPlan>(`/traffic/plans/${month}`, { method: "PUT", body: { visits, calls } }),
  );
}
