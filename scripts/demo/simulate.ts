/** Playing each demo lead through the server's own rules, one follow-up after the other, until "now". */
import {
  applyFollowUp,
  type CadenceSettings,
  type GradableLevel,
  graceDueForNewOwner,
  isStale,
  type Level,
  planWindow,
} from "../../server/modules/leads/rules.ts";
import { FIRST_GRADE } from "./arrivals.ts";
import type { Dice } from "./random.ts";
import {
  type Channel,
  DAY,
  type DefeatReason,
  HOUR,
  inOpeningHours,
  localMidnight,
  MIN,
  type SimFollowUp,
  type SimLead,
  type Staff,
  setOwner,
} from "./sim-lead.ts";
import { COLOURS, FOCUS } from "./vocabulary.ts";

const DEFEAT_REASONS: Record<Exclude<DefeatReason, "unreachable">, number> = {
  competitor: 45,
  price: 15,
  budget: 12,
  postponed: 18,
  other: 10,
};

/** Hands out ids in order; the real ids are reserved from the tables' sequences before writing. */
let nextSimId = 0;
const simId = () => ++nextSimId;
/** A new load hands out ids from 1 again. */
export function resetSimIds(): void {
  nextSimId = 0;
}

const UP: Partial<Record<Level, GradableLevel>> = { C: "B", B: "A", A: "H", H: "H" };
const DOWN: Partial<Record<Level, GradableLevel>> = { H: "A", A: "B", B: "C", C: "C" };

function contentOf(lead: SimLead, reached: boolean, level: Level, dice: Dice, extra: string): string {
  const m = lead.model.name;
  if (!reached) {
    return dice.pick([
      "电话无人接听，稍后再联系。",
      "客户挂断，已发短信说明来意。",
      "电话关机，明天再打。",
      "微信消息暂未回复。",
      "客户说在开会，约好晚点回电。",
    ]);
  }
  const rival = dice.pick(lead.model.rivals);
  const byLevel: Record<string, string[]> = {
    C: [
      `客户暂不着急，计划两三个月内购车，先了解${m}的配置。`,
      `客户对${m}有兴趣，还在看几个品牌，先加了微信发资料。`,
    ],
    B: [
      `客户在${m}和${rival}之间比较，预算基本明确，已发送报价单。`,
      `客户关心${dice.pick(FOCUS)}，对${m}印象不错，还在比较${rival}。`,
    ],
    A: [
      `客户基本锁定${m}，在比较贷款和全款方案。`,
      `客户家人也来看过车，倾向${m}，关注${dice.pick(FOCUS)}。`,
    ],
    H: [
      `客户已确定${m} ${dice.pick(COLOURS)}，约到店谈最终价格和上牌。`,
      `客户决定本周定车，等金融方案审批。`,
    ],
  };
  return dice.pick(byLevel[level] ?? byLevel.C!) + extra;
}

/** Runs one lead's life from its creation until "now" through the server's own cadence rules. */
export function simulateLead(lead: SimLead, staff: Staff, s: CadenceSettings, now: number, dice: Dice): void {
  let unreachedRun = 0;
  let last = lead.createdAt.getTime();
  for (let guard = 0; guard < 200; guard++) {
    if (lead.state !== "active" || lead.ownerId === null) return;
    const due = lead.dueAt!.getTime();
    // When the consultant picks the lead up again: on the plan, or late (sometimes very late).
    let t: number;
    const r = dice.next();
    if (lead.level === "N" && lead.followUps.length === 0) t = last + dice.between(0.3, 5) * HOUR;
    // Already past due (e.g. the customer keeps not answering): retry within hours or days, not minutes.
    else if (due <= last + 30 * MIN) t = last + dice.between(4, 30) * HOUR;
    else if (r < 0.8) {
      const plan = lead.nextContactAt?.getTime() ?? due - dice.between(0, 1.5) * DAY;
      t = Math.min(plan + dice.between(-3, 2) * HOUR, due - 20 * MIN);
    } else if (r < 0.96) t = due + dice.between(0.2, 2.5) * DAY;
    else t = due + dice.between(3, 8) * DAY;
    t = inOpeningHours(Math.max(t, last + 30 * MIN), dice);

    // A manager looks at escalations each morning: some get reassigned or put back into the pool.
    const escalatedAt = inOpeningHours(due + s.escalateAfterDays * DAY + dice.between(1, 30) * HOUR, dice);
    if (t > escalatedAt && escalatedAt > last && escalatedAt < now && dice.chance(0.5)) {
      last = escalatedAt;
      changeHands(lead, staff, s, escalatedAt, now, dice);
      continue;
    }
    if (t > now) return;
    last = t;
    recordFollowUp(lead, s, t, unreachedRun, dice);
    const fu = lead.followUps[lead.followUps.length - 1]!;
    unreachedRun = fu.reached ? 0 : unreachedRun + 1;
    const defeat = defeatReasonAfter(fu, unreachedRun, dice);
    if (defeat) {
      last = requestDefeat(lead, staff, s, t + dice.int(5, 40) * MIN, defeat, now, dice);
    }
  }
}

function recordFollowUp(
  lead: SimLead,
  s: CadenceSettings,
  t: number,
  unreachedRun: number,
  dice: Dice,
): void {
  const at = new Date(t);
  const reached = dice.chance(lead.level === "N" ? 0.62 : unreachedRun >= 3 ? 0.4 : 0.72);
  const stale = isStale(lead.level, lead.levelSince, at, s);
  let level: Level | undefined;
  let extra = "";
  if (lead.level === "N") level = reached ? dice.weighted(FIRST_GRADE) : undefined;
  else if (stale) {
    // The rules demand a level on a stale lead: long-idle leads are downgraded, never silently (DOMAIN §3).
    level = dice.chance(0.7) ? DOWN[lead.level] : (lead.level as GradableLevel);
    if (level !== lead.level) extra = "客户购车计划推迟，级别下调。";
  } else if (reached) {
    const r = dice.next();
    level = r < 0.18 ? UP[lead.level] : r < 0.28 ? DOWN[lead.level] : undefined;
  }
  const levelAfter = level ?? lead.level;
  // The plan the form proposes; an unreached new lead is retried within its N-rule window.
  let plan: Date | undefined;
  if (levelAfter === "N") {
    const retry = t + 2 * HOUR;
    plan = retry < lead.dueAt!.getTime() ? new Date(retry) : undefined;
  } else plan = planWindow(levelAfter, at, s).proposedAt;
  const book = reached && plan !== undefined && ["B", "A", "H"].includes(levelAfter) && dice.chance(0.16);
  const kind = dice.chance(0.55) ? "test_drive" : "visit";
  if (book) extra += kind === "test_drive" ? `约到店试驾${lead.model.name}。` : "约客户到店看车。";

  let outcome = applyFollowUp(lead, { occurredAt: at, reached, level, nextContactAt: plan }, at, s);
  if (!outcome.ok && outcome.code === "beyond_cadence") {
    outcome = applyFollowUp(lead, { occurredAt: at, reached, level }, at, s);
  }
  if (!outcome.ok) throw new Error(`demo simulation broke a rule (${outcome.code}): ${outcome.message}`);

  const channel: Channel = reached
    ? dice.weighted<Channel>({ phone: 58, wechat: 25, visit: book ? 0 : 13, sms: 4 })
    : dice.weighted<Channel>({ phone: 80, wechat: 12, sms: 8 });
  const fu: SimFollowUp = {
    id: simId(),
    occurredAt: at,
    channel,
    reached,
    content: contentOf(lead, reached, levelAfter, dice, extra),
    levelBefore: outcome.levelBefore,
    levelAfter: outcome.levelAfter,
    nextContactAt: outcome.nextContactAt,
    actorId: lead.ownerId!,
  };
  lead.followUps.push(fu);
  if (outcome.levelChanged) {
    lead.events.push({
      kind: "level_changed",
      at,
      actorId: fu.actorId,
      data: { from: fu.levelBefore, to: fu.levelAfter, followUpId: fu.id },
    });
  }
  if (book && outcome.nextContactAt) {
    // Appointments are made for a round hour on the planned day.
    const day = localMidnight(outcome.nextContactAt.getTime());
    const slot = day + dice.pick([10, 11, 14, 15, 16]) * HOUR + dice.pick([0, 30]) * MIN;
    if (slot > t) lead.appointments.push({ kind, at: new Date(slot), followUpId: fu.id });
  }
  Object.assign(lead, {
    level: outcome.levelAfter,
    levelSince: outcome.levelSince,
    lastReachedAt: outcome.lastReachedAt,
    dueAt: outcome.dueAt,
    nextContactAt: outcome.nextContactAt,
  });
}

function defeatReasonAfter(fu: SimFollowUp, unreachedRun: number, dice: Dice): DefeatReason | null {
  if (unreachedRun >= 3 && dice.chance(0.4)) return "unreachable";
  const p: Partial<Record<Level, number>> = { C: 0.035, B: 0.045, A: 0.05, H: 0.06 };
  return fu.reached && dice.chance(p[fu.levelAfter] ?? 0) ? dice.weighted(DEFEAT_REASONS) : null;
}

/** The consultant asks to close the lead; the manager decides within two days (or has not yet). */
function requestDefeat(
  lead: SimLead,
  staff: Staff,
  s: CadenceSettings,
  t: number,
  reason: DefeatReason,
  now: number,
  dice: Dice,
): number {
  const requestedAt = new Date(Math.min(t, now));
  const competitor = reason === "competitor" ? dice.pick(lead.model.rivals) : null;
  const note = {
    competitor: `客户已在别家提了${competitor}。`,
    price: "对方店优惠多一万多，客户不愿再等。",
    budget: "客户预算不够，暂时放弃购车。",
    postponed: "客户家里有事，购车计划推迟到明年。",
    unreachable: "多次联系不上，电话一直无人接听。",
    other: "客户改为购买二手车。",
  }[reason];
  const d: SimLead["defeats"][number] = {
    id: simId(),
    reason,
    competitor,
    note,
    status: "requested",
    requestedBy: lead.ownerId!,
    requestedAt,
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
  };
  lead.defeats.push(d);
  lead.state = "defeat_requested";
  lead.events.push({
    kind: "defeat_requested",
    at: requestedAt,
    actorId: d.requestedBy,
    data: { reason, ...(competitor ? { competitor } : {}), note, requestId: d.id },
  });
  const decidedAt = inOpeningHours(requestedAt.getTime() + dice.between(1, 40) * HOUR, dice);
  if (decidedAt > now) return requestedAt.getTime(); // still waiting on the manager's desk
  d.decidedBy = staff.manager;
  d.decidedAt = new Date(decidedAt);
  if (reason !== "unreachable" && dice.chance(0.08)) {
    d.status = "returned";
    d.decisionNote = "客户仍有意向，继续跟进。";
    lead.state = "active";
    lead.dueAt = graceDueForNewOwner(lead.dueAt, d.decidedAt, s);
    lead.events.push({
      kind: "defeat_returned",
      at: d.decidedAt,
      actorId: staff.manager,
      data: { requestId: d.id, note: d.decisionNote },
    });
  } else {
    d.status = "approved";
    lead.state = "defeated";
    lead.dueAt = null;
    lead.events.push({
      kind: "defeat_approved",
      at: d.decidedAt,
      actorId: staff.manager,
      data: { requestId: d.id, note: null },
    });
  }
  return decidedAt;
}

/** The manager reassigns an escalated lead or releases it into the pool, from where it may be claimed. */
function changeHands(
  lead: SimLead,
  staff: Staff,
  s: CadenceSettings,
  t: number,
  now: number,
  dice: Dice,
): void {
  const at = new Date(t);
  const from = lead.ownerId;
  if (dice.chance(0.6)) {
    const to = dice.pick(staff.consultants.filter((c) => c !== from));
    lead.dueAt = graceDueForNewOwner(lead.dueAt, at, s);
    setOwner(lead, to, at, "assigned", staff.manager);
    lead.events.push({ kind: "assigned", at, actorId: staff.manager, data: { from, to } });
    return;
  }
  setOwner(lead, null, at, "released", staff.manager);
  lead.events.push({ kind: "released", at, actorId: staff.manager, data: { from } });
  const claimAt = inOpeningHours(t + dice.between(2, 120) * HOUR, dice);
  if (claimAt > now || dice.chance(0.4)) return; // stays in the pool (公海)
  const by = dice.pick(staff.consultants);
  lead.dueAt = graceDueForNewOwner(lead.dueAt, new Date(claimAt), s);
  setOwner(lead, by, new Date(claimAt), "claimed", by);
  lead.events.push({ kind: "claimed", at: new Date(claimAt), actorId: by, data: {} });
}
