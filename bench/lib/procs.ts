/**
 * Processes under test, read from /proc: who listens on a port, how much CPU a process (or PostgreSQL
 * with its backends) used. CPU per request stays meaningful when the machine is shared and throughput
 * numbers are not: it says which side — our Node process or PostgreSQL — does the work.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** The pid listening on a local TCP port (`ss -ltnp`), or undefined. */
export function listenerPid(port: number): number | undefined {
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}

const TICK_MS = (() => {
  try {
    return 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  } catch {
    return 10;
  }
})();

interface Stat {
  ppid: number;
  /** utime + stime of the process itself, in ms */
  own: number;
  /** cutime + cstime: children that ended and were reaped, in ms */
  reaped: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses: fields start after the last ")".
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const n = (i: number) => Number(f[i]);
    return { ppid: n(1), own: (n(11) + n(12)) * TICK_MS, reaped: (n(13) + n(14)) * TICK_MS };
  } catch {
    return undefined;
  }
}

/** CPU time of one process in ms. */
export function cpuMs(pid: number | undefined): number | null {
  const s = pid ? stat(pid) : undefined;
  return s ? s.own : null;
}

/**
 * CPU time in ms of a process and its direct children (PostgreSQL: the postmaster and every backend),
 * including children that have already exited.
 */
export function treeCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  const root = stat(pid);
  if (!root) return null;
  let total = root.own + root.reaped;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.ppid === pid) total += s.own;
  }
  return total;
}

export function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
}
