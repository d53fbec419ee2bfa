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

/** One hit of `GET /customer-vehicles` (docs/API.md "Customer 360"): a vehicle with its owner. */
export interface CustomerVehicle {
  id: Id;
  storeId: Id;
  vin: string;
  plate: string | null;
  model: string;
  brand: string | null;
  colour: string | null;
  mileageKm: number | null;
  purchaseDate: string | null;
  soldByStore: boolean;
  customerId: Id;
  customerName: string;
  /** masked unless the role sees full phones */
  phone: string | null;
  phoneMasked: boolean;
}

export interface VehicleSearchParams {
  q?: string;
  customerId?: Id;
  page?: number;
  pageSize?: number;
}

export function searchCustomerVehicles(params: VehicleSearchParams, signal?: AbortSignal) {
  return api.get<{ items: CustomerVehicle[]; total: number }>(
    "/customer-vehicles",
    { page: 1, pageSize: 20, ...params },
    signal,
  );
}

/**
 * Vehicles by plate, VIN (or its last 6+ characters), full phone or customer name; with `customerId` the
 * customer's vehicles without typing anything.
 */
export function useVehicleSearch(q: string, customerId?: Id) {
  const term = q.trim();
  return useQuery({
    queryKey: ["customer-vehicles", term, customerId ?? null],
    queryFn: ({ signal }) => searchCustomerVehicles({ q: term, customerId }, signal),
    // Two characters at least without a customer: one character matches too many plates to tell anything.
    enabled: customerId !== undefined || term.length >= 2,
    staleTime: 30_000,
  });
}

export const LOYALTY_CLASSES = ["frequent", "active", "once", "lost", "none"] as const;
export type LoyaltyClass = (typeof LOYALTY_CLASSES)[number];
export type Lifecycle = "potential" | "new" | "existing" | "vip";

/** Customer (docs/API.md "Customers"), with the masking flags the server sets. */
export interface Customer {
  id: Id;
  storeId: Id;
  kind: "person" | "company";
  name: string;
  phone: string | null;
  phoneMasked: boolean;
  gender: "male" | "female" | null;
  birthday: string | null;
  idNumber: string | null;
  idNumberMasked: boolean;
  address: string | null;
  wechatId: string | null;
  creditCode: string | null;
  contactPerson: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A row of `GET /customers`: the customer with its live loyalty class. */
export interface CustomerListItem extends Customer {
  loyaltyClass: LoyaltyClass;
  workshopVisits12m: number;
  vehicleCount: number;
}

export function useCustomerList(
  filter: { q?: string; loyalty?: LoyaltyClass },
  page: number,
  pageSize: number,
) {
  return useQuery({
    queryKey: ["customers", "list", filter, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<{ items: CustomerListItem[]; total: number }>(
        "/customers",
        { ...filter, page, pageSize },
        signal,
      ),
    placeholderData: (previous) => previous,
  });
}

export interface Vehicle360 {
  id: Id;
  vin: string;
  plate: string | null;
  brand: string | null;
  model: string;
  trim: string | null;
  colour: string | null;
  purchaseDate: string | null;
  mileageKm: number | null;
  soldByStore: boolean;
  lastMileageKm: number | null;
  lastServiceAt: string | null;
  nextMaintenanceDue: string | null;
}

export const SECTIONS_360 = ["orders", "repairOrders", "careTasks", "complaints", "messages"] as const;
export type Section360 = (typeof SECTIONS_360)[number];

/** `GET /customers/:id/360` (docs/API.md "Customer 360"). */
export interface Customer360 {
  customer: Customer;
  loyaltyClass: LoyaltyClass;
  lifecycle: Lifecycle;
  workshopVisits12m: number;
  lastVisitAt: string | null;
  averageSatisfaction: number | null;
  vehicles: Vehicle360[];
  orders: {
    id: Id;
    orderNo: string;
    state: "open" | "cancelled" | "delivered";
    model: string | null;
    orderedAt: string;
    deliveredAt: string | null;
    priceFen: number;
  }[];
  repairOrders: {
    id: Id;
    roNo: string;
    state: string;
    workType: string;
    vehicleId: Id;
    plate: string | null;
    openedAt: string;
    handedBackAt: string | null;
    totalFen: number | null;
    returnRepair: boolean;
  }[];
  careTasks: {
    id: Id;
    type: "post_sale_callback" | "post_service_callback" | "maintenance_reminder" | "birthday";
    vehicleId: Id | null;
    orderId: Id | null;
    repairOrderId: Id | null;
    forDate: string | null;
    dueAt: string;
    done: boolean;
    doneAt: string | null;
    reached: boolean | null;
    satisfaction: number | null;
    comment: string | null;
  }[];
  complaints: {
    id: Id;
    category: string;
    severity: string;
    state: string;
    receivedAt: string;
    deadlineAt: string;
  }[];
  consents: { channel: "sms" | "phone" | "wechat"; granted: boolean; at: string; source: string }[];
  messages: {
    id: Id;
    channel: "sms" | "wechat";
    purpose: "service" | "marketing";
    template: string;
    status: string;
    createdAt: string;
  }[];
  counts: Record<Section360, number>;
  /** the sections the role may not read: shown as "no access", not as "none" */
  restricted: Section360[];
}

export function useCustomer360(id: Id | undefined) {
  return useQuery({
    queryKey: ["customers", "360", id],
    queryFn: ({ signal }) => api.get<Customer360>(`/customers/${id}/360`, undefined, signal),
    enabled: id !== undefined,
  });
}
