/**
 * Finding the database the server under test uses, without ever disturbing it.
 *
 * Order: DATABASE_URL; else the embedded PostgreSQL that a running `npm start` keeps in DATA_DIR (its
 * port is in `postmaster.pid`, its password in `pg-password`); else, for the generator only, start the
 * embedded server on DATA_DIR ourselves. Calling `startEmbedded` while the app runs would stop the app's
 * database (it treats a live server on the directory as a crashed leftover), hence the look first.
 */
import { existsSync, readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { startEmbedded } from "../../server/db/embedded.ts";

export interface BenchDb {
  url: string;
  /** how we got there, for the report */
  source: "DATABASE_URL" | "running embedded server" | "embedded server started by the bench";
  stop(): Promise<void>;
}

const DATABASE = "fours";

/** DATA_DIR as `npm start` resolves it, including the root fallback of server/db/embedded.ts. */
export function candidateDataDirs(): string[] {
  const dataDir = resolve(process.env.DATA_DIR ?? "data");
  const dirs = [dataDir];
  // As root, when the postgres user cannot reach DATA_DIR, the launcher keeps the data here instead.
  if (!process.env.DATA_DIR && userInfo().uid === 0) {
    dirs.push(join("/var/lib/fours-dms", `data-${Buffer.from(dataDir).toString("base64url").slice(-16)}`));
  }
  return dirs;
}

/** The URL of an embedded server that is running on one of the candidate data directories, if any. */
export function runningEmbeddedUrl(): string | undefined {
  for (const dir of candidateDataDirs()) {
    const pidFile = join(dir, "pg", "postmaster.pid");
    const pwFile = join(dir, "pg-password");
    if (!existsSync(pidFile) || !existsSync(pwFile)) continue;
    // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
    const lines = readFileSync(pidFile, "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(process.env.PG_PORT ?? lines[3]);
    if (!pid || !port || !alive(pid)) continue;
    const password = readFileSync(pwFile, "utf8").trim();
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function openBenchDb(opts: { mayStart: boolean }): Promise<BenchDb> {
  const noop = async () => {};
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, source: "DATABASE_URL", stop: noop };
  const running = runningEmbeddedUrl();
  if (running) return { url: running, source: "running embedded server", stop: noop };
  if (!opts.mayStart) {
    throw new Error(
      `No database found: set DATABASE_URL, or start the server first (npm start) so that its embedded ` +
        `PostgreSQL runs on DATA_DIR=${candidateDataDirs()[0]}.`,
    );
  }
  const server = await startEmbedded({
    dataDir: process.env.DATA_DIR ?? "data",
    dataDirExplicit: process.env.DATA_DIR !== undefined,
    port: process.env.PG_PORT ? Number(process.env.PG_PORT) : undefined,
    database: DATABASE,
    log: (m) => console.log(m),
  });
  return { url: server.url, source: "embedded server started by the bench", stop: () => server.stop() };
}

/** The URL with the password hidden, for logs and reports. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
