// Quotes, orders, delivery and the manager's after-cancel decision (docs/API.md, Quotes and Orders). Every write
// refreshes the sales views and the lead views: an order moves the lead's level, a delivery closes it.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CareTask } from "./care";
import { api } from "./client";
import { leadsRoot } from "./leads";
import { type TestDrive, testDrivesRoot } from "./testDrives";
import type { GradableLevel, Id, Lead, Page } from "./types";

export const salesRoot = ["sales"] as const;

export const QUOTE_LINE_KINDS = ["accessory", "insurance", "registration", "other"] as const;
export type QuoteLineKind = (typeof QUOTE_LINE_KINDS)[number];
export const ORDER_STATES = ["open", "delivered", "cancelled"] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const DEPOSIT_METHODS = ["cash", "card", "transfer", "wechat", "alipay"] as const;
export type DepositMethod = (typeof DEPOSIT_METHODS)[number];
export const DOCUMENTS = [
  "invoice",
  "certificate",
  "manual",
  "warrantyCard",
  "keys",
  "insurancePolicy",
] as const;
export type DocumentKey = (typeof DOCUMENTS)[number];
/** Loan terms the quote builder offers; the server takes 1–120 months. */
export const LOAN_MONTHS = [12, 24, 36, 48, 60] as const;

export interface QuoteLine {
  kind: QuoteLineKind;
  name: string;
  amountFen: number;
}

export interface Loan {
  downPaymentFen: number;
  months: number;
  annualRatePct: number;
  financedFen: number;
  monthlyPaymentFen: number;
  totalInterestFen: number;
}

export interface Quote {
  id: Id;
  storeId: Id;
  leadId: Id;
  vehicleId: Id | null;
  model: string | null;
  trim: string | null;
  colour: string | null;
  vehiclePriceFen: number;
  discountFen: number;
  lines: QuoteLine[];
  linesFen: number;
  totalFen: number;
  loan: Loan | null;
  validUntil: string;
  note: string | null;
  createdBy: Id;
  createdByName: string | null;
  createdAt: string;
}

export interface NewQuote {
  leadId: Id;
  vehicleId?: Id;
  model?: string;
  trim?: string;
  colour?: string;
  vehiclePriceFen: number;
  discountFen?: number;
  lines?: QuoteLine[];
  loan?: { downPaymentFen: number; months: number; annualRatePct: number };
  validUntil?: string;
  note?: string;
}

export type Documents = Record<DocumentKey, boolean>;

export interface Order {
  id: Id;
  storeId: Id;
  orderNo: string;
  state: OrderState;
  leadId: Id;
  leadName: string;
  customerId: Id;
  customerName: string;
  phone: string;
  phoneMasked: boolean;
  quoteId: Id | null;
  vehicleId: Id | null;
  vin: string | null;
  model: string;
  trim: string | null;
  colour: string | null;
  optionPackage: string | null;
  factoryOrder: boolean;
  priceFen: number;
  depositFen: number;
  depositMethod: DepositMethod;
  referrerCustomerId: Id | null;
  referrerName: string | null;
  consultantId: Id | null;
  consultantName: string | null;
  orderedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  refundFen: number | null;
  deliveredAt: string | null;
  pdiDone: boolean | null;
  documents: Documents | null;
  customerVehicleId: Id | null;
  plate: string | null;
  createdAt: string;
}

export interface OrderDetail {
  order: Order;
  quote: Quote | null;
  careTasks: CareTask[];
}

export interface NewOrder {
  leadId: Id;
  vehicleId?: Id;
  factoryOrder?: { model: string; trim?: string; colour: string; optionPackage?: string };
  quoteId?: Id;
  depositFen: number;
  depositMethod: DepositMethod;
  priceFen: number;
}

/** A stock car as the matching list shows it (the stock module's StockVehicle, the fields used here). */
export interface MatchedCar {
  id: Id;
  vin: string;
  model: string;
  trim: string | null;
  colour: string;
  optionPackage: string | null;
  listPriceFen: number | null;
  status: "in_transit" | "in_stock" | "reserved" | "sold" | "demo";
  ageDays: number | null;
  longStock: boolean;
  incentiveFen: number;
}

export type LeadTestDrive = Pick<TestDrive, "id" | "startAt" | "model" | "state">;

/** A deal credited to a referring customer (转介绍). */
export interface Referral {
  orderId: Id;
  orderNo: string;
  state: OrderState;
  leadId: Id;
  customerName: string;
  orderedAt: string;
  deliveredAt: string | null;
}

export interface OrderFilters {
  state?: OrderState;
  q?: string;
  leadId?: Id;
}

function useSalesMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: salesRoot }),
        queryClient.invalidateQueries({ queryKey: leadsRoot }),
      ]),
  });
}

export function useQuotes(leadId: Id | undefined) {
  return useQuery({
    queryKey: [...salesRoot, "quotes", leadId],
    queryFn: ({ signal }) => api.get<{ items: Quote[] }>("/quotes", { leadId }, signal),
    enabled: leadId !== undefined,
  });
}

export function useQuote(id: string | undefined) {
  return useQuery({
    queryKey: [...salesRoot, "quote", id],
    queryFn: ({ signal }) => api.get<Quote>(`/quotes/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useCreateQuote() {
  return useSalesMutation((q: NewQuote) => api.post<Quote>("/quotes", q));
}

export function useOrders(filters: OrderFilters, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: [...salesRoot, "orders", filters, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<Page<Order>>("/orders", { ...filters, q: filters.q?.trim(), page, pageSize }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOrder(id: string | undefined) {
  return useQuery({
    queryKey: [...salesRoot, "order", id],
    queryFn: ({ signal }) => api.get<OrderDetail>(`/orders/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useCreateOrder() {
  return useSalesMutation((o: NewOrder) => api.post<Order>("/orders", o));
}

export function useAllocate(orderId: Id) {
  return useSalesMutation((vehicleId: Id) => api.post<Order>(`/orders/${orderId}/allocate`, { vehicleId }));
}

export function useCancelOrder(orderId: Id) {
  return useSalesMutation((body: { reason: string; refundFen: number }) =>
    api.post<Order>(`/orders/${orderId}/cancel`, body),
  );
}

export function useDeliverOrder(orderId: Id) {
  return useSalesMutation((body: { pdiDone: boolean; documents: Documents; plate?: string }) =>
    api.post<Order>(`/orders/${orderId}/deliver`, body),
  );
}

export type AfterCancel = { action: "regrade"; level: GradableLevel } | { action: "close"; note?: string };

export function useAfterCancel(leadId: Id) {
  return useSalesMutation((body: AfterCancel) =>
    api.post<{ lead: Lead }>(`/leads/${leadId}/after-cancel`, body),
  );
}

/** Stock cars in stock or in transit that fit a lead (its model and colour), or a model and colour. */
export function useMatchingCars(query: { leadId?: Id; model?: string; colour?: string }, enabled = true) {
  return useQuery({
    queryKey: [...salesRoot, "match", query],
    queryFn: ({ signal }) => api.get<{ items: MatchedCar[] }>("/vehicles/match", query, signal),
    enabled,
    retry: false,
  });
}

export function useReferrals(customerId: Id, enabled = true) {
  return useQuery({
    queryKey: [...salesRoot, "referrals", customerId],
    queryFn: ({ signal }) =>
      api.get<{ items: Referral[] }>(`/customers/${customerId}/referrals`, undefined, signal),
    enabled,
  });
}

const DAY_MS = 86_400_000;

/**
 * The lead's test drives of the last five weeks and the week ahead: the calendar endpoint answers at most 42
 * days at once; older drives stay on the lead's timeline. Kept under the test drives' key, so a booking or
 * its outcome refreshes it.
 */
export function useLeadTestDrives(leadId: Id, enabled = true) {
  return useQuery({
    queryKey: [...testDrivesRoot, "lead", leadId],
    queryFn: ({ signal }) => {
      const now = Date.now();
      return api.get<{ items: LeadTestDrive[] }>(
        "/test-drives",
        {
          leadId,
          from: new Date(now - 35 * DAY_MS).toISOString(),
          to: new Date(now + 7 * DAY_MS).toISOString(),
        },
        signal,
      );
    },
    enabled,
    retry: false,
  });
}
