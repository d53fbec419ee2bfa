/**
 * Reading a lead list (.xlsx or .csv) into a plain table, guessing which column is which field, and
 * turning one row into a lead input. Pure apart from decoding the bytes it is given: no database, no
 * clock (the caller passes the store's "today").
 *
 * Decisions (documented once here):
 * - .xlsx is read with exceljs's streaming reader (first worksheet of the file): it keeps memory at the
 *   size of our string table instead of exceljs's whole object model (~5 kB per row), and stops early
 *   for the preview and the row cap.
 * - Cell values become strings: numbers keep every digit (a phone typed as a number stays 11 digits),
 *   dates become `YYYY-MM-DD` (or `YYYY-MM-DD HH:mm` with a time), formulas give their cached result,
 *   rich text and hyperlinks their text.
 * - .csv is UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 (what Chinese Excel writes by
 *   default): bytes that are not valid UTF-8 are decoded as GB18030. The delimiter (comma, tab or
 *   semicolon) is taken from the header line.
 * - Fully empty rows are skipped; every row keeps its spreadsheet row number (header = row 1) so the
 *   error report points at the line the user sees in Excel.
 * - Unknown source values fail the row (a typo should not silently become "online"); an empty source
 *   defaults to `online`, because bought and exported lists come mostly from online platforms.
 * - Budget is in yuan; "15万" = 150,000 yuan; a bare number under a header that says 万 ("预算(万元)")
 *   is in 万; a range "10-15万" takes its upper bound (the customer's ceiling).
 * - A referral row is accepted without a referring customer: a spreadsheet cannot name a customer
 *   record, and dropping the lead would lose more than the missing link.
 */
import { Readable } from "node:stream";
import { parse as parseCsvSync } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { AppError, badRequest, unprocessable } from "../../platform/errors.ts";
import { normalizeMobile } from "../../platform/validators.ts";
import { LEAD_SOURCES, type LeadRow, type PAYMENT_METHODS } from "./lead-view.ts";
import { type CreatableLevel, isCreatableLevel } from "./rules.ts";

export interface ParsedTable {
  headers: string[];
  rows: string[][];
  /** the spreadsheet row number of each row (the header is row 1) */
  rowNumbers: number[];
}

export type FileKind = "xlsx" | "csv";

/** More rows than this are refused: a 4S store's list is a few thousand, a group's at most ~100k. */
export const MAX_ROWS = 200_000;

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

const unsupported = (message: string) =>
  badRequest(
    "unsupported_file",
    `${message}（只支持 .xlsx 和 .csv / only .xlsx and .csv files are accepted）`,
  );
const emptyFile = (message = "文件为空 / the file is empty") => badRequest("empty_file", message);

// ---------------------------------------------------------------------------------------------------
// Reading files

/** The kind by name and by content; anything else is refused before a row is read. */
export function fileKind(name: string, bytes: Buffer): FileKind {
  const ext = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  if (ext !== "xlsx" && ext !== "csv") {
    throw unsupported(
      ext === "xls" ? "旧版 .xls 请另存为 .xlsx / save old .xls files as .xlsx" : "文件类型不支持",
    );
  }
  if (bytes.length === 0) throw emptyFile();
  const zip = bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304;
  if (ext === "xlsx") {
    if (!zip) throw unsupported("文件内容不是 .xlsx / the content is not an .xlsx workbook");
    return "xlsx";
  }
  if (zip || looksBinary(bytes))
    throw unsupported("文件内容不是文本 CSV / the content is not a CSV text file");
  return "csv";
}

function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  // UTF-16 text has NULs in every other byte; it announces itself with a BOM.
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)))
    return false;
  return head.includes(0);
}

/** Reads the first worksheet (xlsx) or the text (csv) into a table; `limit` keeps only that many data rows. */
export async function parseTable(
  name: string,
  bytes: Buffer,
  opts: { limit?: number } = {},
): Promise<ParsedTable> {
  const kind = fileKind(name, bytes);
  const limit = Math.min(opts.limit ?? MAX_ROWS, MAX_ROWS);
  // a title row or two above the headers, and one row more than the limit to notice an overflow
  const want = limit + HEADER_SEARCH_ROWS + 1;
  const raw =
    kind === "xlsx"
      ? await readXlsx(bytes, want)
      : readCsv(bytes, opts.limit === undefined ? undefined : want + 50);
  const table = tabulate(raw);
  if (table.rows.length > limit) {
    if (opts.limit === undefined) {
      throw unprocessable(
        "too_many_rows",
        `一次最多导入 ${MAX_ROWS} 行 / at most ${MAX_ROWS} rows per import; split the file`,
      );
    }
    table.rows.length = limit;
    table.rowNumbers.length = limit;
  }
  return table;
}

type RawRow = { number: number; cells: string[] };

/** Rows searched for the header row (templates often put a title above it). */
const HEADER_SEARCH_ROWS = 10;

async function readXlsx(bytes: Buffer, wantNonEmpty: number): Promise<RawRow[]> {
  const out: RawRow[] = [];
  let nonEmpty = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
      worksheets: "emit",
      sharedStrings: "cache",
      // styles are needed to tell a date from a number
      styles: "cache",
      hyperlinks: "ignore",
      entries: "ignore",
    });
    // Only the first worksheet counts.
    sheets: for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        out.push({ number: row.number, cells });
        if (cells.some((c) => c !== "") && ++nonEmpty >= wantNonEmpty) break sheets;
      }
      break;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unsupported("无法读取 .xlsx 文件 / the .xlsx file cannot be read");
  }
  return out;
}

/** One cell's value as the text a person would type; numbers never lose digits to an exponent. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "";
    if (Number.isInteger(v)) return Math.abs(v) < 1e21 ? v.toFixed(0) : BigInt(v).toString();
    // Excel stores 0.1+0.2 as 0.30000000000000004: 15 significant digits is what Excel shows
    return String(Number(v.toPrecision(15)));
  }
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return excelDateText(v);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (o.richText as { text?: string }[])
        .map((r) => r.text ?? "")
        .join("")
        .trim();
    if ("result" in o) return cellText(o.result); // formula, shared formula
    if ("formula" in o || "sharedFormula" in o) return "";
    if ("text" in o) return cellText(o.text); // hyperlink (its text may be rich)
    if ("error" in o) return String(o.error);
  }
  return String(v).trim();
}

/** exceljs gives Excel's local date-times as if they were UTC instants; print them as Excel shows them. */
function excelDateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return "";
  const iso = d.toISOString();
  const time = iso.slice(11, 16);
  return time === "00:00" && iso.slice(17, 23) === "00.000"
    ? iso.slice(0, 10)
    : `${iso.slice(0, 10)} ${time}`;
}

export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder("utf-16le").decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder("utf-16be").decode(bytes);
  try {
    // strips a UTF-8 BOM; fatal so that GBK bytes are noticed instead of turned into U+FFFD
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

function readCsv(bytes: Buffer, limit: number | undefined): RawRow[] {
  const text = decodeText(bytes).replace(/^\uFEFF/, "");
  if (text.trim() === "") throw emptyFile();
  let records: string[][];
  try {
    records = parseCsvSync(text, {
      delimiter: guessDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      ...(limit === undefined ? {} : { to: limit }),
    }) as string[][];
  } catch {
    throw unsupported("无法读取 CSV 文件 / the CSV file cannot be read");
  }
  // A record is a row when Excel opens the file, so the record index is the row number the user sees.
  return records.map((cells, i) => ({ number: i + 1, cells: cells.map((c) => c.trim()) }));
}

function guessDelimiter(text: string): string {
  const end = text.search(/\r?\n/);
  const firstLine = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, "");
  let best = ",";
  let bestCount = 0;
  for (const d of [",", "\t", ";"]) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}

/**
 * The header row is the first of the first non-empty rows in which a phone column is recognised (a
 * template's title row above it is skipped), else the first non-empty row. Empty rows are dropped and
 * every row is cut or padded to the width of the headers.
 */
function tabulate(raw: RawRow[]): ParsedTable {
  const nonEmpty = raw.filter((r) => r.cells.some((c) => c !== ""));
  if (nonEmpty.length === 0) throw emptyFile();
  let headerAt = nonEmpty
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((r) => suggestMapping(r.cells.map(cleanHeader)).phone !== undefined);
  if (headerAt < 0) headerAt = 0;
  const head = nonEmpty[headerAt]!;
  let width = head.cells.length;
  while (width > 0 && head.cells[width - 1] === "") width--;
  // An unnamed column still needs a name to be mapped by.
  const headers = head.cells.slice(0, width).map((h, i) => cleanHeader(h) || `列${i + 1}`);
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (const r of nonEmpty.slice(headerAt + 1)) {
    const cells = r.cells.slice(0, width);
    while (cells.length < width) cells.push("");
    if (cells.every((c) => c === "")) continue;
    rows.push(cells);
    rowNumbers.push(r.number);
  }
  if (rows.length === 0) throw emptyFile("文件没有数据行 / the file has headers but no data rows");
  return { headers, rows, rowNumbers };
}

function cleanHeader(h: string): string {
  return h.replace(/\s+/g, " ").trim();
}

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
