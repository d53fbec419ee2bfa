/** Start: configuration → database (own server or DATABASE_URL) → migrations → first admin → listen. */
import { buildApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { type EmbeddedServer, startEmbedded } from "./db/embedded.ts";
import { createDb, createPool, runMigrations } from "./db/index.ts";
import { startCareScheduler } from "./modules/care/scheduler.ts";
import { ensureFirstAdmin, purgeExpiredSessions } from "./modules/identity/index.ts";
import { failInterruptedImports } from "./modules/leads/index.ts";
import { systemClock } from "./platform/clock.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded({
      dataDir: config.dataDir,
      dataDirExplicit: config.dataDirExplicit,
      port: config.pgPort,
      database: "fours",
    });
    url = embedded.url;
    console.log(`PostgreSQL (embedded) on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`);
  }
  const pool = createPool(url);
  const db = createDb(pool);
  await runMigrations(db);
  // imports that a stopped process left half-done can never finish: say so instead of showing them running
  await failInterruptedImports(db, systemClock.now());
  // sessions are deleted when seen expired; those never seen again are swept at start and every hour
  const sweep = () =>
    purgeExpiredSessions(db, systemClock.now(), config.session).catch((err) => console.error(err));
  await sweep();
  setInterval(sweep, 3_600_000).unref();

  const admin = await ensureFirstAdmin(
    db,
    { username: config.adminUsername, password: config.adminPassword },
    systemClock.now(),
  );
  if (admin?.generated) {
    console.log(
      `\n  First start: created the group administrator\n    username: ${admin.username}\n    password: ${admin.password}\n  (shown once; change it after logging in)\n`,
    );
  }

  if (process.argv.includes("--demo")) {
    const { loadDemo } = await import("../scripts/demo-data.ts");
    await loadDemo(db, systemClock);
  }

  const app = await buildApp(
    { db, clock: systemClock, config, database: embedded ? "embedded" : "external" },
    { logger: { level: config.logLevel } },
  );
  await app.listen({ port: config.port, host: config.host });
  console.log(`4S DMS listening on http://localhost:${config.port}`);
  // maintenance reminders and birthday greetings, once a day per store (idempotent across processes)
  const careScheduler = config.careScheduler
    ? startCareScheduler(db, systemClock, (msg, err) => (err ? console.error(msg, err) : console.log(msg)))
    : null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    careScheduler?.stop();
    await app.close();
    await pool.end();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
