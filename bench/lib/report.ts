/** The benchmark report: the machine, the data, the numbers beside their targets, into BENCHMARKS.md. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import type { LoadResult } from "./load.ts";

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string;
}

export function machine(postgresVersion: string): Machine {
  let cpuModel = "unknown";
  try {
    cpuModel =
      /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: the model stays unknown, the rest still describes the machine
  }
  return {
    cpus: availableParallelism(),
    cpuModel,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: postgresVersion,
  };
}

export interface Row {
  key: string;
  title: string;
  kind: "read" | "write";
  ours: LoadResult;
  /** absent for the after-sales endpoints, which have no bare-SQL twin in bench/baseline.ts yet */
  baseline?: LoadResult;
}

export const TARGETS = { readRps: 1_500, readP95Ms: 50, writeRps: 400, medianRatio: 1.3, rssMb: 400 };

const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : "–");
const mark = (ok: boolean | null) => (ok === null ? "–" : ok ? "✅" : "❌");
const cpu = (r: LoadResult) =>
  r.serverCpuMs === null ? "?" : `${r.serverCpuMs.toFixed(2)} + ${r.postgresCpuMs?.toFixed(2) ?? "?"}`;

/**
 * What this box could serve if nothing else ran on it: one Node process uses at most one core, and the
 * server, PostgreSQL and the load generator together at most all of them. Unlike req/s, it does not
 * move when a neighbour (a test suite, a browser) takes CPU during the run.
 */
export function cpuCeiling(r: LoadResult, cores: number): number | null {
  if (r.serverCpuMs === null || r.postgresCpuMs === null || r.serverCpuMs <= 0) return null;
  return Math.min(
    1000 / r.serverCpuMs,
    (cores * 1000) / (r.serverCpuMs + r.postgresCpuMs + r.loadGeneratorCpuMs),
  );
}
const ceiling = (r: LoadResult, cores: number) => cpuCeiling(r, cores)?.toFixed(0) ?? "?";

export function verdict(r: Row): { rps: boolean; p95: boolean; ratio: boolean | null; clean: boolean } {
  return {
    rps: r.ours.rps >= (r.kind === "read" ? TARGETS.readRps : TARGETS.writeRps),
    p95: r.kind === "write" || r.ours.p95 <= TARGETS.readP95Ms,
    ratio: r.baseline ? r.ours.p50 / r.baseline.p50 <= TARGETS.medianRatio : null,
    clean: r.ours.errors === 0 && r.ours.non2xx === 0,
  };
}

export function markdown(opts: {
  date: string;
  m: Machine;
  data: Record<string, number>;
  connections: number;
  seconds: number;
  rows: Row[];
  rss: { peakDuringMb: number | null; hwmMb: number | null; baselinePeakMb: number | null };
  notes: string[];
}): string {
  const { m, rows } = opts;
  const lines = [
    `Run ${opts.date} · ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM · Node ${m.node} · PostgreSQL ${m.postgres}`,
    "",
    `Data: ${Object.entries(opts.data)
      .map(([k, v]) => `${v.toLocaleString("en")} ${k}`)
      .join(", ")}.`,
    `Load: autocannon, ${opts.connections} connections, ${opts.seconds} s per endpoint after a warm-up, the server, PostgreSQL and autocannon on the same machine. CPU ms/req from /proc (server process; PostgreSQL postmaster and backends); CPU ceiling = min(1000 / node ms, ${m.cpus} cores × 1000 / (node + pg + autocannon ms)); load avg = the machine's 1-minute load at the end of our run (${m.cpus} cores: above ${m.cpus} other processes were competing).`,
    "",
    "| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req node + pg | CPU ceiling req/s | baseline req/s | baseline p50 ms | baseline CPU ms/req node + pg | baseline CPU ceiling | median ÷ baseline | targets | load avg |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ...rows.map((r) => {
      const v = verdict(r);
      const target =
        r.kind === "read"
          ? `${mark(v.rps)} ≥ ${TARGETS.readRps} req/s · ${mark(v.p95)} p95 ≤ ${TARGETS.readP95Ms} ms · ${mark(v.ratio)} ≤ ${TARGETS.medianRatio}×`
          : `${mark(v.rps)} ≥ ${TARGETS.writeRps}/s · ${mark(v.ratio)} ≤ ${TARGETS.medianRatio}×`;
      const errs = r.ours.errors + r.ours.non2xx;
      const b = r.baseline;
      const base = b
        ? `${b.rps.toFixed(0)} | ${ms(b.p50)} | ${cpu(b)} | ${ceiling(b, m.cpus)} | ${(r.ours.p50 / b.p50).toFixed(2)}×`
        : "– | – | – | – | –";
      return `| ${r.title} | ${r.ours.rps.toFixed(0)} | ${ms(r.ours.p50)} | ${ms(r.ours.p95)} | ${ms(r.ours.p99)} | ${errs}${r.ours.firstBadStatus ? ` (HTTP ${r.ours.firstBadStatus})` : ""} | ${cpu(r.ours)} | ${ceiling(r.ours, m.cpus)} | ${base} | ${target} | ${r.ours.loadAverage.split(" ")[0]} |`;
    }),
    "",
    `Server memory (VmRSS of the server process): peak ${opts.rss.peakDuringMb?.toFixed(0) ?? "?"} MB during the runs, high-water mark ${opts.rss.hwmMb?.toFixed(0) ?? "?"} MB since start — ${mark((opts.rss.hwmMb ?? Number.POSITIVE_INFINITY) <= TARGETS.rssMb)} target ≤ ${TARGETS.rssMb} MB (PostgreSQL's own processes are not counted). Baseline process peak: ${opts.rss.baselinePeakMb?.toFixed(0) ?? "?"} MB.`,
    ...(opts.notes.length ? ["", ...opts.notes.map((n) => `- ${n}`)] : []),
  ];
  return lines.join("\n");
}

/**
 * Replaces the text between `<!-- bench[:name]:begin -->` and `…:end -->`, keeping the rest of the file.
 * The default section is appended when missing; a named one is not (a typo must not grow the file, nor a
 * trial run land in it): false then, and the caller prints the table instead.
 */
export function updateSection(file: string, section: string | undefined, body: string): boolean {
  const tag = section ? `bench:${section}` : "bench";
  const begin = `<!-- ${tag}:begin -->`;
  const end = `<!-- ${tag}:end -->`;
  const block = `${begin}\n${body}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (section && !(i >= 0 && j > i)) return false;
  const next =
    i >= 0 && j > i
      ? text.slice(0, i) + block + text.slice(j + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  return true;
}
