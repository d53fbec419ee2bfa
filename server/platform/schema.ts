/** The audit log: who changed what, when, before and after. Append-only (a trigger refuses UPDATE/DELETE). */
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { id, instant } from "../db/columns.ts";

export const auditLog = pgTable(
  "audit_log",
  {
    id: id().primaryKey().generatedByDefaultAsIdentity(),
    /** null for group-level changes (stores, the group admin) */
    storeId: id("store_id"),
    at: instant("at").notNull().defaultNow(),
    actorId: id("actor_id"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_log_store_at").on(t.storeId, t.at.desc()),
    index("audit_log_entity").on(t.entity, t.entityId),
    index("audit_log_at").using("brin", t.at),
  ],
);
