/** HTTP routes of test drives (试乘试驾): routes of the store, bookings, the calendar, the drive's outcome. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission, targetStore } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { badRequest } from "../../platform/errors.ts";
import { IdParams, NoBody, requireActor, zId, zInstant, zText } from "../../platform/http.ts";
import { zIdNumber } from "../../platform/validators.ts";
import { localDayBounds } from "../leads/rules.ts";
import { loadSettings } from "../leads/settings.ts";
import { StockVehicle } from "../stock/index.ts";
import { createRoute, listRoutes, type RouteRow, updateRoute } from "./drive-routes.ts";
import { bookTestDrive, recordOutcome } from "./drives.ts";
import { calendar, testDriveById } from "./queries.ts";
import { TEST_DRIVE_STATES } from "./rules.ts";

const zStoreId = z.number().int().positive();
const zQueryId = zId.optional();
/** The calendar shows a day or a week; a month with margins is the most a screen asks for. */
const MAX_RANGE_MS = 42 * 86_400_000;

const Route = z.object({
  id: z.number(),
  name: z.string(),
  distanceKm: z.number().nullable(),
  minutes: z.number().nullable(),
  active: z.boolean(),
});
const routeView = (r: RouteRow) => ({
  id: r.id,
  name: r.name,
  distanceKm: r.distanceKm,
  minutes: r.minutes,
  active: r.active,
});
// the same bounds as the table's checks: a loop around the town, not a road trip
const zDistance = z.number().int().min(0).max(500);
const zMinutes = z.number().int().min(1).max(600);

const TestDrive = z.object({
  id: z.number(),
  storeId: z.number(),
  leadId: z.number(),
  leadName: z.string(),
  vehicleId: z.number(),
  vin: z.string(),
  model: z.string(),
  colour: z.string(),
  routeId: z.number().nullable(),
  routeName: z.string().nullable(),
  startAt: z.date(),
  endAt: z.date(),
  licenceNo: z.string(),
  licenceNoMasked: z.boolean(),
  state: z.enum(TEST_DRIVE_STATES),
  remindAt: z.date(),
  feedback: z.string().nullable(),
  rating: z.number().nullable(),
  consultantId: z.number().nullable(),
  consultantName: z.string().nullable(),
  finishedAt: z.date().nullable(),
  createdAt: z.date(),
});

const BusySlot = z.object({
  id: z.number(),
  vehicleId: z.number(),
  startAt: z.date(),
  endAt: z.date(),
  state: z.enum(TEST_DRIVE_STATES),
  consultantName: z.string().nullable(),
});

export function testDriveRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;

  return async (app) => {
    app.get(
      "/test-drive-routes",
      {
        schema: {
          tags: ["test drives"],
          querystring: z.strictObject({ storeId: zQueryId }),
          response: { 200: z.object({ items: z.array(Route) }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "testDrive.read");
        const items = await listRoutes(db, actor, targetStore(actor, request.query.storeId));
        return { items: items.map(routeView) };
      },
    );

    app.post(
      "/test-drive-routes",
      {
        schema: {
          tags: ["test drives"],
          body: z.strictObject({
            name: zText(50),
            distanceKm: zDistance.optional(),
            minutes: zMinutes.optional(),
            storeId: zStoreId.optional(),
          }),
          response: { 201: Route },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        return reply.status(201).send(routeView(await createRoute(db, actor, request.body, clock.now())));
      },
    );

    app.patch(
      "/test-drive-routes/:id",
      {
        schema: {
          tags: ["test drives"],
          params: IdParams,
          body: z
            .strictObject({
              name: zText(50).optional(),
              distanceKm: zDistance.nullable().optional(),
              minutes: zMinutes.nullable().optional(),
              active: z.boolean().optional(),
            })
            .refine((p) => Object.keys(p).length > 0, "nothing to change"),
          response: { 200: Route },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return routeView(await updateRoute(db, actor, request.params.id, request.body));
      },
    );

    app.post(
      "/test-drives",
      {
        schema: {
          tags: ["test drives"],
          body: z.strictObject({
            leadId: z.number().int().positive(),
            vehicleId: z.number().int().positive(),
            startAt: zInstant,
            endAt: zInstant,
            licenceNo: zIdNumber,
            routeId: z.number().int().positive().optional(),
          }),
          response: { 201: TestDrive },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const drive = await bookTestDrive(db, actor, request.body, clock.now());
        return reply.status(201).send(await testDriveById(db, actor, drive.storeId, drive.id));
      },
    );

    app.get(
      "/test-drives",
      {
        schema: {
          tags: ["test drives"],
          querystring: z.strictObject({
            from: zInstant.optional(),
            to: zInstant.optional(),
            vehicleId: zQueryId,
            leadId: zQueryId,
            state: z.enum(TEST_DRIVE_STATES).optional(),
            storeId: zQueryId,
          }),
          response: {
            200: z.object({
              items: z.array(TestDrive),
              others: z.array(BusySlot),
              fleet: z.array(StockVehicle),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "testDrive.read");
        const { from, to, storeId: requested, ...filter } = request.query;
        const storeId = targetStore(actor, requested);
        // default: the store's today
        const today = localDayBounds(clock.now(), await loadSettings(db, storeId));
        const start = from ?? (to ? new Date(to.getTime() - 86_400_000) : today.start);
        const end = to ?? (from ? new Date(from.getTime() + 86_400_000) : today.end);
        if (end <= start || end.getTime() - start.getTime() > MAX_RANGE_MS) {
          throw badRequest("invalid_range", "`to` must be after `from`, at most 42 days later");
        }
        return calendar(db, actor, storeId, { ...filter, from: start, to: end }, clock.now());
      },
    );

    const outcome = (path: string, kind: "feedback" | "cancel" | "no_show", body: z.ZodType) =>
      app.post(
        `/test-drives/:id/${path}`,
        { schema: { tags: ["test drives"], params: IdParams, body, response: { 200: TestDrive } } },
        async (request) => {
          const actor = requireActor(request);
          const input = (request.body ?? {}) as Parameters<typeof recordOutcome>[4];
          const drive = await recordOutcome(db, actor, request.params.id, kind, input, clock.now());
          return testDriveById(db, actor, drive.storeId, drive.id);
        },
      );
    outcome(
      "feedback",
      "feedback",
      z.strictObject({
        feedback: zText(2000),
        rating: z.number().int().min(1).max(5).optional(),
        occurredAt: zInstant.optional(),
      }),
    );
    outcome("cancel", "cancel", z.strictObject({ reason: zText(500).optional() }).nullish());
    outcome("no-show", "no_show", NoBody);
  };
}
