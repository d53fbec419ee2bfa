/** Routes for who owns a lead: assignment, the pool, defeat requests and their decisions. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { IdParams, NoBody, requireActor, zText } from "../../platform/http.ts";
import { assignLeads, claimLead, releaseLeads } from "./assign.ts";
import { DEFEAT_REASONS, decideDefeat, requestDefeat } from "./defeat.ts";
import type { LeadRow } from "./lead-view.ts";
import { listDefeats } from "./queries.ts";
import { Defeat, LeadResult, viewOne, zIdList } from "./route-shapes.ts";

export function ownershipRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;
  const one = (actor: Actor, row: LeadRow) => viewOne(deps, actor, row);

  return async (app) => {
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
  };
}
