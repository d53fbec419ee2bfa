import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { AuditEntry, Page } from "./types";

export interface AuditFilters {
  entity?: string;
  entityId?: string;
  actorId?: number;
  action?: string;
  from?: string;
  to?: string;
}

export function useAudit(filters: AuditFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: ["audit", filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<AuditEntry>>("/audit", { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}
