// Vehicle stock (整车库存): the list with its summary, the long-stock board, arrivals, the manager's changes,
// model rules and the purchase-plan check. Shapes as docs/API.md "Vehicle stock" writes them.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type QueryParams, request } from "./client";
import type { Id } from "./types";

export const STOCK_STATUSES = ["in_transit", "in_stock", "reserved", "sold", "demo"] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];
/** What a manager may set by hand; reserved and sold follow the car's order. */
export const MANUAL_STATUSES = ["in_stock", "in_transit", "demo"] as const;
export type ManualStatus = (typeof MANUAL_STATUSES)[number];
export const AGE_BUCKETS = ["0-30", "31-60", "61-90", "90+"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export const STOCK_SORTS = ["age", "arrived", "vin"] as const;
export type StockSort = (typeof STOCK_SORTS)[number];

export interface StockVehicle {
  id: Id;
  storeId: Id;
  vin: string;
  vinCheckWarning: boolean;
  model: string;
  trim: string | null;
  colour: string;
  optionPackage: string | null;
  /** null for roles that do not see purchase cost */
  costFen: number | null;
  listPriceFen: number | null;
  arrivedAt: string | null;
  status: StockStatus;
  ageDays: number | null;
  ageBucket: AgeBucket | null;
  longStock: boolean;
  incentiveFen: number;
  soldAt: string | null;
  orderId: Id | null;
  orderNo: string | null;
  createdAt: string;
}

export interface StockSummary {
  count: number;
  valueFen: number | null;
  buckets: Record<AgeBucket, number>;
}

export interface StockFilters {
  storeId?: Id;
  status?: StockStatus[];
  model?: string;
  colour?: string;
  ageBucket?: AgeBucket;
  longStock?: boolean;
  q?: string;
  sort?: StockSort;
}

export interface LongStockBoard {
  thresholdDays: number;
  items: StockVehicle[];
  valueFen: number | null;
  incentiveFen: number;
}

export interface ModelRule {
  model: string;
  colourQuota: number;
  optionAllOrNone: boolean;
  /** false: no rule of its own, the store's default quota applies */
  custom: boolean;
}

export interface NewVehicle {
  vin: string;
  model: string;
  trim?: string;
  colour: string;
  optionPackage?: string;
  costFen: number;
  listPriceFen?: number;
  arrivedAt?: string;
  status: ManualStatus;
  incentiveFen?: number;
  storeId?: Id;
}

export interface VehiclePatch {
  status?: "in_stock" | "demo";
  arrivedAt?: string;
  incentiveFen?: number;
  listPriceFen?: number | null;
  trim?: string | null;
  colour?: string;
  optionPackage?: string | null;
}

export interface PlanLine {
  model: string;
  colour: string;
  optionPackage?: string;
  quantity: number;
}

export type PlanWarning =
  | {
      code: "colour_quota";
      model: string;
      message: string;
      details: {
        quota: number;
        quotaSource: "model" | "store";
        colourCount: number;
        stockColours: string[];
        plannedColours: string[];
        newColours: string[];
      };
    }
  | {
      code: "option_rule";
      model: string;
      message: string;
      details: {
        packages: { optionPackage: string | null; stock: number; planned: number }[];
        withPackage: number;
        withoutPackage: number;
      };
    };

export interface ImportResult {
  created: number;
  failed: number;
  errors: { row: number; reason: string }[];
}

/** Every stock view lives under this prefix, so one invalidation refreshes the list, the board and the rules. */
export const stockRoot = ["stock"] as const;

function filterParams(f: StockFilters): QueryParams {
  return {
    storeId: f.storeId,
    status: f.status,
    model: f.model?.trim(),
    colour: f.colour?.trim(),
    ageBucket: f.ageBucket,
    longStock: f.longStock || undefined,
    q: f.q?.trim(),
    sort: f.sort,
  };
}

export function useVehicles(filters: StockFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...stockRoot, "list", filters, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<{ items: StockVehicle[]; total: number; summary: StockSummary }>(
        "/vehicles",
        { ...filterParams(filters), page, pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useLongStock(storeId: Id | undefined, enabled = true) {
  return useQuery({
    queryKey: [...stockRoot, "long-stock", storeId],
    queryFn: ({ signal }) => api.get<LongStockBoard>("/vehicles/long-stock", { storeId }, signal),
    enabled,
  });
}

export function useModelRules(storeId: Id | undefined, enabled = true) {
  return useQuery({
    queryKey: [...stockRoot, "model-rules", storeId],
    queryFn: ({ signal }) =>
      api.get<{ defaultColourQuota: number; items: ModelRule[] }>("/model-rules", { storeId }, signal),
    enabled,
    staleTime: 30_000,
  });
}

function useStockMutation<In, Out>(fn: (input: In) => Promise<Out>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: stockRoot }),
  });
}

export function useCreateVehicle() {
  return useStockMutation((body: NewVehicle) =>
    api.post<StockVehicle & { warnings: "vin_check_digit"[] }>("/vehicles", body),
  );
}

export function useUpdateVehicle() {
  return useStockMutation(({ id, patch }: { id: Id; patch: VehiclePatch }) =>
    api.patch<StockVehicle>(`/vehicles/${id}`, patch),
  );
}

export function useImportVehicles() {
  return useStockMutation(({ file, storeId }: { file: File; storeId?: Id }) => {
    const form = new FormData();
    if (storeId !== undefined) form.append("storeId", String(storeId));
    form.append("file", file);
    return api.post<ImportResult>("/vehicles/import", form);
  });
}

export function usePutModelRule() {
  return useStockMutation(
    ({ model, rule, storeId }: { model: string; rule: Omit<ModelRule, "model" | "custom">; storeId?: Id }) =>
      request<ModelRule>(`/model-rules/${encodeURIComponent(model)}`, {
        method: "PUT",
        body: { ...rule, storeId },
      }),
  );
}

/** A check, not a change: nothing to invalidate. */
export function usePurchaseCheck() {
  return useMutation({
    mutationFn: (body: { lines: PlanLine[]; storeId?: Id }) =>
      api.post<{ ok: boolean; warnings: PlanWarning[] }>("/vehicles/purchase-check", body),
  });
}
