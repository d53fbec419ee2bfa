/**
 * HTTP plumbing shared by every module: the one mapping of errors to responses, the acting user on
 * each request, and the Origin check for state-changing requests.
 */

import { createHash } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Actor } from "./access.ts";
import { AppError } from "./errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const SESSION_COOKIE = "sid";

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply
    .status(status)
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      // a throttled client is told when to come back, in the header HTTP clients read (RFC 9110 §10.2.3)
      const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (err.status === 429 && typeof retry === "number") reply.header("retry-after", String(retry));
      return send(reply, err.status, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: `${err.validationContext ?? ""}${v.instancePath}`,
        message: v.message,
      }));
      return send(reply, 400, "validation_failed", `invalid ${err.validationContext ?? "input"}`, details);
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, cause: err.cause }, "response did not match its schema");
      return send(reply, 500, "internal", "internal error");
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return send(reply, 413, "payload_too_large", "the request body is too large");
    if (status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, wrong content type, empty body…
      const code =
        err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" ? "unsupported_media_type" : "malformed_request";
      return send(reply, status === 415 ? 415 : 400, code, err.message);
    }
    request.log.error({ err }, "unhandled error");
    return send(reply, 500, "internal", "internal error");
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, "not_found", `no route ${request.method} ${request.url.split("?")[0]}`),
  );
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError("unauthenticated", "unauthenticated", "please log in");
  return request.actor;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type SessionResolver = (tokenHash: string, request: FastifyRequest) => Promise<Actor | null>;

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the session cookie to the acting user on every request and refuses cross-site writes.
 * Browsers always send Origin on cross-origin writes; clients without it (scripts, integrations) are
 * not browsers and cannot carry a victim's SameSite=Strict cookie anyway.
 */
export function installAuth(app: FastifyInstance, resolve: SessionResolver, allowedOrigins: string[]): void {
  const allowed = normalizeOrigins(allowedOrigins);
  app.decorateRequest("actor", null);
  app.addHook("onRequest", async (request) => {
    if (UNSAFE.has(request.method)) checkOrigin(request, allowed);
    const token = request.cookies[SESSION_COOKIE];
    if (token && token.length <= 100) request.actor = await resolve(hashToken(token), request);
  });
}

function checkOrigin(request: FastifyRequest, allowed: string[]): void {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new AppError("forbidden", "bad_origin", "bad Origin header");
    }
    // Origin never carries a default port while a Host header may ("example.com:443"): compare both
    // as the URL parser normalises them (default port dropped, lower case).
    if (hostOf(url.protocol, request.headers.host) !== url.host && !allowed.includes(url.origin)) {
      throw new AppError("forbidden", "bad_origin", "cross-site request refused");
    }
  } else if (request.headers["sec-fetch-site"] === "cross-site") {
    throw new AppError("forbidden", "bad_origin", "cross-site request refused");
  }
}

function hostOf(protocol: string, host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}

/** ALLOWED_ORIGINS entries as the URL parser writes an origin ("https://a.example/" → "https://a.example"). */
function normalizeOrigins(origins: string[]): string[] {
  return origins.flatMap((o) => {
    try {
      return [new URL(o).origin];
    } catch {
      return [];
    }
  });
}

/** A required text field: trimmed, not empty, at most `max` characters. */
export const zText = (max: number) => z.string().trim().min(1).max(max);
/** Actions without input still refuse unknown body fields (docs/API.md): `{}` or no body (null). */
export const NoBody = z.strictObject({}).nullish();

/** Query-string booleans: "true"/"false"/"1"/"0". */
export const zQueryBool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const zId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IdParams = z.object({ id: zId });

/** An instant in the past or now: records of events that happened earlier keep their real time. */
export const zInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const zPage = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
