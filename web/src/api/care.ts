// Customer service's care tasks (客服任务): the work list (post-sale and post-service callbacks, maintenance
// reminders, birthday greetings), one task with its calls, recording a call, the statistics for the KPI strip,
// and the store-wide generation of reminders and greetings.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import type { Id, Page } from "./types";

export const CARE_TASK_TYPES = [
  "post_sale_callback",
  "post_service_callback",
  "maintenance_reminder",
  "birthday",
] as const;
export type CareTaskType = (typeof CARE_TASK_TYPES)[number];

export interface CareTask {
  id: Id;
  storeId: Id;
  type: CareTaskType;
  customerId: Id;
  customerName: string;
  phone: string | null;
  phoneMasked: boolean;
  vehicleId: Id | null;
  orderId: Id | null;
  orderNo: string | null;
  repairOrderId: Id | null;
  roNo: string | null;
  workType: string | null;
  vehiclePlate: string | null;
  vehicleModel: string | null;
  /** the maintenance due date of a reminder, the birthday of a greeting */
  forDate: string | null;
  dayOffset: number | null;
  dueAt: string;
  overdue: boolean;
  done: boolean;
  doneAt: string | null;
  reached: boolean | null;
  reachedAt: string | null;
  satisfaction: number | null;
  comment: string | null;
  attempts: number;
  flagged: boolean;
  createdAt: string;
}

export interface CareTaskAttempt {
  id: Id;
  at: string;
  reached: boolean;
  satisfaction: number | null;
  comment: string | null;
  actorId: Id;
  actorName: string | null;
}

export interface CallbackRate {
  due: number;
  reachedInTime: number;
  rate: number | null;
}

export interface CareTaskStats {
  postSale: { day3: CallbackRate; day7: CallbackRate; day30: CallbackRate };
  postService: { day3: CallbackRate; csi: { satisfied: number; effective: number; rate: number | null } };
  averageSatisfaction: number | null;
  flagged: number;
}

export interface CareTaskFilters {
  /** one type or several (sent comma-separated) */
  type?: readonly CareTaskType[];
  due?: "today" | "overdue";
  done?: boolean;
  flagged?: boolean;
  /** part of the customer's name, or the phone's first digits or last four */
  q?: string;
}

/** Every care view lives under this prefix, so recording a call refreshes the lists and the KPI strip. */
export const careRoot = ["care-tasks"] as const;

export function useCareTasks(filters: CareTaskFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...careRoot, "list", filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<CareTask>>("/care-tasks", { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCareTask(id: Id | undefined) {
  return useQuery({
    queryKey: [...careRoot, "detail", id],
    queryFn: ({ signal }) =>
      api.get<{ task: CareTask; attempts: CareTaskAttempt[] }>(`/care-tasks/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useCareTaskStats(from: string, to: string) {
  return useQuery({
    queryKey: [...careRoot, "stats", from, to],
    queryFn: ({ signal }) => api.get<CareTaskStats>("/care-tasks/stats", { from, to }, signal),
  });
}

export interface NewCareAttempt {
  reached: boolean;
  satisfaction?: number;
  comment?: string;
  occurredAt?: string;
}

export function useRecordCareAttempt(id: Id) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCareAttempt) => api.post<CareTask>(`/care-tasks/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: careRoot }),
  });
}

export interface GenerateResult {
  stores: number;
  reminders: { created: number; removed: number };
  birthdays: { created: number };
}

export function useGenerateCareTasks() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<GenerateResult>("/care-tasks/generate", {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: careRoot }),
  });
}
