/** HTTP routes of the message outbox: send (or preview) a template message, list what was sent. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { seesFullPhone } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { requireActor, zId, zPage, zText } from "../../platform/http.ts";
import { maskPhone } from "../../platform/validators.ts";
import { listMessages, messageView, previewMessage, sendMessage } from "./outbox.ts";
import { providerFor } from "./provider.ts";
import { TEMPLATE_NAMES } from "./rules.ts";
import { MESSAGE_CHANNELS, MESSAGE_PURPOSES, MESSAGE_STATUSES } from "./schema.ts";

const SendBody = z.strictObject({
  customerId: zId,
  channel: z.enum(MESSAGE_CHANNELS),
  template: z.enum(TEMPLATE_NAMES),
  params: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), zText(500)).default({}),
  careTaskId: zId.optional(),
});

const ListQuery = z.strictObject({
  ...zPage.shape,
  customerId: zId.optional(),
  careTaskId: zId.optional(),
  storeId: zId.optional(),
});

const Message = z.object({
  id: z.number(),
  storeId: z.number(),
  customerId: z.number(),
  careTaskId: z.number().nullable(),
  channel: z.enum(MESSAGE_CHANNELS),
  purpose: z.enum(MESSAGE_PURPOSES),
  template: z.string(),
  params: z.record(z.string(), z.string()),
  body: z.string(),
  recipient: z.string(),
  recipientMasked: z.boolean(),
  status: z.enum(MESSAGE_STATUSES),
  provider: z.string(),
  providerRef: z.string().nullable(),
  error: z.string().nullable(),
  createdBy: z.number().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

const Preview = z.object({
  channel: z.enum(MESSAGE_CHANNELS),
  purpose: z.enum(MESSAGE_PURPOSES),
  template: z.string(),
  body: z.string(),
  recipient: z.string(),
  recipientMasked: z.boolean(),
});

export function messagingRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;
  const provider = providerFor(deps.config);

  return async (app) => {
    app.post(
      "/messages",
      { schema: { tags: ["messages"], body: SendBody, response: { 201: Message } } },
      async (request, reply) => {
        const actor = requireActor(request);
        const row = await sendMessage(db, actor, provider, request.body, clock.now());
        return reply.code(201).send(messageView(row, actor));
      },
    );

    app.post(
      "/messages/preview",
      { schema: { tags: ["messages"], body: SendBody, response: { 200: Preview } } },
      async (request) => {
        const actor = requireActor(request);
        const m = await previewMessage(db, actor, request.body);
        const masked = m.channel === "sms" && !seesFullPhone(actor);
        return {
          channel: m.channel,
          purpose: m.purpose,
          template: m.template,
          body: m.body,
          recipient: masked ? maskPhone(m.recipient) : m.recipient,
          recipientMasked: masked,
        };
      },
    );

    app.get(
      "/messages",
      {
        schema: {
          tags: ["messages"],
          querystring: ListQuery,
          response: { 200: z.object({ items: z.array(Message), total: z.number() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { page, pageSize, ...filter } = request.query;
        const { items, total } = await listMessages(db, actor, filter, { page, pageSize });
        return { items: items.map((r) => messageView(r, actor)), total };
      },
    );
  };
}
