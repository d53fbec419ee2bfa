import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { leadsRoot } from "./leads";
import type { Id, Role, User } from "./types";

const usersRoot = ["users"] as const;

export function useUsers(filter: { storeId?: Id; role?: Role }, enabled = true) {
  return useQuery({
    queryKey: [...usersRoot, filter],
    queryFn: ({ signal }) => api.get<{ items: User[] }>("/users", filter, signal),
    enabled,
  });
}

/** Who may own leads in a store (consultants and sales managers), as `GET /lead-owners` lists them. */
export interface LeadOwner {
  id: Id;
  displayName: string;
  role: Role;
  paused: boolean;
}

export function leadOwnersKey(storeId: Id | undefined) {
  // Under the users prefix: pausing or disabling a user refreshes the pickers as well.
  return [...usersRoot, "lead-owners", storeId ?? null] as const;
}

function fetchLeadOwners(storeId: Id | undefined, signal: AbortSignal): Promise<LeadOwner[]> {
  return api.get<{ items: LeadOwner[] }>("/lead-owners", { storeId }, signal).then((r) => r.items);
}

/**
 * The owner pickers' list. It is open to everybody who may create leads (reception included), unlike the user
 * list; the group admin, who belongs to no store, names the store.
 */
export function useLeadOwners(storeId: Id | undefined, enabled = true) {
  return useQuery({
    queryKey: leadOwnersKey(storeId),
    queryFn: ({ signal }) => fetchLeadOwners(storeId, signal),
    enabled,
    staleTime: 60_000,
  });
}

/** Owners of several stores at once (the admin's lead filter spans stores); each store is its own query. */
export function useLeadOwnersOfStores(storeIds: Id[], enabled = true) {
  return useQueries({
    queries: storeIds.map((storeId) => ({
      queryKey: leadOwnersKey(storeId),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchLeadOwners(storeId, signal),
      enabled,
      staleTime: 60_000,
    })),
    combine: (results) => ({
      data: results.flatMap((r, i) => (r.data ?? []).map((owner) => ({ ...owner, storeId: storeIds[i]! }))),
      isPending: results.some((r) => r.isPending),
    }),
  });
}

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  storeId: Id | null;
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => api.post<User>("/users", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersRoot }),
  });
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  paused?: boolean;
  password?: string;
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: Id; patch: UserPatch }) => api.patch<User>(`/users/${id}`, patch),
    onSuccess: (_user, { patch }) => {
      void queryClient.invalidateQueries({ queryKey: usersRoot });
      // Pausing changes who receives round-robin leads, which the board shows.
      if (patch.paused !== undefined)
        void queryClient.invalidateQueries({ queryKey: [...leadsRoot, "board"] });
    },
  });
}
