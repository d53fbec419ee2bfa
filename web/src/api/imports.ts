import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, apiUrl } from "./client";
import { leadsRoot } from "./leads";
import type { ImportJob, ImportPreview } from "./types";

const importsRoot = ["imports"] as const;

export function usePreviewImport() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return api.post<ImportPreview>("/leads/import/preview", form);
    },
  });
}

export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mapping }: { file: File; mapping: Record<string, string> }) => {
      const form = new FormData();
      // Fields before the file: a streaming multipart parser sees the mapping before it reads the rows.
      form.append("mapping", JSON.stringify(mapping));
      form.append("file", file);
      return api.post<{ importId: ImportJob["id"] }>("/leads/import", form);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: importsRoot }),
  });
}

export function useImports() {
  return useQuery({
    queryKey: importsRoot,
    queryFn: ({ signal }) => api.get<{ items: ImportJob[] }>("/imports", undefined, signal),
  });
}

function isFinished(job: ImportJob | undefined): boolean {
  return job?.status === "done" || job?.status === "failed";
}

/** Polls once a second while the job runs, then stops and refreshes what the import changed. */
export function useImportJob(id: ImportJob["id"] | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...importsRoot, id],
    enabled: Boolean(id),
    queryFn: async ({ signal }) => {
      const job = await api.get<ImportJob>(`/imports/${id}`, undefined, signal);
      if (isFinished(job)) {
        void queryClient.invalidateQueries({ queryKey: importsRoot, exact: true });
        void queryClient.invalidateQueries({ queryKey: leadsRoot });
      }
      return job;
    },
    refetchInterval: (query) => (isFinished(query.state.data) ? false : 1000),
  });
}

export function importErrorsUrl(id: ImportJob["id"]): string {
  return apiUrl(`/imports/${id}/errors.xlsx`);
}
