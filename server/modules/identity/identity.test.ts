/** Identity end to end: login, sessions, throttle, stores, users and the first administrator. */
import type { LightMyRequestResponse } from "fastify";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { freshDatabase } from "../../../tests/support/db.ts";
import { permissionsOf } from "../../platform/access.ts";
import { ensureFirstAdmin } from "./auth.ts";
import { verifyPassword } from "./passwords.ts";
import { purgeExpiredSessions } from "./sessions.ts";

const NOW = "2026-11-24T02:00:00Z";
const MIN = 60_000;
let ctx: TestContext;
let storeA: number;
let storeB: number;
let admin: TestUser;
let gmA: TestUser;
let managerA: TestUser;
let consultantA: TestUser;
let consultantB: TestUser;

beforeAll(async () => {
  ctx = await testApp(NOW);
  storeA = await ctx.store("一号店");
  storeB = await ctx.store("二号店");
  admin = await ctx.user("admin", null);
  gmA = await ctx.user("gm", storeA);
  managerA = await ctx.user("sales_manager", storeA);
  consultantA = await ctx.user("consultant", storeA);
  consultantB = await ctx.user("consultant", storeB);
});
// time-travel tests move the shared clock; every test starts at NOW again
afterEach(() => ctx.clock.set(NOW));

let ipSeq = 0;
const freshIp = () => `10.9.0.${++ipSeq}`;
const login = (username: string, password = PASSWORD, remoteAddress = freshIp()) =>
  ctx.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password },
    remoteAddress,
  });
const sid = (res: LightMyRequestResponse) => `sid=${res.cookies.find((c) => c.name === "sid")!.value}`;
const as = (cookie: string) => ({ cookie }) as TestUser;
const me = (cookie: string) => ctx.req(as(cookie), { method: "GET", url: "/api/v1/auth/me" });
const send = (u: TestUser, method: "POST" | "PATCH" | "GET", url: string, payload?: object) =>
  ctx.req(u, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
const audits = () => ctx.count("audit_log");
const errorCode = (res: LightMyRequestResponse) => res.json().error?.code;

describe("login and logout", () => {
  it("logs in with a HttpOnly, SameSite=Strict session cookie and never returns the hash", async () => {
    const res = await login(consultantA.username);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toEqual({
      id: consultantA.id,
      username: consultantA.username,
      displayName: consultantA.username,
      role: "consultant",
      storeId: storeA,
      disabled: false,
      paused: false,
      createdAt: expect.any(String),
    });
    const raw = String(res.headers["set-cookie"]);
    expect(raw).toMatch(/^sid=[\w-]{20,};/);
    expect(raw).toContain("HttpOnly");
    expect(raw).toContain("SameSite=Strict");
    expect(raw).toContain("Path=/");
    expect(raw).toContain("Max-Age=43200");
    expect(res.body).not.toContain("scrypt");
    // usernames are case-insensitive
    expect((await login(consultantA.username.toUpperCase())).statusCode).toBe(200);
  });

  it("answers a wrong password and an unknown user alike, with no cookie", async () => {
    const wrong = await login(consultantA.username, "wrong-password");
    const unknown = await login("nobody-here", PASSWORD);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
    expect(wrong.json()).toEqual(unknown.json());
    expect(errorCode(wrong)).toBe("invalid_credentials");
  });

  it("issues a new token at every login; both sessions work", async () => {
    const [a, b] = [await login(managerA.username), await login(managerA.username)];
    expect(sid(a)).not.toBe(sid(b));
    expect((await me(sid(a))).statusCode).toBe(200);
    expect((await me(sid(b))).statusCode).toBe(200);
  });

  it("logout ends that session only", async () => {
    const [a, b] = [sid(await login(managerA.username)), sid(await login(managerA.username))];
    const out = await ctx.req(as(a), { method: "POST", url: "/api/v1/auth/logout" });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/^sid=;/);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(200);
  });

  it("/auth/me tells who, which store and what the role may do", async () => {
    const res = await me(consultantA.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({
      id: consultantA.id,
      username: consultantA.username,
      displayName: consultantA.username,
      role: "consultant",
      storeId: storeA,
    });
    expect(body.store).toMatchObject({
      id: storeA,
      name: "一号店",
      timeZone: "Asia/Shanghai",
      businessDayEnd: "18:00",
    });
    expect(body.permissions).toEqual(permissionsOf("consultant"));
    expect(body.permissions).toContain("lead.followUp");
    expect(body.permissions).not.toContain("user.create");
    const adminMe = (await me(admin.cookie)).json();
    expect(adminMe.store).toBeNull();
    expect(adminMe.permissions).toContain("store.create");
  });

  it.each([
    ["no cookie", undefined],
    ["a forged token", "sid=AAAAAAAAAAAAAAAAAAAAAA"],
    ["an over-long token", `sid=${"a".repeat(500)}`],
  ])("/auth/me with %s is 401", async (_, cookie) => {
    const res = await ctx.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: cookie ? { cookie } : {},
    });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe("unauthenticated");
  });
});

describe("session lifetime (idle 120 min, absolute 12 h)", () => {
  it("ends after 120 idle minutes, and activity keeps it alive", async () => {
    const cookie = sid(await login(gmA.username));
    ctx.clock.advance(119 * MIN);
    expect((await me(cookie)).statusCode).toBe(200);
    ctx.clock.advance(119 * MIN);
    expect((await me(cookie)).statusCode).toBe(200);
    ctx.clock.advance(121 * MIN);
    expect((await me(cookie)).statusCode).toBe(401);
    // gone for good, even if the clock came back
    ctx.clock.advance(-121 * MIN);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it("ends 12 hours after login however active", async () => {
    const cookie = sid(await login(gmA.username));
    for (let i = 0; i < 7; i++) {
      ctx.clock.advance(100 * MIN);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    ctx.clock.advance(20 * MIN); // exactly 12 h
    expect((await me(cookie)).statusCode).toBe(200);
    ctx.clock.advance(MIN);
    expect((await me(cookie)).statusCode).toBe(401);
  });
});

describe("disabling users and changing passwords", () => {
  it("disabling revokes every session at once and refuses the next login", async () => {
    const victim = await ctx.user("consultant", storeA);
    const second = sid(await login(victim.username));
    const before = await audits();
    const res = await send(admin, "PATCH", `/users/${victim.id}`, { disabled: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect(await audits()).toBe(before + 1);
    expect(await ctx.count("sessions", `user_id = ${victim.id}`)).toBe(0);
    for (const cookie of [victim.cookie, second]) expect((await me(cookie)).statusCode).toBe(401);
    const again = await login(victim.username);
    expect(again.statusCode).toBe(401);
    expect(errorCode(again)).toBe("invalid_credentials");
    // enabled again, the user logs in; the old sessions stay dead
    expect((await send(admin, "PATCH", `/users/${victim.id}`, { disabled: false })).statusCode).toBe(200);
    expect((await login(victim.username)).statusCode).toBe(200);
    expect((await me(victim.cookie)).statusCode).toBe(401);
  });

  it("a new password revokes the sessions; the audit row holds no secret", async () => {
    const victim = await ctx.user("reception", storeA);
    const res = await send(admin, "PATCH", `/users/${victim.id}`, { password: "another-secret-9" });
    expect(res.statusCode, res.body).toBe(200);
    expect((await me(victim.cookie)).statusCode).toBe(401);
    expect((await login(victim.username)).statusCode).toBe(401);
    expect((await login(victim.username, "another-secret-9")).statusCode).toBe(200);
    const row = await ctx.pool.query(
      "SELECT action, before, after FROM audit_log WHERE entity = 'user' AND entity_id = $1 ORDER BY id DESC LIMIT 1",
      [String(victim.id)],
    );
    expect(row.rows[0].action).toBe("update_with_password");
    expect(JSON.stringify(row.rows[0])).not.toMatch(/scrypt|another-secret/);
  });

  it("nobody disables themselves or changes their own role", async () => {
    const before = await audits();
    for (const patch of [{ disabled: true }, { role: "gm" }]) {
      const res = await send(admin, "PATCH", `/users/${admin.id}`, patch);
      expect(res.statusCode).toBe(422);
      expect(errorCode(res)).toBe("cannot_change_self");
    }
    expect(await audits()).toBe(before);
    expect((await me(admin.cookie)).statusCode).toBe(200);
  });
});

describe("login throttle", () => {
  it("5 failures lock the account from that IP only, for 15 minutes", async () => {
    const user = await ctx.user("consultant", storeA);
    const [ip, other] = [freshIp(), freshIp()];
    for (let i = 0; i < 5; i++)
      expect((await login(user.username, "wrong-password", ip)).statusCode).toBe(401);
    const locked = await login(user.username, PASSWORD, ip);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error).toMatchObject({
      code: "too_many_attempts",
      details: { retryAfterSeconds: 900 },
    });
    expect(locked.headers["retry-after"]).toBe("900");
    expect(locked.headers["set-cookie"]).toBeUndefined();
    // the real user elsewhere is not locked out
    expect((await login(user.username, PASSWORD, other)).statusCode).toBe(200);
    ctx.clock.advance(14 * MIN);
    expect((await login(user.username, PASSWORD, ip)).statusCode).toBe(429);
    ctx.clock.advance(MIN + 1000);
    expect((await login(user.username, PASSWORD, ip)).statusCode).toBe(200);
  });

  it("20 failures over different accounts lock the IP for everyone", { timeout: 120_000 }, async () => {
    const [ip, other] = [freshIp(), freshIp()];
    for (let i = 0; i < 20; i++)
      expect((await login(`spray${i}`, "guess-password", ip)).statusCode).toBe(401);
    const locked = await login(gmA.username, PASSWORD, ip);
    expect(locked.statusCode).toBe(429);
    expect(errorCode(locked)).toBe("too_many_attempts");
    expect((await login(gmA.username, PASSWORD, other)).statusCode).toBe(200);
    ctx.clock.advance(15 * MIN + 1000);
    expect((await login(gmA.username, PASSWORD, ip)).statusCode).toBe(200);
  });
});

describe("stores", () => {
  it("the admin creates and changes a store; each write is audited", async () => {
    let before = await audits();
    const created = await send(admin, "POST", "/stores", { name: "三号店" });
    expect(created.statusCode, created.body).toBe(201);
    const store = created.json();
    expect(store).toMatchObject({
      name: "三号店",
      timeZone: "Asia/Shanghai",
      businessDayEnd: "18:00",
      escalateAfterDays: 3,
    });
    expect(store.cadence.B).toEqual({ planDays: 5, maxDays: 7 });
    expect(await audits()).toBe(before + 1);

    before = await audits();
    const cadence = { ...store.cadence, B: { planDays: 4, maxDays: 6 } };
    const patched = await send(admin, "PATCH", `/stores/${store.id}`, {
      name: "三号店(新)",
      cadence,
      escalateAfterDays: 5,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: "三号店(新)",
      escalateAfterDays: 5,
      cadence: { B: { planDays: 4, maxDays: 6 } },
    });
    expect(await audits()).toBe(before + 1);
  });

  type Current = { cadence: Record<string, object> };
  it.each([
    ["plan after max", (c: Current) => ({ cadence: { ...c.cadence, B: { planDays: 9, maxDays: 7 } } })],
    ["business day ending before noon", () => ({ businessDayEnd: "11:30" })],
    ["an unknown time zone", () => ({ timeZone: "Mars/Olympus" })],
    ["zero validity", () => ({ validityDays: { C: 90, B: 30, A: 15, H: 0 } })],
    ["escalation after 0 days", () => ({ escalateAfterDays: 0 })],
  ])("refuses %s with 422 invalid_settings and writes nothing", async (_, patch) => {
    const current = (await send(admin, "GET", `/stores/${storeA}`)).json();
    const body = patch(current);
    const before = await audits();
    const res = await send(admin, "PATCH", `/stores/${storeA}`, body);
    expect(res.statusCode, res.body).toBe(422);
    expect(errorCode(res)).toBe("invalid_settings");
    expect((await send(admin, "GET", `/stores/${storeA}`)).json()).toEqual(current);
    expect(await audits()).toBe(before);
  });

  it("refuses a new store with bad settings; counts that no integer column can hold", async () => {
    const [stores, before] = [await ctx.count("stores"), await audits()];
    const bad = await send(admin, "POST", "/stores", { name: "四号店", timeZone: "Nowhere/City" });
    expect(bad.statusCode).toBe(422);
    for (const patch of [
      { escalateAfterDays: 2 ** 31 },
      { validityDays: { C: 90, B: 30, A: 15, H: 1e10 } },
    ]) {
      expect((await send(admin, "PATCH", `/stores/${storeA}`, patch)).statusCode).toBe(400);
    }
    expect(await ctx.count("stores")).toBe(stores);
    expect(await audits()).toBe(before);
  });

  it("the gm reads the own store only and changes nothing", async () => {
    expect((await send(gmA, "GET", `/stores/${storeA}`)).statusCode).toBe(200);
    const list = (await send(gmA, "GET", "/stores")).json();
    expect(list.items.map((s: { id: number }) => s.id)).toEqual([storeA]);
    const other = await send(gmA, "GET", `/stores/${storeB}`);
    expect(other.statusCode).toBe(404);
    expect(errorCode(other)).toBe("not_found");
    expect((await send(gmA, "GET", "/stores/999999")).statusCode).toBe(404);
    const before = await audits();
    expect((await send(gmA, "PATCH", `/stores/${storeA}`, { name: "x" })).statusCode).toBe(403);
    expect((await send(gmA, "POST", "/stores", { name: "x" })).statusCode).toBe(403);
    expect(await audits()).toBe(before);
  });
});

describe("users", () => {
  const newUser = (over: Record<string, unknown> = {}) => ({
    username: `user${++ipSeq}`,
    password: "long-enough-1",
    displayName: "王五",
    role: "consultant",
    storeId: storeA,
    ...over,
  });

  it("the admin creates a user who can log in; the write is audited", async () => {
    const before = await audits();
    const body = newUser();
    const res = await send(admin, "POST", "/users", body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      username: body.username,
      role: "consultant",
      storeId: storeA,
      disabled: false,
      paused: false,
    });
    expect(await audits()).toBe(before + 1);
    expect((await login(body.username, "long-enough-1")).statusCode).toBe(200);
  });

  it.each([
    [
      "a taken username (any case)",
      () => ({ username: consultantA.username.toUpperCase() }),
      409,
      "username_taken",
    ],
    ["a short password", () => ({ password: "short" }), 400, "validation_failed"],
    ["an admin with a store", () => ({ role: "admin" }), 422, "admin_has_no_store"],
    ["a store user without a store", () => ({ storeId: null }), 422, "store_required"],
    ["a store that does not exist", () => ({ storeId: 999999 }), 404, "not_found"],
    ["an unknown field", () => ({ isAdmin: true }), 400, "validation_failed"],
  ])("refuses %s and writes nothing", async (_, over, status, code) => {
    const [users, before] = [await ctx.count("users"), await audits()];
    const res = await send(admin, "POST", "/users", newUser(over()));
    expect(res.statusCode, res.body).toBe(status);
    expect(errorCode(res)).toBe(code);
    expect(await ctx.count("users")).toBe(users);
    expect(await audits()).toBe(before);
  });

  it("only the admin creates users", async () => {
    const [users, before] = [await ctx.count("users"), await audits()];
    for (const u of [gmA, managerA])
      expect((await send(u, "POST", "/users", newUser())).statusCode).toBe(403);
    expect(await ctx.count("users")).toBe(users);
    expect(await audits()).toBe(before);
  });

  it("a sales manager pauses a consultant of the own store and nothing more", async () => {
    const before = await audits();
    const ok = await send(managerA, "PATCH", `/users/${consultantA.id}`, { paused: true });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().paused).toBe(true);
    expect(await audits()).toBe(before + 1);
    expect((await send(managerA, "PATCH", `/users/${consultantA.id}`, { paused: false })).json().paused).toBe(
      false,
    );

    const refusals: [string, object, number][] = [
      [`/users/${consultantB.id}`, { paused: true }, 404], // another store
      [`/users/${gmA.id}`, { paused: true }, 404], // not a consultant
      [`/users/${consultantA.id}`, { displayName: "改名" }, 403],
      [`/users/${consultantA.id}`, { paused: true, disabled: true }, 403],
    ];
    const after = await audits();
    for (const [url, patch, status] of refusals)
      expect((await send(managerA, "PATCH", url, patch)).statusCode).toBe(status);
    for (const u of [gmA, consultantA])
      expect((await send(u, "PATCH", `/users/${consultantA.id}`, { paused: true })).statusCode).toBe(403);
    expect(await audits()).toBe(after);
    expect(
      (await send(admin, "GET", `/users?storeId=${storeA}&role=consultant`))
        .json()
        .items.find((u: { id: number }) => u.id === consultantA.id).paused,
    ).toBe(false);
  });

  it("store users list their own store's users; the admin lists any", async () => {
    const mine = (await send(gmA, "GET", "/users")).json().items as { storeId: number }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((u) => u.storeId === storeA)).toBe(true);
    expect((await send(gmA, "GET", `/users?storeId=${storeB}`)).statusCode).toBe(404);
    const theirs = (await send(admin, "GET", `/users?storeId=${storeB}`)).json().items as { id: number }[];
    expect(theirs.map((u) => u.id)).toContain(consultantB.id);
    expect((await send(consultantA, "GET", "/users")).statusCode).toBe(403);
  });
});

describe("first administrator", () => {
  it("is created once, with the given password, and audited", async () => {
    const empty = await freshDatabase();
    const now = new Date(NOW);
    expect(await ensureFirstAdmin(empty.db, { username: "boss", password: "first-secret-1" }, now)).toEqual({
      username: "boss",
      password: "first-secret-1",
      generated: false,
    });
    expect(
      await ensureFirstAdmin(empty.db, { username: "boss2", password: "first-secret-1" }, now),
    ).toBeNull();
    const users = await empty.pool.query("SELECT username, role, store_id, password_hash FROM users");
    expect(users.rows).toHaveLength(1);
    expect(users.rows[0]).toMatchObject({ username: "boss", role: "admin", store_id: null });
    expect(await verifyPassword("first-secret-1", users.rows[0].password_hash)).toBe(true);
    const audit = await empty.pool.query("SELECT action, entity, actor_id FROM audit_log");
    expect(audit.rows).toEqual([{ action: "create", entity: "user", actor_id: null }]);
  });

  it("generates a password when none is given; two starts at once create one admin", async () => {
    const empty = await freshDatabase();
    const now = new Date(NOW);
    const results = await Promise.all([
      ensureFirstAdmin(empty.db, { username: "admin" }, now),
      ensureFirstAdmin(empty.db, { username: "admin" }, now),
    ]);
    const created = results.filter((r) => r !== null);
    expect(created).toHaveLength(1);
    expect(created[0]!.generated).toBe(true);
    expect(created[0]!.password.length).toBeGreaterThanOrEqual(12);
    const users = await empty.pool.query("SELECT password_hash FROM users");
    expect(users.rows).toHaveLength(1);
    expect(await verifyPassword(created[0]!.password, users.rows[0].password_hash)).toBe(true);
  });
});

describe("session housekeeping", () => {
  it("sweeps sessions past their idle or absolute limit and keeps live ones", async () => {
    const store = await ctx.store();
    const idle = await ctx.user("consultant", store);
    const live = await ctx.user("consultant", store);
    const policy = { idleMs: 120 * 60_000, absoluteMs: 12 * 3_600_000 };
    const at = new Date(ctx.clock.now().getTime() + 121 * 60_000);
    await ctx.pool.query("UPDATE sessions SET last_seen_at = $1 WHERE user_id = $2", [at, live.id]);
    await purgeExpiredSessions(ctx.db, at, policy);
    expect(await ctx.count("sessions", `user_id = ${idle.id}`)).toBe(0);
    expect(await ctx.count("sessions", `user_id = ${live.id}`)).toBe(1);
  });
});
