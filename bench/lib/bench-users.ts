/** What bench/generate.ts creates and bench/run.ts logs in with: the bench stores and their users. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const BENCH_STORE_PREFIX = "压测店 Bench ";
export const BENCH_PASSWORD = "bench-pass-2026";
/**
 * Under bench/results/, which git ignores: a file with a password does not belong in the repository.
 * BENCH_USERS_FILE puts it elsewhere, so that a second, small data set (e.g. a check at --scale 0.05 on
 * another DATA_DIR) does not replace the list of the main bench database.
 */
export const BENCH_USERS_FILE = process.env.BENCH_USERS_FILE
  ? pathToFileURL(resolve(process.env.BENCH_USERS_FILE))
  : new URL("../results/.bench-users.json", import.meta.url);

export interface BenchUsers {
  password: string;
  generatedAt: string;
  stores: {
    id: number;
    name: string;
    manager: { id: number; username: string };
    reception: { id: number; username: string };
    customerService: { id: number; username: string };
    consultants: { id: number; username: string }[];
    serviceAdvisors: { id: number; username: string }[];
  }[];
}

export function writeBenchUsers(u: BenchUsers): void {
  mkdirSync(dirname(fileURLToPath(BENCH_USERS_FILE)), { recursive: true });
  writeFileSync(BENCH_USERS_FILE, `${JSON.stringify(u, null, 2)}\n`, { mode: 0o600 });
}

export function readBenchUsers(): BenchUsers {
  if (!existsSync(BENCH_USERS_FILE)) {
    throw new Error(
      `${fileURLToPath(BENCH_USERS_FILE)} is missing: generate the bench data first (npm run bench:data).`,
    );
  }
  const u = JSON.parse(readFileSync(BENCH_USERS_FILE, "utf8")) as BenchUsers;
  if (u.stores.some((s) => !s.reception || !s.customerService)) {
    throw new Error(
      `${fileURLToPath(BENCH_USERS_FILE)} predates the sales benchmark (no reception or customer service user): regenerate the bench data (npm run bench:data -- --reset).`,
    );
  }
  return u;
}
