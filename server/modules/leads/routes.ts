/** HTTP routes of the leads module. Validation with zod here; the use cases check access and rules. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { unprocessable } from "../../platform/errors.ts";
import { IdParams, requireActor, zInstant, zPage, zQueryBool } from "../../platform/http.ts";
import { zMobile } from "../../platform/validators.ts";
import { leadOwnerCandidates } from "../identity/index.ts";
import { assignLeads, claimLead, MAX_BULK, releaseLeads } from "./assign.ts";
import { createLead } from "./create-lead.ts";
import { DEFEAT_REASONS, decideDefeat, requestDefeat } from "./defeat.ts";
import { reachLead } from "./lead-access.ts";
import { LEAD_SOURCES, LEAD_STATES, Lead, type LeadRow, leadView, PAYMENT_METHODS } from "./lead-view.ts";
import { board, leadDetail, listDefeats, listLeads, myDay } from "./queries.ts";
import { recordFollowUp } from "./record-follow-up.ts";
import { type CadenceSettings, LEVELS, type Level, planWindow } from "./rules.ts";
import { loadSettings, loadSettingsMap } from "./settings.ts";

const zText = (max: number) => z.string().trim().min(1).max(max);
const zLocalDate = z.iso.date();
/** Actions without input still refuse unknown body fields (docs/API.md): `{}` or no body (null). */
const NoBody = z.strictObject({}).nullish();
const zIdList = z.array(z.number().int().positive()).min(1).max(MAX_BULK);

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

const Defeat = z.object({
  id: z.number(),
  leadId: z.number(),
  leadName: z.string(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  reason: z.string(),
  competitor: z.string().nullable(),
  note: z.string().nullable(),
  status: z.string(),
  requestedAt: z.date(),
  requestedBy: z.number(),
  requestedByName: z.string().nullable(),
  decidedAt: z.date().nullable(),
  decidedByName: z.string().nullable(),
});

const LeadResult = z.object({ lead: Lead });

/** Serialises leads of possibly several stores with each store's own cadence settings. */
async function viewAll(deps: Deps, actor: Actor, rows: (LeadRow & { ownerName?: string | null })[]) {
  const now = deps.clock.now();
  const settings = await loadSettingsMap(
    deps.db,
    rows.map((r) => r.storeId),
  );
  return rows.map((r) => leadView(r, actor, settings.get(r.storeId)!, now));
}

export function leadRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;
  const one = async (actor: Actor, row: LeadRow, s?: CadenceSettings) =>
    s ? leadView(row, actor, s, clock.now()) : (await viewAll(deps, actor, [row]))[0]!;

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
        const { items, total } = await listLeads(db, actor, filter, { page, pageSize }, clock.now());
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

    app.post(
      "/leads/:id/assign",
      {
        schema: {
          tags: ["leads"],
          params: IdParams,
          body: z.strictObject({ ownerId: z.number().int().positive() }),
          response: { 200: LeadResult },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const [lead] = await assignLeads(db, actor, [request.params.id], request.body.ownerId, clock.now());
        return { lead: await one(actor, lead!) };
      },
    );

    app.post(
      "/leads/assign",
      {
        schema: {
          tags: ["leads"],
          body: z.strictObject({ leadIds: zIdList, ownerId: z.number().int().positive() }),
          response: { 200: z.object({ assigned: z.number() }) },
        },
      },
      async (request) => {
        const rows = await assignLeads(
          db,
          requireActor(request),
          request.body.leadIds,
          request.body.ownerId,
          clock.now(),
        );
        return { assigned: rows.length };
      },
    );

    app.post(
      "/leads/:id/release",
      { schema: { tags: ["leads"], params: IdParams, body: NoBody, response: { 200: LeadResult } } },
      async (request) => {
        const actor = requireActor(request);
        const [lead] = await releaseLeads(db, actor, [request.params.id], clock.now());
        return { lead: await one(actor, lead!) };
      },
    );

    app.post(
      "/leads/release",
      {
        schema: {
          tags: ["leads"],
          body: z.strictObject({ leadIds: zIdList }),
          response: { 200: z.object({ released: z.number() }) },
        },
      },
      async (request) => ({
        released: (await releaseLeads(db, requireActor(request), request.body.leadIds, clock.now())).length,
      }),
    );

    app.post(
      "/leads/:id/claim",
      { schema: { tags: ["leads"], params: IdParams, body: NoBody, response: { 200: LeadResult } } },
      async (request) => {
        const actor = requireActor(request);
        return { lead: await one(actor, await claimLead(db, actor, request.params.id, clock.now())) };
      },
    );

    app.post(
      "/leads/:id/defeat",
      {
        schema: {
          tags: ["leads"],
          params: IdParams,
          body: z.strictObject({
            reason: z.enum(DEFEAT_REASONS),
            competitor: zText(100).optional(),
            note: zText(1000).optional(),
          }),
          response: { 200: LeadResult },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return {
          lead: await one(
            actor,
            await requestDefeat(db, actor, request.params.id, request.body, clock.now()),
          ),
        };
      },
    );

    for (const [path, decision] of [
      ["approve", "approved"],
      ["return", "returned"],
    ] as const) {
      app.post(
        `/leads/:id/defeat/${path}`,
        {
          schema: {
            tags: ["leads"],
            params: IdParams,
            body: z.strictObject({ note: zText(1000).optional() }).nullish(),
            response: { 200: LeadResult },
          },
        },
        async (request) => {
          const actor = requireActor(request);
          const lead = await decideDefeat(
            db,
            actor,
            request.params.id,
            decision,
            request.body?.note,
            clock.now(),
          );
          return { lead: await one(actor, lead) };
        },
      );
    }

    app.get(
      "/defeats",
      {
        schema: {
          tags: ["leads"],
          querystring: z.strictObject({
            status: z.enum(["requested", "approved", "returned"]).default("requested"),
            storeId: z.coerce.number().int().positive().optional(),
          }),
          response: { 200: z.object({ items: z.array(Defeat) }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "lead.read");
        // the admin's list spans stores unless narrowed; naming a store out of reach is 404, as on the board
        const storeId =
          actor.storeId === null && request.query.storeId === undefined
            ? null
            : targetStore(actor, request.query.storeId);
        return { items: await listDefeats(db, actor, storeId, request.query.status) };
      },
    );

    // Reception hands new leads to a consultant, so the sales desk may list who can own leads (no more).
    app.get(
      "/lead-owners",
      {
        schema: {
          tags: ["leads"],
          querystring: z.strictObject({ storeId: z.coerce.number().int().positive().optional() }),
          response: {
            200: z.object({
              items: z.array(
                z.object({ id: z.number(), displayName: z.string(), role: z.string(), paused: z.boolean() }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "lead.create");
        const storeId = targetStore(actor, request.query.storeId);
        const owners = await leadOwnerCandidates(db, storeId);
        return {
          items: owners.map((u) => ({
            id: u.id,
            displayName: u.displayName,
            role: u.role,
            paused: u.paused,
          })),
        };
      },
    );

    app.get(
      "/my-day",
      {
        schema: {
          tags: ["leads"],
          response: {
            200: z.object({
              dueToday: z.array(Lead),
              overdue: z.array(Lead),
              stale: z.array(Lead),
              appointments: z.array(
                z.object({
                  id: z.number(),
                  leadId: z.number(),
                  leadName: z.string(),
                  kind: z.string(),
                  at: z.date(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "myDay.read");
        const s = await loadSettings(db, actor.storeId!);
        const now = clock.now();
        const d = await myDay(db, actor, s, now);
        const view = (rows: LeadRow[]) => rows.map((r) => leadView(r, actor, s, now));
        return {
          dueToday: view(d.dueToday),
          overdue: view(d.overdue),
          stale: view(d.stale),
          appointments: d.appointments,
        };
      },
    );

    app.get(
      "/leads/board",
      {
        schema: {
          tags: ["leads"],
          querystring: z.strictObject({ storeId: z.coerce.number().int().positive().optional() }),
          response: {
            200: z.object({
              consultants: z.array(
                z.object({
                  userId: z.number(),
                  displayName: z.string(),
                  paused: z.boolean(),
                  open: z.number(),
                  dueToday: z.number(),
                  overdue: z.number(),
                  stale: z.number(),
                  escalated: z.number(),
                }),
              ),
              escalations: z.array(Lead),
              pendingDefeats: z.array(Defeat),
              poolCount: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "lead.board");
        const storeId = targetStore(actor, request.query.storeId);
        const b = await board(db, actor, storeId, await loadSettings(db, storeId), clock.now());
        return { ...b, escalations: await viewAll(deps, actor, b.escalations) };
      },
    );
  };
}
