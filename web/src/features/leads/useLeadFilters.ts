import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { LeadFilters } from "../../api/leads";
import {
  LEAD_SOURCES,
  LEAD_STATES,
  LEVELS,
  type LeadSource,
  type LeadState,
  type Level,
} from "../../api/types";

export const PAGE_SIZES = [20, 50, 100];

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

function positiveInt(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * Filters and page live in the URL, so a filtered list can be bookmarked, shared, and survives the way back
 * from a lead's detail page.
 */
export function useLeadFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<LeadFilters>(() => {
    const levels = (params.get("level") ?? "")
      .split(",")
      .filter((l): l is Level => (LEVELS as readonly string[]).includes(l));
    return {
      level: levels.length ? levels : undefined,
      ownerId: positiveInt(params.get("ownerId"), 0) || undefined,
      source: oneOf<LeadSource>(LEAD_SOURCES, params.get("source")),
      state: oneOf<LeadState>(LEAD_STATES, params.get("state")),
      overdue: params.get("overdue") === "true" || undefined,
      stale: params.get("stale") === "true" || undefined,
      pool: params.get("pool") === "true" || undefined,
      q: params.get("q") ?? undefined,
    };
  }, [params]);

  const page = positiveInt(params.get("page"), 1);
  const pageSize = positiveInt(params.get("pageSize"), PAGE_SIZES[0] ?? 20);

  const write = useCallback(
    (next: LeadFilters, nextPage: number, nextPageSize: number) => {
      const search = new URLSearchParams();
      if (next.level?.length) search.set("level", next.level.join(","));
      if (next.ownerId) search.set("ownerId", String(next.ownerId));
      if (next.source) search.set("source", next.source);
      if (next.state) search.set("state", next.state);
      if (next.overdue) search.set("overdue", "true");
      if (next.stale) search.set("stale", "true");
      if (next.pool) search.set("pool", "true");
      if (next.q?.trim()) search.set("q", next.q.trim());
      if (nextPage > 1) search.set("page", String(nextPage));
      if (nextPageSize !== PAGE_SIZES[0]) search.set("pageSize", String(nextPageSize));
      setParams(search, { replace: true });
    },
    [setParams],
  );

  // A new filter starts again at page 1: page 7 of the old result set means nothing for the new one.
  const setFilters = useCallback((next: LeadFilters) => write(next, 1, pageSize), [write, pageSize]);
  const setPage = useCallback(
    (nextPage: number, nextPageSize: number) =>
      write(filters, nextPageSize === pageSize ? nextPage : 1, nextPageSize),
    [write, filters, pageSize],
  );

  return { filters, page, pageSize, setFilters, setPage };
}
