/**
 * Arrivals by spreadsheet (整车批量入库): an .xlsx with one car a row, Chinese or English headers.
 *
 * Decisions (documented once here):
 * - All or nothing: every row is validated (VIN, duplicates in the file and in the store's stock, money,
 *   dates, status) and nothing is written when any row fails; the answer lists every problem by its
 *   spreadsheet row number so the file can be fixed and sent again. A stock file is a delivery note of a
 *   few hundred cars, so it is read whole (exceljs's workbook, up to MAX_ROWS rows) in one transaction.
 * - The header row is the first row (within the first few) that names a VIN column; a title row above
 *   it is skipped. A header may carry both names ("车架号/VIN") and a unit ("采购成本(元)").
 * - Money is in 元 with at most two decimals ("158,000.00", "¥158000", or "15.8万"), turned into fen
 *   exactly, never through a float.
 * - 到店日期 is a calendar date (an Excel date cell or text like 2026-11-01, 2026/11/1, 2026年11月1日),
 *   optionally with a time; a date alone is the start of that day in the store's zone.
 * - 状态: 在库 (default when empty), 在途, 试驾车/展车, or the API's names. Reserved and sold cars come from
 *   orders, never from a file.
 * - Reasons are bilingual: the report goes to the staff as it is.
 */

import { and, eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Db } from "../../db/index.ts";
import { type Actor, requirePermission, targetStore } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { badRequest, isUniqueViolation, unprocessable } from "../../platform/errors.ts";
import { atLocalTime, localDateIn } from "../../platform/local-date.ts";
import { MAX_FEN } from "../../platform/money.ts";
import { cellText } from "../leads/import-parse.ts";
import type { ManualStatus } from "./rules.ts";
import { stockVehicles } from "./schema.ts";
import { type NewVehicle, newVehicleRow, validateVin, vinExists } from "./vehicles.ts";
import { loadStockSettings, type StoreStockSettings } from "./view.ts";

export const MAX_ROWS = 2000;
const HEADER_SEARCH_ROWS = 5;
const OLDEST_ARRIVAL = "2000-01-01";

export const IMPORT_FIELDS = [
  "vin",
  "model",
  "trim",
  "colour",
  "optionPackage",
  "costFen",
  "listPriceFen",
  "arrivedAt",
  "status",
  "incentiveFen",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const REQUIRED: ImportField[] = ["vin", "model", "colour", "costFen"];

/** Header names as staff and manufacturers' delivery notes write them (compared after `headerKey`). */
const ALIASES: Record<ImportField, string[]> = {
  vin: ["车架号", "车架号码", "车辆识别代号", "vin", "vin码", "vinno"],
  model: ["车型", "车系", "model"],
  trim: ["配置", "版本", "车款", "trim"],
  colour: ["颜色", "车身颜色", "外观颜色", "colour", "color"],
  optionPackage: ["选装包", "选装", "optionpackage", "options", "package"],
  costFen: ["采购成本", "采购价", "进价", "成本", "cost", "purchasecost"],
  listPriceFen: ["指导价", "厂商指导价", "listprice", "msrp"],
  arrivedAt: ["到店日期", "到店时间", "入库日期", "到库日期", "arrivaldate", "arrivedat", "arrived"],
  status: ["状态", "车辆状态", "status"],
  incentiveFen: ["激励", "长库存激励", "incentive"],
};
const FIELD_BY_ALIAS = new Map(
  Object.entries(ALIASES).flatMap(([field, names]) => names.map((n) => [n, field as ImportField])),
);
const LABEL: Record<ImportField, string> = {
  vin: "车架号 / VIN",
  model: "车型 / model",
  trim: "配置 / trim",
  colour: "颜色 / colour",
  optionPackage: "选装包 / option package",
  costFen: "采购成本 / cost",
  listPriceFen: "指导价 / list price",
  arrivedAt: "到店日期 / arrival date",
  status: "状态 / status",
  incentiveFen: "激励 / incentive",
};

/** "采购成本（元）" → "采购成本", "Arrival Date" → "arrivaldate": units, brackets, spaces and case dropped. */
function headerKey(h: string): string {
  return h
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\((元|yuan|rmb|cny|¥)\)/g, "")
    .replace(/[\s_\-()]/g, "");
}

/** The field a header names; "车架号/VIN" names it twice. */
export function headerField(header: string): ImportField | undefined {
  for (const part of header.split(/[/／|]/)) {
    const field = FIELD_BY_ALIAS.get(headerKey(part));
    if (field) return field;
  }
  return undefined;
}

/** 元 text → fen, exactly; null when it is not an amount of money. */
export function parseYuan(text: string): number | null {
  const s = text.normalize("NFKC").replace(/[\s,¥]|元$/g, "");
  const wan = /^(\d+)(?:\.(\d{1,6}))?万$/.exec(s);
  if (wan) {
    // 15.8万 = 158000 元: the fraction of 万 may have up to 6 digits (to the fen)
    const frac = (wan[2] ?? "").padEnd(6, "0");
    return Number(wan[1]) * 1_000_000 + Number(frac);
  }
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** A calendar date with an optional time of day, as typed or as exceljs prints a date cell. */
export function parseLocalDateTime(text: string): { date: string; time: string | null } | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(
    text.normalize("NFKC").trim(),
  );
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 02-30 over to 03-02; the round trip refuses impossible dates
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  const date = `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  if (m[4] === undefined) return { date, time: null };
  const [hh, mm] = [Number(m[4]), Number(m[5])];
  if (hh > 23 || mm > 59) return null;
  return { date, time: `${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}` };
}

const STATUS_WORDS: Record<string, ManualStatus> = {
  在库: "in_stock",
  库存: "in_stock",
  现车: "in_stock",
  instock: "in_stock",
  在途: "in_transit",
  intransit: "in_transit",
  试驾车: "demo",
  展车: "demo",
  展示车: "demo",
  demo: "demo",
};

export function parseStatus(text: string): ManualStatus | null {
  if (text.trim() === "") return "in_stock";
  return STATUS_WORDS[text.normalize("NFKC").toLowerCase().replace(/[\s_]/g, "")] ?? null;
}

interface SheetRow {
  /** the spreadsheet row number (as Excel shows it) */
  row: number;
  cells: Partial<Record<ImportField, string>>;
}

const notXlsx = () => badRequest("unsupported_file", "请上传 .xlsx 文件 / only .xlsx workbooks are accepted");

/** Reads the first worksheet into rows keyed by field. */
async function readSheet(name: string, bytes: Buffer): Promise<SheetRow[]> {
  const zip = bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304;
  if (!/\.xlsx$/i.test(name.trim()) || !zip) throw notXlsx();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw notXlsx();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badRequest("empty_file", "文件为空 / the file is empty");
  const lines: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const values = r.values as unknown[];
    lines.push({ row: r.number, cells: values.slice(1).map(cellText) });
  });
  const nonEmpty = lines.filter((l) => l.cells.some((c) => c !== ""));
  if (nonEmpty.length === 0) throw badRequest("empty_file", "文件为空 / the file is empty");

  const headerAt = nonEmpty
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((l) => l.cells.some((c) => headerField(c) === "vin"));
  const header = nonEmpty[Math.max(headerAt, 0)]!;
  const columns = new Map<number, ImportField>();
  header.cells.forEach((c, i) => {
    const field = headerField(c);
    if (field && ![...columns.values()].includes(field)) columns.set(i, field);
  });
  const missing = REQUIRED.filter((f) => ![...columns.values()].includes(f));
  if (missing.length) {
    throw badRequest(
      "missing_columns",
      `缺少列 / missing columns: ${missing.map((f) => LABEL[f]).join(", ")}`,
      { missing },
    );
  }
  const rows = nonEmpty.slice(nonEmpty.indexOf(header) + 1).map((l) => ({
    row: l.row,
    cells: Object.fromEntries([...columns].map(([i, field]) => [field, l.cells[i] ?? ""])),
  }));
  if (rows.length === 0)
    throw badRequest("empty_file", "文件没有数据行 / the file has headers but no data rows");
  if (rows.length > MAX_ROWS) {
    throw unprocessable("too_many_rows", `一次最多导入 ${MAX_ROWS} 辆 / at most ${MAX_ROWS} cars per file`);
  }
  return rows;
}

export interface RowError {
  row: number;
  reason: string;
}

type Checked = { row: number; vin: string; warned: boolean; input: NewVehicle };

/** Validates every row against the store's rules; pure apart from the settings and "now" it is given. */
function validateRows(
  rows: SheetRow[],
  settings: StoreStockSettings,
  now: Date,
): { valid: Checked[]; errors: RowError[] } {
  const valid: Checked[] = [];
  const errors: RowError[] = [];
  const firstRowOfVin = new Map<string, number>();
  const today = localDateIn(now, settings.timeZone);

  for (const { row, cells } of rows) {
    const problems: string[] = [];
    const text = (f: ImportField) => (cells[f] ?? "").trim();
    const limited = (f: ImportField, max: number, required: boolean): string | null => {
      const v = text(f);
      if (v === "") {
        if (required) problems.push(`${LABEL[f]} 为空 / is empty`);
        return null;
      }
      if (v.length > max) problems.push(`${LABEL[f]} 超过 ${max} 字 / longer than ${max} characters`);
      return v;
    };
    const money = (f: ImportField, required: boolean): number | null => {
      const v = text(f);
      if (v === "") {
        if (required) problems.push(`${LABEL[f]} 为空 / is empty`);
        return null;
      }
      const fen = parseYuan(v);
      if (fen === null)
        problems.push(`${LABEL[f]} 不是金额（元，最多两位小数）/ "${v}" is not an amount in yuan`);
      else if (fen > MAX_FEN) problems.push(`${LABEL[f]} 超过 1 亿元 / more than 100 million yuan`);
      return fen;
    };

    let vin = "";
    let warned = false;
    const rawVin = text("vin");
    if (rawVin === "") problems.push("车架号为空 / the VIN is empty");
    else {
      const checked = validateVin(rawVin, settings);
      if ("problem" in checked) {
        problems.push(
          checked.problem === "check_digit"
            ? `车架号校验位错误 / the VIN check digit is wrong: ${rawVin}`
            : `车架号须为 17 位字母数字（不含 I、O、Q）/ a VIN is 17 letters and digits without I, O, Q: ${rawVin}`,
        );
      } else {
        vin = checked.vin;
        warned = checked.warnings.length > 0;
        const first = firstRowOfVin.get(vin);
        if (first !== undefined) problems.push(`车架号与第 ${first} 行重复 / the same VIN as row ${first}`);
        else firstRowOfVin.set(vin, row);
      }
    }
    const model = limited("model", 100, true);
    const trim = limited("trim", 100, false);
    const colour = limited("colour", 30, true);
    const optionPackage = limited("optionPackage", 100, false);
    const costFen = money("costFen", true);
    if (costFen === 0) problems.push(`${LABEL.costFen} 不能为 0 / may not be 0`);
    const listPriceFen = money("listPriceFen", false);
    const incentiveFen = money("incentiveFen", false);

    const status = parseStatus(text("status"));
    if (status === null) {
      problems.push(
        `状态"${text("status")}"无法识别（在库、在途、试驾车）/ unknown status (in_stock, in_transit, demo)`,
      );
    }
    let arrivedAt: Date | null = null;
    const rawDate = text("arrivedAt");
    if (rawDate === "") {
      if (status !== "in_transit" && status !== null) {
        problems.push(
          "到店日期为空（在途车辆请将状态填为在途）/ the arrival date is empty (mark cars in transit 在途)",
        );
      }
    } else if (status === "in_transit") {
      problems.push("在途车辆不填到店日期 / a car in transit has no arrival date");
    } else {
      const parsed = parseLocalDateTime(rawDate);
      if (!parsed) problems.push(`到店日期"${rawDate}"无效 / not a date (2026-11-01)`);
      else if (parsed.date < OLDEST_ARRIVAL)
        problems.push(`到店日期早于 ${OLDEST_ARRIVAL} / before ${OLDEST_ARRIVAL}`);
      else {
        arrivedAt = atLocalTime(parsed.date, parsed.time ?? "00:00", settings.timeZone);
        if (parsed.date > today || arrivedAt > now) {
          problems.push(`到店日期在未来 / the arrival date ${rawDate} is in the future`);
        }
      }
    }

    if (problems.length) {
      for (const reason of problems) errors.push({ row, reason });
      continue;
    }
    valid.push({
      row,
      vin,
      warned,
      input: {
        vin,
        model: model!,
        trim,
        colour: colour!,
        optionPackage,
        costFen: costFen!,
        listPriceFen,
        arrivedAt,
        status: status!,
        incentiveFen: incentiveFen ?? 0,
      },
    });
  }
  return { valid, errors };
}

export interface ImportResult {
  created: number;
  failed: number;
  errors: RowError[];
}

export async function importVehicles(
  db: Db,
  actor: Actor,
  file: { name: string; bytes: Buffer },
  requestedStore: number | undefined,
  now: Date,
): Promise<ImportResult> {
  requirePermission(actor, "stock.write");
  const storeId = targetStore(actor, requestedStore);
  const settings = await loadStockSettings(db, storeId);
  const rows = await readSheet(file.name, file.bytes);
  const { valid, errors } = validateRows(rows, settings, now);
  const failedRows = new Set(errors.map((e) => e.row));
  if (valid.length > 0) {
    const known = await db
      .select({ vin: stockVehicles.vin })
      .from(stockVehicles)
      .where(
        and(
          eq(stockVehicles.storeId, storeId),
          inArray(
            stockVehicles.vin,
            valid.map((v) => v.vin),
          ),
        ),
      );
    const inStock = new Set(known.map((k) => k.vin));
    for (const v of valid) {
      if (inStock.has(v.vin)) {
        errors.push({ row: v.row, reason: `车架号已在库存中 / the VIN is already in stock: ${v.vin}` });
        failedRows.add(v.row);
      }
    }
  }
  if (errors.length) {
    errors.sort((a, b) => a.row - b.row);
    return { created: 0, failed: failedRows.size, errors };
  }
  try {
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(stockVehicles)
        .values(valid.map((v) => newVehicleRow(storeId, v.vin, v.warned, v.input, now)))
        .returning();
      await audit(
        tx,
        actor,
        inserted.map((after) => ({
          storeId,
          action: "import",
          entity: "stock_vehicle",
          entityId: after.id,
          after,
          at: now,
        })),
      );
    });
  } catch (err) {
    // a car of the file arrived by hand while the file was being checked
    if (isUniqueViolation(err, "stock_vehicles_store_vin")) throw vinExists();
    throw err;
  }
  return { created: valid.length, failed: 0, errors: [] };
}
