// Test drives (试乘试驾): the calendar of the demo fleet, bookings and their outcome, the store's routes.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { leadsRoot } from "./leads";
import type { StockVehicle } from "./stock";
import type { Id, Lead, Page } from "./types";

export const testDrivesRoot = ["test-drives"] as const;

export const TEST_DRIVE_STATES = ["booked", "done", "cancelled", "no_show"] as const;
export type TestDriveState = (typeof TEST_DRIVE_STATES)[number];

export interface TestDrive {
  id: Id;
  storeId: Id;
  leadId: Id;
  leadName: string;
  vehicleId: Id;
  vin: string;
  model: string;
  colour: string;
  routeId: Id | null;
  routeName: string | null;
  startAt: string;
  endAt: string;
  /** masked like an ID number unless the user may see it */
  licenceNo: string;
  licenceNoMasked: boolean;
  state: TestDriveState;
  remindAt: string;
  feedback: string | null;
  rating: number | null;
  consultantId: Id | null;
  consultantName: string | null;
  finishedAt: string | null;
  createdAt: string;
}

/** Another consultant's booking as a consultant sees it: the car is taken, no more. */
export interface BusySlot {
  id: Id;
  vehicleId: Id;
  startAt: string;
  endAt: string;
  state: TestDriveState;
  consultantName: string | null;
}

/** The demo fleet's cars (the stock's StockVehicle; the calendar reads these fields). */
export type FleetCar = Pick<StockVehicle, "id" | "vin" | "model" | "trim" | "colour" | "status">;

export interface Calendar {
  items: TestDrive[];
  others: BusySlot[];
  fleet: FleetCar[];
}

export interface DriveRoute {
  id: Id;
  name: string;
  distanceKm: number | null;
  minutes: number | null;
  active: boolean;
}

export function useCalendar(from: string, to: string) {
  return useQuery({
    queryKey: [...testDrivesRoot, "calendar", from, to],
    queryFn: ({ signal }) => api.get<Calendar>("/test-drives", { from, to }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

/** Leads one may book for, by name or phone: a consultant's own, the whole store's for reception and managers. */
export function useBookableLeads(q: string, enabled = true) {
  return useQuery({
    queryKey: [...leadsRoot, "bookable", q],
    queryFn: ({ signal }) =>
      api.get<Page<Lead>>("/leads", { q: q || undefined, state: "active", pageSize: 20 }, signal),
    select: (page) => page.items,
    enabled,
  });
}

export function useDriveRoutes(enabled = true) {
  return useQuery({
    queryKey: [...testDrivesRoot, "routes"],
    queryFn: ({ signal }) => api.get<{ items: DriveRoute[] }>("/test-drive-routes", undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

/** Bookings show on the lead's timeline and on the consultant's day: those views are refreshed too. */
function useDriveMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: testDrivesRoot }),
        queryClient.invalidateQueries({ queryKey: leadsRoot }),
      ]);
    },
  });
}

export interface NewTestDrive {
  leadId: Id;
  vehicleId: Id;
  startAt: string;
  endAt: string;
  licenceNo: string;
  routeId?: Id;
}

export function useBookTestDrive() {
  return useDriveMutation((body: NewTestDrive) => api.post<TestDrive>("/test-drives", body));
}

export function useDriveFeedback() {
  return useDriveMutation(
    ({ id, ...body }: { id: Id; feedback: string; rating?: number; occurredAt?: string }) =>
      api.post<TestDrive>(`/test-drives/${id}/feedback`, body),
  );
}

export function useCancelDrive() {
  return useDriveMutation(({ id, reason }: { id: Id; reason?: string }) =>
    api.post<TestDrive>(`/test-drives/${id}/cancel`, reason ? { reason } : {}),
  );
}

export function useNoShow() {
  return useDriveMutation((id: Id) => api.post<TestDrive>(`/test-drives/${id}/no-show`));
}

export function useCreateRoute() {
  return useDriveMutation((body: { name: string; distanceKm?: number; minutes?: number }) =>
    api.post<DriveRoute>("/test-drive-routes", body),
  );
}

export function useUpdateRoute() {
  return useDriveMutation(({ id, ...patch }: { id: Id; active?: boolean; name?: string }) =>
    api.patch<DriveRoute>(`/test-drive-routes/${id}`, patch),
  );
}
