/** What bench/generate.ts creates and bench/run.ts logs in with: the bench stores and their users. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

export const BENCH_STORE_PREFIX = "压测店 Bench ";
export const BENCH_PASSWORD = "bench-pass-2026";
/** Under bench/results/, which git ignores: a file with a password does not belong in the repository. */
export const BENCH_USERS_FILE = new URL("../results/.bench-users.json", import.meta.url);

export interface BenchUsers {
  password: string;
  generatedAt: string;
  stores: {
    id: number;
    name: string;
    manager: { id: number; username: string };
    consultants: { id: number; username: string }[];
  }[];
}

export function writeBenchUsers(u: BenchUsers): void {
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  writeFileSync(BENCH_USERS_FILE, `${JSON.stringify(u, null, 2)}\n`, { mode: 0o600 });
}

export function readBenchUsers(): BenchUsers {
  if (!existsSync(BENCH_USERS_FILE)) {
    throw new Error(
      "bench/results/.bench-users.json is missing: generate the bench data first (npm run bench:data).",
    );
  }
  return JSON.parse(readFileSync(BENCH_USERS_FILE, "utf8")) as BenchUsers;
}
