/** Warranty claims (索赔, DOMAIN §6): a warranty repair order's claim to the manufacturer and its decisions. */
import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { fen, id, instant } from "../../db/columns.ts";
import { stores, users } from "../identity/schema.ts";
import { repairOrders } from "../service/schema.ts";

export const CLAIM_STATES = ["submitted", "approved", "rejected"] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

export const warrantyClaims = pgTable(
  "warranty_claims",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    repairOrderId: id("repair_order_id").notNull(),
    faultDescription: text("fault_description").notNull(),
    labourFen: fen("labour_fen").notNull(),
    partsFen: fen("parts_fen").notNull(),
    claimedFen: fen("claimed_fen").notNull(),
    state: text("state").notNull().default("submitted"),
    /** 1 for the first submission, +1 for each resubmission after a rejection */
    submissions: integer("submissions").notNull().default(1),
    submittedAt: instant("submitted_at").notNull(),
    decidedAt: instant("decided_at"),
    approvedFen: fen("approved_fen"),
    rejectReason: text("reject_reason"),
    createdBy: id("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({
      columns: [t.storeId, t.repairOrderId],
      foreignColumns: [repairOrders.storeId, repairOrders.id],
    }),
    foreignKey({ columns: [t.storeId, t.createdBy], foreignColumns: [users.storeId, users.id] }),
    // one claim per warranty repair order; a rejection is answered by resubmitting the same claim
    uniqueIndex("warranty_claims_repair_order").on(t.storeId, t.repairOrderId),
    index("warranty_claims_id").on(t.id),
    index("warranty_claims_state").on(t.storeId, t.state, t.submittedAt),
    check("warranty_claims_state", sql`${t.state} in ('submitted','approved','rejected')`),
    check(
      "warranty_claims_amounts",
      sql`${t.labourFen} >= 0 and ${t.partsFen} >= 0 and ${t.claimedFen} = ${t.labourFen} + ${t.partsFen}`,
    ),
    check("warranty_claims_approved", sql`(${t.state} = 'approved') = (${t.approvedFen} is not null)`),
  ],
);

/** Each submission and decision of a claim (append-only): the history behind the approval-rate KPI. */
export const claimEvents = pgTable(
  "claim_events",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    claimId: id("claim_id").notNull(),
    kind: text("kind").notNull(),
    amountFen: fen("amount_fen"),
    reason: text("reason"),
    at: instant("at").notNull(),
    actorId: id("actor_id").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({
      columns: [t.storeId, t.claimId],
      foreignColumns: [warrantyClaims.storeId, warrantyClaims.id],
    }),
    foreignKey({ columns: [t.storeId, t.actorId], foreignColumns: [users.storeId, users.id] }),
    index("claim_events_claim").on(t.storeId, t.claimId, t.at),
    check("claim_events_kind", sql`${t.kind} in ('submitted','approved','rejected','resubmitted')`),
  ],
);
