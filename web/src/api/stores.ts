import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import type { CadencedLevel, CadenceRange, Id, Store, ValidityLevel } from "./types";

const storesRoot = ["stores"] as const;

export function useStores(enabled = true) {
  return useQuery({
    queryKey: storesRoot,
    queryFn: ({ signal }) => api.get<{ items: Store[] }>("/stores", undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

export interface StorePatch {
  name?: string;
  timeZone?: string;
  businessDayEnd?: string;
  cadence?: Record<CadencedLevel, CadenceRange>;
  validityDays?: Record<ValidityLevel, number>;
  escalateAfterDays?: number;
  vinCheckDigitWarnOnly?: boolean;
  workshopCapacityPerHour?: number;
  workshopOpens?: string;
  workshopCloses?: string;
  reminderFirstDays?: number;
  reminderSecondDays?: number;
  complaintDeadlineHours?: Record<"low" | "medium" | "high", number> | null;
}

export function useCreateStore() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; timeZone?: string; businessDayEnd?: string }) =>
      api.post<Store>("/stores", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: storesRoot }),
  });
}

export function useUpdateStore() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: Id; patch: StorePatch }) => api.patch<Store>(`/stores/${id}`, patch),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: storesRoot });
      // The header shows the signed-in user's store name from /auth/me.
      void queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
}
