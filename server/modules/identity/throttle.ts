/**
 * Login throttling. Failures are counted per (account, IP) and per IP, never per account alone: an
 * attacker can lock only himself out of an account, not the real user who logs in from elsewhere, and
 * every lock ends by itself.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import { loginThrottle } from "./schema.ts";

export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  perAccountAndIp: 5,
  perIp: 20,
};

const keysOf = (username: string, ip: string) => ({
  accountIp: `u:${username.toLowerCase()}|ip:${ip}`,
  ip: `ip:${ip}`,
});

/** The instant until which this login is locked, or null. */
export async function lockedUntil(
  db: Executor,
  username: string,
  ip: string,
  now: Date,
): Promise<Date | null> {
  const k = keysOf(username, ip);
  const rows = await db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(inArray(loginThrottle.key, [k.accountIp, k.ip]));
  const until = rows.map((r) => r.lockedUntil).filter((d): d is Date => d !== null && d > now);
  return until.length ? new Date(Math.max(...until.map((d) => d.getTime()))) : null;
}

export async function recordFailure(db: Executor, username: string, ip: string, now: Date): Promise<void> {
  const k = keysOf(username, ip);
  for (const [key, limit] of [
    [k.accountIp, THROTTLE.perAccountAndIp],
    [k.ip, THROTTLE.perIp],
  ] as const) {
    const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
    const lockUntil = new Date(now.getTime() + THROTTLE.lockMs);
    // One statement: concurrent failures count correctly without a read-modify-write race.
    await db.execute(sql`
      INSERT INTO login_throttle (key, failures, window_start, locked_until)
      VALUES (${key}, 1, ${now}, ${limit <= 1 ? lockUntil : null})
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.window_start < ${windowStart} THEN 1 ELSE login_throttle.failures + 1 END,
        window_start = CASE WHEN login_throttle.window_start < ${windowStart} THEN ${now} ELSE login_throttle.window_start END,
        locked_until = CASE
          WHEN login_throttle.window_start >= ${windowStart} AND login_throttle.failures + 1 >= ${limit} THEN ${lockUntil}
          ELSE login_throttle.locked_until END`);
  }
}

/** A successful login clears the account's counter from that IP. */
export async function clearFailures(db: Executor, username: string, ip: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, keysOf(username, ip).accountIp));
}
