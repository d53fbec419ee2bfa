/** HTTP routes of customer service's care tasks: the work list, one task with its calls, recording a call, stats. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../platform/deps.ts";
import { IdParams, requireActor, zId, zInstant, zPage, zQueryBool } from "../../platform/http.ts";
import { generateCareTasks } from "./generate.ts";
import { careTaskDetail, careTaskStats, listCareTasks, reachCareTask } from "./queries.ts";
import { recordAttempt } from "./record-attempt.ts";
import { CARE_TASK_TYPES } from "./schema.ts";
import { CareTask, careTaskView } from "./task-view.ts";

const ListQuery = z.strictObject({
  ...zPage.shape,
  /** one type, or several separated by commas */
  type: z
    .string()
    .transform((v) => v.split(","))
    .pipe(z.array(z.enum(CARE_TASK_TYPES)).min(1))
    .optional(),
  due: z.enum(["today", "overdue"]).optional(),
  done: zQueryBool.optional(),
  flagged: zQueryBool.optional(),
  q: z.string().trim().min(1).max(50).optional(),
  storeId: zId.optional(),
});

const AttemptBody = z.strictObject({
  reached: z.boolean(),
  satisfaction: z.number().int().min(1).max(5).optional(),
  comment: z.string().trim().min(1).max(1000).optional(),
  occurredAt: zInstant.optional(),
});

const StatsQuery = z.strictObject({ from: z.iso.date(), to: z.iso.date(), storeId: zId.optional() });

const GenerateBody = z
  .strictObject({
    storeId: zId.optional(),
    /** birthdays from today through this many days ahead (today only with 1) */
    birthdaysDays: z.number().int().min(1).max(31).optional(),
  })
  .nullish();

const Rate = z.object({ due: z.number(), reachedInTime: z.number(), rate: z.number().nullable() });

export function careRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;

  return async (app) => {
    app.get(
      "/care-tasks",
      {
        schema: {
          tags: ["care"],
          querystring: ListQuery,
          response: { 200: z.object({ items: z.array(CareTask), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { page, pageSize, ...filter } = request.query;
        const now = clock.now();
        const { items, total } = await listCareTasks(db, actor, filter, { page, pageSize }, now);
        return { items: items.map((r) => careTaskView(r, actor, now)), total };
      },
    );

    app.get(
      "/care-tasks/stats",
      {
        schema: {
          tags: ["care"],
          querystring: StatsQuery,
          response: {
            200: z.object({
              postSale: z.object({ day3: Rate, day7: Rate, day30: Rate }),
              postService: z.object({
                day3: Rate,
                csi: z.object({ satisfied: z.number(), effective: z.number(), rate: z.number().nullable() }),
              }),
              averageSatisfaction: z.number().nullable(),
              flagged: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return careTaskStats(db, actor, request.query, clock.now());
      },
    );

    app.post(
      "/care-tasks/generate",
      {
        schema: {
          tags: ["care"],
          body: GenerateBody,
          response: {
            200: z.object({
              stores: z.number(),
              reminders: z.object({ created: z.number(), removed: z.number() }),
              birthdays: z.object({ created: z.number() }),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return generateCareTasks(db, actor, request.body ?? {}, clock.now());
      },
    );

    app.get(
      "/care-tasks/:id",
      {
        schema: {
          tags: ["care"],
          params: IdParams,
          response: {
            200: z.object({
              task: CareTask,
              attempts: z.array(
                z.object({
                  id: z.number(),
                  at: z.date(),
                  reached: z.boolean(),
                  satisfaction: z.number().nullable(),
                  comment: z.string().nullable(),
                  actorId: z.number(),
                  actorName: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { task, attempts } = await careTaskDetail(db, actor, request.params.id);
        return { task: careTaskView(task, actor, clock.now()), attempts };
      },
    );

    app.post(
      "/care-tasks/:id",
      {
        schema: { tags: ["care"], params: IdParams, body: AttemptBody, response: { 200: CareTask } },
      },
      async (request) => {
        const actor = requireActor(request);
        const now = clock.now();
        await recordAttempt(db, actor, request.params.id, request.body, now);
        return careTaskView(await reachCareTask(db, actor, request.params.id), actor, now);
      },
    );
  };
}
