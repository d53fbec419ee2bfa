/**
 * Demo data for `npm run demo`: one store "演示店 Demo 4S" with a user of every store role and ~2,000
 * leads carrying three months of follow-up history.
 *
 * The history is not painted on: every lead is *simulated* through the same pure rules the server uses
 * (`applyFollowUp`, `dueAt`, `nRuleDue`, `graceDueForNewOwner`), one follow-up after the other, with
 * consultants who are mostly on time and sometimes late. The lead rows therefore hold exactly what the
 * app would have computed, and today naturally has overdue, due, stale and escalated leads.
 *
 * A seeded PRNG makes the data reproducible relative to "now"; everything is written with multi-row
 * inserts in one transaction, so a failed load leaves nothing behind.
 */
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../server/db/index.ts";
import { customers } from "../server/modules/customers/schema.ts";
import { hashPassword } from "../server/modules/identity/passwords.ts";
import { stores, users } from "../server/modules/identity/schema.ts";
import {
  applyFollowUp,
  type CadenceSettings,
  DEFAULT_CADENCE_SETTINGS,
  dueAt,
  type GradableLevel,
  graceDueForNewOwner,
  isStale,
  type LeadState,
  type Level,
  planWindow,
} from "../server/modules/leads/rules.ts";
import {
  defeatRequests,
  followUps,
  leadAppointments,
  leadEvents,
  leadOwners,
  leads,
} from "../server/modules/leads/schema.ts";
import type { Role } from "../server/platform/access.ts";
import type { Clock } from "../server/platform/clock.ts";

export const DEMO_STORE_NAME = "演示店 Demo 4S";
export const DEMO_PASSWORD = "demo1234";
const SEED = 20_260_401;
const LEAD_COUNT = 2_000;
const HISTORY_DAYS = 90;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIN = 60_000;

export const DEMO_USERS: { username: string; displayName: string; role: Exclude<Role, "admin"> }[] = [
  { username: "demo_gm", displayName: "王建国", role: "gm" },
  { username: "demo_manager", displayName: "李志强", role: "sales_manager" },
  { username: "demo_consultant1", displayName: "张伟", role: "consultant" },
  { username: "demo_consultant2", displayName: "刘洋", role: "consultant" },
  { username: "demo_consultant3", displayName: "陈静", role: "consultant" },
  { username: "demo_consultant4", displayName: "杨帆", role: "consultant" },
  { username: "demo_consultant5", displayName: "赵敏", role: "consultant" },
  { username: "demo_consultant6", displayName: "黄磊", role: "consultant" },
  { username: "demo_reception", displayName: "周婷", role: "reception" },
  { username: "demo_cs", displayName: "吴芳", role: "customer_service" },
  { username: "demo_advisor", displayName: "徐刚", role: "service_advisor" },
  { username: "demo_parts", displayName: "孙涛", role: "parts_clerk" },
  { username: "demo_marketing", displayName: "马丽", role: "marketing" },
];

// The vocabulary is exported for the benchmark generator, so that bench data reads like demo data.
// Surnames roughly in their real frequency order (the first ones are picked far more often).
export const SURNAMES = Array.from(
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
);
export const GIVEN = Array.from(
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红鹏辉建国文斌宇浩凯丹晨欣怡子涵梓轩婷雪琳俊峰宏志新海波亮飞燕佳琪思远",
);
export const MOBILE_PREFIXES =
  "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 180 181 182 183 185 186 187 188 189 199".split(
    " ",
  );

/** A one-brand store (a GAC-Toyota-like line-up): model, price range in 万元, typical competitors. */
export const MODELS: { name: string; weight: number; price: [number, number]; rivals: string[] }[] = [
  { name: "凯美瑞", weight: 22, price: [17.98, 26.98], rivals: ["本田雅阁", "日产天籁", "大众帕萨特"] },
  { name: "雷凌", weight: 16, price: [11.38, 15.98], rivals: ["本田思域", "大众朗逸", "比亚迪秦PLUS"] },
  { name: "汉兰达", weight: 12, price: [26.98, 34.88], rivals: ["大众揽境", "理想L8", "本田冠道"] },
  { name: "威兰达", weight: 14, price: [17.58, 26.18], rivals: ["本田CR-V", "大众途观L", "比亚迪宋PLUS"] },
  { name: "锋兰达", weight: 12, price: [11.98, 15.98], rivals: ["本田缤智", "大众T-ROC探歌", "吉利星越L"] },
  { name: "赛那", weight: 7, price: [30.98, 40.98], rivals: ["本田奥德赛", "别克GL8", "腾势D9"] },
  { name: "bZ4X", weight: 5, price: [17.38, 22.98], rivals: ["特斯拉Model Y", "比亚迪元PLUS", "小鹏G6"] },
  { name: "铂智3X", weight: 6, price: [10.98, 15.98], rivals: ["比亚迪元PLUS", "埃安Y", "零跑C10"] },
  { name: "致炫", weight: 6, price: [7.28, 9.98], rivals: ["本田飞度", "大众Polo", "比亚迪海豚"] },
];
const MODEL_WEIGHTS = Object.fromEntries(MODELS.map((m) => [m.name, m.weight]));
const MODEL_BY_NAME = new Map(MODELS.map((m) => [m.name, m]));
export const COLOURS = ["珍珠白", "铂金白", "墨晶黑", "冰晶银", "钛金灰", "烈焰红", "天际蓝"];
export const FOCUS = [
  "油耗",
  "空间",
  "安全",
  "保值",
  "智能配置",
  "优惠力度",
  "舒适性",
  "动力",
  "售后服务",
  "外观",
];
const ONLINE_SITES = ["汽车之家", "懂车帝", "易车", "厂家官网", "抖音直播"];
type Source = "walk_in" | "phone" | "online" | "referral" | "event" | "key_account";
const SOURCES: Record<Source, number> = {
  walk_in: 34,
  online: 30,
  phone: 15,
  referral: 8,
  event: 9,
  key_account: 4,
};
const FIRST_GRADE: Record<GradableLevel, number> = { C: 40, B: 33, A: 18, H: 9 };
const DEFEAT_REASONS: Record<Exclude<DefeatReason, "unreachable">, number> = {
  competitor: 45,
  price: 15,
  budget: 12,
  postponed: 18,
  other: 10,
};
type DefeatReason = "competitor" | "price" | "budget" | "postponed" | "unreachable" | "other";
type Channel = "phone" | "visit" | "wechat" | "sms";

// ---------------------------------------------------------------- randomness

/** mulberry32: tiny, fast, and the same sequence on every machine for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Front-loaded pick: the first entries of the list come up far more often (surname frequencies). */
  pickSkewed<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() ** 2.2 * xs.length)]!;
  }
  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Partial<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let r = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1]![0];
  }
}

// ---------------------------------------------------------------- local time

/**
 * Wall-clock arithmetic in the store's zone. The demo store is in Asia/Shanghai, which has had no DST
 * since 1991, so a fixed offset is exact and far cheaper than a zone lookup per simulated event; the
 * due times themselves always come from rules.ts, which does use the zone database.
 */
const OFFSET = 8 * HOUR;
const localHour = (t: number) => ((t + OFFSET) % DAY) / HOUR;
const localMidnight = (t: number) => t - ((t + OFFSET) % DAY);
/** Moves an instant into opening hours (9:00–19:30): staff do not phone customers at night. */
function inOpeningHours(t: number, dice: Dice): number {
  const h = localHour(t);
  if (h >= 9 && h < 19.5) return t;
  const day = localMidnight(t) + (h >= 19.5 ? DAY : 0);
  return day + 9 * HOUR + dice.int(0, 150) * MIN;
}

// ---------------------------------------------------------------- the simulation

interface SimFollowUp {
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
interface SimLead {
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

interface Staff {
  consultants: number[];
  manager: number;
  reception: number;
}

/** Hands out ids in order; the real ids are reserved from the tables' sequences before writing. */
let nextSimId = 0;
const simId = () => ++nextSimId;

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
function simulateLead(lead: SimLead, staff: Staff, s: CadenceSettings, now: number, dice: Dice): void {
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

function setOwner(
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

/** A lead as reception or a consultant registers it: who, which channel, when, which car. */
function draftLead(phone: string, s: CadenceSettings, now: number, dice: Dice): SimLead {
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
function openLead(lead: SimLead, index: number, staff: Staff, now: number, dice: Dice): void {
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

/** The fields a consultant fills in as the customer's intent becomes clear, by the level reached. */
function intentOf(lead: SimLead, dice: Dice) {
  const rank = { N: 0, C: 1, B: 2, A: 3, H: 4, O: 5, D: 5, T: 1 }[lead.level];
  const [lo, hi] = lead.model.price;
  const budgetYuan = Math.round((dice.between(lo, hi) * 10_000) / 5_000) * 5_000;
  const expectIn = { N: 90, C: 75, B: 30, A: 15, H: 7, O: 7, D: 0, T: 60 }[lead.level];
  const focus = [...new Set([dice.pick(FOCUS), dice.pick(FOCUS), dice.pick(FOCUS)])].slice(0, dice.int(1, 3));
  return {
    intendedModel: rank >= 1 || dice.chance(0.7) ? lead.model.name : null,
    budgetFen: rank >= 2 || (rank === 1 && dice.chance(0.5)) ? budgetYuan * 100 : null,
    paymentMethod: rank >= 3 ? dice.weighted({ cash: 45, loan: 50, lease: 5 }) : null,
    colour: rank >= 3 ? dice.pick(COLOURS) : null,
    expectedPurchaseDate:
      rank >= 1
        ? new Date(lead.levelSince.getTime() + OFFSET + expectIn * DAY).toISOString().slice(0, 10)
        : null,
    focusPoints: rank >= 1 ? focus.join("、") : null,
    competitorModels:
      rank >= 2
        ? [...new Set([dice.pick(lead.model.rivals), dice.pick(lead.model.rivals)])].join("、")
        : null,
    siteNote: lead.source === "online" ? dice.pick(ONLINE_SITES) : null,
  };
}

// ---------------------------------------------------------------- writing

/** Reserves `n` ids from a table's identity sequence, so rows can reference each other before insert. */
async function reserveIds(tx: Tx, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const r = await tx.execute<{ id: string }>(
    sql`SELECT nextval(pg_get_serial_sequence(${table}, 'id')) AS id FROM generate_series(1, ${n})`,
  );
  return r.rows.map((row) => Number(row.id));
}

async function insertChunked<T>(
  rows: T[],
  size: number,
  write: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

function uniquePhones(n: number, dice: Dice): string[] {
  const seen = new Set<string>();
  while (seen.size < n)
    seen.add(dice.pick(MOBILE_PREFIXES) + String(dice.int(0, 99_999_999)).padStart(8, "0"));
  return [...seen];
}

export async function loadDemo(db: Db, clock: Clock): Promise<void> {
  const existing = await db.select({ id: stores.id }).from(stores).where(eq(stores.name, DEMO_STORE_NAME));
  if (existing.length > 0) {
    console.log(
      `Demo data: the store "${DEMO_STORE_NAME}" exists already (id ${existing[0]!.id}); nothing loaded.`,
    );
    return;
  }
  const started = Date.now();
  const now = clock.now();
  const s = DEFAULT_CADENCE_SETTINGS;
  // One hash for every demo user: scrypt is deliberately slow, thirteen of them would take seconds.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const loaded = await db.transaction(async (tx) => {
    // Two starts with --demo at once: the second waits here and then finds the store.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${0x44454d4f})`);
    const again = await tx.select({ id: stores.id }).from(stores).where(eq(stores.name, DEMO_STORE_NAME));
    if (again.length > 0) return null;

    const [store] = await tx
      .insert(stores)
      .values({
        name: DEMO_STORE_NAME,
        timeZone: s.timeZone,
        businessDayEnd: s.businessDayEnd,
        cadence: s.cadence,
        validityDays: s.validityDays,
        escalateAfterDays: s.escalateAfterDays,
        createdAt: new Date(now.getTime() - (HISTORY_DAYS + 30) * DAY),
      })
      .returning();
    const storeId = store!.id;
    const userRows = await tx
      .insert(users)
      .values(DEMO_USERS.map((u) => ({ ...u, storeId, passwordHash })))
      .returning({ id: users.id, username: users.username, role: users.role });
    const idOf = (name: string) => userRows.find((u) => u.username === name)!.id;
    const staff: Staff = {
      consultants: userRows.filter((u) => u.role === "consultant").map((u) => u.id),
      manager: idOf("demo_manager"),
      reception: idOf("demo_reception"),
    };

    const dice = new Dice(seededRandom(SEED));
    nextSimId = 0;
    const phones = uniquePhones(LEAD_COUNT, dice);
    const sims = phones
      .map((phone) => draftLead(phone, s, now.getTime(), dice))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const [i, l] of sims.entries()) openLead(l, i, staff, now.getTime(), dice);
    for (const l of sims) simulateLead(l, staff, s, now.getTime(), dice);

    await writeDemo(tx, storeId, sims, now, dice);
    return { storeId, sims, userRows };
  });
  if (!loaded) {
    console.log(`Demo data: the store "${DEMO_STORE_NAME}" was loaded meanwhile; nothing loaded.`);
    return;
  }
  printSummary(loaded.sims, loaded.userRows, s, now, Date.now() - started);
}

async function writeDemo(tx: Tx, storeId: number, sims: SimLead[], now: Date, dice: Dice): Promise<void> {
  const customerIds = await reserveIds(tx, "customers", sims.length);
  const leadIds = await reserveIds(tx, "leads", sims.length);
  const allFollowUps = sims.flatMap((l) => l.followUps);
  const allDefeats = sims.flatMap((l) => l.defeats);
  const fuIds = await reserveIds(tx, "follow_ups", allFollowUps.length);
  const defeatIds = await reserveIds(tx, "defeat_requests", allDefeats.length);
  // Simulation ids → database ids (follow-up and defeat ids appear inside event data too).
  const realId = new Map<number, number>();
  for (const [i, f] of allFollowUps.entries()) realId.set(f.id, fuIds[i]!);
  for (const [i, d] of allDefeats.entries()) realId.set(d.id, defeatIds[i]!);
  const remap = (data: Record<string, unknown>) => {
    const out = { ...data };
    for (const k of ["followUpId", "requestId"])
      if (typeof out[k] === "number") out[k] = realId.get(out[k] as number);
    return out;
  };

  await insertChunked(sims, 1_000, (chunk) =>
    tx.insert(customers).values(
      chunk.map((l) => ({
        storeId,
        id: customerIds[l.index]!,
        kind: "person",
        name: l.name,
        phone: l.phone,
        gender: l.gender,
        createdAt: l.createdAt,
        updatedAt: l.createdAt,
      })),
    ),
  );
  await insertChunked(sims, 500, (chunk) =>
    tx.insert(leads).values(
      chunk.map((l) => {
        const { siteNote, ...intent } = intentOf(l, dice);
        const last = l.followUps[l.followUps.length - 1];
        return {
          storeId,
          id: leadIds[l.index]!,
          customerId: customerIds[l.index]!,
          name: l.name,
          phone: l.phone,
          source: l.source,
          referrerCustomerId: l.referrerIndex === null ? null : customerIds[l.referrerIndex]!,
          ...intent,
          focusPoints: siteNote
            ? [`来自${siteNote}`, intent.focusPoints].filter(Boolean).join("；")
            : intent.focusPoints,
          level: l.level,
          levelSince: l.levelSince,
          state: l.state,
          ownerId: l.ownerId,
          inPool: l.ownerId === null,
          dueAt: l.state === "defeated" ? null : l.dueAt,
          nextContactAt: l.nextContactAt,
          lastReachedAt: l.lastReachedAt,
          createdAt: l.createdAt,
          updatedAt: new Date(
            Math.max(l.createdAt.getTime(), last?.occurredAt.getTime() ?? 0, now.getTime() - DAY),
          ),
        };
      }),
    ),
  );
  const leadId = (l: SimLead) => leadIds[l.index]!;
  await insertChunked(
    sims.flatMap((l) => l.owners.map((o) => ({ storeId, leadId: leadId(l), ...o }))),
    1_000,
    (chunk) => tx.insert(leadOwners).values(chunk),
  );
  await insertChunked(
    sims.flatMap((l) =>
      l.followUps.map(({ id, ...f }) => ({
        storeId,
        id: realId.get(id)!,
        leadId: leadId(l),
        ...f,
        createdAt: f.occurredAt,
      })),
    ),
    1_000,
    (chunk) => tx.insert(followUps).values(chunk),
  );
  await insertChunked(
    sims.flatMap((l) =>
      l.appointments.map((a) => ({
        storeId,
        leadId: leadId(l),
        followUpId: realId.get(a.followUpId)!,
        kind: a.kind,
        at: a.at,
        remindAt: new Date(a.at.getTime() - HOUR),
        createdAt: l.followUps.find((f) => f.id === a.followUpId)!.occurredAt,
      })),
    ),
    1_000,
    (chunk) => tx.insert(leadAppointments).values(chunk),
  );
  await insertChunked(
    sims.flatMap((l) => l.events.map((e) => ({ storeId, leadId: leadId(l), ...e, data: remap(e.data) }))),
    1_000,
    (chunk) => tx.insert(leadEvents).values(chunk),
  );
  await insertChunked(
    sims.flatMap((l) =>
      l.defeats.map(({ id, ...d }) => ({ storeId, id: realId.get(id)!, leadId: leadId(l), ...d })),
    ),
    1_000,
    (chunk) => tx.insert(defeatRequests).values(chunk),
  );
}

function printSummary(
  sims: SimLead[],
  userRows: { username: string; role: string }[],
  s: CadenceSettings,
  now: Date,
  ms: number,
): void {
  const active = sims.filter((l) => l.state === "active");
  const overdue = active.filter((l) => l.dueAt! < now);
  const escalated = overdue.filter((l) => now.getTime() - l.dueAt!.getTime() > s.escalateAfterDays * DAY);
  const stale = active.filter((l) => isStale(l.level, l.levelSince, now, s));
  const perLevel = new Map<string, number>();
  for (const l of active) perLevel.set(l.level, (perLevel.get(l.level) ?? 0) + 1);
  const byLevel = [...perLevel].map(([k, v]) => `${k} ${v}`).join(", ");
  const count = (f: (l: SimLead) => number) => sims.reduce((n, l) => n + f(l), 0);
  console.log(
    [
      "",
      `  Demo data loaded in ${(ms / 1000).toFixed(1)} s: store "${DEMO_STORE_NAME}"`,
      `    leads ${sims.length} (active ${active.length}: ${byLevel}; defeated ${sims.filter((l) => l.state === "defeated").length}, awaiting defeat approval ${sims.filter((l) => l.state === "defeat_requested").length})`,
      `    today: overdue ${overdue.length} (escalated ${escalated.length}), stale ${stale.length}, in the pool ${active.filter((l) => l.ownerId === null).length}`,
      `    follow-ups ${count((l) => l.followUps.length)}, appointments ${count((l) => l.appointments.length)}, events ${count((l) => l.events.length)}`,
      "",
      "  Demo users (password for all: demo1234):",
      ...userRows.map((u) => `    ${u.username.padEnd(18)} ${u.role}`),
      "",
    ].join("\n"),
  );
}
