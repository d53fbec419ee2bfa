/** HTTP routes of identity: auth, stores, users. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { permissionsOf, ROLES, requirePermission } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { hashToken, IdParams, requireActor, SESSION_COOKIE } from "../../platform/http.ts";
import { login } from "./auth.ts";
import { MIN_PASSWORD_LENGTH } from "./passwords.ts";
import { complaintDeadlineHoursOf } from "./service-settings.ts";
import { deleteSession } from "./sessions.ts";
import {
  createStore,
  getStore,
  listStores,
  type Store,
  type StoreSettingsPolicy,
  updateStore,
} from "./stores.ts";
import { createUser, listUsers, publicUser, updateUser } from "./users.ts";

const zRole = z.enum(ROLES);
const zPassword = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(200);
const zName = z.string().trim().min(1).max(100);
const zHhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:mm");
const zTimeZone = z.string().max(64);

export const User = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: zRole,
  storeId: z.number().nullable(),
  disabled: z.boolean(),
  paused: z.boolean(),
  createdAt: z.date(),
});

const StoreOut = z.object({
  id: z.number(),
  name: z.string(),
  timeZone: z.string(),
  businessDayEnd: z.string(),
  cadence: z.record(z.string(), z.object({ planDays: z.number(), maxDays: z.number() })),
  validityDays: z.record(z.string(), z.number()),
  escalateAfterDays: z.number(),
  vinCheckDigitWarnOnly: z.boolean(),
  longStockDays: z.number(),
  colourQuota: z.number(),
  workshopCapacityPerHour: z.number(),
  workshopOpens: z.string(),
  workshopCloses: z.string(),
  reminderFirstDays: z.number(),
  reminderSecondDays: z.number(),
  /** the store's own or the defaults */
  complaintDeadlineHours: z.object({ low: z.number(), medium: z.number(), high: z.number() }),
  createdAt: z.date(),
});

const storeOut = (s: Store) => ({
  id: s.id,
  name: s.name,
  timeZone: s.timeZone,
  businessDayEnd: s.businessDayEnd,
  cadence: s.cadence as Record<string, { planDays: number; maxDays: number }>,
  validityDays: s.validityDays as Record<string, number>,
  escalateAfterDays: s.escalateAfterDays,
  vinCheckDigitWarnOnly: s.vinCheckDigitWarnOnly,
  longStockDays: s.longStockDays,
  colourQuota: s.colourQuota,
  workshopCapacityPerHour: s.workshopCapacityPerHour,
  workshopOpens: s.workshopOpens,
  workshopCloses: s.workshopCloses,
  reminderFirstDays: s.reminderFirstDays,
  reminderSecondDays: s.reminderSecondDays,
  complaintDeadlineHours: complaintDeadlineHoursOf(s),
  createdAt: s.createdAt,
});

const CadenceRange = z.strictObject({ planDays: z.number().int(), maxDays: z.number().int() });
/** Days: the domain range is the settings policy's (422); a count no column can hold is malformed (400). */
const zDays = z.number().int().max(3650);
/** Workshop and care counts: the ranges are checked by service-settings (422), like the cadence. */
const zCount = z.number().int().min(-100_000).max(100_000);

export function identityRoutes(deps: Deps, settings: StoreSettingsPolicy): FastifyPluginAsyncZod {
  const { db, clock, config } = deps;
  return async (app) => {
    app.post(
      "/auth/login",
      {
        schema: {
          tags: ["auth"],
          body: z.strictObject({
            username: z.string().min(1).max(100),
            password: z.string().min(1).max(200),
          }),
          response: { 200: z.object({ user: User }) },
        },
      },
      async (request, reply) => {
        const { user, token } = await login(
          db,
          request.body,
          { ip: request.ip, userAgent: request.headers["user-agent"] },
          clock.now(),
        );
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: "strict",
          secure: config.cookieSecure,
          path: "/",
          maxAge: Math.floor(config.session.absoluteMs / 1000),
        });
        return { user: publicUser(user) };
      },
    );

    app.post("/auth/logout", { schema: { tags: ["auth"] } }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db, hashToken(token));
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send();
    });

    app.get(
      "/auth/me",
      {
        schema: {
          tags: ["auth"],
          response: {
            200: z.object({
              user: User.omit({ createdAt: true, disabled: true, paused: true }),
              store: StoreOut.nullable(),
              permissions: z.array(z.string()),
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const store = actor.storeId === null ? null : storeOut(await getStore(db, actor, actor.storeId));
        return {
          user: {
            id: actor.userId,
            username: actor.username,
            displayName: actor.displayName,
            role: actor.role,
            storeId: actor.storeId,
          },
          store,
          permissions: permissionsOf(actor.role),
        };
      },
    );

    app.get(
      "/stores",
      { schema: { tags: ["stores"], response: { 200: z.object({ items: z.array(StoreOut) }) } } },
      async (request) => ({
        items: (await listStores(db, requireActor(request))).map(storeOut),
      }),
    );

    app.get(
      "/stores/:id",
      { schema: { tags: ["stores"], params: IdParams, response: { 200: StoreOut } } },
      async (request) => {
        // /auth/me gives every user the own store; reading stores as such is the admin's and the gm's
        const actor = requireActor(request);
        requirePermission(actor, "store.read");
        return storeOut(await getStore(db, actor, request.params.id));
      },
    );

    app.post(
      "/stores",
      {
        schema: {
          tags: ["stores"],
          body: z.strictObject({
            name: zName,
            timeZone: zTimeZone.optional(),
            businessDayEnd: zHhmm.optional(),
          }),
          response: { 201: StoreOut },
        },
      },
      async (request, reply) => {
        const store = await createStore(db, requireActor(request), request.body, settings, clock.now());
        return reply.status(201).send(storeOut(store));
      },
    );

    app.patch(
      "/stores/:id",
      {
        schema: {
          tags: ["stores"],
          params: IdParams,
          body: z.strictObject({
            name: zName.optional(),
            timeZone: zTimeZone.optional(),
            businessDayEnd: zHhmm.optional(),
            cadence: z
              .strictObject({
                C: CadenceRange,
                B: CadenceRange,
                A: CadenceRange,
                H: CadenceRange,
                O: CadenceRange,
              })
              .optional(),
            validityDays: z
              .strictObject({
                C: zDays,
                B: zDays,
                A: zDays,
                H: zDays,
              })
              .optional(),
            escalateAfterDays: zDays.optional(),
            vinCheckDigitWarnOnly: z.boolean().optional(),
            longStockDays: z.number().int().min(1).max(3650).optional(),
            colourQuota: z.number().int().min(1).max(50).optional(),
            workshopCapacityPerHour: zCount.optional(),
            workshopOpens: zHhmm.optional(),
            workshopCloses: zHhmm.optional(),
            reminderFirstDays: zCount.optional(),
            reminderSecondDays: zCount.optional(),
            complaintDeadlineHours: z
              .strictObject({ low: zCount, medium: zCount, high: zCount })
              .nullable()
              .optional(),
          }),
          response: { 200: StoreOut },
        },
      },
      async (request) =>
        storeOut(
          await updateStore(
            db,
            requireActor(request),
            request.params.id,
            request.body,
            settings,
            clock.now(),
          ),
        ),
    );

    app.get(
      "/users",
      {
        schema: {
          tags: ["users"],
          querystring: z.strictObject({
            storeId: z.coerce.number().int().positive().optional(),
            role: zRole.optional(),
          }),
          response: { 200: z.object({ items: z.array(User) }) },
        },
      },
      async (request) => ({
        items: (await listUsers(db, requireActor(request), request.query)).map(publicUser),
      }),
    );

    app.post(
      "/users",
      {
        schema: {
          tags: ["users"],
          body: z.strictObject({
            username: z
              .string()
              .trim()
              .min(2)
              .max(50)
              .regex(/^[\w.@-]+$/, "letters, digits, . _ @ -"),
            password: zPassword,
            displayName: zName,
            role: zRole,
            storeId: z.number().int().positive().nullable().optional(),
          }),
          response: { 201: User },
        },
      },
      async (request, reply) => {
        const user = await createUser(
          db,
          requireActor(request),
          { ...request.body, storeId: request.body.storeId ?? null },
          clock.now(),
        );
        return reply.status(201).send(publicUser(user));
      },
    );

    app.patch(
      "/users/:id",
      {
        schema: {
          tags: ["users"],
          params: IdParams,
          body: z.strictObject({
            displayName: zName.optional(),
            role: zRole.optional(),
            disabled: z.boolean().optional(),
            paused: z.boolean().optional(),
            password: zPassword.optional(),
          }),
          response: { 200: User },
        },
      },
      async (request) =>
        publicUser(await updateUser(db, requireActor(request), request.params.id, request.body, clock.now())),
    );
  };
}
