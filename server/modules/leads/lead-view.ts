/**
 * The lead as the API shows it: derived flags (overdue, stale, escalated) computed by the rules at the
 * moment of the answer, and the phone masked unless the actor may see it (DOMAIN §10).
 */
import { z } from "zod";
import { type Actor, seesFullPhone } from "../../platform/access.ts";
import { maskPhone } from "../../platform/validators.ts";
import {
  type CadenceSettings,
  isEscalated,
  isOverdue,
  isStale,
  LEVELS,
  type LeadState,
  type Level,
} from "./rules.ts";
import type { leads } from "./schema.ts";

export type LeadRow = typeof leads.$inferSelect;

export const LEAD_SOURCES = ["walk_in", "phone", "online", "referral", "event", "key_account"] as const;
export const LEAD_STATES = ["active", "defeat_requested", "defeated", "won"] as const;
export const PAYMENT_METHODS = ["cash", "loan", "lease"] as const;

export const Lead = z.object({
  id: z.number(),
  storeId: z.number(),
  customerId: z.number(),
  name: z.string(),
  phone: z.string(),
  phoneMasked: z.boolean(),
  level: z.enum(LEVELS),
  levelSince: z.date(),
  state: z.enum(LEAD_STATES),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  inPool: z.boolean(),
  source: z.enum(LEAD_SOURCES),
  referrerCustomerId: z.number().nullable(),
  intendedModel: z.string().nullable(),
  budgetFen: z.number().nullable(),
  paymentMethod: z.enum(PAYMENT_METHODS).nullable(),
  colour: z.string().nullable(),
  expectedPurchaseDate: z.string().nullable(),
  focusPoints: z.string().nullable(),
  competitorModels: z.string().nullable(),
  dueAt: z.date().nullable(),
  overdue: z.boolean(),
  stale: z.boolean(),
  escalated: z.boolean(),
  nextContactAt: z.date().nullable(),
  createdAt: z.date(),
  lastReachedAt: z.date().nullable(),
});
export type LeadOut = z.infer<typeof Lead>;

export function leadView(
  row: LeadRow & { ownerName?: string | null },
  actor: Actor,
  s: CadenceSettings,
  now: Date,
): LeadOut {
  const state = row.state as LeadState;
  const level = row.level as Level;
  const full = seesFullPhone(actor, row.ownerId);
  return {
    id: row.id,
    storeId: row.storeId,
    customerId: row.customerId,
    name: row.name,
    phone: full ? row.phone : maskPhone(row.phone),
    phoneMasked: !full,
    level,
    levelSince: row.levelSince,
    state,
    ownerId: row.ownerId,
    ownerName: row.ownerName ?? null,
    inPool: row.inPool,
    source: row.source as LeadOut["source"],
    referrerCustomerId: row.referrerCustomerId,
    intendedModel: row.intendedModel,
    budgetFen: row.budgetFen,
    paymentMethod: row.paymentMethod as LeadOut["paymentMethod"],
    colour: row.colour,
    expectedPurchaseDate: row.expectedPurchaseDate,
    focusPoints: row.focusPoints,
    competitorModels: row.competitorModels,
    dueAt: state === "active" ? row.dueAt : null,
    overdue: isOverdue(state, row.dueAt, now),
    stale: state === "active" && isStale(level, row.levelSince, now, s),
    escalated: isEscalated(state, row.dueAt, now, s),
    nextContactAt: row.nextContactAt,
    createdAt: row.createdAt,
    lastReachedAt: row.lastReachedAt,
  };
}
