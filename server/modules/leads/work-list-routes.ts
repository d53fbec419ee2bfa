/** Work lists: who may own leads, the consultant's day and the manager's board. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission, targetStore } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { requireActor } from "../../platform/http.ts";
import { leadOwnerCandidates } from "../identity/index.ts";
import { Lead, type LeadRow, leadView } from "./lead-view.ts";
import { board, myDay } from "./queries.ts";
import { Defeat, viewAll } from "./route-shapes.ts";
import { loadSettings } from "./settings.ts";

export function workListRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;

  return async (app) => {
    // Reception hands new leads to a consultant, so the sales desk may list who can own leads (no more).
    app.get(
      "/lead-owners",
      {
        schema: {
          tags: ["leads"],
          querystring: z.strictObject({ storeId: z.coerce.number().int().positive().optional() }),
          response: {
            200: z.object({
              items: z.array(
                z.object({ id: z.number(), displayName: z.string(), role: z.string(), paused: z.boolean() }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "lead.create");
        const storeId = targetStore(actor, request.query.storeId);
        const owners = await leadOwnerCandidates(db, storeId);
        return {
          items: owners.map((u) => ({
            id: u.id,
            displayName: u.displayName,
            role: u.role,
            paused: u.paused,
          })),
        };
      },
    );

    app.get(
      "/my-day",
      {
        schema: {
          tags: ["leads"],
          response: {
            200: z.object({
              dueToday: z.array(Lead),
              overdue: z.array(Lead),
              stale: z.array(Lead),
              /** how many there are in all; each list holds the most urgent MY_DAY_LIMIT */
              totals: z.object({ dueToday: z.number(), overdue: z.number(), stale: z.number() }),
              appointments: z.array(
                z.object({
                  id: z.number(),
                  leadId: z.number(),
                  leadName: z.string(),
                  kind: z.string(),
                  at: z.date(),
                }),
              ),
              /** today's booked test drives; the reminder is due at `remindAt` (start − 60 min) */
              testDrives: z.array(
                z.object({
                  id: z.number(),
                  leadId: z.number(),
                  leadName: z.string(),
                  startAt: z.date(),
                  endAt: z.date(),
                  model: z.string(),
                  remindAt: z.date(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "myDay.read");
        const s = await loadSettings(db, actor.storeId!);
        const now = clock.now();
        const d = await myDay(db, actor, s, now);
        const view = (rows: LeadRow[]) => rows.map((r) => leadView(r, actor, s, now));
        return {
          dueToday: view(d.dueToday),
          overdue: view(d.overdue),
          stale: view(d.stale),
          totals: d.totals,
          appointments: d.appointments,
          testDrives: d.testDrives,
        };
      },
    );

    app.get(
      "/leads/board",
      {
        schema: {
          tags: ["leads"],
          querystring: z.strictObject({ storeId: z.coerce.number().int().positive().optional() }),
          response: {
            200: z.object({
              consultants: z.array(
                z.object({
                  userId: z.number(),
                  displayName: z.string(),
                  paused: z.boolean(),
                  open: z.number(),
                  dueToday: z.number(),
                  overdue: z.number(),
                  stale: z.number(),
                  escalated: z.number(),
                }),
              ),
              escalations: z.array(Lead),
              pendingDefeats: z.array(Defeat),
              poolCount: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "lead.board");
        const storeId = targetStore(actor, request.query.storeId);
        const b = await board(db, actor, storeId, await loadSettings(db, storeId), clock.now());
        return { ...b, escalations: await viewAll(deps, actor, b.escalations) };
      },
    );
  };
}
