import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import {
  AGE_BUCKETS,
  type AgeBucket,
  STOCK_SORTS,
  STOCK_STATUSES,
  type StockFilters,
  type StockSort,
  type StockStatus,
} from "../../api/stock";

export const PAGE_SIZES = [20, 50, 100];

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

function positiveInt(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Filters and page live in the URL: a filtered stock list can be bookmarked and shared. */
export function useStockFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<StockFilters>(() => {
    const status = (params.get("status") ?? "")
      .split(",")
      .filter((s): s is StockStatus => (STOCK_STATUSES as readonly string[]).includes(s));
    return {
      storeId: positiveInt(params.get("storeId"), 0) || undefined,
      status: status.length ? status : undefined,
      model: params.get("model") ?? undefined,
      colour: params.get("colour") ?? undefined,
      ageBucket: oneOf<AgeBucket>(AGE_BUCKETS, params.get("ageBucket")),
      longStock: params.get("longStock") === "true" || undefined,
      q: params.get("q") ?? undefined,
      sort: oneOf<StockSort>(STOCK_SORTS, params.get("sort")),
    };
  }, [params]);

  const page = positiveInt(params.get("page"), 1);
  const pageSize = positiveInt(params.get("pageSize"), PAGE_SIZES[0] ?? 20);

  const write = useCallback(
    (next: StockFilters, nextPage: number, nextPageSize: number) => {
      const search = new URLSearchParams();
      if (next.storeId) search.set("storeId", String(next.storeId));
      if (next.status?.length) search.set("status", next.status.join(","));
      if (next.model?.trim()) search.set("model", next.model.trim());
      if (next.colour?.trim()) search.set("colour", next.colour.trim());
      if (next.ageBucket) search.set("ageBucket", next.ageBucket);
      if (next.longStock) search.set("longStock", "true");
      if (next.q?.trim()) search.set("q", next.q.trim());
      if (next.sort) search.set("sort", next.sort);
      if (nextPage > 1) search.set("page", String(nextPage));
      if (nextPageSize !== PAGE_SIZES[0]) search.set("pageSize", String(nextPageSize));
      setParams(search, { replace: true });
    },
    [setParams],
  );

  return {
    filters,
    page,
    pageSize,
    // a new filter starts again on the first page
    setFilters: (next: StockFilters) => write(next, 1, pageSize),
    setPage: (nextPage: number, nextPageSize: number) =>
      write(filters, nextPageSize === pageSize ? nextPage : 1, nextPageSize),
  };
}
