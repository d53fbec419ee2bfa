/** Environment → typed configuration, validated once at start-up. */
import { z } from "zod";

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  ADMIN_USERNAME: z.string().min(1).default("admin"),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /** comma-separated extra origins allowed on state-changing requests (behind a proxy with another host) */
  ALLOWED_ORIGINS: z.string().default(""),
  TRUST_PROXY: z.stringbool().default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** secure cookies need HTTPS; on by default only when the app says it is behind TLS */
  COOKIE_SECURE: z.stringbool().default(false),
  LOG_REQUESTS: z.stringbool().default(false),
  /** who delivers SMS / WeChat messages; "record" keeps them in the outbox and sends nothing */
  MESSAGE_PROVIDER: z.enum(["record"]).default("record"),
  /** the daily planner of reminders and birthdays; off for a process that must not compete (a benchmark) */
  CARE_SCHEDULER: z.stringbool().default(true),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  dataDirExplicit: boolean;
  databaseUrl: string | undefined;
  pgPort: number | undefined;
  adminUsername: string;
  adminPassword: string | undefined;
  session: { idleMs: number; absoluteMs: number };
  allowedOrigins: string[];
  trustProxy: boolean;
  logLevel: string;
  cookieSecure: boolean;
  logRequests: boolean;
  messageProvider: "record";
  careScheduler: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR ?? "data",
    dataDirExplicit: e.DATA_DIR !== undefined,
    databaseUrl: e.DATABASE_URL,
    pgPort: e.PG_PORT,
    adminUsername: e.ADMIN_USERNAME,
    adminPassword: e.ADMIN_PASSWORD,
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    allowedOrigins: e.ALLOWED_ORIGINS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE,
    logRequests: e.LOG_REQUESTS,
    messageProvider: e.MESSAGE_PROVIDER,
    careScheduler: e.CARE_SCHEDULER,
  };
}
