/** A simulated demo lead (types, owner changes) and the store's wall clock the simulation runs on. */
import type { LeadState, Level } from "../../server/modules/leads/rules.ts";
import type { Dice } from "./random.ts";
import type { MODELS } from "./vocabulary.ts";

export const HISTORY_DAYS = 90;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const MIN = 60_000;

export type Source = "walk_in" | "phone" | "online" | "referral" | "event" | "key_account";
export type DefeatReason = "competitor" | "price" | "budget" | "postponed" | "unreachable" | "other";
export type Channel = "phone" | "visit" | "wechat" | "sms";

// ---------------------------------------------------------------- local time

/**
 * Wall-clock arithmetic in the store's zone. The demo store is in Asia/Shanghai, which has had no DST
 * since 1991, so a fixed offset is exact and far cheaper than a zone lookup per simulated event; the
 * due times themselves always come from rules.ts, which does use the zone database.
 */
export const OFFSET = 8 * HOUR;
const localHour = (t: number) => ((t + OFFSET) % DAY) / HOUR;
export const localMidnight = (t: number) => t - ((t + OFFSET) % DAY);
/** Moves an instant into opening hours (9:00–19:30): staff do not phone customers at night. */
export function inOpeningHours(t: number, dice: Dice): number {
  const h = localHour(t);
  if (h >= 9 && h < 19.5) return t;
  const day = localMidnight(t) + (h >= 19.5 ? DAY : 0);
  return day + 9 * HOUR + dice.int(0, 150) * MIN;
}

// ---------------------------------------------------------------- the simulated lead

export interface SimFollowUp {
  id: number;
  occurredAt: Date;
  channel: Channel;
  reached: boolean;
  content: string;
  levelBefore: Level;
  levelAfter: Level;
  nextContactAt: Date | null;
  actorId: number;
}
export interface SimLead {
  index: number;
  name: string;
  phone: string;
  gender: "male" | "female";
  source: Source;
  referrerIndex: number | null;
  model: (typeof MODELS)[number];
  createdAt: Date;
  level: Level;
  levelSince: Date;
  state: LeadState;
  ownerId: number | null;
  dueAt: Date | null;
  nextContactAt: Date | null;
  lastReachedAt: Date | null;
  followUps: SimFollowUp[];
  owners: {
    ownerId: number | null;
    fromAt: Date;
    toAt: Date | null;
    reason: string;
    actorId: number | null;
  }[];
  events: { kind: string; at: Date; actorId: number | null; data: Record<string, unknown> }[];
  appointments: { kind: "visit" | "test_drive"; at: Date; followUpId: number }[];
  defeats: {
    id: number;
    reason: DefeatReason;
    competitor: string | null;
    note: string;
    status: "requested" | "approved" | "returned";
    requestedBy: number;
    requestedAt: Date;
    decidedBy: number | null;
    decidedAt: Date | null;
    decisionNote: string | null;
  }[];
}

export interface Staff {
  consultants: number[];
  manager: number;
  reception: number;
}

export function setOwner(
  lead: SimLead,
  ownerId: number | null,
  at: Date,
  reason: string,
  actorId: number | null,
): void {
  const current = lead.owners[lead.owners.length - 1];
  if (current) current.toAt = at;
  lead.owners.push({ ownerId, fromAt: at, toAt: null, reason, actorId });
  lead.ownerId = ownerId;
}
