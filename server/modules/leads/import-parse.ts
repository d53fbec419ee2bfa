/**
 * Reading a lead list (.xlsx or .csv) into a plain table. Pure apart from decoding the bytes it is
 * given: no database, no clock. Guessing the columns and turning a row into a lead input are in
 * import-values.ts.
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
 */
import { Readable } from "node:stream";
import { parse as parseCsvSync } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { AppError, badRequest, unprocessable } from "../../platform/errors.ts";
import { suggestMapping } from "./import-values.ts";

export interface ParsedTable {
  headers: string[];
  rows: string[][];
  /** the spreadsheet row number of each row (the header is row 1) */
  rowNumbers: number[];
}

export type FileKind = "xlsx" | "csv";

/** More rows than this are refused: a 4S store's list is a few thousand, a group's at most ~100k. */
export const MAX_ROWS = 200_000;

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
