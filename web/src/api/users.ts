import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { leadsRoot } from "./leads";
import type { Board, Id, Role, User } from "./types";

const usersRoot = ["users"] as const;

export function useUsers(filter: { storeId?: Id; role?: Role }, enabled = true) {
  return useQuery({
    queryKey: [...usersRoot, filter],
    queryFn: ({ signal }) => api.get<{ items: User[] }>("/users", filter, signal),
    enabled,
  });
}

export interface OwnerOption {
  id: Id;
  name: string;
  paused: boolean;
}

/** Where the list of consultants can be read from: the user list, or the manager board (same consultants). */
export type ConsultantSource = "users" | "board";

/**
 * Consultants a lead can be given to. The user list is the natural source, but the contract grants it to
 * admin, gm and sales manager only; the board is the fallback for anyone else who may read it.
 */
export function useConsultants(storeId: Id | undefined, source: ConsultantSource | null, enabled = true) {
  return useQuery({
    queryKey: [...usersRoot, "consultants", source, storeId],
    enabled: enabled && source !== null,
    staleTime: 60_000,
    queryFn: async ({ signal }): Promise<OwnerOption[]> => {
      if (source === "board") {
        const board = await api.get<Board>("/leads/board", undefined, signal);
        return board.consultants.map((c) => ({ id: c.userId, name: c.displayName, paused: c.paused }));
      }
      const { items } = await api.get<{ items: User[] }>("/users", { role: "consultant", storeId }, signal);
      return items
        .filter((u) => !u.disabled)
        .map((u) => ({ id: u.id, name: u.displayName, paused: u.paused }));
    },
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
