// Complaints (投诉): the lists, one complaint with its steps, receiving, moving on, handing over, notes, and the
// colleagues a complaint may be given to.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import type { Id, Page, Role } from "./types";

export const COMPLAINT_CHANNELS = ["phone", "walk_in", "wechat", "oem", "online", "callback"] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const COMPLAINT_CATEGORIES = [
  "service_quality",
  "repair_quality",
  "price",
  "waiting_time",
  "sales",
  "parts",
  "other",
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_SEVERITIES = ["low", "medium", "high"] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export const COMPLAINT_STATES = ["received", "handling", "resolved", "confirmed"] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export interface Complaint {
  id: Id;
  storeId: Id;
  customerId: Id;
  customerName: string;
  phone: string | null;
  phoneMasked: boolean;
  vehicleId: Id | null;
  plate: string | null;
  repairOrderId: Id | null;
  roNo: string | null;
  careTaskId: Id | null;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  description: string;
  ownerId: Id;
  ownerName: string;
  state: ComplaintState;
  receivedAt: string;
  deadlineAt: string;
  overdue: boolean;
  escalated: boolean;
  resolvedAt: string | null;
  confirmedAt: string | null;
  resolution: string | null;
  createdAt: string;
}

export interface ComplaintEvent {
  id: Id;
  kind: "received" | "transition" | "assigned" | "note";
  fromState: ComplaintState | null;
  toState: ComplaintState | null;
  note: string | null;
  ownerId: Id | null;
  ownerName: string | null;
  at: string;
  actorId: Id;
  actorName: string | null;
}

export interface ComplaintDetail {
  complaint: Complaint;
  events: ComplaintEvent[];
}

export interface ComplaintFilters {
  state?: ComplaintState;
  open?: boolean;
  overdue?: boolean;
  escalated?: boolean;
  mine?: boolean;
  severity?: ComplaintSeverity;
}

export interface NewComplaint {
  customerId: Id;
  vehicleId?: Id;
  repairOrderId?: Id;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  description: string;
  ownerId?: Id;
  occurredAt?: string;
}

export interface ComplaintOwner {
  id: Id;
  displayName: string;
  role: Role;
}

const root = ["complaints"] as const;

export function useComplaints(filters: ComplaintFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...root, "list", filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<Complaint>>("/complaints", { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useComplaint(id: Id | undefined) {
  return useQuery({
    queryKey: [...root, "detail", id],
    queryFn: ({ signal }) => api.get<ComplaintDetail>(`/complaints/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useComplaintOwners(enabled = true) {
  return useQuery({
    queryKey: [...root, "owners"],
    queryFn: ({ signal }) => api.get<{ items: ComplaintOwner[] }>("/complaints/owners", undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

function useComplaintMutation<T>(fn: (body: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: root }),
  });
}

export const useCreateComplaint = () =>
  useComplaintMutation((body: NewComplaint) => api.post<Complaint>("/complaints", body));

export const useTransitionComplaint = (id: Id) =>
  useComplaintMutation((body: { to: ComplaintState; note?: string; resolution?: string }) =>
    api.post<ComplaintDetail>(`/complaints/${id}/transition`, body),
  );

export const useAssignComplaint = (id: Id) =>
  useComplaintMutation((body: { ownerId: Id; note?: string }) =>
    api.post<ComplaintDetail>(`/complaints/${id}/assign`, body),
  );

export const useComplaintNote = (id: Id) =>
  useComplaintMutation((body: { note: string }) =>
    api.post<ComplaintDetail>(`/complaints/${id}/notes`, body),
  );
