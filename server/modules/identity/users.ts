/** Users, their roles, disabling and the managers' pause switch for the round robin. */
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, can, type Role, reachesStore, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { AppError, conflict, isUniqueViolation, notFound } from "../../platform/errors.ts";
import { hashPassword } from "./passwords.ts";
import { stores, users } from "./schema.ts";
import { forgetUserSessions, revokeUserSessions } from "./sessions.ts";

export type UserRow = typeof users.$inferSelect;

export function publicUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    storeId: u.storeId,
    disabled: u.disabled,
    paused: u.paused,
    createdAt: u.createdAt,
  };
}

export interface UserInput {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  storeId: number | null;
}

async function checkStore(db: Executor, role: Role, storeId: number | null): Promise<void> {
  if (role === "admin") {
    if (storeId !== null)
      throw new AppError(
        "unprocessable",
        "admin_has_no_store",
        "the group administrator belongs to no store",
      );
    return;
  }
  if (storeId === null) throw new AppError("unprocessable", "store_required", "a store user needs a storeId");
  const [s] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
  if (!s) throw notFound("store");
}

export async function createUser(db: Db, actor: Actor | null, input: UserInput, now: Date): Promise<UserRow> {
  if (actor) requirePermission(actor, "user.create");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      await checkStore(tx, input.role, input.storeId);
      const [user] = await tx
        .insert(users)
        .values({ ...input, passwordHash, createdAt: now, updatedAt: now })
        .returning();
      await audit(tx, actor, {
        storeId: user!.storeId,
        action: "create",
        entity: "user",
        entityId: user!.id,
        after: publicUser(user!),
      });
      return user!;
    });
  } catch (err) {
    if (isUniqueViolation(err, "users_username")) throw conflict("username_taken", "this username is taken");
    throw err;
  }
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  paused?: boolean;
  password?: string;
}

export async function updateUser(
  db: Db,
  actor: Actor,
  id: number,
  patch: UserPatch,
  now: Date,
): Promise<UserRow> {
  const onlyPause = Object.keys(patch).every((k) => k === "paused");
  requirePermission(actor, onlyPause ? "user.pause" : "user.update");
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  const updated = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for("update");
    if (
      !before ||
      (before.storeId !== null && !reachesStore(actor, before.storeId)) ||
      (before.storeId === null && actor.storeId !== null)
    ) {
      throw notFound("user");
    }
    // A sales manager pauses consultants of the own store only; other users are out of reach.
    if (!can(actor, "user.update") && before.role !== "consultant") throw notFound("user");
    if (id === actor.userId && (patch.disabled || (patch.role && patch.role !== before.role))) {
      throw new AppError(
        "unprocessable",
        "cannot_change_self",
        "you cannot disable yourself or change your own role",
      );
    }
    if (patch.role !== undefined) await checkStore(tx, patch.role, before.storeId);
    const { password: _pw, ...rest } = patch;
    const [after] = await tx
      .update(users)
      .set({ ...rest, ...(passwordHash ? { passwordHash } : {}), updatedAt: now })
      .where(eq(users.id, id))
      .returning();
    if (patch.disabled || passwordHash) await revokeUserSessions(tx, id);
    await audit(tx, actor, {
      storeId: before.storeId,
      action: patch.password ? "update_with_password" : "update",
      entity: "user",
      entityId: id,
      before: publicUser(before),
      after: publicUser(after!),
    });
    return after!;
  });
  // After the commit: a new role, name or disabled flag applies to the very next request, even one that
  // resolved the session while the transaction was open.
  forgetUserSessions(id);
  return updated;
}

export async function listUsers(
  db: Executor,
  actor: Actor,
  filter: { storeId?: number; role?: Role },
): Promise<UserRow[]> {
  requirePermission(actor, "user.read");
  const where: SQL[] = [];
  if (actor.storeId !== null) {
    // naming another store answers like any other object out of reach
    if (filter.storeId !== undefined && filter.storeId !== actor.storeId) throw notFound("store");
    where.push(eq(users.storeId, actor.storeId));
  } else if (filter.storeId !== undefined) where.push(eq(users.storeId, filter.storeId));
  if (filter.role) where.push(eq(users.role, filter.role));
  return db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.id));
}

/** Users of a store that the leads module may hand leads to (consultants and managers), for pickers. */
export async function storeUser(db: Executor, storeId: number, userId: number): Promise<UserRow | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.storeId, storeId)));
  return u;
}

/** The store's enabled consultants and sales managers: who may own leads (for pickers at the sales desk). */
export async function leadOwnerCandidates(db: Executor, storeId: number): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(
      and(
        eq(users.storeId, storeId),
        inArray(users.role, ["consultant", "sales_manager"]),
        eq(users.disabled, false),
      ),
    )
    .orderBy(asc(users.role), asc(users.id));
}
