import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/deps.ts";
import { unprocessable } from "../../platform/errors.ts";
import { IdParams, requireActor, zId, zInstant, zPage, zQueryBool, zText } from "../../platform/http.ts";
import { zFen } from "../../platform/money.ts";
import { readUpload } from "../../platform/upload.ts";
import { importVehicles } from "./import.ts";
import { listModelRules, purchaseCheck, putModelRule } from "./model-rules.ts";
import { getVehicle, listVehicles, longStock, matchVehicles, STOCK_SORTS } from "./queries.ts";
import { AGE_BUCKETS, MANUAL_STATUSES } from "./rules.ts";
import { STOCK_STATUSES } from "./schema.ts";
import { createVehicle, updateVehicle } from "./vehicles.ts";
import { StockVehicle, stockVehicleView } from "./view.ts";

const OLDEST_ARRIVAL = new Date("2000-01-01T00:00:00Z");
const zArrival = zInstant.refine((d) => d >= OLDEST_ARRIVAL, { message: "must not be before 2000-01-01" });

const CreateBody = z
  .strictObject({
    vin: z.string().trim().min(1).max(40),
    model: zText(100),
    trim: zText(100).nullish(),
    colour: zText(30),
    optionPackage: zText(100).nullish(),
    costFen: zFen.min(1),
    listPriceFen: zFen.min(1).nullish(),
    arrivedAt: zArrival.optional(),
    status: z.enum(MANUAL_STATUSES).optional(),
    incentiveFen: zFen.optional(),
    storeId: zId.optional(),
  })
  .superRefine((b, ctx) => {
    const inTransit = b.status === "in_transit";
    if (!inTransit && b.arrivedAt === undefined) {
      ctx.addIssue({ code: "custom", path: ["arrivedAt"], message: "required unless the car is in transit" });
    }
    if (inTransit && b.arrivedAt !== undefined) {
      ctx.addIssue({ code: "custom", path: ["arrivedAt"], message: "a car in transit has not arrived" });
    }
  });

const PatchBody = z
  .strictObject({
    status: z.enum(["in_stock", "demo"]).optional(),
    arrivedAt: zArrival.optional(),
    incentiveFen: zFen.optional(),
    listPriceFen: zFen.min(1).nullable().optional(),
    trim: zText(100).nullable().optional(),
    colour: zText(30).optional(),
    optionPackage: zText(100).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "nothing to change" });

const ListQuery = z.strictObject({
  ...zPage.shape,
  storeId: zId.optional(),
  status: z
    .string()
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.enum(STOCK_STATUSES)).max(STOCK_STATUSES.length))
    .optional(),
  model: zText(100).optional(),
  colour: zText(30).optional(),
  minAgeDays: z.coerce.number().int().min(0).max(36_500).optional(),
  ageBucket: z.enum(AGE_BUCKETS).optional(),
  longStock: zQueryBool.optional(),
  // a VIN's start or its last digits
  q: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,17}$/, "letters and digits of a VIN")
    .optional(),
  sort: z.enum(STOCK_SORTS).default("age"),
});

const StoreQuery = z.strictObject({ storeId: zId.optional() });

const MatchQuery = z
  .strictObject({
    leadId: zId.optional(),
    model: zText(100).optional(),
    colour: zText(30).optional(),
    storeId: zId.optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.leadId === undefined) === (q.model === undefined)) {
      ctx.addIssue({ code: "custom", path: ["leadId"], message: "give either leadId or model (and colour)" });
    }
    if (q.leadId !== undefined && (q.colour !== undefined || q.storeId !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["leadId"],
        message: "a lead brings its own model, colour and store",
      });
    }
  });

const ModelRule = z.object({
  model: z.string(),
  colourQuota: z.number(),
  optionAllOrNone: z.boolean(),
  custom: z.boolean(),
});

const RuleBody = z.strictObject({
  colourQuota: z.number().int().min(1).max(50),
  optionAllOrNone: z.boolean(),
  storeId: zId.optional(),
});

const PlanBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        model: zText(100),
        colour: zText(30),
        optionPackage: zText(100).nullish(),
        quantity: z.number().int().min(1).max(999),
      }),
    )
    .min(1)
    .max(100),
  storeId: zId.optional(),
});

const ImportResult = z.object({
  created: z.number(),
  failed: z.number(),
  errors: z.array(z.object({ row: z.number(), reason: z.string() })),
});

const UploadFields = z.strictObject({ storeId: zId.optional() });
/** A delivery note of 2000 cars is far below this; anything larger is not a stock file. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function stockRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;
  return async (app) => {
    app.post(
      "/vehicles",
      {
        schema: {
          tags: ["stock"],
          body: CreateBody,
          response: { 201: StockVehicle.extend({ warnings: z.array(z.enum(["vin_check_digit"])) }) },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const now = clock.now();
        const { vehicle, warnings, settings } = await createVehicle(db, actor, request.body, now);
        return reply.status(201).send({ ...stockVehicleView(vehicle, actor, settings, now), warnings });
      },
    );

    app.get(
      "/vehicles",
      {
        schema: {
          tags: ["stock"],
          querystring: ListQuery,
          response: {
            200: z.object({
              items: z.array(StockVehicle),
              total: z.number(),
              summary: z.object({
                count: z.number(),
                valueFen: z.number().nullable(),
                buckets: z.object(Object.fromEntries(AGE_BUCKETS.map((b) => [b, z.number()]))),
              }),
            }),
          },
        },
      },
      async (request) => {
        const { page, pageSize, sort, ...filter } = request.query;
        return listVehicles(db, requireActor(request), filter, { page, pageSize }, sort, clock.now());
      },
    );

    app.get(
      "/vehicles/long-stock",
      {
        schema: {
          tags: ["stock"],
          querystring: StoreQuery,
          response: {
            200: z.object({
              thresholdDays: z.number(),
              items: z.array(StockVehicle),
              valueFen: z.number().nullable(),
              incentiveFen: z.number(),
            }),
          },
        },
      },
      async (request) => longStock(db, requireActor(request), request.query.storeId, clock.now()),
    );

    app.get(
      "/vehicles/match",
      {
        schema: {
          tags: ["stock"],
          querystring: MatchQuery,
          response: {
            200: z.object({ model: z.string(), colour: z.string().nullable(), items: z.array(StockVehicle) }),
          },
        },
      },
      async (request) => {
        const { leadId, model, colour, storeId } = request.query;
        const q = leadId !== undefined ? { leadId } : { model: model!, colour, storeId };
        return matchVehicles(db, requireActor(request), q, clock.now());
      },
    );

    app.post(
      "/vehicles/import",
      { schema: { tags: ["stock"], consumes: ["multipart/form-data"], response: { 201: ImportResult } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const { file, fields } = await readUpload(request, UploadFields, { maxBytes: MAX_UPLOAD_BYTES });
        const result = await importVehicles(db, actor, file, fields.storeId, clock.now());
        if (result.failed > 0) {
          throw unprocessable(
            "rows_invalid",
            `${result.failed} 行有错误，未导入任何车辆 / ${result.failed} row(s) failed: nothing was imported`,
            result,
          );
        }
        return reply.status(201).send(result);
      },
    );

    app.post(
      "/vehicles/purchase-check",
      {
        schema: {
          tags: ["stock"],
          body: PlanBody,
          response: {
            200: z.object({
              ok: z.boolean(),
              warnings: z.array(
                z.object({
                  code: z.enum(["colour_quota", "option_rule"]),
                  model: z.string(),
                  message: z.string(),
                  details: z.record(z.string(), z.unknown()),
                }),
              ),
            }),
          },
        },
      },
      async (request) => purchaseCheck(db, requireActor(request), request.body),
    );

    app.get(
      "/vehicles/:id",
      { schema: { tags: ["stock"], params: IdParams, response: { 200: StockVehicle } } },
      async (request) => getVehicle(db, requireActor(request), request.params.id, clock.now()),
    );

    app.patch(
      "/vehicles/:id",
      { schema: { tags: ["stock"], params: IdParams, body: PatchBody, response: { 200: StockVehicle } } },
      async (request) => {
        const actor = requireActor(request);
        const now = clock.now();
        const row = await updateVehicle(db, actor, request.params.id, request.body, now);
        // the order columns are read again: a reserved car's arrival keeps its order
        return getVehicle(db, actor, row.id, now);
      },
    );

    app.get(
      "/model-rules",
      {
        schema: {
          tags: ["stock"],
          querystring: StoreQuery,
          response: { 200: z.object({ defaultColourQuota: z.number(), items: z.array(ModelRule) }) },
        },
      },
      async (request) => listModelRules(db, requireActor(request), request.query.storeId),
    );

    app.put(
      "/model-rules/:model",
      {
        schema: {
          tags: ["stock"],
          params: z.object({ model: zText(100) }),
          body: RuleBody,
          response: { 200: ModelRule },
        },
      },
      async (request) =>
        putModelRule(db, requireActor(request), request.params.model, request.body, clock.now()),
    );
  };
}
