/** The application's own PostgreSQL server: starts, answers, stops, keeps its data, and runs unprivileged. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type EmbeddedServer, startEmbedded } from "./embedded.ts";

const dir = mkdtempSync(join(tmpdir(), "fours-embedded-test-"));
const started: EmbeddedServer[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

const start = async () => {
  const server = await startEmbedded({
    dataDir: dir,
    dataDirExplicit: true,
    database: "fours_embedded",
    ephemeral: true,
    log: () => {},
  });
  started.push(server);
  return server;
};

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

describe("startEmbedded", () => {
  it("starts on localhost, answers, stops; a second start reuses the data", { timeout: 60_000 }, async () => {
    const first = await start();
    expect(new URL(first.url).hostname).toBe("127.0.0.1");
    expect(first.dataDir).toBe(join(dir, "pg"));
    const [row] = await query<{ v: string; db: string }>(
      first.url,
      "SELECT current_setting('server_version_num') AS v, current_database() AS db",
    );
    expect(Number(row!.v)).toBeGreaterThanOrEqual(150000);
    expect(row!.db).toBe("fours_embedded");
    await query(first.url, "CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (42)");
    await first.stop();
    await expect(query(first.url, "SELECT 1")).rejects.toThrow();
    await first.stop(); // stopping twice is harmless

    const second = await start();
    expect(await query(second.url, "SELECT id FROM kept")).toEqual([{ id: 42 }]);
    await second.stop();
  });

  it("takes over from a server a crashed start left running on the directory", {
    timeout: 60_000,
  }, async () => {
    const orphan = await start(); // never stopped: as if the app had died
    const next = await start();
    expect(next.port).not.toBe(orphan.port);
    await expect(query(orphan.url, "SELECT 1")).rejects.toThrow();
    expect(await query(next.url, "SELECT id FROM kept")).toEqual([{ id: 42 }]);
    await next.stop();
  });

  it.runIf(process.getuid?.() === 0)(
    "as root, keeps the data owned by the unprivileged postgres user",
    () => {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      expect(uid).not.toBe(0);
      for (const path of [dir, join(dir, "pg"), join(dir, "pg", "PG_VERSION")]) {
        expect(statSync(path).uid, path).toBe(uid);
      }
      // the password file stays private to the app (root), never world-readable
      expect(statSync(join(dir, "pg-password")).mode & 0o077).toBe(0);
    },
  );
});
