/**
 * Sending a message through the outbox (发送队列): the checks (the customer in reach, the task of that
 * customer, a recipient, the marketing consent), the rendered text, the provider's answer and the outbox row
 * with its audit — all or nothing. Reading the outbox: a customer's or a task's messages, newest first.
 */
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/index.ts";
import { type Actor, readStore, requirePermission, seesFullPhone } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { notFound, unprocessable } from "../../platform/errors.ts";
import { maskPhone } from "../../platform/validators.ts";
import { careTasks } from "../care/schema.ts";
import { customerConsents, customers } from "../customers/schema.ts";
import { stores } from "../identity/index.ts";
import type { MessageProvider } from "./provider.ts";
import {
  type MessageChannel,
  type MessagePurpose,
  mayContact,
  paramProblems,
  render,
  TEMPLATES,
  type TemplateName,
} from "./rules.ts";
import { type MESSAGE_STATUSES, outboxMessages } from "./schema.ts";

export type MessageRow = typeof outboxMessages.$inferSelect;

export interface MessageRequest {
  customerId: number;
  channel: MessageChannel;
  template: TemplateName;
  params: Record<string, string>;
  careTaskId?: number;
}

export interface PreparedMessage {
  storeId: number;
  customerId: number;
  careTaskId: number | null;
  channel: MessageChannel;
  purpose: MessagePurpose;
  template: TemplateName;
  params: Record<string, string>;
  body: string;
  recipient: string;
}

/** Everything a send checks, without writing: the preview shows the same text and the same refusals. */
async function prepare(tx: Executor, actor: Actor, input: MessageRequest): Promise<PreparedMessage> {
  const { missing, unknown } = paramProblems(input.template, input.params);
  if (missing.length > 0 || unknown.length > 0) {
    throw unprocessable("invalid_params", "the template's parameters do not match", { missing, unknown });
  }
  const [customer] = await tx
    .select({
      storeId: customers.storeId,
      id: customers.id,
      name: customers.name,
      phone: customers.phone,
      wechatId: customers.wechatId,
      storeName: stores.name,
    })
    .from(customers)
    .innerJoin(stores, eq(stores.id, customers.storeId))
    .where(and(eq(customers.id, input.customerId), inReach(actor, customers.storeId)));
  if (!customer) throw notFound("customer");
  if (input.careTaskId !== undefined) {
    const [task] = await tx
      .select({ customerId: careTasks.customerId })
      .from(careTasks)
      .where(and(eq(careTasks.storeId, customer.storeId), eq(careTasks.id, input.careTaskId)));
    if (!task) throw notFound("care task");
    if (task.customerId !== customer.id) {
      throw unprocessable("task_of_other_customer", "the care task belongs to another customer");
    }
  }
  const purpose: MessagePurpose = TEMPLATES[input.template].purpose;
  if (purpose === "marketing") {
    // the latest record of the channel is the customer's current answer (DOMAIN §2)
    const [latest] = await tx
      .select({ granted: customerConsents.granted })
      .from(customerConsents)
      .where(
        and(
          eq(customerConsents.storeId, customer.storeId),
          eq(customerConsents.customerId, customer.id),
          eq(customerConsents.channel, input.channel),
        ),
      )
      .orderBy(desc(customerConsents.at), desc(customerConsents.id))
      .limit(1);
    if (!mayContact(purpose, latest?.granted ?? false)) {
      throw unprocessable(
        "consent_required",
        `a marketing message needs the customer's current consent on ${input.channel}`,
      );
    }
  }
  const recipient = input.channel === "sms" ? customer.phone : customer.wechatId;
  if (!recipient) {
    throw unprocessable(
      "no_recipient",
      `the customer has no ${input.channel === "sms" ? "mobile phone" : "WeChat id"}`,
    );
  }
  return {
    storeId: customer.storeId,
    customerId: customer.id,
    careTaskId: input.careTaskId ?? null,
    channel: input.channel,
    purpose,
    template: input.template,
    params: input.params,
    body: render(input.template, {
      ...input.params,
      customerName: customer.name,
      storeName: customer.storeName,
    }),
    recipient,
  };
}

const inReach = (actor: Actor, storeCol: typeof customers.storeId): SQL | undefined =>
  actor.storeId === null ? undefined : eq(storeCol, actor.storeId);

export async function previewMessage(db: Db, actor: Actor, input: MessageRequest): Promise<PreparedMessage> {
  requirePermission(actor, "message.send");
  return prepare(db, actor, input);
}

export async function sendMessage(
  db: Db,
  actor: Actor,
  provider: MessageProvider,
  input: MessageRequest,
  now: Date,
): Promise<MessageRow> {
  requirePermission(actor, "message.send");
  return db.transaction(async (tx) => {
    const m = await prepare(tx, actor, input);
    // The provider answers inside the transaction: a refusal or a failure to write rolls the row back, and the
    // record-only provider answers at once. A slow gateway would move to a worker reading "recorded" rows.
    const result = await provider.send(m);
    const [row] = await tx
      .insert(outboxMessages)
      .values({
        ...m,
        status: result.status,
        provider: provider.name,
        providerRef: result.ref ?? null,
        error: result.error ?? null,
        createdBy: actor.userId,
        createdAt: now,
        sentAt: result.status === "sent" ? now : null,
      })
      .returning();
    // the audit trail is read by more roles than see full phones: the recipient is masked there
    await audit(tx, actor, {
      storeId: m.storeId,
      action: "send",
      entity: "outbox_message",
      entityId: row!.id,
      after: { ...row, recipient: m.channel === "sms" ? maskPhone(m.recipient) : m.recipient },
      at: now,
    });
    return row!;
  });
}

export interface MessageFilter {
  customerId?: number;
  careTaskId?: number;
  storeId?: number;
}

export async function listMessages(
  db: Executor,
  actor: Actor,
  f: MessageFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: MessageRow[]; total: number }> {
  requirePermission(actor, "message.read");
  const storeId = readStore(actor, f.storeId);
  if (storeId !== null && actor.storeId === null) {
    const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
    if (!store) throw notFound("store");
  }
  const cond = and(
    storeId === null ? undefined : eq(outboxMessages.storeId, storeId),
    f.customerId === undefined ? undefined : eq(outboxMessages.customerId, f.customerId),
    f.careTaskId === undefined ? undefined : eq(outboxMessages.careTaskId, f.careTaskId),
  );
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(outboxMessages)
      .where(cond)
      .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(outboxMessages)
      .where(cond),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** A message as the API shows it: an SMS recipient is a phone, masked for roles that do not see phones. */
export function messageView(row: MessageRow, actor: Actor) {
  const masked = row.channel === "sms" && !seesFullPhone(actor);
  return {
    ...row,
    channel: row.channel as MessageChannel,
    purpose: row.purpose as MessagePurpose,
    status: row.status as (typeof MESSAGE_STATUSES)[number],
    params: row.params as Record<string, string>,
    recipient: masked ? maskPhone(row.recipient) : row.recipient,
    recipientMasked: masked,
  };
}
