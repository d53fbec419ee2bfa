/**
 * Cookie sessions: a 128-bit random token in an HttpOnly, SameSite=Strict cookie; only its SHA-256 is
 * stored. Sessions end after an idle time and after an absolute time; disabling a user deletes them all.
 */
import { randomBytes } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
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

export async function resolveSession(
  db: Executor,
  tokenHash: string,
  now: Date,
  policy: SessionPolicy,
): Promise<Actor | null> {
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
  const t = now.getTime();
  if (t - row.lastSeenAt.getTime() > policy.idleMs || t - row.createdAt.getTime() > policy.absoluteMs) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  if (t - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    storeId: row.storeId,
    sessionId: tokenHash,
  };
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeUserSessions(db: Executor, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Housekeeping: sessions past their absolute lifetime. */
export async function purgeExpiredSessions(db: Executor, now: Date, policy: SessionPolicy): Promise<void> {
  await db.delete(sessions).where(and(lt(sessions.createdAt, new Date(now.getTime() - policy.absoluteMs))));
}
