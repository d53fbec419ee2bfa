/** Logging in and out, and the first administrator of an empty database. */
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { AppError } from "../../platform/errors.ts";
import { dummyPasswordHash, verifyPassword } from "./passwords.ts";
import { users } from "./schema.ts";
import { createSession } from "./sessions.ts";
import { clearFailures, lockedUntil, recordFailure } from "./throttle.ts";
import { createUser, type UserRow } from "./users.ts";

export async function login(
  db: Db,
  input: { username: string; password: string },
  meta: { ip: string; userAgent?: string },
  now: Date,
): Promise<{ user: UserRow; token: string }> {
  const until = await lockedUntil(db, input.username, meta.ip, now);
  if (until) {
    throw new AppError("too_many", "too_many_attempts", "too many failed attempts; try again later", {
      retryAfterSeconds: Math.ceil((until.getTime() - now.getTime()) / 1000),
    });
  }
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.username})`, input.username.toLowerCase()));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabled) {
    await recordFailure(db, input.username, meta.ip, now);
    throw new AppError("unauthenticated", "invalid_credentials", "wrong username or password");
  }
  await clearFailures(db, input.username, meta.ip);
  // A new token at every login: a session fixed before login is never promoted.
  const token = await createSession(db, user.id, now, meta);
  return { user, token };
}

/**
 * First start on an empty database: the group administrator from ADMIN_USERNAME / ADMIN_PASSWORD, or
 * `admin` with a random password that is printed once.
 */
export async function ensureFirstAdmin(
  db: Db,
  opts: { username: string; password?: string },
  now: Date,
): Promise<{ username: string; password: string; generated: boolean } | null> {
  const [any] = await db.select({ id: users.id }).from(users).limit(1);
  if (any) return null;
  const password = opts.password ?? randomBytes(9).toString("base64url");
  try {
    await createUser(
      db,
      null,
      { username: opts.username, password, displayName: "集团管理员", role: "admin", storeId: null },
      now,
    );
  } catch (err) {
    // another process starting on the same empty database created it first
    if (err instanceof AppError && err.code === "username_taken") return null;
    throw err;
  }
  return { username: opts.username, password, generated: opts.password === undefined };
}
