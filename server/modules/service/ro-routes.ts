/**
 * HTTP routes of repair orders (docs/API.md, Repair orders). Validation with zod here — hours and quantities
 * become exact hundredths; the use cases check access and the rules.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { readStore, targetStore } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import {
  IdParams,
  NoBody,
  requireActor,
  zId,
  zInstant,
  zPage,
  zQueryBool,
  zText,
} from "../../platform/http.ts";
import { zFen } from "../../platform/money.ts";
import { createRepairOrder } from "./repair-orders.ts";
import { addLabourLine, addPartLine, type LineKind, removeLine } from "./ro-lines.ts";
import { getRepairOrder, listRepairOrders, repairOrderBoard, repairOrderStats } from "./ro-queries.ts";
import { MAX_LABOUR_HOURS, MAX_PART_QUANTITY, toCenti } from "./ro-rules.ts";
import { handBackRepairOrder, settleRepairOrder, transitionRepairOrder } from "./ro-transitions.ts";
import { Board, RepairOrder, RepairOrderSummary, RoStats } from "./ro-view.ts";
import { PAYERS, RO_STATES, WORK_TYPES } from "./schema.ts";

const zRef = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** a positive decimal with at most two places, carried on as exact hundredths */
const zCenti = (max: number) =>
  z
    .number()
    .positive()
    .max(max)
    .transform((v, ctx) => {
      const centi = toCenti(v);
      if (centi === null || centi === 0) {
        ctx.addIssue({ code: "custom", message: "at most two decimals" });
        return z.NEVER;
      }
      return centi;
    });

const CreateBody = z.strictObject({
  vehicleId: zRef,
  mileageIn: z.number().int().min(0).max(2_000_000),
  complaint: zText(1000),
  workType: z.enum(WORK_TYPES),
  appointmentId: zRef.optional(),
  technician: zText(50).optional(),
  mileageOverrideReason: zText(200).optional(),
  occurredAt: zInstant.optional(),
  storeId: zId.optional(),
});

const LabourBody = z.strictObject({
  description: zText(200),
  hours: zCenti(MAX_LABOUR_HOURS),
  rateFen: zFen,
  payer: z.enum(PAYERS).optional(),
});

const PartBody = z.strictObject({
  partNo: zText(50),
  name: zText(100),
  quantity: zCenti(MAX_PART_QUANTITY),
  unitPriceFen: zFen,
  payer: z.enum(PAYERS).optional(),
});

const StepBody = z.strictObject({ occurredAt: zInstant.optional() }).nullish();

const ListQuery = z.strictObject({
  ...zPage.shape,
  state: z.enum(RO_STATES).optional(),
  workType: z.enum(WORK_TYPES).optional(),
  vehicleId: zId.optional(),
  customerId: zId.optional(),
  q: z.string().trim().min(1).max(50).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  returnRepair: zQueryBool.optional(),
  storeId: zId.optional(),
});

const StoreQuery = z.strictObject({ storeId: zId.optional() });
const StatsQuery = z.strictObject({ from: z.iso.date(), to: z.iso.date(), storeId: zId.optional() });
const LineParams = z.object({ id: zId, lineId: zId });

export function repairOrderRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;

  return async (app) => {
    const tags = ["repair orders"];

    app.post(
      "/repair-orders",
      { schema: { tags, body: CreateBody, response: { 201: RepairOrder } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const id = await createRepairOrder(db, actor, request.body, clock.now());
        return reply.status(201).send(await getRepairOrder(db, actor, id));
      },
    );

    app.get(
      "/repair-orders",
      {
        schema: {
          tags,
          querystring: ListQuery,
          response: { 200: z.object({ items: z.array(RepairOrderSummary), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { page, pageSize, storeId, ...filter } = request.query;
        return listRepairOrders(
          db,
          actor,
          { ...filter, storeId: readStore(actor, storeId) },
          { page, pageSize },
        );
      },
    );

    app.get(
      "/repair-orders/board",
      { schema: { tags, querystring: StoreQuery, response: { 200: Board } } },
      async (request) => {
        const actor = requireActor(request);
        return repairOrderBoard(db, actor, targetStore(actor, request.query.storeId), clock.now());
      },
    );

    app.get(
      "/repair-orders/stats",
      { schema: { tags, querystring: StatsQuery, response: { 200: RoStats } } },
      async (request) => {
        const actor = requireActor(request);
        const { storeId, ...period } = request.query;
        return repairOrderStats(db, actor, targetStore(actor, storeId), period);
      },
    );

    app.get(
      "/repair-orders/:id",
      { schema: { tags, params: IdParams, querystring: StoreQuery, response: { 200: RepairOrder } } },
      async (request) => {
        const actor = requireActor(request);
        return getRepairOrder(db, actor, request.params.id, readStore(actor, request.query.storeId));
      },
    );

    app.post(
      "/repair-orders/:id/labour",
      { schema: { tags, params: IdParams, body: LabourBody, response: { 201: RepairOrder } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const { hours, ...line } = request.body;
        await addLabourLine(db, actor, request.params.id, { ...line, hoursCenti: hours }, clock.now());
        return reply.status(201).send(await getRepairOrder(db, actor, request.params.id));
      },
    );

    app.post(
      "/repair-orders/:id/parts",
      { schema: { tags, params: IdParams, body: PartBody, response: { 201: RepairOrder } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const { quantity, ...line } = request.body;
        await addPartLine(db, actor, request.params.id, { ...line, quantityCenti: quantity }, clock.now());
        return reply.status(201).send(await getRepairOrder(db, actor, request.params.id));
      },
    );

    for (const kind of ["labour", "parts"] as LineKind[]) {
      app.delete(
        `/repair-orders/:id/${kind}/:lineId`,
        { schema: { tags, params: LineParams, body: NoBody, response: { 200: RepairOrder } } },
        async (request) => {
          const actor = requireActor(request);
          await removeLine(db, actor, request.params.id, kind, request.params.lineId);
          return getRepairOrder(db, actor, request.params.id);
        },
      );
    }

    app.post(
      "/repair-orders/:id/transition",
      {
        schema: {
          tags,
          params: IdParams,
          body: z.strictObject({ to: z.enum(RO_STATES), occurredAt: zInstant.optional() }),
          response: { 200: RepairOrder },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        await transitionRepairOrder(db, actor, request.params.id, request.body, clock.now());
        return getRepairOrder(db, actor, request.params.id);
      },
    );

    app.post(
      "/repair-orders/:id/settle",
      { schema: { tags, params: IdParams, body: StepBody, response: { 200: RepairOrder } } },
      async (request) => {
        const actor = requireActor(request);
        await settleRepairOrder(db, actor, request.params.id, request.body ?? {}, clock.now());
        return getRepairOrder(db, actor, request.params.id);
      },
    );

    app.post(
      "/repair-orders/:id/hand-back",
      { schema: { tags, params: IdParams, body: StepBody, response: { 200: RepairOrder } } },
      async (request) => {
        const actor = requireActor(request);
        await handBackRepairOrder(db, actor, request.params.id, request.body ?? {}, clock.now());
        return getRepairOrder(db, actor, request.params.id);
      },
    );
  };
}
