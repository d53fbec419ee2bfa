/**
 * The message outbox (发送队列): every SMS / WeChat template message is written here first and handed to the
 * store's provider. The default provider sends nothing; the row is the record of what would have gone out.
 */
import { sql } from "drizzle-orm";
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { id, instant } from "../../db/columns.ts";
import { careTasks } from "../care/schema.ts";
import { customers } from "../customers/schema.ts";
import { stores, users } from "../identity/schema.ts";

export const MESSAGE_CHANNELS = ["sms", "wechat"] as const;
/** service: about the customer's own car, needs no marketing consent; marketing needs it (DOMAIN §2) */
export const MESSAGE_PURPOSES = ["service", "marketing"] as const;
export const MESSAGE_STATUSES = ["recorded", "sent", "failed"] as const;

export const outboxMessages = pgTable(
  "outbox_messages",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    customerId: id("customer_id").notNull(),
    careTaskId: id("care_task_id"),
    channel: text("channel").notNull(),
    purpose: text("purpose").notNull(),
    template: text("template").notNull(),
    params: jsonb("params").notNull(),
    /** the text as rendered for the customer, kept so the record shows what was said */
    body: text("body").notNull(),
    /** where it goes: a phone number or a WeChat id, copied at send time */
    recipient: text("recipient").notNull(),
    status: text("status").notNull(),
    provider: text("provider").notNull(),
    providerRef: text("provider_ref"),
    error: text("error"),
    createdBy: id("created_by"),
    createdAt: instant("created_at").notNull().defaultNow(),
    sentAt: instant("sent_at"),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.customerId], foreignColumns: [customers.storeId, customers.id] }),
    foreignKey({ columns: [t.storeId, t.careTaskId], foreignColumns: [careTasks.storeId, careTasks.id] }),
    foreignKey({ columns: [t.storeId, t.createdBy], foreignColumns: [users.storeId, users.id] }),
    index("outbox_messages_created").on(t.storeId, t.createdAt),
    index("outbox_messages_customer").on(t.storeId, t.customerId),
    check("outbox_messages_channel", sql`${t.channel} in ('sms','wechat')`),
    check("outbox_messages_purpose", sql`${t.purpose} in ('service','marketing')`),
    check("outbox_messages_status", sql`${t.status} in ('recorded','sent','failed')`),
  ],
);
