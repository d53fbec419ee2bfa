import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api } from "./client";
import type { Me, User } from "./types";

export const meKey = ["me"] as const;

/** `null` means "not signed in": a 401 here is an answer, not a failure, so it is not retried or reported. */
async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await api.get<Me>("/auth/me", undefined, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      api.post<{ user: User }>("/auth/login", credentials),
    // The login answer has no store or permissions; /auth/me is the single source of both.
    // staleTime 0: the cached answer is the "not signed in" from before the login and must not be reused.
    onSuccess: () =>
      queryClient.fetchQuery({ queryKey: meKey, queryFn: ({ signal }) => fetchMe(signal), staleTime: 0 }),
  });
}

export function useLogout() {
  return useMutation({
    mutationFn: () => api.post<void>("/auth/logout"),
    // A full page load, not a client-side navigation: nothing the previous user saw survives in memory, and
    // the login page starts without a "return to" target left over from that user.
    onSettled: () => window.location.replace("/login"),
  });
}
