/**
 * HTTP routes of quotes, orders, delivery, the manager's after-cancel decision and a customer's referrals
 * (docs/API.md, Quotes and Orders). Validation with zod here; the use cases check access and the rules.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { readStore } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { IdParams, requireActor, zId, zInstant, zPage, zText } from "../../platform/http.ts";
import { MAX_FEN, zFen } from "../../platform/money.ts";
import { zPlate } from "../../platform/validators.ts";
import { CareTask } from "../care/index.ts";
import { LeadResult, viewOne } from "../leads/route-shapes.ts";
import { GRADABLE_LEVELS } from "../leads/rules.ts";
import { decideAfterCancel } from "../leads/sales-levels.ts";
import { cancelOrder } from "./cancel-order.ts";
import { deliverOrder } from "./deliver-order.ts";
import { rateThousandths } from "./loan.ts";
import { getOrder, listOrders, orderDetail, referralsOf } from "./order-queries.ts";
import { allocateVehicle, createOrder } from "./orders.ts";
import { createQuote, getQuote, listQuotes } from "./quotes.ts";
import { MAX_ANNUAL_RATE_PCT, MAX_LOAN_MONTHS, MAX_QUOTE_LINES } from "./rules.ts";
import { DEPOSIT_METHODS, ORDER_STATES, QUOTE_LINE_KINDS } from "./schema.ts";
import { DeliveryDocuments, Order, Quote, quoteView, Referral } from "./views.ts";

const zRef = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const zPrice = z.number().int().min(1).max(MAX_FEN);
/** percent with at most three decimals (3.85), carried on as exact thousandths (3850) */
const zRatePct = z
  .number()
  .min(0)
  .max(MAX_ANNUAL_RATE_PCT)
  .transform((pct, ctx) => {
    const thousandths = rateThousandths(pct);
    if (thousandths === null) {
      ctx.addIssue({ code: "custom", message: "a rate in percent with at most three decimals" });
      return z.NEVER;
    }
    return thousandths;
  });

const QuoteBody = z.strictObject({
  leadId: zRef,
  vehicleId: zRef.optional(),
  model: zText(100).optional(),
  trim: zText(100).optional(),
  colour: zText(30).optional(),
  vehiclePriceFen: zPrice,
  discountFen: zFen.optional(),
  lines: z
    .array(z.strictObject({ kind: z.enum(QUOTE_LINE_KINDS), name: zText(100), amountFen: zFen }))
    .max(MAX_QUOTE_LINES)
    .optional(),
  loan: z
    .strictObject({
      downPaymentFen: zFen,
      months: z.number().int().min(1).max(MAX_LOAN_MONTHS),
      annualRatePct: zRatePct,
    })
    // the use case takes the rate as the exact thousandths zRatePct made of it
    .transform(({ annualRatePct, ...terms }) => ({ ...terms, rateThousandths: annualRatePct }))
    .optional(),
  validUntil: z.iso.date().optional(),
  note: zText(500).optional(),
});

const OrderBody = z
  .strictObject({
    leadId: zRef,
    vehicleId: zRef.optional(),
    factoryOrder: z
      .strictObject({
        model: zText(100),
        trim: zText(100).optional(),
        colour: zText(30),
        optionPackage: zText(100).optional(),
      })
      .optional(),
    quoteId: zRef.optional(),
    depositFen: zFen,
    depositMethod: z.enum(DEPOSIT_METHODS).optional(),
    priceFen: zPrice,
    occurredAt: zInstant.optional(),
  })
  .refine((b) => (b.vehicleId === undefined) !== (b.factoryOrder === undefined), {
    message: "exactly one of vehicleId (a stock car) and factoryOrder",
    path: ["vehicleId"],
  });

const OrderListQuery = z.strictObject({
  ...zPage.shape,
  state: z.enum(ORDER_STATES).optional(),
  q: z.string().trim().min(1).max(50).optional(),
  consultantId: zId.optional(),
  leadId: zId.optional(),
  storeId: zId.optional(),
});

const StoreQuery = z.strictObject({ storeId: zId.optional() });

const AfterCancelBody = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("regrade"), level: z.enum(GRADABLE_LEVELS) }),
  z.strictObject({ action: z.literal("close"), note: zText(500).optional() }),
]);

export function salesRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;

  return async (app) => {
    app.post(
      "/quotes",
      { schema: { tags: ["sales"], body: QuoteBody, response: { 201: Quote } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const id = await createQuote(db, actor, request.body, clock.now());
        return reply.status(201).send(quoteView(await getQuote(db, actor, id)));
      },
    );

    app.get(
      "/quotes",
      {
        schema: {
          tags: ["sales"],
          querystring: z.strictObject({ leadId: zId, storeId: zId.optional() }),
          response: { 200: z.object({ items: z.array(Quote) }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const storeId = readStore(actor, request.query.storeId);
        const items = await listQuotes(db, actor, request.query.leadId, storeId);
        return { items: items.map(quoteView) };
      },
    );

    app.get(
      "/quotes/:id",
      { schema: { tags: ["sales"], params: IdParams, querystring: StoreQuery, response: { 200: Quote } } },
      async (request) => {
        const actor = requireActor(request);
        const storeId = readStore(actor, request.query.storeId);
        return quoteView(await getQuote(db, actor, request.params.id, storeId));
      },
    );

    app.post(
      "/orders",
      { schema: { tags: ["sales"], body: OrderBody, response: { 201: Order } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const id = await createOrder(db, actor, request.body, clock.now());
        return reply.status(201).send(await getOrder(db, actor, id));
      },
    );

    app.get(
      "/orders",
      {
        schema: {
          tags: ["sales"],
          querystring: OrderListQuery,
          response: { 200: z.object({ items: z.array(Order), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { page, pageSize, storeId, ...filter } = request.query;
        return listOrders(db, actor, { ...filter, storeId: readStore(actor, storeId) }, { page, pageSize });
      },
    );

    app.get(
      "/orders/:id",
      {
        schema: {
          tags: ["sales"],
          params: IdParams,
          querystring: StoreQuery,
          response: {
            200: z.object({ order: Order, quote: Quote.nullable(), careTasks: z.array(CareTask) }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return orderDetail(
          db,
          actor,
          request.params.id,
          clock.now(),
          readStore(actor, request.query.storeId),
        );
      },
    );

    app.post(
      "/orders/:id/allocate",
      {
        schema: {
          tags: ["sales"],
          params: IdParams,
          body: z.strictObject({ vehicleId: zRef }),
          response: { 200: Order },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        await allocateVehicle(db, actor, request.params.id, request.body.vehicleId, clock.now());
        return getOrder(db, actor, request.params.id);
      },
    );

    app.post(
      "/orders/:id/cancel",
      {
        schema: {
          tags: ["sales"],
          params: IdParams,
          body: z.strictObject({ reason: zText(500), refundFen: zFen, occurredAt: zInstant.optional() }),
          response: { 200: Order },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        await cancelOrder(db, actor, request.params.id, request.body, clock.now());
        return getOrder(db, actor, request.params.id);
      },
    );

    app.post(
      "/orders/:id/deliver",
      {
        schema: {
          tags: ["sales"],
          params: IdParams,
          body: z.strictObject({
            pdiDone: z.boolean(),
            documents: z.strictObject(DeliveryDocuments.shape),
            plate: zPlate.optional(),
            occurredAt: zInstant.optional(),
          }),
          response: { 200: Order },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        await deliverOrder(db, actor, request.params.id, request.body, clock.now());
        return getOrder(db, actor, request.params.id);
      },
    );

    app.post(
      "/leads/:id/after-cancel",
      { schema: { tags: ["sales"], params: IdParams, body: AfterCancelBody, response: { 200: LeadResult } } },
      async (request) => {
        const actor = requireActor(request);
        const lead = await decideAfterCancel(db, actor, request.params.id, request.body, clock.now());
        return { lead: await viewOne(deps, actor, lead) };
      },
    );

    app.get(
      "/customers/:id/referrals",
      {
        schema: {
          tags: ["sales"],
          params: IdParams,
          querystring: StoreQuery,
          response: { 200: z.object({ items: z.array(Referral) }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const items = await referralsOf(
          db,
          actor,
          request.params.id,
          readStore(actor, request.query.storeId),
        );
        return { items: items.map((i) => ({ ...i, state: i.state as (typeof ORDER_STATES)[number] })) };
      },
    );
  };
}
