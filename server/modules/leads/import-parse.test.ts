import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.ts";
import { cellText, decodeText, fileKind, parseTable } from "./import-parse.ts";
import {
  type Mapping,
  parseBudgetFen,
  parsePayment,
  parsePurchaseDate,
  parseSource,
  type RowContext,
  resolveMapping,
  suggestMapping,
  validateRow,
} from "./import-values.ts";

async function xlsx(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet("潜客"), wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** GBK bytes of a few words, written by hand (no iconv here); `decodeText` must turn them back. */
const GBK: Record<string, number[]> = {
  姓名: [0xd0, 0xd5, 0xc3, 0xfb],
  手机: [0xca, 0xd6, 0xbb, 0xfa],
  来源: [0xc0, 0xb4, 0xd4, 0xb4],
  张三: [0xd5, 0xc5, 0xc8, 0xfd],
  李四: [0xc0, 0xee, 0xcb, 0xc4],
  展厅: [0xd5, 0xb9, 0xcc, 0xfc],
  来电: [0xc0, 0xb4, 0xb5, 0xe7],
};
function gbk(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    const word = Object.keys(GBK).find((w) => text.startsWith(w, i));
    if (word) {
      out.push(...GBK[word]!);
      i += word.length;
    } else {
      const c = text.charCodeAt(i++);
      if (c > 0x7f) throw new Error(`no GBK bytes for ${text[i - 1]}`);
      out.push(c);
    }
  }
  return Buffer.from(out);
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return "none";
}

describe("parseTable: xlsx", () => {
  it("turns every kind of cell into text and keeps the digits of numeric phones", async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(["姓名", "手机", "预计购车时间", "预算", "备注", "链接"]);
      ws.addRow([
        { richText: [{ text: "张" }, { font: { bold: true }, text: "三" }] },
        13800138000,
        new Date(Date.UTC(2026, 11, 1)),
        { formula: "10*10000", result: 100000 },
        true,
        { text: "网页", hyperlink: "https://example.com" },
      ]);
      ws.getCell("C2").numFmt = "yyyy-mm-dd";
      ws.addRow([]);
      ws.addRow(["李四", "139 0013 9000", "2026/12/31", "15万", 0.1 + 0.2, ""]);
    });
    const t = await parseTable("list.xlsx", bytes);
    expect(t.headers).toEqual(["姓名", "手机", "预计购车时间", "预算", "备注", "链接"]);
    expect(t.rows).toEqual([
      ["张三", "13800138000", "2026-12-01", "100000", "TRUE", "网页"],
      ["李四", "139 0013 9000", "2026/12/31", "15万", "0.3", ""],
    ]);
    // the empty row 3 is skipped, the row numbers stay those of the sheet
    expect(t.rowNumbers).toEqual([2, 4]);
  });

  it("skips a title row above the headers and names unnamed columns", async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(["2026年11月 车展潜客名单"]);
      ws.addRow(["客户姓名", "联系电话", ""]);
      ws.addRow(["王五", "15800000001", "未命名列的值"]);
    });
    const t = await parseTable("list.xlsx", bytes);
    expect(t.headers).toEqual(["客户姓名", "联系电话"]);
    expect(t.rows).toEqual([["王五", "15800000001"]]);
    expect(t.rowNumbers).toEqual([3]);
  });

  it("reads only the first worksheet and stops at the limit", async () => {
    const bytes = await xlsx((ws, wb) => {
      ws.addRow(["姓名", "手机"]);
      for (let i = 0; i < 30; i++) ws.addRow([`客户${i}`, `1380000${String(i).padStart(4, "0")}`]);
      wb.addWorksheet("其他").addRow(["别的", "表"]);
    });
    const t = await parseTable("list.xlsx", bytes, { limit: 10 });
    expect(t.rows).toHaveLength(10);
    expect(t.rows[9]).toEqual(["客户9", "13800000009"]);
  });

  it("refuses garbage named .xlsx, other extensions and empty files", async () => {
    expect(await code(parseTable("list.xlsx", Buffer.from("not a workbook at all")))).toBe(
      "unsupported_file",
    );
    expect(
      await code(parseTable("list.xlsx", Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(200, 1)]))),
    ).toBe("unsupported_file");
    expect(await code(parseTable("list.xls", Buffer.from("x")))).toBe("unsupported_file");
    expect(await code(parseTable("list.pdf", Buffer.from("%PDF-1.4")))).toBe("unsupported_file");
    expect(await code(parseTable("list.xlsx", Buffer.alloc(0)))).toBe("empty_file");
    expect(await code(parseTable("list.csv", Buffer.alloc(0)))).toBe("empty_file");
    expect(await code(parseTable("list.csv", Buffer.from("\uFEFF\r\n\r\n")))).toBe("empty_file");
    expect(await code(parseTable("list.csv", Buffer.from("姓名,手机\r\n")))).toBe("empty_file");
    expect(await code(parseTable("list.xlsx", await xlsx(() => {})))).toBe("empty_file");
  });

  it("refuses binary content named .csv", async () => {
    const zip = await xlsx((ws) => ws.addRow(["a"]));
    expect(await code(parseTable("list.csv", zip))).toBe("unsupported_file");
    expect(await code(parseTable("list.csv", Buffer.from([0x41, 0x00, 0x42, 0x00, 0x00, 0x01])))).toBe(
      "unsupported_file",
    );
  });
});

describe("parseTable: csv", () => {
  it("reads UTF-8 with a BOM, quoted fields and CRLF", async () => {
    const text =
      '\uFEFF姓名,手机,备注\r\n张三,13800138000,"关注油耗, 空间"\r\n\r\n李四,13900139000,"多行\n备注"\r\n';
    const t = await parseTable("list.CSV", Buffer.from(text, "utf8"));
    expect(t.headers).toEqual(["姓名", "手机", "备注"]);
    expect(t.rows).toEqual([
      ["张三", "13800138000", "关注油耗, 空间"],
      ["李四", "13900139000", "多行\n备注"],
    ]);
    expect(t.rowNumbers).toEqual([2, 4]);
  });

  it("reads UTF-8 without a BOM, tab-separated, with short rows padded", async () => {
    const t = await parseTable("list.csv", Buffer.from("姓名\t手机\t来源\n张三\t13800138000\n", "utf8"));
    expect(t.rows).toEqual([["张三", "13800138000", ""]]);
  });

  it("reads GBK (what Chinese Excel saves as CSV)", async () => {
    const bytes = gbk("姓名,手机,来源\r\n张三,13800138000,展厅\r\n李四,13900139000,来电\r\n");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const t = await parseTable("名单.csv", bytes);
    expect(t.headers).toEqual(["姓名", "手机", "来源"]);
    expect(t.rows).toEqual([
      ["张三", "13800138000", "展厅"],
      ["李四", "13900139000", "来电"],
    ]);
  });

  it("decodes UTF-16 with a BOM", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("姓名\t手机", "utf16le")]);
    expect(decodeText(utf16)).toBe("姓名\t手机");
    expect(fileKind("a.csv", utf16)).toBe("csv");
  });
});

describe("cellText", () => {
  it.each([
    [null, ""],
    [13800138000, "13800138000"],
    [1.5, "1.5"],
    [1e21, "1000000000000000000000"],
    [new Date(Date.UTC(2026, 0, 2, 9, 30)), "2026-01-02 09:30"],
    [{ formula: "A1", result: { error: "#N/A" } }, "#N/A"],
    [{ sharedFormula: "B2" }, ""],
    [{ text: { richText: [{ text: "a" }, { text: "b" }] }, hyperlink: "x" }, "ab"],
    ["  spaced  ", "spaced"],
  ])("%j → %j", (value, text) => {
    expect(cellText(value)).toBe(text);
  });
});

describe("suggestMapping", () => {
  it("maps Chinese headers", () => {
    expect(
      suggestMapping([
        "序号",
        "客户姓名",
        "手机号码",
        "线索来源",
        "意向车型",
        "预算(万元)",
        "付款方式",
        "客户级别",
        "预计购车时间",
        "颜色",
        "备注",
        "销售顾问",
      ]),
    ).toEqual({
      name: "客户姓名",
      phone: "手机号码",
      source: "线索来源",
      intendedModel: "意向车型",
      budget: "预算(万元)",
      paymentMethod: "付款方式",
      level: "客户级别",
      expectedPurchaseDate: "预计购车时间",
      colour: "颜色",
      focusPoints: "备注",
      owner: "销售顾问",
    });
  });

  it("maps English headers, case and spacing aside", () => {
    expect(
      suggestMapping([
        "Name",
        "Mobile",
        "Source",
        "Model",
        "Budget",
        "Level",
        "Date",
        "Colour",
        "Note",
        "Owner",
      ]),
    ).toEqual({
      name: "Name",
      phone: "Mobile",
      source: "Source",
      intendedModel: "Model",
      budget: "Budget",
      level: "Level",
      expectedPurchaseDate: "Date",
      colour: "Colour",
      focusPoints: "Note",
      owner: "Owner",
    });
  });

  it("prefers exact names, uses each header once and leaves unknown ones out", () => {
    expect(suggestMapping(["电话", "手机", "姓名", "顾问姓名", "车型", "微信"])).toEqual({
      phone: "电话",
      name: "姓名",
      owner: "顾问姓名",
      intendedModel: "车型",
    });
    expect(suggestMapping(["a", "b"])).toEqual({});
  });
});

describe("resolveMapping", () => {
  const headers = ["姓名", "手机", "预算（万）", "姓名"];
  it("finds the columns (the first of a repeated header) and the 万 unit", () => {
    expect(resolveMapping(headers, { name: "姓名", phone: "手机", budget: "预算（万）" })).toEqual({
      columns: { name: 0, phone: 1, budget: 2 },
      budgetInWan: true,
    });
  });
  it("refuses a mapping without phone or name, or naming absent columns", () => {
    const err = (m: Mapping) => {
      try {
        resolveMapping(headers, m);
      } catch (e) {
        return [(e as AppError).code, (e as AppError).status];
      }
      return null;
    };
    expect(err({ name: "姓名" })).toEqual(["mapping_incomplete", 422]);
    expect(err({ phone: "手机" })).toEqual(["mapping_incomplete", 422]);
    expect(err({ name: "姓名", phone: "电话" })).toEqual(["mapping_invalid", 422]);
  });
});

describe("value parsers", () => {
  it.each([
    ["展厅", "walk_in"],
    ["到店", "walk_in"],
    ["来电", "phone"],
    ["电话", "phone"],
    ["网络", "online"],
    ["线上", "online"],
    ["汽车之家", "online"],
    ["懂车帝APP", "online"],
    ["易车", "online"],
    ["转介绍", "referral"],
    ["活动", "event"],
    ["2026广州车展", "event"],
    ["大客户", "key_account"],
    ["walk_in", "walk_in"],
    ["Walk-in", "walk_in"],
    ["KEY_ACCOUNT", "key_account"],
    ["online", "online"],
    ["随便", null],
  ])("source %s → %s", (value, source) => {
    expect(parseSource(value)).toBe(source);
  });

  it.each([
    ["全款", "cash"],
    ["现金", "cash"],
    ["贷款", "loan"],
    ["分期", "loan"],
    ["租赁", "lease"],
    ["loan", "loan"],
    ["赊账", null],
  ])("payment %s → %s", (value, method) => {
    expect(parsePayment(value)).toBe(method);
  });

  it.each([
    ["15万", false, 15_000_000],
    ["15.5万元", false, 15_500_000],
    ["150000", false, 15_000_000],
    ["150,000元", false, 15_000_000],
    ["¥ 88000.50", false, 8_800_050],
    ["10-15万", false, 15_000_000],
    ["15", true, 15_000_000],
    ["十五万", false, null],
    ["-5", false, null],
  ] as const)("budget %s (万 header: %s) → %s fen", (value, inWan, fen) => {
    expect(parseBudgetFen(value, inWan)).toBe(fen);
  });

  it.each([
    ["2026-12-01", "2026-12-01"],
    ["2026/1/5", "2026-01-05"],
    ["2026.1.5", "2026-01-05"],
    ["2026年1月5日", "2026-01-05"],
    ["2026-01-05 10:30", "2026-01-05"],
    ["2027-02", "2027-02-01"],
    ["3个月内", "2027-02-24"],
    ["2周内", "2026-12-08"],
    ["10天内", "2026-12-04"],
    ["1年内", "2027-11-24"],
    ["2026-02-30", null],
    ["尽快", null],
  ])("purchase date %s → %s", (value, date) => {
    expect(parsePurchaseDate(value, "2026-11-24")).toBe(date);
  });

  it("a month ahead of the 31st is the month's last day", () => {
    expect(parsePurchaseDate("1个月内", "2027-01-31")).toBe("2027-02-28");
  });
});

describe("validateRow", () => {
  const headers = [
    "姓名",
    "手机",
    "来源",
    "级别",
    "预算",
    "付款方式",
    "预计购车时间",
    "颜色",
    "备注",
    "顾问",
  ];
  const mapping = resolveMapping(headers, suggestMapping(headers));
  const ctx: RowContext = {
    today: "2026-11-24",
    resolveOwner: (name) =>
      name === "小王" ? { id: 7 } : { reason: `顾问不存在 / no such consultant in this store: ${name}` },
  };
  const row = (over: Partial<Record<string, string>>) => headers.map((h) => over[h] ?? "");

  it("builds the lead input with defaults (level N, source online)", () => {
    expect(validateRow(row({ 姓名: "张三", 手机: "+86 138-0013-8000" }), mapping, ctx)).toEqual({
      ok: true,
      input: { name: "张三", phone: "13800138000", source: "online", level: "N" },
    });
  });

  it("reads every optional field", () => {
    const r = validateRow(
      row({
        姓名: "李四",
        手机: "13900139000",
        来源: "展厅",
        级别: "a级",
        预算: "20万",
        付款方式: "贷款",
        预计购车时间: "2026-12-20",
        颜色: "白色",
        备注: "关注油耗",
        顾问: "小王",
      }),
      mapping,
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      input: {
        name: "李四",
        phone: "13900139000",
        source: "walk_in",
        level: "A",
        budgetFen: 20_000_000,
        paymentMethod: "loan",
        expectedPurchaseDate: "2026-12-20",
        colour: "白色",
        focusPoints: "关注油耗",
        ownerId: 7,
      },
    });
  });

  it.each([
    [{ 手机: "13800138000" }, "姓名为空 / name is missing"],
    [{ 姓名: "张三" }, "手机号为空 / mobile number is missing"],
    [{ 姓名: "张三", 手机: "12345" }, "手机号无效 / invalid mobile number: 12345"],
    [{ 姓名: "张三", 手机: "13800138000", 来源: "路过" }, "来源无法识别 / unknown source: 路过"],
    [
      { 姓名: "张三", 手机: "13800138000", 级别: "O" },
      "级别只能是 N C B A H / level must be N, C, B, A or H: O",
    ],
    [{ 姓名: "张三", 手机: "13800138000", 预算: "很多" }, "预算无效 / invalid budget: 很多"],
    [
      { 姓名: "张三", 手机: "13800138000", 付款方式: "赊账" },
      "付款方式无法识别（全款/贷款/租赁）/ unknown payment method: 赊账",
    ],
    [
      { 姓名: "张三", 手机: "13800138000", 预计购车时间: "尽快" },
      "预计购车时间无效 / invalid expected purchase date: 尽快",
    ],
    [
      { 姓名: "张三", 手机: "13800138000", 顾问: "老李" },
      "顾问不存在 / no such consultant in this store: 老李",
    ],
    [{ 姓名: "张".repeat(51), 手机: "13800138000" }, "姓名 / name 超过 50 字 / longer than 50 characters"],
  ])("refuses %j", (over, reason) => {
    expect(validateRow(row(over), mapping, ctx)).toEqual({ ok: false, reason });
  });
});
