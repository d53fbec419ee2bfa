/** The audit log search page's API: who changed what, when, before and after. Read-only. */
import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type Actor,
  requirePermission,
  seesFullIdNumber,
  seesFullPhone,
  targetStore,
} from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { requireActor, zInstant, zPage } from "../../platform/http.ts";
import { auditLog } from "../../platform/schema.ts";
import { maskIdNumber, maskPhone } from "../../platform/validators.ts";

const Query = z.strictObject({
  ...zPage.shape,
  entity: z.string().max(50).optional(),
  entityId: z.string().max(50).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  action: z.string().max(50).optional(),
  storeId: z.coerce.number().int().positive().optional(),
  from: zInstant.optional(),
  to: zInstant.optional(),
});

const Entry = z.object({
  id: z.number(),
  at: z.date(),
  storeId: z.number().nullable(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

/** The audit log holds full values; whoever reads it sees them masked unless the role may see them. */
function maskSnapshot(value: unknown, actor: Actor): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (typeof out.phone === "string" && !seesFullPhone(actor)) out.phone = maskPhone(out.phone);
  if (typeof out.idNumber === "string" && !seesFullIdNumber(actor)) out.idNumber = maskIdNumber(out.idNumber);
  // a test drive's driving licence number is the holder's ID number (驾驶证号 = 身份证号)
  if (typeof out.licenceNo === "string" && !seesFullIdNumber(actor))
    out.licenceNo = maskIdNumber(out.licenceNo);
  return out;
}

export function auditRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/audit",
      {
        schema: {
          tags: ["audit"],
          querystring: Query,
          response: { 200: z.object({ items: z.array(Entry), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "audit.read");
        const q = request.query;
        const where: (SQL | undefined)[] = [];
        if (q.storeId !== undefined) where.push(eq(auditLog.storeId, targetStore(actor, q.storeId)));
        else if (actor.storeId !== null) where.push(eq(auditLog.storeId, actor.storeId));
        if (q.entity) where.push(eq(auditLog.entity, q.entity));
        if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
        if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
        if (q.action) where.push(eq(auditLog.action, q.action));
        if (q.from) where.push(gte(auditLog.at, q.from));
        if (q.to) where.push(lt(auditLog.at, q.to));
        const rows = await deps.db
          .select({
            id: auditLog.id,
            at: auditLog.at,
            storeId: auditLog.storeId,
            actorId: auditLog.actorId,
            actorName: sql<string | null>`(SELECT display_name FROM users WHERE id = ${auditLog.actorId})`,
            action: auditLog.action,
            entity: auditLog.entity,
            entityId: auditLog.entityId,
            before: auditLog.before,
            after: auditLog.after,
            total: sql<number>`count(*) over ()`.mapWith(Number),
          })
          .from(auditLog)
          .where(and(...where))
          .orderBy(desc(auditLog.at), desc(auditLog.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize);
        return {
          items: rows.map(({ total: _t, ...r }) => ({
            ...r,
            before: maskSnapshot(r.before, actor),
            after: maskSnapshot(r.after, actor),
          })),
          total: rows[0]?.total ?? 0,
        };
      },
    );
  };
}
