/** Lead list values: guessing which column is which field, and turning one row into a lead input. */
/**
 * Pure: no database, no clock (the caller passes the store's "today").
 *
 * Decisions (documented once here):
 * - Unknown source values fail the row (a typo should not silently become "online"); an empty source
 *   defaults to `online`, because bought and exported lists come mostly from online platforms.
 * - Budget is in yuan; "15万" = 150,000 yuan; a bare number under a header that says 万 ("预算(万元)")
 *   is in 万; a range "10-15万" takes its upper bound (the customer's ceiling).
 * - A referral row is accepted without a referring customer: a spreadsheet cannot name a customer
 *   record, and dropping the lead would lose more than the missing link.
 */
import { unprocessable } from "../../platform/errors.ts";
import { normalizeMobile } from "../../platform/validators.ts";
import { LEAD_SOURCES, type LeadRow, type PAYMENT_METHODS } from "./lead-view.ts";
import { type CreatableLevel, isCreatableLevel } from "./rules.ts";

export const IMPORT_FIELDS = [
  "name",
  "phone",
  "source",
  "intendedModel",
  "budget",
  "paymentMethod",
  "level",
  "expectedPurchaseDate",
  "colour",
  "focusPoints",
  "competitorModels",
  "owner",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** field → header of the file */
export type Mapping = Partial<Record<ImportField, string>>;
export const REQUIRED_FIELDS: readonly ImportField[] = ["name", "phone"];

// ---------------------------------------------------------------------------------------------------
// Guessing the mapping

/** Header names per field, compared after lower-casing and dropping spaces, punctuation and units. */
const SYNONYMS: Record<ImportField, string[]> = {
  name: ["姓名", "客户姓名", "客户名称", "客户名", "客户", "联系人", "name", "customer", "customername"],
  phone: [
    "手机",
    "手机号",
    "手机号码",
    "电话",
    "联系电话",
    "电话号码",
    "联系方式",
    "客户电话",
    "phone",
    "mobile",
    "tel",
    "telephone",
    "phonenumber",
  ],
  source: ["来源", "渠道", "线索来源", "客户来源", "来源渠道", "source", "channel"],
  intendedModel: ["意向车型", "车型", "意向", "model", "intendedmodel", "carmodel"],
  budget: ["预算", "购车预算", "budget"],
  paymentMethod: ["付款方式", "支付方式", "购买方式", "payment", "paymentmethod"],
  level: ["级别", "等级", "客户级别", "潜客级别", "意向级别", "level", "grade"],
  expectedPurchaseDate: [
    "预计购车时间",
    "预计购车日期",
    "购车时间",
    "预购时间",
    "date",
    "expectedpurchasedate",
    "purchasedate",
  ],
  colour: ["颜色", "意向颜色", "colour", "color"],
  focusPoints: ["关注点", "备注", "说明", "note", "notes", "remark", "remarks", "focuspoints"],
  competitorModels: ["竞品", "竞品车型", "对比车型", "competitor", "competitormodels"],
  owner: ["顾问", "销售顾问", "顾问姓名", "销售", "负责人", "所属顾问", "owner", "consultant", "salesperson"],
};

function headerKey(h: string): string {
  return h
    .toLowerCase()
    .replace(/[(（[【].*?[)）\]】]/g, "") // units and hints: 预算(万元)
    .replace(/[\s*_\-:：/.]/g, "");
}

/** Field → header, for the preview. Exact names win over contained ones; each header is used once. */
export function suggestMapping(headers: string[]): Mapping {
  const candidates: { field: ImportField; header: string; score: number; col: number }[] = [];
  headers.forEach((h, col) => {
    const key = headerKey(h);
    if (!key) return;
    for (const field of IMPORT_FIELDS) {
      for (const syn of SYNONYMS[field]) {
        if (key === syn) candidates.push({ field, header: h, score: 1000 + syn.length, col });
        else if (syn.length >= 2 && /[^a-z]/.test(syn) && key.includes(syn))
          candidates.push({ field, header: h, score: syn.length, col });
      }
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.col - b.col);
  const mapping: Mapping = {};
  const used = new Set<number>();
  for (const c of candidates) {
    if (mapping[c.field] !== undefined || used.has(c.col)) continue;
    mapping[c.field] = c.header;
    used.add(c.col);
  }
  return mapping;
}

export interface ResolvedMapping {
  columns: Partial<Record<ImportField, number>>;
  /** the budget header says its numbers are in 万 */
  budgetInWan: boolean;
}

/** Checks a mapping against the file's headers (first column of a repeated header wins). */
export function resolveMapping(headers: string[], mapping: Mapping): ResolvedMapping {
  const columns: Partial<Record<ImportField, number>> = {};
  const unknown: string[] = [];
  for (const field of IMPORT_FIELDS) {
    const header = mapping[field];
    if (header === undefined) continue;
    const col = headers.indexOf(header.trim());
    if (col < 0) unknown.push(`${field}: ${header}`);
    else columns[field] = col;
  }
  if (unknown.length) {
    throw unprocessable(
      "mapping_invalid",
      "映射的列不在文件中 / the mapping names columns the file does not have",
      { unknown },
    );
  }
  const missing = REQUIRED_FIELDS.filter((f) => columns[f] === undefined);
  if (missing.length) {
    throw unprocessable(
      "mapping_incomplete",
      `缺少必需的列 / required columns are not mapped: ${missing.join(", ")}`,
      {
        missing,
      },
    );
  }
  const budgetCol = columns.budget;
  return { columns, budgetInWan: budgetCol !== undefined && /万/.test(headers[budgetCol] ?? "") };
}

// ---------------------------------------------------------------------------------------------------
// One row → one lead input

export interface ImportRowInput {
  name: string;
  phone: string;
  source: LeadRow["source"];
  intendedModel?: string;
  budgetFen?: number;
  paymentMethod?: (typeof PAYMENT_METHODS)[number];
  colour?: string;
  expectedPurchaseDate?: string;
  focusPoints?: string;
  competitorModels?: string;
  level: CreatableLevel;
  ownerId?: number;
}

export type OwnerMatch = { id: number } | { reason: string };

export interface RowContext {
  /** the store's calendar day of the import, YYYY-MM-DD, for "3个月内"-style purchase dates */
  today: string;
  resolveOwner(name: string): OwnerMatch;
}

export type RowResult = { ok: true; input: ImportRowInput } | { ok: false; reason: string };

const SOURCE_WORDS: [string, LeadRow["source"]][] = [
  ["展厅", "walk_in"],
  ["到店", "walk_in"],
  ["自然到店", "walk_in"],
  ["来电", "phone"],
  ["电话", "phone"],
  ["网络", "online"],
  ["线上", "online"],
  ["网上", "online"],
  ["汽车之家", "online"],
  ["懂车帝", "online"],
  ["易车", "online"],
  ["太平洋汽车", "online"],
  ["官网", "online"],
  ["抖音", "online"],
  ["转介绍", "referral"],
  ["介绍", "referral"],
  ["老带新", "referral"],
  ["活动", "event"],
  ["车展", "event"],
  ["大客户", "key_account"],
];
const SOURCE_ALIASES: Record<string, LeadRow["source"]> = {
  walkin: "walk_in",
  showroom: "walk_in",
  call: "phone",
  web: "online",
  internet: "online",
  keyaccount: "key_account",
  fleet: "key_account",
};

export function parseSource(value: string): LeadRow["source"] | null {
  const v = value.trim().toLowerCase();
  if ((LEAD_SOURCES as readonly string[]).includes(v)) return v as LeadRow["source"];
  const compact = v.replace(/[\s_-]/g, "");
  if (SOURCE_ALIASES[compact]) return SOURCE_ALIASES[compact];
  for (const [word, source] of SOURCE_WORDS) if (v === word) return source;
  // "汽车之家APP", "2026春季车展": the longest known word inside decides
  let best: [string, LeadRow["source"]] | undefined;
  for (const entry of SOURCE_WORDS)
    if (v.includes(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1] ?? null;
}

const PAYMENT_WORDS: [RegExp, (typeof PAYMENT_METHODS)[number]][] = [
  [/^(cash|full|全款|现金|一次性(付款|付清)?|全额)$/i, "cash"],
  [/^(loan|finance|贷款|分期|按揭|车贷|分期付款)$/i, "loan"],
  [/^(lease|leasing|租赁|融资租赁|以租代购)$/i, "lease"],
];

export function parsePayment(value: string): (typeof PAYMENT_METHODS)[number] | null {
  const v = value.trim().replace(/\s+/g, "");
  for (const [re, method] of PAYMENT_WORDS) if (re.test(v)) return method;
  return null;
}

/** Budget in yuan ("15万", "150,000", "¥15.5万元", "10-15万") → fen; null when unreadable. */
export function parseBudgetFen(value: string, inWan = false): number | null {
  const v = value.replace(/[\s,，¥￥]/g, "").replace(/(人民币|rmb|cny)/gi, "");
  const m = /^(\d+(?:\.\d+)?)(?:(?:万|w)?(?:元)?[-~～至到](\d+(?:\.\d+)?))?(万|w|元|万元)?$/i.exec(v);
  if (!m) return null;
  const amount = Number(m[2] ?? m[1]);
  const unit = m[3]?.toLowerCase();
  const wan = unit === "万" || unit === "万元" || unit === "w" || (unit === undefined && inWan);
  const fen = Math.round(amount * (wan ? 10_000 : 1) * 100);
  return Number.isSafeInteger(fen) && fen <= 1e12 ? fen : null;
}

export function parseLevel(value: string): CreatableLevel | null {
  const v = value
    .trim()
    .toUpperCase()
    .replace(/\s+/g, "")
    .replace(/(级|类)$/, "");
  return isCreatableLevel(v) ? v : null;
}

/** A calendar date as YYYY-MM-DD: 2026-12-01, 2026/12/1, 2026.12.1, 2026年12月1日, 2026-12 (the 1st), "3个月内". */
export function parsePurchaseDate(value: string, today: string): string | null {
  const v = value.trim().replace(/\s+/g, "");
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(v);
  if (full) return calendarDate(Number(full[1]), Number(full[2]), Number(full[3]));
  const month = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(v);
  if (month) return calendarDate(Number(month[1]), Number(month[2]), 1);
  const within = /^(\d+)(天|日|周|个?星期|个?月|年)(之?内|以内)?$/.exec(v);
  if (!within) return null;
  const n = Number(within[1]);
  const unit = within[2]!;
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  if (/天|日/.test(unit)) return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
  if (/周|星期/.test(unit)) return new Date(Date.UTC(y, m - 1, d + 7 * n)).toISOString().slice(0, 10);
  // months and years keep the day of the month, or the month's last day (01-31 + 1 month = 02-28)
  const months = /月/.test(unit) ? n : 12 * n;
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

function calendarDate(y: number, mo: number, d: number): string | null {
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  if (y < 2000 || y > 2100) return null;
  return date.toISOString().slice(0, 10);
}

const MAX_LENGTH: Partial<Record<ImportField, number>> = {
  name: 50,
  intendedModel: 100,
  colour: 30,
  focusPoints: 500,
  competitorModels: 200,
};
const LABEL: Record<ImportField, string> = {
  name: "姓名 / name",
  phone: "手机号 / mobile number",
  source: "来源 / source",
  intendedModel: "意向车型 / intended model",
  budget: "预算 / budget",
  paymentMethod: "付款方式 / payment method",
  level: "级别 / level",
  expectedPurchaseDate: "预计购车时间 / expected purchase date",
  colour: "颜色 / colour",
  focusPoints: "关注点 / focus points",
  competitorModels: "竞品 / competitor models",
  owner: "顾问 / owner",
};

/** Validates one row; the reason is bilingual because the error report goes to the staff as it is. */
export function validateRow(row: string[], mapping: ResolvedMapping, ctx: RowContext): RowResult {
  const cell = (f: ImportField): string => {
    const col = mapping.columns[f];
    return col === undefined ? "" : (row[col] ?? "").trim();
  };
  const fail = (reason: string): RowResult => ({ ok: false, reason });

  const name = cell("name");
  if (!name) return fail("姓名为空 / name is missing");
  const rawPhone = cell("phone");
  if (!rawPhone) return fail("手机号为空 / mobile number is missing");
  const phone = normalizeMobile(rawPhone);
  if (!phone) return fail(`手机号无效 / invalid mobile number: ${rawPhone}`);

  for (const f of ["name", "intendedModel", "colour", "focusPoints", "competitorModels"] as const) {
    const max = MAX_LENGTH[f]!;
    if (Array.from(cell(f)).length > max)
      return fail(`${LABEL[f]} 超过 ${max} 字 / longer than ${max} characters`);
  }

  const input: ImportRowInput = { name, phone, source: "online", level: "N" };

  const source = cell("source");
  if (source) {
    const s = parseSource(source);
    if (!s) return fail(`来源无法识别 / unknown source: ${source}`);
    input.source = s;
  }
  const level = cell("level");
  if (level) {
    const l = parseLevel(level);
    if (!l) return fail(`级别只能是 N C B A H / level must be N, C, B, A or H: ${level}`);
    input.level = l;
  }
  const budget = cell("budget");
  if (budget) {
    const fen = parseBudgetFen(budget, mapping.budgetInWan);
    if (fen === null) return fail(`预算无效 / invalid budget: ${budget}`);
    input.budgetFen = fen;
  }
  const payment = cell("paymentMethod");
  if (payment) {
    const p = parsePayment(payment);
    if (!p) return fail(`付款方式无法识别（全款/贷款/租赁）/ unknown payment method: ${payment}`);
    input.paymentMethod = p;
  }
  const date = cell("expectedPurchaseDate");
  if (date) {
    const d = parsePurchaseDate(date, ctx.today);
    if (!d) return fail(`预计购车时间无效 / invalid expected purchase date: ${date}`);
    input.expectedPurchaseDate = d;
  }
  for (const f of ["intendedModel", "colour", "focusPoints", "competitorModels"] as const) {
    const v = cell(f);
    if (v) input[f] = v;
  }
  const owner = cell("owner");
  if (owner) {
    const o = ctx.resolveOwner(owner);
    if ("reason" in o) return fail(o.reason);
    input.ownerId = o.id;
  }
  return { ok: true, input };
}
