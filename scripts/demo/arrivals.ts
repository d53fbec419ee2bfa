/** Leads arriving at the demo store: who, which channel, when, which car, and their first owner. */
import {
  type CadenceSettings,
  dueAt,
  type GradableLevel,
  type Level,
} from "../../server/modules/leads/rules.ts";
import type { Dice } from "./random.ts";
import {
  DAY,
  HISTORY_DAYS,
  inOpeningHours,
  MIN,
  type SimLead,
  type Source,
  type Staff,
  setOwner,
} from "./sim-lead.ts";
import { GIVEN, MOBILE_PREFIXES, MODEL_BY_NAME, MODEL_WEIGHTS, SURNAMES } from "./vocabulary.ts";

export const SOURCES: Record<Source, number> = {
  walk_in: 34,
  online: 30,
  phone: 15,
  referral: 8,
  event: 9,
  key_account: 4,
};
export const FIRST_GRADE: Record<GradableLevel, number> = { C: 40, B: 33, A: 18, H: 9 };

export function uniquePhones(n: number, dice: Dice): string[] {
  const seen = new Set<string>();
  while (seen.size < n)
    seen.add(dice.pick(MOBILE_PREFIXES) + String(dice.int(0, 99_999_999)).padStart(8, "0"));
  return [...seen];
}

/** A lead as reception or a consultant registers it: who, which channel, when, which car. */
export function draftLead(phone: string, s: CadenceSettings, now: number, dice: Dice): SimLead {
  const gender = dice.chance(0.62) ? "male" : "female";
  const given = dice.chance(0.4) ? dice.pick(GIVEN) : dice.pick(GIVEN) + dice.pick(GIVEN);
  const source = dice.weighted(SOURCES);
  // Walk-ins arrive in opening hours; web forms and calls come in at any time of the day.
  const raw = now - dice.next() * HISTORY_DAYS * DAY;
  const created = source === "online" ? raw : inOpeningHours(raw, dice);
  const createdAt = new Date(Math.min(created, now - 5 * MIN));
  // A consultant grades a walk-in on the spot; other channels start as N (not yet spoken to).
  const graded = source === "walk_in" ? dice.chance(0.55) : source === "phone" ? dice.chance(0.3) : false;
  const level: Level = graded ? dice.weighted(FIRST_GRADE) : "N";
  return {
    index: 0,
    name: dice.pickSkewed(SURNAMES) + given,
    phone,
    gender,
    source,
    referrerIndex: null,
    model: MODEL_BY_NAME.get(dice.weighted(MODEL_WEIGHTS))!,
    createdAt,
    level,
    levelSince: createdAt,
    state: "active",
    ownerId: null,
    dueAt: dueAt(level, createdAt, s),
    nextContactAt: null,
    lastReachedAt: null,
    followUps: [],
    owners: [],
    events: [],
    appointments: [],
    defeats: [],
  };
}

/** Files the lead: referrer, first owner (round robin in order of arrival), the created/merged events. */
export function openLead(lead: SimLead, index: number, staff: Staff, now: number, dice: Dice): void {
  lead.index = index;
  if (lead.source === "referral") {
    // The referring customer is one who came to the store earlier.
    if (index === 0) lead.source = "walk_in";
    else lead.referrerIndex = dice.int(0, index - 1);
  }
  const byConsultant = lead.source === "walk_in" || lead.source === "key_account";
  // Key accounts (大客户) are often kept by the sales manager personally.
  const ownerId =
    lead.source === "key_account" && dice.chance(0.5)
      ? staff.manager
      : staff.consultants[index % staff.consultants.length]!;
  const actor = byConsultant ? ownerId : staff.reception;
  const at = lead.createdAt;
  setOwner(lead, ownerId, at, byConsultant ? "created" : "round_robin", actor);
  lead.events.push({
    kind: "created",
    at,
    actorId: actor,
    data: { source: lead.source, via: "api", level: lead.level, ownerId },
  });
  if (dice.chance(0.03)) {
    // The same customer registered again (e.g. a web form after the showroom visit): merged, not duplicated.
    const mergedAt = new Date(at.getTime() + dice.next() * (now - at.getTime()));
    lead.events.push({
      kind: "merged",
      at: mergedAt,
      actorId: staff.reception,
      data: { source: "online", via: "api", name: lead.name, filled: [] },
    });
  }
}
