/** HTTP routes of warranty claims (docs/API.md, Warranty claims). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/deps.ts";
import { IdParams, requireActor, zId, zInstant, zPage, zText } from "../../platform/http.ts";
import { MAX_FEN, zFen } from "../../platform/money.ts";
import { decideClaim, resubmitClaim, submitClaim } from "./claims.ts";
import { claimDetail, listClaims } from "./queries.ts";
import { CLAIM_STATES } from "./schema.ts";
import { Claim, claimView } from "./view.ts";

const zRef = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const SubmitBody = z.strictObject({
  repairOrderId: zRef,
  faultDescription: zText(2000),
  labourFen: zFen.optional(),
  partsFen: zFen.optional(),
  occurredAt: zInstant.optional(),
});

const DecideBody = z.discriminatedUnion("approved", [
  z.strictObject({
    approved: z.literal(true),
    amountFen: z.number().int().min(1).max(MAX_FEN),
    occurredAt: zInstant.optional(),
  }),
  z.strictObject({ approved: z.literal(false), reason: zText(500), occurredAt: zInstant.optional() }),
]);

const ResubmitBody = z.strictObject({
  faultDescription: zText(2000).optional(),
  labourFen: zFen.optional(),
  partsFen: zFen.optional(),
  occurredAt: zInstant.optional(),
});

const ListQuery = z.strictObject({
  ...zPage.shape,
  state: z.enum(CLAIM_STATES).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  storeId: zId.optional(),
});

const ClaimEvent = z.object({
  id: z.number(),
  kind: z.enum(["submitted", "approved", "rejected", "resubmitted"]),
  amountFen: z.number().nullable(),
  reason: z.string().nullable(),
  at: z.date(),
  actorId: z.number(),
  actorName: z.string().nullable(),
});
const ClaimDetail = Claim.extend({ events: z.array(ClaimEvent) });

export function claimRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;

  return async (app) => {
    const detail = async (actor: ReturnType<typeof requireActor>, id: number) => {
      const { claim, events } = await claimDetail(db, actor, id);
      return {
        ...claimView(claim),
        events: events.map((e) => ({ ...e, kind: e.kind as z.infer<typeof ClaimEvent>["kind"] })),
      };
    };

    app.post(
      "/claims",
      { schema: { tags: ["claims"], body: SubmitBody, response: { 201: ClaimDetail } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const claim = await submitClaim(db, actor, request.body, clock.now());
        reply.status(201);
        return detail(actor, claim.id);
      },
    );

    app.get(
      "/claims",
      {
        schema: {
          tags: ["claims"],
          querystring: ListQuery,
          response: {
            200: z.object({
              items: z.array(Claim),
              total: z.number(),
              submitted: z.number(),
              approved: z.number(),
              rejected: z.number(),
              approvedFen: z.number(),
              approvalRate: z.number().nullable(),
            }),
          },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        const list = await listClaims(db, requireActor(request), filter, { page, pageSize });
        return { ...list, items: list.items.map(claimView) };
      },
    );

    app.get(
      "/claims/:id",
      { schema: { tags: ["claims"], params: IdParams, response: { 200: ClaimDetail } } },
      async (request) => detail(requireActor(request), request.params.id),
    );

    app.post(
      "/claims/:id/decide",
      { schema: { tags: ["claims"], params: IdParams, body: DecideBody, response: { 200: ClaimDetail } } },
      async (request) => {
        const actor = requireActor(request);
        await decideClaim(db, actor, request.params.id, request.body, clock.now());
        return detail(actor, request.params.id);
      },
    );

    app.post(
      "/claims/:id/resubmit",
      { schema: { tags: ["claims"], params: IdParams, body: ResubmitBody, response: { 200: ClaimDetail } } },
      async (request) => {
        const actor = requireActor(request);
        await resubmitClaim(db, actor, request.params.id, request.body, clock.now());
        return detail(actor, request.params.id);
      },
    );
  };
}
