/** Potential customers (潜客), their follow-ups, owners, events, appointments, defeats and imports (DOMAIN §3). */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { fen, id, instant } from "../../db/columns.ts";
import { customers } from "../customers/schema.ts";
import { stores, users } from "../identity/schema.ts";

const OPEN_STATES = sql`state in ('active','defeat_requested')`;

export const leads = pgTable(
  "leads",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    customerId: id("customer_id").notNull(),
    name: text("name").notNull(),
    phone: text("phone").notNull(),
    source: text("source").notNull(),
    referrerCustomerId: id("referrer_customer_id"),
    intendedModel: text("intended_model"),
    budgetFen: fen("budget_fen"),
    paymentMethod: text("payment_method"),
    colour: text("colour"),
    expectedPurchaseDate: date("expected_purchase_date"),
    focusPoints: text("focus_points"),
    competitorModels: text("competitor_models"),
    level: text("level").notNull(),
    levelSince: instant("level_since").notNull(),
    state: text("state").notNull().default("active"),
    ownerId: id("owner_id"),
    /** in the store's pool (公海): no owner, any consultant may claim it */
    inPool: boolean("in_pool").notNull().default(false),
    dueAt: instant("due_at"),
    nextContactAt: instant("next_contact_at"),
    lastReachedAt: instant("last_reached_at"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.customerId], foreignColumns: [customers.storeId, customers.id] }),
    foreignKey({
      columns: [t.storeId, t.referrerCustomerId],
      foreignColumns: [customers.storeId, customers.id],
    }),
    foreignKey({ columns: [t.storeId, t.ownerId], foreignColumns: [users.storeId, users.id] }),
    // one open lead per phone per store (DOMAIN §3): the database refuses a duplicate, also under races
    uniqueIndex("leads_open_phone").on(t.storeId, t.phone).where(OPEN_STATES),
    index("leads_id").on(t.id),
    index("leads_owner_due").on(t.storeId, t.ownerId, t.dueAt).where(sql`state = 'active'`),
    index("leads_store_due").on(t.storeId, t.dueAt).where(sql`state = 'active'`),
    // the managers' filtered pages (level + overdue) and their counts
    index("leads_store_level_due").on(t.storeId, t.level, t.dueAt).where(sql`state = 'active'`),
    // the consultant's stale list, in level_since order
    index("leads_owner_level_since").on(t.storeId, t.ownerId, t.levelSince).where(sql`state = 'active'`),
    index("leads_store_created").on(t.storeId, t.createdAt.desc()),
    // the customer page reads the customer's leads (reach, history)
    index("leads_customer").on(t.storeId, t.customerId),
    index("leads_store_phone").on(t.storeId, t.phone.op("text_pattern_ops")),
    index("leads_store_phone_tail").on(t.storeId, sql`right(phone, 4)`),
    index("leads_store_name").on(t.storeId, t.name.op("text_pattern_ops")),
    index("leads_pool").on(t.storeId).where(sql`in_pool`),
    check("leads_level", sql`${t.level} in ('N','C','B','A','H','O','D','T')`),
    check("leads_state", sql`${t.state} in ('active','defeat_requested','defeated','won')`),
    check("leads_source", sql`${t.source} in ('walk_in','phone','online','referral','event','key_account')`),
    check("leads_payment", sql`${t.paymentMethod} is null or ${t.paymentMethod} in ('cash','loan','lease')`),
    check("leads_budget", sql`${t.budgetFen} is null or ${t.budgetFen} >= 0`),
    check("leads_pool_has_no_owner", sql`not (${t.inPool} and ${t.ownerId} is not null)`),
  ],
);

export const followUps = pgTable(
  "follow_ups",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    leadId: id("lead_id").notNull(),
    occurredAt: instant("occurred_at").notNull(),
    channel: text("channel").notNull(),
    reached: boolean("reached").notNull(),
    content: text("content").notNull(),
    levelBefore: text("level_before").notNull(),
    levelAfter: text("level_after").notNull(),
    nextContactAt: instant("next_contact_at"),
    actorId: id("actor_id").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    foreignKey({ columns: [t.storeId, t.actorId], foreignColumns: [users.storeId, users.id] }),
    index("follow_ups_lead").on(t.storeId, t.leadId, t.occurredAt),
    check("follow_ups_channel", sql`${t.channel} in ('phone','visit','wechat','sms')`),
  ],
);

export const leadAppointments = pgTable(
  "lead_appointments",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    leadId: id("lead_id").notNull(),
    followUpId: id("follow_up_id"),
    kind: text("kind").notNull(),
    at: instant("at").notNull(),
    remindAt: instant("remind_at").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    index("lead_appointments_at").on(t.storeId, t.at),
    check("lead_appointments_kind", sql`${t.kind} in ('visit','test_drive')`),
  ],
);

export const leadOwners = pgTable(
  "lead_owners",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    leadId: id("lead_id").notNull(),
    /** null while the lead is in the pool */
    ownerId: id("owner_id"),
    fromAt: instant("from_at").notNull(),
    toAt: instant("to_at"),
    reason: text("reason").notNull(),
    actorId: id("actor_id"),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    foreignKey({ columns: [t.storeId, t.ownerId], foreignColumns: [users.storeId, users.id] }),
    index("lead_owners_lead").on(t.storeId, t.leadId, t.fromAt),
    uniqueIndex("lead_owners_one_current").on(t.storeId, t.leadId).where(sql`to_at is null`),
  ],
);

export const leadEvents = pgTable(
  "lead_events",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    leadId: id("lead_id").notNull(),
    kind: text("kind").notNull(),
    at: instant("at").notNull(),
    actorId: id("actor_id"),
    data: jsonb("data").notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    index("lead_events_lead").on(t.storeId, t.leadId, t.at),
  ],
);

export const defeatRequests = pgTable(
  "defeat_requests",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    leadId: id("lead_id").notNull(),
    reason: text("reason").notNull(),
    competitor: text("competitor"),
    note: text("note"),
    status: text("status").notNull().default("requested"),
    requestedBy: id("requested_by").notNull(),
    requestedAt: instant("requested_at").notNull(),
    decidedBy: id("decided_by"),
    decidedAt: instant("decided_at"),
    decisionNote: text("decision_note"),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.leadId], foreignColumns: [leads.storeId, leads.id] }),
    uniqueIndex("defeat_requests_one_open").on(t.storeId, t.leadId).where(sql`status = 'requested'`),
    index("defeat_requests_status").on(t.storeId, t.status, t.requestedAt),
    check(
      "defeat_requests_reason",
      sql`${t.reason} in ('competitor','price','budget','postponed','unreachable','other')`,
    ),
    check("defeat_requests_status_check", sql`${t.status} in ('requested','approved','returned')`),
  ],
);

export const leadImports = pgTable(
  "lead_imports",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    status: text("status").notNull(),
    duplicateOf: id("duplicate_of"),
    mapping: jsonb("mapping").notNull(),
    total: integer("total").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    created: integer("created").notNull().default(0),
    merged: integer("merged").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** the failed rows with their reason, for the downloadable error report */
    errors: jsonb("errors").notNull().default([]),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    finishedAt: instant("finished_at"),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    index("lead_imports_hash").on(t.storeId, t.fileSha256),
    check("lead_imports_status", sql`${t.status} in ('queued','running','done','failed')`),
  ],
);
