/** HTTP routes of the store calendar: its public holidays and make-up working days per year. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/deps.ts";
import { IdParams, requireActor } from "../../platform/http.ts";
import { getStoreCalendar, putStoreCalendar } from "./calendar.ts";

const zYear = z.coerce.number().int().min(2000).max(2100);
/** a few years of exceptions at most: a year has about 30 of them */
const zDays = z.array(z.iso.date()).max(400);

const StoreCalendar = z.object({
  year: z.number(),
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
});

export function storeCalendarRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps;
  const tags = ["stores"];
  return async (app) => {
    app.get(
      "/stores/:id/calendar",
      {
        schema: {
          tags,
          params: IdParams,
          querystring: z.strictObject({ year: zYear }),
          response: { 200: StoreCalendar },
        },
      },
      async (request) => getStoreCalendar(db, requireActor(request), request.params.id, request.query.year),
    );

    app.put(
      "/stores/:id/calendar",
      {
        schema: {
          tags,
          params: IdParams,
          body: z.strictObject({
            holidays: zDays,
            workdays: zDays,
            year: z.number().int().min(2000).max(2100).optional(),
          }),
          response: { 200: StoreCalendar },
        },
      },
      async (request) => putStoreCalendar(db, requireActor(request), request.params.id, request.body),
    );
  };
}
