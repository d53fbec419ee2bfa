/**
 * HTTP routes of the leads module: create, list, detail, plan and follow-ups; ownership and the work lists
 * have route files of their own. Validation with zod here; the use cases check access and rules.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Actor, requirePermission } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { unprocessable } from "../../platform/errors.ts";
import { IdParams, requireActor, zInstant, zPage, zQueryBool, zText } from "../../platform/http.ts";
import { zMobile } from "../../platform/validators.ts";
import { createLead } from "./create-lead.ts";
import { reachLead } from "./lead-access.ts";
import { LEAD_SOURCES, LEAD_STATES, Lead, type LeadRow, PAYMENT_METHODS } from "./lead-view.ts";
import { ownershipRoutes } from "./ownership-routes.ts";
import { leadDetail, listLeads } from "./queries.ts";
import { recordFollowUp } from "./record-follow-up.ts";
import { Defeat, LeadResult, viewAll, viewOne } from "./route-shapes.ts";
import { type CadenceSettings, LEVELS, type Level, planWindow } from "./rules.ts";
import { loadSettings } from "./settings.ts";
import { workListRoutes } from "./work-list-routes.ts";

const zLocalDate = z.iso.date();

const LeadBody = z.strictObject({
  name: zText(50),
  phone: zMobile,
  source: z.enum(LEAD_SOURCES),
  intendedModel: zText(100).optional(),
  budgetFen: z.number().int().min(0).max(1e12).optional(),
  paymentMethod: z.enum(PAYMENT_METHODS).optional(),
  colour: zText(30).optional(),
  expectedPurchaseDate: zLocalDate.optional(),
  focusPoints: zText(500).optional(),
  competitorModels: zText(200).optional(),
  referrerCustomerId: z.number().int().positive().optional(),
  level: z.enum(LEVELS).optional(),
  ownerId: z.number().int().positive().optional(),
  occurredAt: zInstant.optional(),
  storeId: z.number().int().positive().optional(),
});

const FollowUpBody = z.strictObject({
  channel: z.enum(["phone", "visit", "wechat", "sms"]),
  reached: z.boolean(),
  content: zText(2000),
  level: z.enum(LEVELS).optional(),
  nextContactAt: zInstant.optional(),
  occurredAt: zInstant.optional(),
  appointment: z.strictObject({ kind: z.enum(["visit", "test_drive"]), at: zInstant }).optional(),
});

const ListQuery = z.strictObject({
  ...zPage.shape,
  level: z
    .string()
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.enum(LEVELS)))
    .optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  state: z.enum(LEAD_STATES).optional(),
  overdue: zQueryBool.optional(),
  stale: zQueryBool.optional(),
  escalated: zQueryBool.optional(),
  pool: zQueryBool.optional(),
  q: z.string().trim().min(1).max(50).optional(),
});
export type LeadListQuery = z.infer<typeof ListQuery>;
export { ListQuery as LeadListQuery };

const FollowUp = z.object({
  id: z.number(),
  leadId: z.number(),
  occurredAt: z.date(),
  channel: z.string(),
  reached: z.boolean(),
  content: z.string(),
  levelBefore: z.string(),
  levelAfter: z.string(),
  nextContactAt: z.date().nullable(),
  appointment: z.object({ kind: z.string(), at: z.date() }).nullable(),
  actorId: z.number(),
  actorName: z.string().nullable(),
  createdAt: z.date(),
});

export function leadRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;
  const one = (actor: Actor, row: LeadRow, s?: CadenceSettings) => viewOne(deps, actor, row, s);

  return async (app) => {
    app.post(
      "/leads",
      {
        schema: {
          tags: ["leads"],
          body: LeadBody,
          response: { 200: LeadResult.extend({ merged: z.literal(true) }), 201: LeadResult },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { lead, merged, settings } = await createLead(db, actor, request.body, clock.now());
        const view = await one(actor, lead, settings);
        return merged
          ? reply.status(200).send({ lead: view, merged: true as const })
          : reply.status(201).send({ lead: view });
      },
    );

    app.get(
      "/leads",
      {
        schema: {
          tags: ["leads"],
          querystring: ListQuery,
          response: { 200: z.object({ items: z.array(Lead), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { page, pageSize, ...filter } = request.query;
        // a store user's list is one store's: its settings turn the stale/escalated filters into plain bounds
        const settings = actor.storeId === null ? undefined : await loadSettings(db, actor.storeId);
        const { items, total } = await listLeads(
          db,
          actor,
          filter,
          { page, pageSize },
          clock.now(),
          settings,
        );
        return { items: await viewAll(deps, actor, items), total };
      },
    );

    app.get(
      "/leads/:id",
      {
        schema: {
          tags: ["leads"],
          params: IdParams,
          response: {
            200: z.object({
              lead: Lead,
              followUps: z.array(FollowUp),
              owners: z.array(
                z.object({
                  ownerId: z.number().nullable(),
                  ownerName: z.string().nullable(),
                  fromAt: z.date(),
                  toAt: z.date().nullable(),
                  reason: z.string(),
                }),
              ),
              events: z.array(
                z.object({
                  id: z.number(),
                  kind: z.string(),
                  at: z.date(),
                  actorId: z.number().nullable(),
                  actorName: z.string().nullable(),
                  data: z.unknown(),
                }),
              ),
              appointments: z.array(
                z.object({
                  id: z.number(),
                  kind: z.string(),
                  at: z.date(),
                  remindAt: z.date(),
                  followUpId: z.number().nullable(),
                }),
              ),
              defeat: Defeat.omit({
                leadName: true,
                ownerId: true,
                ownerName: true,
                requestedByName: true,
                decidedByName: true,
              }).nullable(),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const d = await leadDetail(db, actor, request.params.id);
        const byFollowUp = new Map(
          d.appointments.filter((a) => a.followUpId !== null).map((a) => [a.followUpId, a]),
        );
        return {
          lead: await one(actor, d.lead),
          followUps: d.followUps.map((f) => {
            const a = byFollowUp.get(f.id);
            return { ...f, appointment: a ? { kind: a.kind, at: a.at } : null };
          }),
          owners: d.owners,
          events: d.events,
          appointments: d.appointments,
          defeat: d.defeat,
        };
      },
    );

    app.get(
      "/leads/:id/plan",
      {
        schema: {
          tags: ["leads"],
          params: IdParams,
          querystring: z.strictObject({ level: z.enum(LEVELS).optional(), at: zInstant.optional() }),
          response: { 200: z.object({ level: z.enum(LEVELS), proposedAt: z.date(), latestAt: z.date() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "lead.read");
        const lead = await reachLead(db, actor, request.params.id);
        const level = (request.query.level ?? lead.level) as Level;
        if (level === "D" || level === "T")
          throw unprocessable("no_cadence", `level ${level} has no follow-up cadence`);
        const s = await loadSettings(db, lead.storeId);
        return { level, ...planWindow(level, request.query.at ?? clock.now(), s) };
      },
    );

    app.post(
      "/leads/:id/follow-ups",
      {
        schema: {
          tags: ["leads"],
          params: IdParams,
          body: FollowUpBody,
          response: { 201: z.object({ followUp: FollowUp, lead: Lead }) },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { followUp, lead, settings } = await recordFollowUp(
          db,
          actor,
          request.params.id,
          request.body,
          clock.now(),
        );
        return reply.status(201).send({
          followUp: {
            ...followUp,
            actorName: actor.displayName,
            appointment: request.body.appointment ?? null,
          },
          lead: await one(actor, lead, settings),
        });
      },
    );

    await app.register(ownershipRoutes(deps));
    await app.register(workListRoutes(deps));
  };
}
