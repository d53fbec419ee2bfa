// After-sales workshop API. appointments, plans — the appointment calendar, slot load, service plans and the
// store calendar. (The repair-order functions follow below.)
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, request } from "./client";
import type { Id } from "./types";

export const WORK_TYPES = ["maintenance", "mechanical", "body", "paint", "warranty", "insurance"] as const;
export type WorkType = (typeof WORK_TYPES)[number];
export const APPOINTMENT_STATUSES = ["booked", "arrived", "no_show", "cancelled"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface Appointment {
  id: Id;
  storeId: Id;
  customerId: Id;
  customerName: string;
  phone: string | null;
  phoneMasked: boolean;
  vehicleId: Id;
  plate: string | null;
  vin: string;
  model: string;
  slotStart: string;
  workType: WorkType;
  advisorId: Id | null;
  advisorName: string | null;
  note: string | null;
  status: AppointmentStatus;
  statusAt: string | null;
  repairOrderId: Id | null;
  createdBy: Id;
  createdAt: string;
}

export interface SlotLoad {
  slotStart: string;
  booked: number;
  capacity: number;
  full: boolean;
}

export interface DaySlots {
  date: string;
  capacity: number;
  workingDay: boolean;
  slots: SlotLoad[];
}

export interface AppointmentStats {
  booked: number;
  arrived: number;
  noShow: number;
  cancelled: number;
  noShowRate: number | null;
}

export const appointmentsRoot = ["appointments"] as const;

export function useAppointments(date: string) {
  return useQuery({
    queryKey: [...appointmentsRoot, "day", date],
    queryFn: ({ signal }) => api.get<{ items: Appointment[] }>("/appointments", { date }, signal),
  });
}

export function useDaySlots(date: string | undefined) {
  return useQuery({
    queryKey: [...appointmentsRoot, "slots", date],
    queryFn: ({ signal }) => api.get<DaySlots>("/appointments/slots", { date }, signal),
    enabled: date !== undefined,
  });
}

/** The slot load of several days at once (the week view). */
export function useWeekSlots(dates: string[]) {
  return useQueries({
    queries: dates.map((date) => ({
      queryKey: [...appointmentsRoot, "slots", date],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<DaySlots>("/appointments/slots", { date }, signal),
    })),
  });
}

export function useAppointmentStats(from: string, to: string) {
  return useQuery({
    queryKey: [...appointmentsRoot, "stats", from, to],
    queryFn: ({ signal }) => api.get<AppointmentStats>("/appointments/stats", { from, to }, signal),
  });
}

export interface NewAppointment {
  customerId: Id;
  vehicleId: Id;
  slotStart: string;
  workType: WorkType;
  note?: string;
}

/** Every appointment change moves a slot's load and a day's list: both are refetched. */
function useAppointmentMutation<T>(fn: (input: T) => Promise<Appointment>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: appointmentsRoot }),
  });
}

export const useCreateAppointment = () =>
  useAppointmentMutation((body: NewAppointment) => api.post<Appointment>("/appointments", body));
export const useCancelAppointment = () =>
  useAppointmentMutation((id: Id) => api.post<Appointment>(`/appointments/${id}/cancel`));
export const useNoShow = () =>
  useAppointmentMutation((id: Id) => api.post<Appointment>(`/appointments/${id}/no-show`));

export interface ServicePlan {
  storeId: Id;
  model: string;
  intervalMonths: number;
  intervalKm: number;
  updatedAt: string;
}

const plansRoot = ["service-plans"] as const;

export function useServicePlans(storeId?: Id) {
  return useQuery({
    queryKey: [...plansRoot, storeId ?? null],
    queryFn: ({ signal }) => api.get<{ items: ServicePlan[] }>("/service-plans", { storeId }, signal),
  });
}

export function usePutServicePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { model: string; intervalMonths: number; intervalKm: number; storeId?: Id }) =>
      request<ServicePlan>("/service-plans", { method: "PUT", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: plansRoot }),
  });
}

export function useDeleteServicePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ model, storeId }: { model: string; storeId?: Id }) =>
      request<void>(`/service-plans/${encodeURIComponent(model)}`, { method: "DELETE", query: { storeId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: plansRoot }),
  });
}

export interface StoreCalendar {
  year: number;
  holidays: string[];
  workdays: string[];
}

export function useStoreCalendar(storeId: Id | undefined, year: number) {
  return useQuery({
    queryKey: ["store-calendar", storeId, year],
    queryFn: ({ signal }) => api.get<StoreCalendar>(`/stores/${storeId}/calendar`, { year }, signal),
    enabled: storeId !== undefined,
  });
}

export function usePutStoreCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ storeId, ...body }: StoreCalendar & { storeId: Id }) =>
      request<StoreCalendar>(`/stores/${storeId}/calendar`, { method: "PUT", body }),
    onSuccess: (_, v) => {
      void queryClient.invalidateQueries({ queryKey: ["store-calendar", v.storeId] });
      // working days decide the appointment calendar
      void queryClient.invalidateQueries({ queryKey: appointmentsRoot });
    },
  });
}

// ---- Repair orders (维修工单, docs/API.md Repair orders): board, list, one order, its lines and steps. ----

export const RO_STATES = ["open", "in_progress", "done", "settled", "handed_back"] as const;
export type RoState = (typeof RO_STATES)[number];
export const PAYERS = ["customer", "insurer", "warranty"] as const;
export type Payer = (typeof PAYERS)[number];
export const BOARD_STATES = ["open", "in_progress", "done", "settled"] as const;
export type BoardState = (typeof BOARD_STATES)[number];

export interface LabourLine {
  id: Id;
  description: string;
  hours: number;
  rateFen: number;
  amountFen: number;
  payer: Payer;
  createdAt: string;
}

export interface PartLine {
  id: Id;
  partNo: string;
  name: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  payer: Payer;
  createdAt: string;
}

export interface RoTotals {
  labourFen: number;
  partsFen: number;
  totalFen: number;
  byPayer: Record<Payer, number>;
}

export interface RepairOrderSummary {
  id: Id;
  storeId: Id;
  roNo: string;
  state: RoState;
  returnRepair: boolean;
  returnOfId: Id | null;
  returnOfRoNo: string | null;
  customerId: Id;
  customerName: string;
  phone: string | null;
  phoneMasked: boolean;
  vehicleId: Id;
  vin: string;
  plate: string | null;
  model: string;
  mileageIn: number;
  mileageOverrideReason: string | null;
  complaint: string;
  workType: WorkType;
  advisorId: Id;
  advisorName: string;
  technician: string | null;
  appointmentId: Id | null;
  openedAt: string;
  startedAt: string | null;
  doneAt: string | null;
  settledAt: string | null;
  handedBackAt: string | null;
  totalFen: number | null;
  createdAt: string;
}

export interface RepairOrder extends RepairOrderSummary {
  labour: LabourLine[];
  parts: PartLine[];
  totals: RoTotals;
  events: { fromState: RoState | null; toState: RoState; at: string; actorName: string }[];
}

export interface BoardCard {
  id: Id;
  roNo: string;
  state: BoardState;
  plate: string | null;
  model: string;
  customerName: string;
  workType: WorkType;
  advisorName: string;
  technician: string | null;
  openedAt: string;
  returnRepair: boolean;
  hoursOpen: number;
}

export interface RoBoard {
  columns: Record<BoardState, BoardCard[]>;
  handedBackToday: number;
  openedToday: number;
}

export interface NewRepairOrder {
  vehicleId: Id;
  mileageIn: number;
  complaint: string;
  workType: WorkType;
  appointmentId?: Id;
  technician?: string;
  mileageOverrideReason?: string;
}

/** Every repair order view lives under this prefix: a write refreshes the board, the list and the order. */
export const repairOrdersRoot = ["repair-orders"] as const;

export function useRoBoard() {
  return useQuery({
    queryKey: [...repairOrdersRoot, "board"],
    queryFn: ({ signal }) => api.get<RoBoard>("/repair-orders/board", undefined, signal),
    refetchInterval: 60_000,
  });
}

export function useRepairOrder(id: Id | string | undefined) {
  return useQuery({
    queryKey: [...repairOrdersRoot, "one", String(id)],
    queryFn: ({ signal }) => api.get<RepairOrder>(`/repair-orders/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

/** A day's booked appointments (today's, in the drawer), to open a repair order from one (arrival). */
export function useBookedAppointments(date: string, enabled: boolean) {
  return useQuery({
    queryKey: [...appointmentsRoot, "booked", date],
    queryFn: ({ signal }) =>
      api.get<{ items: Appointment[] }>("/appointments", { date, status: "booked" }, signal),
    enabled,
  });
}

function useRoMutation<T>(fn: (input: T) => Promise<RepairOrder>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (ro) => queryClient.setQueryData([...repairOrdersRoot, "one", String(ro.id)], ro),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: repairOrdersRoot });
      // an arrival changes the appointment's status
      void queryClient.invalidateQueries({ queryKey: appointmentsRoot });
    },
  });
}

export const useCreateRepairOrder = () =>
  useRoMutation((body: NewRepairOrder) => api.post<RepairOrder>("/repair-orders", body));

export const useAddLabour = (id: Id) =>
  useRoMutation((body: { description: string; hours: number; rateFen: number; payer?: Payer }) =>
    api.post<RepairOrder>(`/repair-orders/${id}/labour`, body),
  );

export const useAddPart = (id: Id) =>
  useRoMutation(
    (body: { partNo: string; name: string; quantity: number; unitPriceFen: number; payer?: Payer }) =>
      api.post<RepairOrder>(`/repair-orders/${id}/parts`, body),
  );

export const useRemoveLine = (id: Id) =>
  useRoMutation(({ kind, lineId }: { kind: "labour" | "parts"; lineId: Id }) =>
    request<RepairOrder>(`/repair-orders/${id}/${kind}/${lineId}`, { method: "DELETE" }),
  );

/** The next step: `in_progress`/`done` by transition, then settle, then hand-back. */
export const useRoStep = (id: Id) =>
  useRoMutation((to: "in_progress" | "done" | "settled" | "handed_back") =>
    to === "settled"
      ? api.post<RepairOrder>(`/repair-orders/${id}/settle`)
      : to === "handed_back"
        ? api.post<RepairOrder>(`/repair-orders/${id}/hand-back`)
        : api.post<RepairOrder>(`/repair-orders/${id}/transition`, { to }),
  );
