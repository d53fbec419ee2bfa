/**
 * The checks every role matrix runs (server/*access-matrix.test.ts): each endpoint × each role is allowed
 * exactly when POLICY says so and refused with 403 `forbidden` otherwise, and without a session it is 401
 * and audits nothing. The matrix files keep their endpoints, fixtures and hard-coded spot checks.
 */
import { readFileSync } from "node:fs";
import type { InjectOptions } from "fastify";
import { expect, it } from "vitest";
import { type Action, type Actor, can, ROLES, type Role } from "../../server/platform/access.ts";
import type { TestContext, TestUser } from "./app.ts";

export interface MatrixEndpoint {
  /** "METHOD /path" as docs/API.md writes it (a note in parentheses may follow) */
  name: string;
  /** null: any logged-in user */
  action: Action | null;
  /** for the endpoints whose rule is not one action */
  allowed?: (role: Role) => boolean;
  request(role: Role): Promise<InjectOptions>;
}

/** "METHOD /path" of every endpoint docs/API.md documents between two markers (`from` null: the start). */
export function documentedEndpoints(from: string | null, to: string | null, skip?: RegExp): string[] {
  let doc = readFileSync(new URL("../../docs/API.md", import.meta.url), "utf8");
  if (from) doc = doc.split(from)[1]!;
  if (to) doc = doc.split(to)[0]!;
  const names = [...doc.matchAll(/`(GET|POST|PATCH|PUT|DELETE) \/api\/v1(\/[\w\-./:]+)/g)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  return [...new Set(names.filter((n) => !skip?.test(n)))].sort();
}

/**
 * Declares the matrix tests (call inside a `describe`) and returns `call(name, role)`, which sends an
 * endpoint's request as the role's user (for the file's own spot checks). `env` is read when a test runs:
 * the context and users exist only after `beforeAll`.
 */
export function roleMatrix(
  endpoints: MatrixEndpoint[],
  env: () => { ctx: TestContext; actors: Record<Role, TestUser> },
) {
  const byName = new Map(endpoints.map((e) => [e.name, e]));
  const call = async (name: string, role: Role | "anonymous", beforeSend?: () => Promise<void>) => {
    const { ctx, actors } = env();
    const req = await byName.get(name)!.request(role === "anonymous" ? "admin" : role);
    await beforeSend?.();
    return ctx.req(role === "anonymous" ? null : actors[role], { ...req, url: `/api/v1${req.url}` });
  };

  const cases = endpoints.flatMap((e) => ROLES.map((role) => [e.name, role] as const));
  it.each(cases)("%s as %s", async (name, role) => {
    const e = byName.get(name)!;
    const allowed = e.allowed ? e.allowed(role) : e.action === null || can({ role } as Actor, e.action);
    const res = await call(name, role);
    if (allowed) {
      expect(res.statusCode, `${name} as ${role}: ${res.body}`).toBeGreaterThanOrEqual(200);
      expect(res.statusCode, `${name} as ${role}: ${res.body}`).toBeLessThan(300);
    } else {
      expect(res.statusCode, `${name} as ${role}: ${res.body}`).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
    }
  });

  it.each(endpoints.map((e) => e.name))("%s without a session is 401", async (name) => {
    const { ctx } = env();
    let audits = 0;
    const res = await call(name, "anonymous", async () => {
      audits = await ctx.count("audit_log");
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("unauthenticated");
    expect(await ctx.count("audit_log")).toBe(audits);
  });

  return call;
}
