/** The HTTP plumbing: the Origin check, the one error mapping, health and the OpenAPI document. */
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type TestContext, type TestUser, testApp } from "../../tests/support/app.ts";
import { buildApp, VERSION } from "../app.ts";
import { loadConfig } from "../config.ts";
import { AppError } from "./errors.ts";
import { installErrorHandler } from "./http.ts";

let ctx: TestContext;
let storeId: number;
let consultant: TestUser;
let phoneSeq = 13900000000;
const lead = () => ({ name: "周先生", phone: String(++phoneSeq), source: "walk_in" });

beforeAll(async () => {
  ctx = await testApp();
  storeId = await ctx.store();
  consultant = await ctx.user("consultant", storeId);
});

const postLead = (headers: Record<string, string>, payload: unknown = lead()) =>
  ctx.req(consultant, { method: "POST", url: "/api/v1/leads", headers, payload: payload as object });
const written = async () => [
  await ctx.count("leads"),
  await ctx.count("audit_log"),
  await ctx.count("sessions"),
];

describe("Origin check on state-changing requests", () => {
  it.each([
    ["a foreign Origin", { origin: "http://evil.example" }],
    ["the same host on another port", { host: "dms.example:3000", origin: "http://dms.example:4000" }],
    ['Origin "null" (sandboxed frame)', { origin: "null" }],
    ["an unparsable Origin", { origin: "::::" }],
    ["sec-fetch-site: cross-site without Origin", { "sec-fetch-site": "cross-site" }],
  ])("refuses %s with 403 bad_origin and writes nothing", async (_, headers) => {
    const before = await written();
    const res = await postLead(headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("bad_origin");
    expect(await written()).toEqual(before);
  });

  it("refuses a cross-site login before it creates a session", async () => {
    const before = await written();
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { origin: "http://evil.example" },
      payload: { username: consultant.username, password: "correct-horse-1" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(await written()).toEqual(before);
  });

  it.each([
    ["an Origin matching Host", { host: "dms.example:3000", origin: "http://dms.example:3000" }],
    ["a default port in Host but not in Origin", { host: "dms.example:80", origin: "http://dms.example" }],
    ["https with its default port in Host", { host: "dms.example:443", origin: "https://dms.example" }],
    ["a Host in capitals", { host: "DMS.Example:3000", origin: "http://dms.example:3000" }],
    ["no Origin at all (scripts, integrations)", {}],
    ["sec-fetch-site: same-origin without Origin", { "sec-fetch-site": "same-origin" }],
  ])("accepts %s", async (_, headers) => {
    const res = await postLead(headers);
    expect(res.statusCode, res.body).toBe(201);
  });

  it("lets reads through whatever their Origin", async () => {
    const res = await ctx.req(consultant, {
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { origin: "http://evil.example" },
    });
    expect(res.statusCode).toBe(200);
  });

  it("accepts the origins of ALLOWED_ORIGINS (a proxy with another host)", async () => {
    const config = loadConfig({ ALLOWED_ORIGINS: "https://dms.corp.example/, https://dms2.corp.example" });
    const app = await buildApp({ db: ctx.db, clock: ctx.clock, config, database: "embedded" });
    const inject = (origin: string) =>
      app.inject({
        method: "POST",
        url: "/api/v1/leads",
        headers: { cookie: consultant.cookie, host: "10.0.0.5:3000", origin },
        payload: lead(),
      });
    expect((await inject("https://dms.corp.example")).statusCode).toBe(201);
    expect((await inject("https://other.corp.example")).statusCode).toBe(403);
    await app.close();
  });
});

describe("error mapping", () => {
  it("malformed JSON is 400 malformed_request and writes nothing", async () => {
    const before = await written();
    const res = await ctx.req(consultant, {
      method: "POST",
      url: "/api/v1/leads",
      headers: { "content-type": "application/json" },
      payload: '{"name": "周", "phone": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("malformed_request");
    expect(await written()).toEqual(before);
  });

  it.each([
    ["text/plain", "name=周", 400, "validation_failed"],
    ["application/x-www-form-urlencoded", "name=%E5%91%A8", 415, "unsupported_media_type"],
    ["application/json", "", 400, "malformed_request"],
  ])("a body of type %s (%j) is %i %s", async (type, payload, status, code) => {
    const before = await written();
    const res = await ctx.req(consultant, {
      method: "POST",
      url: "/api/v1/leads",
      headers: { "content-type": type },
      payload,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await written()).toEqual(before);
  });

  it("a body over 1 MiB is 413", async () => {
    const res = await postLead({}, { ...lead(), focusPoints: "x".repeat(1_100_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe("payload_too_large");
  });

  it("schema violations are 400 validation_failed with the path", async () => {
    const res = await ctx.req(consultant, { method: "GET", url: "/api/v1/leads/abc" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "validation_failed",
      details: [expect.objectContaining({ path: expect.stringContaining("params") })],
    });
  });

  it.each([
    ["GET", "/api/v1/nope"],
    ["DELETE", "/api/v1/leads"],
    ["GET", "/api/v2/leads"],
  ])("%s %s is a JSON 404", async (method, url) => {
    const res = await ctx.req(consultant, { method: method as "GET", url });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json().error.code).toBe("not_found");
  });

  it("an unexpected error is 500 internal and leaks nothing", async () => {
    const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installErrorHandler(app);
    app.get("/boom", async () => {
      throw new Error('duplicate key value violates "users_pkey" password=hunter2');
    });
    app.get("/typeerror", async () => (null as unknown as { x: { y: number } }).x.y);
    app.get(
      "/bad-response",
      { schema: { response: { 200: z.object({ n: z.number() }) } } },
      async () => ({ n: "secret-text" }) as never,
    );
    app.get("/domain", async () => {
      throw new AppError("conflict", "already_decided", "someone decided first", { by: 1 });
    });
    for (const url of ["/boom", "/typeerror", "/bad-response"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(500);
      expect(res.json()).toEqual({ error: { code: "internal", message: "internal error" } });
      expect(res.body).not.toMatch(/hunter2|users_pkey|secret-text|stack|\.ts:/);
    }
    const domain = await app.inject({ method: "GET", url: "/domain" });
    expect(domain.statusCode).toBe(409);
    expect(domain.json()).toEqual({
      error: { code: "already_decided", message: "someone decided first", details: { by: 1 } },
    });
    await app.close();
  });
});

describe("health and the API document", () => {
  it("health answers without a session", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", version: VERSION, database: "embedded" });
  });

  it("/api/docs/json is an OpenAPI 3 document of the routes", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: VERSION });
    for (const path of [
      "/api/v1/leads",
      "/api/v1/leads/{id}/follow-ups",
      "/api/v1/auth/login",
      "/api/v1/customers",
      "/api/v1/audit",
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    const create = doc.paths["/api/v1/leads"].post;
    expect(create.requestBody.content["application/json"].schema.required).toEqual(
      expect.arrayContaining(["name", "phone", "source"]),
    );
    expect(create.responses).toHaveProperty("201");
  });
});
