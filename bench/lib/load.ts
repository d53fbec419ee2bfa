/**
 * One autocannon run with our own latency record: autocannon's histogram reports p97.5 but not p95,
 * so every response time is kept and the percentiles are computed exactly. The server's resident memory
 * is sampled during the run, because the peak under load is what a small box must have.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { cpuMs, loadAverage, treeCpuMs } from "./procs.ts";

export interface Req {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  /** seconds the run took: the duration asked for, or how long a fixed number of requests took */
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** one sample of a non-2xx answer, to say why */
  firstBadStatus: number | null;
  peakRssMb: number | null;
  /** CPU ms per request of the HTTP server process and of PostgreSQL (all backends); null if unknown */
  serverCpuMs: number | null;
  postgresCpuMs: number | null;
  /** CPU ms per request of this process (autocannon): it shares the machine with what it measures */
  loadGeneratorCpuMs: number;
  /** the machine's load average when the run ended: a busy neighbour shows here */
  loadAverage: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

/** VmRSS (current) and VmHWM (peak since start) of a process, in MB; null when unreadable. */
export function memoryOf(pid: number | undefined): { rssMb: number; peakMb: number } | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

export async function runLoad(opts: {
  url: string;
  connections: number;
  seconds: number;
  /**
   * A fixed number of requests instead of a duration: for writes that use up what they act on (an order
   * per lead and car, a delivery per order), which can be prepared only in a known number.
   */
  amount?: number;
  next: () => Req;
  pid?: number;
  postgresPid?: number;
}): Promise<LoadResult> {
  const cpu0 = { server: cpuMs(opts.pid), pg: treeCpuMs(opts.postgresPid), self: process.cpuUsage() };
  const times: number[] = [];
  let non2xx = 0;
  let firstBadStatus: number | null = null;
  let peakRss = 0;
  const sampler = setInterval(() => {
    const m = memoryOf(opts.pid);
    if (m && m.rssMb > peakRss) peakRss = m.rssMb;
  }, 200);
  const started = performance.now();
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: opts.url,
          connections: Math.min(opts.connections, opts.amount ?? opts.connections),
          ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }),
          // A fresh request per call: rotates users (cookies) and objects (phones, leads) across connections.
          requests: [{ setupRequest: (req) => ({ ...req, ...opts.next() }) }],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      // @types/autocannon omits the client argument the event really carries first.
      (instance as unknown as NodeJS.EventEmitter).on(
        "response",
        (_client: unknown, status: number, _bytes: number, ms: number) => {
          times.push(ms);
          if (status < 200 || status >= 300) {
            non2xx++;
            firstBadStatus ??= status;
          }
        },
      );
    });
    times.sort((a, b) => a - b);
    const seconds = opts.amount ? (performance.now() - started) / 1000 : opts.seconds;
    const cpu1 = { server: cpuMs(opts.pid), pg: treeCpuMs(opts.postgresPid) };
    const perReq = (a: number | null, b: number | null) =>
      a === null || b === null || times.length === 0 ? null : (b - a) / times.length;
    return {
      requests: times.length,
      seconds,
      rps: times.length / seconds,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      errors: result.errors + result.timeouts,
      non2xx,
      firstBadStatus,
      peakRssMb: opts.pid ? peakRss : null,
      serverCpuMs: perReq(cpu0.server, cpu1.server),
      postgresCpuMs: perReq(cpu0.pg, cpu1.pg),
      loadAverage: loadAverage(),
      loadGeneratorCpuMs: (() => {
        const u = process.cpuUsage(cpu0.self);
        return (u.user + u.system) / 1000 / Math.max(1, times.length);
      })(),
    };
  } finally {
    clearInterval(sampler);
  }
}
