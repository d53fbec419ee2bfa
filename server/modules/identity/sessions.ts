/**
 * Cookie sessions: a 128-bit random token in an HttpOnly, SameSite=Strict cookie; only its SHA-256 is
 * stored. Sessions end after an idle time and after an absolute time; disabling a user deletes them all.
 */
import { randomBytes } from "node:crypto";
import { eq, lt, or } from "drizzle-orm";
import type { Executor } from "../../db/index.ts";
import type { Actor, Role } from "../../platform/access.ts";
import { hashToken } from "../../platform/http.ts";
import { sessions, users } from "./schema.ts";

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/** last_seen_at is written at most this often: a write per request would cost more than the request. */
const TOUCH_EVERY_MS = 60_000;

export async function createSession(
  db: Executor,
  userId: number,
  now: Date,
  meta: { ip?: string; userAgent?: string },
): Promise<string> {
  const token = randomBytes(16).toString("base64url");
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

/**
 * Resolved sessions are kept for a few seconds: the look-up would otherwise be a query on every request,
 * often the dearest part of a cheap one. Everything that ends a session or changes a user (logout,
 * disable, password, role) forgets the entries at once in this process; another app process on the same
 * database sees such a change within CACHE_TTL_MS.
 */
const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;
interface CachedSession {
  actor: Actor;
  cachedAt: number;
  createdAt: number;
  lastSeenAt: number;
}
const cache = new Map<string, CachedSession>();

export function forgetUserSessions(userId: number): void {
  for (const [k, v] of cache) if (v.actor.userId === userId) cache.delete(k);
}

function expired(t: number, s: { createdAt: number; lastSeenAt: number }, policy: SessionPolicy): boolean {
  return t - s.lastSeenAt > policy.idleMs || t - s.createdAt > policy.absoluteMs;
}

export async function resolveSession(
  db: Executor,
  tokenHash: string,
  now: Date,
  policy: SessionPolicy,
): Promise<Actor | null> {
  const t = now.getTime();
  const hit = cache.get(tokenHash);
  if (hit && t - hit.cachedAt >= 0 && t - hit.cachedAt < CACHE_TTL_MS && !expired(t, hit, policy))
    return hit.actor;
  cache.delete(tokenHash);

  const [row] = await db
    .select({
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      storeId: users.storeId,
      disabled: users.disabled,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row || row.disabled) return null;
  const times = { createdAt: row.createdAt.getTime(), lastSeenAt: row.lastSeenAt.getTime() };
  if (expired(t, times, policy)) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  if (t - times.lastSeenAt > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
    times.lastSeenAt = t;
  }
  const actor: Actor = {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    storeId: row.storeId,
    sessionId: tokenHash,
  };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(tokenHash, { actor, cachedAt: t, ...times });
  return actor;
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  cache.delete(tokenHash);
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeUserSessions(db: Executor, userId: number): Promise<void> {
  forgetUserSessions(userId);
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Housekeeping: sessions past their absolute lifetime or idle for longer than allowed. */
export async function purgeExpiredSessions(db: Executor, now: Date, policy: SessionPolicy): Promise<void> {
  await db
    .delete(sessions)
    .where(
      or(
        lt(sessions.createdAt, new Date(now.getTime() - policy.absoluteMs)),
        lt(sessions.lastSeenAt, new Date(now.getTime() - policy.idleMs)),
      ),
    );
}
