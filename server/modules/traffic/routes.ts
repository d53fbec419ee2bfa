/** HTTP routes of showroom traffic (客流): the visit and call logs, the reception board, the monthly plan. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission, targetStore } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { IdParams, requireActor, zId, zInstant, zPage, zText } from "../../platform/http.ts";
import { zMobile } from "../../platform/validators.ts";
import { leaveVisit, logCall, logVisit } from "./log.ts";
import { setPlan } from "./plans.ts";
import { callById, listCalls, listVisits, monthSummary, receptionBoard, visitById } from "./queries.ts";

const zStoreId = z.number().int().positive();
const zQueryStore = zId.optional();
const zMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM");
/** Counts of a month's plan: a big store sees a few thousand visitors a month; more is a typo. */
const MAX_PLANNED = 100_000;

const oneLeadLink = (b: { leadId?: number; phone?: string }) =>
  b.leadId === undefined || b.phone === undefined;
const ONE_LINK = { message: "name the lead by leadId or by phone, not both", path: ["phone"] };

const VisitBody = z
  .strictObject({
    leadId: z.number().int().positive().optional(),
    phone: zMobile.optional(),
    firstVisit: z.boolean(),
    partySize: z.number().int().min(1).max(50),
    arrivedAt: zInstant.optional(),
    leftAt: zInstant.optional(),
    consultantId: z.number().int().positive(),
    note: zText(500).optional(),
    storeId: zStoreId.optional(),
  })
  .refine(oneLeadLink, ONE_LINK);

const CallBody = z
  .strictObject({
    leadId: z.number().int().positive().optional(),
    phone: zMobile.optional(),
    at: zInstant.optional(),
    consultantId: z.number().int().positive().optional(),
    note: zText(500).optional(),
    storeId: zStoreId.optional(),
  })
  .refine(oneLeadLink, ONE_LINK);

const Visit = z.object({
  id: z.number(),
  storeId: z.number(),
  leadId: z.number().nullable(),
  leadName: z.string().nullable(),
  firstVisit: z.boolean(),
  partySize: z.number(),
  arrivedAt: z.date(),
  leftAt: z.date().nullable(),
  consultantId: z.number(),
  consultantName: z.string(),
  note: z.string().nullable(),
  createdAt: z.date(),
});

const Call = z.object({
  id: z.number(),
  storeId: z.number(),
  leadId: z.number().nullable(),
  leadName: z.string().nullable(),
  at: z.date(),
  consultantId: z.number().nullable(),
  consultantName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.date(),
});

const Plan = z.object({
  storeId: z.number(),
  month: z.string(),
  visits: z.number(),
  calls: z.number(),
  traffic: z.number(),
  updatedAt: z.date(),
});

const Board = z.object({
  date: z.string(),
  consultants: z.array(
    z.object({
      userId: z.number(),
      displayName: z.string(),
      paused: z.boolean(),
      status: z.enum(["free", "with_customer", "paused"]),
      visitId: z.number().nullable(),
      since: z.date().nullable(),
      visitsToday: z.number(),
    }),
  ),
  nextInTurn: z.object({ userId: z.number(), displayName: z.string() }).nullable(),
  noFreeConsultant: z.boolean(),
  today: z.object({
    visits: z.number(),
    firstVisits: z.number(),
    returnVisits: z.number(),
    notArchived: z.number(),
    calls: z.number(),
    inShowroom: z.number(),
  }),
});

const Summary = z.object({
  month: z.string(),
  visits: z.number(),
  firstVisits: z.number(),
  returnVisits: z.number(),
  calls: z.number(),
  traffic: z.number(),
  plannedVisits: z.number().nullable(),
  plannedCalls: z.number().nullable(),
  plannedTraffic: z.number().nullable(),
  /** traffic ÷ planned traffic (客流达成率), null without a plan */
  achievement: z.number().nullable(),
  byDay: z.array(z.object({ date: z.string(), visits: z.number(), calls: z.number() })),
});

export function trafficRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;

  return async (app) => {
    app.post(
      "/traffic/visits",
      { schema: { tags: ["traffic"], body: VisitBody, response: { 201: Visit } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const visit = await logVisit(db, actor, request.body, clock.now());
        return reply.status(201).send(await visitById(db, visit.storeId, visit.id));
      },
    );

    app.post(
      "/traffic/visits/:id/leave",
      {
        schema: {
          tags: ["traffic"],
          params: IdParams,
          body: z.strictObject({ leftAt: zInstant.optional() }).nullish(),
          response: { 200: Visit },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const visit = await leaveVisit(db, actor, request.params.id, request.body ?? {}, clock.now());
        return visitById(db, visit.storeId, visit.id);
      },
    );

    app.get(
      "/traffic/visits",
      {
        schema: {
          tags: ["traffic"],
          querystring: z.strictObject({
            ...zPage.shape,
            date: z.iso.date().optional(),
            consultantId: zId.optional(),
            leadId: zId.optional(),
            storeId: zQueryStore,
          }),
          response: { 200: z.object({ items: z.array(Visit), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { page, pageSize, storeId, ...filter } = request.query;
        requirePermission(actor, "traffic.read");
        return listVisits(db, actor, targetStore(actor, storeId), filter, { page, pageSize }, clock.now());
      },
    );

    app.post(
      "/traffic/calls",
      { schema: { tags: ["traffic"], body: CallBody, response: { 201: Call } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const call = await logCall(db, actor, request.body, clock.now());
        return reply.status(201).send(await callById(db, call.storeId, call.id));
      },
    );

    app.get(
      "/traffic/calls",
      {
        schema: {
          tags: ["traffic"],
          querystring: z.strictObject({
            ...zPage.shape,
            date: z.iso.date().optional(),
            storeId: zQueryStore,
          }),
          response: { 200: z.object({ items: z.array(Call), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { page, pageSize, storeId, date } = request.query;
        requirePermission(actor, "traffic.read");
        return listCalls(db, actor, targetStore(actor, storeId), { date }, { page, pageSize }, clock.now());
      },
    );

    app.get(
      "/traffic/board",
      {
        schema: {
          tags: ["traffic"],
          querystring: z.strictObject({ storeId: zQueryStore }),
          response: { 200: Board },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "traffic.read");
        return receptionBoard(db, actor, targetStore(actor, request.query.storeId), clock.now());
      },
    );

    app.put(
      "/traffic/plans/:month",
      {
        schema: {
          tags: ["traffic"],
          params: z.object({ month: zMonth }),
          body: z.strictObject({
            visits: z.number().int().min(0).max(MAX_PLANNED),
            calls: z.number().int().min(0).max(MAX_PLANNED),
            storeId: zStoreId.optional(),
          }),
          response: { 200: Plan },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const plan = await setPlan(db, actor, request.params.month, request.body, clock.now());
        return { ...plan, traffic: plan.visits + plan.calls };
      },
    );

    app.get(
      "/traffic/summary",
      {
        schema: {
          tags: ["traffic"],
          querystring: z.strictObject({ month: zMonth.optional(), storeId: zQueryStore }),
          response: { 200: Summary },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "traffic.read");
        const storeId = targetStore(actor, request.query.storeId);
        return monthSummary(db, actor, storeId, request.query.month, clock.now());
      },
    );
  };
}
