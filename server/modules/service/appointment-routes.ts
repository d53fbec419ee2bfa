/** HTTP routes of the workshop's appointments and service plans. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/deps.ts";
import { IdParams, NoBody, requireActor, zId, zInstant, zText } from "../../platform/http.ts";
import {
  Appointment,
  appointmentStats,
  appointmentView,
  listAppointments,
  slotsOfDate,
} from "./appointment-queries.ts";
import { cancelAppointment, createAppointment, recordNoShow } from "./appointments.ts";
import { APPOINTMENT_STATUSES, WORK_TYPES } from "./schema.ts";
import { deleteServicePlan, listServicePlans, putServicePlan, type ServicePlanRow } from "./service-plans.ts";

const tags = ["service"];
/** an id in a JSON body is a number: "12" is malformed there (query strings are coerced, bodies are not) */
const zRef = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const ServicePlan = z.object({
  storeId: z.number(),
  model: z.string(),
  intervalMonths: z.number(),
  intervalKm: z.number(),
  updatedAt: z.date(),
});
const planOut = (p: ServicePlanRow) => ({
  storeId: p.storeId,
  model: p.model,
  intervalMonths: p.intervalMonths,
  intervalKm: p.intervalKm,
  updatedAt: p.updatedAt,
});

const SlotsOut = z.object({
  date: z.string(),
  capacity: z.number(),
  workingDay: z.boolean(),
  slots: z.array(
    z.object({ slotStart: z.date(), booked: z.number(), capacity: z.number(), full: z.boolean() }),
  ),
});

export function appointmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;
  return async (app) => {
    app.post(
      "/appointments",
      {
        schema: {
          tags,
          body: z.strictObject({
            customerId: zRef,
            vehicleId: zRef,
            slotStart: zInstant,
            workType: z.enum(WORK_TYPES),
            advisorId: zRef.optional(),
            note: zText(500).optional(),
            storeId: zRef.optional(),
          }),
          response: { 201: Appointment },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const row = await createAppointment(db, actor, request.body, clock.now());
        return reply.status(201).send(await appointmentView(db, actor, row.id));
      },
    );

    app.get(
      "/appointments",
      {
        schema: {
          tags,
          querystring: z.strictObject({
            date: z.iso.date(),
            status: z.enum(APPOINTMENT_STATUSES).optional(),
            storeId: zId.optional(),
          }),
          response: { 200: z.object({ items: z.array(Appointment) }) },
        },
      },
      async (request) => ({ items: await listAppointments(db, requireActor(request), request.query) }),
    );

    app.get(
      "/appointments/slots",
      {
        schema: {
          tags,
          querystring: z.strictObject({ date: z.iso.date(), storeId: zId.optional() }),
          response: { 200: SlotsOut },
        },
      },
      async (request) => slotsOfDate(db, requireActor(request), request.query.date, request.query.storeId),
    );

    app.get(
      "/appointments/stats",
      {
        schema: {
          tags,
          querystring: z.strictObject({ from: z.iso.date(), to: z.iso.date(), storeId: zId.optional() }),
          response: {
            200: z.object({
              booked: z.number(),
              arrived: z.number(),
              noShow: z.number(),
              cancelled: z.number(),
              noShowRate: z.number().nullable(),
            }),
          },
        },
      },
      async (request) => appointmentStats(db, requireActor(request), request.query),
    );

    app.get(
      "/appointments/:id",
      { schema: { tags, params: IdParams, response: { 200: Appointment } } },
      async (request) => appointmentView(db, requireActor(request), request.params.id),
    );

    app.post(
      "/appointments/:id/cancel",
      { schema: { tags, params: IdParams, body: NoBody, response: { 200: Appointment } } },
      async (request) => {
        const actor = requireActor(request);
        await cancelAppointment(db, actor, request.params.id, clock.now());
        return appointmentView(db, actor, request.params.id);
      },
    );

    app.post(
      "/appointments/:id/no-show",
      {
        schema: {
          tags,
          params: IdParams,
          body: z.strictObject({ occurredAt: zInstant.optional() }).nullish(),
          response: { 200: Appointment },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        await recordNoShow(db, actor, request.params.id, request.body?.occurredAt, clock.now());
        return appointmentView(db, actor, request.params.id);
      },
    );

    app.get(
      "/service-plans",
      {
        schema: {
          tags,
          querystring: z.strictObject({ storeId: zId.optional() }),
          response: { 200: z.object({ items: z.array(ServicePlan) }) },
        },
      },
      async (request) => ({
        items: (await listServicePlans(db, requireActor(request), request.query.storeId)).map(planOut),
      }),
    );

    app.put(
      "/service-plans",
      {
        schema: {
          tags,
          body: z.strictObject({
            model: zText(100),
            intervalMonths: z.number().int().min(1).max(60),
            intervalKm: z.number().int().min(500).max(100_000),
            storeId: zRef.optional(),
          }),
          response: { 200: ServicePlan },
        },
      },
      async (request) => planOut(await putServicePlan(db, requireActor(request), request.body, clock.now())),
    );

    app.delete(
      "/service-plans/:model",
      {
        schema: {
          tags,
          params: z.object({ model: zText(100) }),
          querystring: z.strictObject({ storeId: zId.optional() }),
        },
      },
      async (request, reply) => {
        await deleteServicePlan(db, requireActor(request), request.params.model, request.query.storeId);
        return reply.status(204).send();
      },
    );
  };
}
