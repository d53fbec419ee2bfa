/** HTTP routes of complaints (docs/API.md, Complaints). Validation here; the use cases check access and rules. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLES } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { IdParams, requireActor, zId, zInstant, zPage, zQueryBool, zText } from "../../platform/http.ts";
import { addComplaintNote, assignComplaint, transitionComplaint } from "./handle.ts";
import { createComplaint } from "./open-complaint.ts";
import { complaintDetail, complaintOf, complaintOwners, complaintStats, listComplaints } from "./queries.ts";
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATES,
} from "./schema.ts";
import { Complaint, complaintView } from "./view.ts";

const zRef = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const zNote = zText(1000);

const CreateBody = z.strictObject({
  customerId: zRef,
  vehicleId: zRef.optional(),
  repairOrderId: zRef.optional(),
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(COMPLAINT_SEVERITIES),
  description: zText(2000),
  ownerId: zRef.optional(),
  occurredAt: zInstant.optional(),
  storeId: zRef.optional(),
});

const TransitionBody = z.strictObject({
  to: z.enum(COMPLAINT_STATES),
  note: zNote.optional(),
  resolution: zText(2000).optional(),
  occurredAt: zInstant.optional(),
});

const AssignBody = z.strictObject({ ownerId: zRef, note: zNote.optional() });
const NoteBody = z.strictObject({ note: zNote });

const ListQuery = z.strictObject({
  ...zPage.shape,
  state: z.enum(COMPLAINT_STATES).optional(),
  open: zQueryBool.optional(),
  overdue: zQueryBool.optional(),
  escalated: zQueryBool.optional(),
  ownerId: zId.optional(),
  mine: zQueryBool.optional(),
  customerId: zId.optional(),
  severity: z.enum(COMPLAINT_SEVERITIES).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  storeId: zId.optional(),
});

const StatsQuery = z.strictObject({ from: z.iso.date(), to: z.iso.date(), storeId: zId.optional() });

const ComplaintEvent = z.object({
  id: z.number(),
  kind: z.enum(["received", "transition", "assigned", "note"]),
  fromState: z.enum(COMPLAINT_STATES).nullable(),
  toState: z.enum(COMPLAINT_STATES).nullable(),
  note: z.string().nullable(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  at: z.date(),
  actorId: z.number(),
  actorName: z.string().nullable(),
});

const Detail = z.object({ complaint: Complaint, events: z.array(ComplaintEvent) });

const Stats = z.object({
  received: z.number(),
  resolved: z.number(),
  confirmed: z.number(),
  overdueOpen: z.number(),
  resolvedInTime: z.number(),
  resolvedInTimeRate: z.number().nullable(),
  byCategory: z.record(z.enum(COMPLAINT_CATEGORIES), z.number()),
});

export function complaintRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;

  return async (app) => {
    app.post(
      "/complaints",
      { schema: { tags: ["complaints"], body: CreateBody, response: { 201: Complaint } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const now = clock.now();
        const row = await createComplaint(db, actor, request.body, now);
        reply.status(201);
        return complaintView(await complaintOf(db, row.storeId, row.id), actor, now);
      },
    );

    app.get(
      "/complaints",
      {
        schema: {
          tags: ["complaints"],
          querystring: ListQuery,
          response: { 200: z.object({ items: z.array(Complaint), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { page, pageSize, ...filter } = request.query;
        const now = clock.now();
        const { items, total } = await listComplaints(db, actor, filter, { page, pageSize }, now);
        return { items: items.map((r) => complaintView(r, actor, now)), total };
      },
    );

    app.get(
      "/complaints/stats",
      { schema: { tags: ["complaints"], querystring: StatsQuery, response: { 200: Stats } } },
      async (request) => complaintStats(db, requireActor(request), request.query, clock.now()),
    );

    app.get(
      "/complaints/owners",
      {
        schema: {
          tags: ["complaints"],
          response: {
            200: z.object({
              items: z.array(z.object({ id: z.number(), displayName: z.string(), role: z.enum(ROLES) })),
            }),
          },
        },
      },
      async (request) => {
        const items = await complaintOwners(db, requireActor(request));
        return { items: items.map((u) => ({ ...u, role: u.role as (typeof ROLES)[number] })) };
      },
    );

    const detail = async (actor: ReturnType<typeof requireActor>, id: number) => {
      const { complaint, events } = await complaintDetail(db, actor, id);
      return {
        complaint: complaintView(complaint, actor, clock.now()),
        events: events.map((e) => ({
          ...e,
          kind: e.kind as z.infer<typeof ComplaintEvent>["kind"],
          fromState: e.fromState as z.infer<typeof ComplaintEvent>["fromState"],
          toState: e.toState as z.infer<typeof ComplaintEvent>["toState"],
        })),
      };
    };

    app.get(
      "/complaints/:id",
      { schema: { tags: ["complaints"], params: IdParams, response: { 200: Detail } } },
      async (request) => detail(requireActor(request), request.params.id),
    );

    app.post(
      "/complaints/:id/transition",
      { schema: { tags: ["complaints"], params: IdParams, body: TransitionBody, response: { 200: Detail } } },
      async (request) => {
        const actor = requireActor(request);
        await transitionComplaint(db, actor, request.params.id, request.body, clock.now());
        return detail(actor, request.params.id);
      },
    );

    app.post(
      "/complaints/:id/assign",
      { schema: { tags: ["complaints"], params: IdParams, body: AssignBody, response: { 200: Detail } } },
      async (request) => {
        const actor = requireActor(request);
        await assignComplaint(db, actor, request.params.id, request.body, clock.now());
        return detail(actor, request.params.id);
      },
    );

    app.post(
      "/complaints/:id/notes",
      {
        schema: { tags: ["complaints"], params: IdParams, body: NoteBody, response: { 201: Detail } },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        await addComplaintNote(db, actor, request.params.id, request.body, clock.now());
        reply.status(201);
        return detail(actor, request.params.id);
      },
    );
  };
}
