/**
 * Arrivals by .xlsx: the header and value readers, then the import through the API — all rows or none,
 * every problem reported by its row number, and nothing written on any refusal.
 */
import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import { headerField, MAX_ROWS, parseLocalDateTime, parseStatus, parseYuan } from "./import.ts";
import { badCheckDigit, kit, NOW, vin } from "./test-kit.ts";

describe("reading the values of a row", () => {
  it.each<[string, number | null]>([
    ["158000", 15_800_000],
    ["158,000.00", 15_800_000],
    ["¥158000.5", 15_800_050],
    ["158000.05元", 15_800_005],
    [" 1 580 000 ", 158_000_000],
    ["15.8万", 15_800_000],
    ["15.81234万", 15_812_340],
    ["12万", 12_000_000],
    ["０.０１", 1],
    ["158000.123", null],
    ["-158000", null],
    ["1e5", null],
    ["十五万", null],
    ["abc", null],
    ["", null],
  ])("yuan %j is %s fen", (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each<[string, { date: string; time: string | null } | null]>([
    ["2026-11-01", { date: "2026-11-01", time: null }],
    ["2026/11/1", { date: "2026-11-01", time: null }],
    ["2026.1.5", { date: "2026-01-05", time: null }],
    ["2026年11月1日", { date: "2026-11-01", time: null }],
    ["2026-11-01 09:30", { date: "2026-11-01", time: "09:30" }],
    ["2026-11-01T18:05:00", { date: "2026-11-01", time: "18:05" }],
    ["2026-02-30", null],
    ["2026-11-01 24:00", null],
    ["11/01/2026", null],
    ["昨天", null],
  ])("date %j", (text, parsed) => {
    expect(parseLocalDateTime(text)).toEqual(parsed);
  });

  it.each([
    ["", "in_stock"],
    ["在库", "in_stock"],
    ["在途", "in_transit"],
    ["试驾车", "demo"],
    ["展车", "demo"],
    ["In Transit", "in_transit"],
    ["in_stock", "in_stock"],
    ["已售", null],
    ["reserved", null],
  ])("status %j is %s", (text, status) => {
    expect(parseStatus(text)).toBe(status);
  });

  it.each([
    ["车架号", "vin"],
    ["车架号/VIN", "vin"],
    ["VIN", "vin"],
    ["采购成本(元)", "costFen"],
    ["采购成本（元）", "costFen"],
    ["Cost (yuan)", "costFen"],
    ["指导价(元)", "listPriceFen"],
    ["到店日期", "arrivedAt"],
    ["Arrival date", "arrivedAt"],
    ["颜色", "colour"],
    ["Color", "colour"],
    ["选装包", "optionPackage"],
    ["配置", "trim"],
    ["车型", "model"],
    ["状态", "status"],
    ["备注", undefined],
  ])("header %j is %s", (header, field) => {
    expect(headerField(header)).toBe(field);
  });
});

let ctx: TestContext;
let store: number;
let store2: number;
let manager: TestUser;
let admin: TestUser;
const { send, ok, car } = kit(() => ctx);

beforeAll(async () => {
  ctx = await testApp(NOW);
  store = await ctx.store();
  store2 = await ctx.store();
  manager = await ctx.user("sales_manager", store);
  admin = await ctx.user("admin", null);
});

const HEAD = [
  "车架号/VIN",
  "车型",
  "配置",
  "颜色",
  "选装包",
  "采购成本(元)",
  "指导价(元)",
  "到店日期",
  "状态",
];

async function workbook(rows: unknown[][], opts: { title?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("库存");
  if (opts.title) ws.addRow([opts.title]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer };
function multipart(parts: Part[]) {
  const boundary = `----stock${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const file = "filename" in p;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file ? `; filename="${p.filename}"` : ""}\r\n` +
          (file ? "Content-Type: application/octet-stream\r\n" : "") +
          "\r\n",
      ),
    );
    chunks.push(file ? p.content : Buffer.from(p.value));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}
const upload = (
  u: TestUser,
  content: Buffer,
  filename = "到店.xlsx",
  fields: Record<string, string> = {},
) => {
  const body = multipart([
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    { name: "file", filename, content },
  ]);
  return ctx.req(u, { method: "POST", url: "/api/v1/vehicles/import", ...body });
};

const TABLES = ["stock_vehicles", "audit_log"];
const snapshot = async () => Promise.all(TABLES.map((t) => ctx.count(t)));

describe("importing arrivals", () => {
  it("creates every car of a Chinese delivery note, title row, Excel dates and all", async () => {
    const vins = [vin(), vin(), vin(), vin()];
    const file = await workbook(
      [
        HEAD,
        [
          vins[0],
          "途观L",
          "330TSI 豪华版",
          "白色",
          "驾驶辅助包",
          180000,
          "215,000.00",
          new Date(Date.UTC(2026, 10, 1)),
          "在库",
        ],
        [vins[1], "途观L", "", "黑色", "", "18万", "", "2026/11/20 09:30", ""],
        [vins[2], "帕萨特", "", "灰色", "", "160000.5", 199000, "", "在途"],
        [vins[3], "帕萨特", "", "白色", "", 150000, "", "2026年8月1日", "试驾车"],
      ],
      { title: "一汽-大众 到货通知单 2026-11" },
    );
    const audits = await ctx.count("audit_log", "action = 'import'");
    const res = await upload(manager, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ created: 4, failed: 0, errors: [] });
    expect(await ctx.count("audit_log", "action = 'import'")).toBe(audits + 4);

    const list = await ok(manager, "GET", "/vehicles?sort=vin&pageSize=50");
    const byVin = new Map(list.items.map((c: { vin: string }) => [c.vin, c]));
    expect(byVin.get(vins[0])).toMatchObject({
      model: "途观L",
      trim: "330TSI 豪华版",
      colour: "白色",
      optionPackage: "驾驶辅助包",
      costFen: 18_000_000,
      listPriceFen: 21_500_000,
      status: "in_stock",
      // 2026-11-01 00:00 in Shanghai
      arrivedAt: "2026-10-31T16:00:00.000Z",
      ageDays: 23,
    });
    expect(byVin.get(vins[1])).toMatchObject({
      trim: null,
      optionPackage: null,
      costFen: 18_000_000,
      listPriceFen: null,
      arrivedAt: "2026-11-20T01:30:00.000Z",
      ageDays: 4,
    });
    expect(byVin.get(vins[2])).toMatchObject({ status: "in_transit", arrivedAt: null, costFen: 16_000_050 });
    expect(byVin.get(vins[3])).toMatchObject({ status: "demo", ageDays: 115, ageBucket: "90+" });
  });

  it("reads English headers", async () => {
    const v = vin();
    const file = await workbook([
      ["VIN", "Model", "Colour", "Cost (yuan)", "Arrival date", "Status", "Incentive"],
      [v, "Golf", "Red", 120000, "2026-11-23", "in stock", 2000],
    ]);
    const res = await upload(manager, file, "arrivals.XLSX");
    expect(res.statusCode, res.body).toBe(201);
    expect(await ok(manager, "GET", `/vehicles?q=${v}`)).toMatchObject({
      items: [
        { vin: v, model: "Golf", colour: "Red", costFen: 12_000_000, incentiveFen: 200_000, ageDays: 1 },
      ],
    });
  });

  it("writes nothing when any row fails, and names every problem by its row", async () => {
    const existing = await car(manager);
    const dup = vin();
    const file = await workbook([
      HEAD,
      [vin(), "途观L", "", "白色", "", 180000, "", "2026-11-01", ""], // row 2: fine
      [badCheckDigit(vin()), "途观L", "", "白色", "", 180000, "", "2026-11-01", ""], // 3
      ["LSV123", "", "", "", "", "abc", "", "2026-02-30", ""], // 4
      [dup, "途观L", "", "白色", "", 180000, "", "2026-11-01", ""], // 5
      [dup, "途观L", "", "白色", "", 180000, "", "2026-11-01", ""], // 6
      [existing.vin, "途观L", "", "白色", "", 180000, "", "2026-11-01", ""], // 7
      [vin(), "途观L", "", "白色", "", 180000, "", "2026-11-25", ""], // 8: tomorrow
      [vin(), "途观L", "", "白色", "", 180000, "", "", "在库"], // 9: no arrival
      [vin(), "途观L", "", "白色", "", 180000, "", "2026-11-01", "在途"], // 10
      [vin(), "途观L", "", "白色", "", 180000, "", "2026-11-01", "已售"], // 11
      [vin(), "途观L", "", "白色", "", "200,000,000.00", "", "2026-11-01", ""], // 12: 2亿元
      [vin(), "途观L", "", "白色", "", 0, "", "2026-11-01", ""], // 13
      [vin(), "途观L", "", "长".repeat(31), "", 1, "", "1999-12-31", ""], // 14
    ]);
    const before = await snapshot();
    const res = await upload(manager, file);
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe("rows_invalid");
    expect(error.details.created).toBe(0);
    expect(error.details.failed).toBe(11);
    const rows = error.details.errors.map((e: { row: number }) => e.row);
    expect([...new Set(rows)]).toEqual([3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const reasons = (row: number) =>
      error.details.errors
        .filter((e: { row: number }) => e.row === row)
        .map((e: { reason: string }) => e.reason);
    expect(reasons(3).join()).toContain("校验位");
    expect(reasons(4)).toHaveLength(5); // VIN, model, colour, cost, date
    expect(reasons(6).join()).toContain("第 5 行");
    expect(reasons(7).join()).toContain("already in stock");
    expect(reasons(8).join()).toContain("future");
    expect(reasons(9).join()).toContain("empty");
    expect(reasons(10).join()).toContain("in transit");
    expect(reasons(11).join()).toContain("unknown status");
    expect(reasons(12).join()).toContain("100 million");
    expect(reasons(13).join()).toContain("may not be 0");
    expect(reasons(14)).toHaveLength(2);
    expect(await snapshot()).toEqual(before);
  });

  it("accepts wrong check digits where the store allows them, flagged", async () => {
    const s = await ctx.store();
    const m = await ctx.user("sales_manager", s);
    await ok(admin, "PATCH", `/stores/${s}`, { vinCheckDigitWarnOnly: true });
    const bad = badCheckDigit(vin());
    const res = await upload(
      m,
      await workbook([HEAD, [bad, "途观L", "", "白色", "", 1, "", "2026-11-01", ""]]),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect((await ok(m, "GET", "/vehicles")).items[0]).toMatchObject({ vin: bad, vinCheckWarning: true });
  });

  it("the group admin names the store in a form field", async () => {
    const v = vin();
    const file = await workbook([HEAD, [v, "途观L", "", "白色", "", 1, "", "2026-11-01", ""]]);
    expect((await upload(admin, file)).json().error.code).toBe("store_required");
    expect((await upload(admin, file, "a.xlsx", { storeId: String(store2) })).statusCode).toBe(201);
    expect((await ok(admin, "GET", `/vehicles?q=${v}`)).items[0].storeId).toBe(store2);
  });

  it("refuses a file that is not a stock sheet, and writes nothing", async () => {
    const good = await workbook([HEAD, [vin(), "途观L", "", "白色", "", 1, "", "2026-11-01", ""]]);
    const manyRows = await workbook([
      HEAD,
      ...Array.from({ length: MAX_ROWS + 1 }, () => [
        vin(),
        "途观L",
        "",
        "白色",
        "",
        1,
        "",
        "2026-11-01",
        "",
      ]),
    ]);
    const consultant = await ctx.user("consultant", store);
    const reception = await ctx.user("reception", store);
    const cases: [string, () => ReturnType<typeof upload>, number, string][] = [
      ["a CSV", () => upload(manager, Buffer.from("车架号,车型\n")), 400, "unsupported_file"],
      [
        "a CSV named .xlsx",
        () => upload(manager, Buffer.from("车架号,车型\n"), "x.xlsx"),
        400,
        "unsupported_file",
      ],
      ["an old .xls", () => upload(manager, good, "x.xls"), 400, "unsupported_file"],
      [
        "a broken workbook",
        () => upload(manager, Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(100, 1)]), "x.xlsx"),
        400,
        "unsupported_file",
      ],
      ["an empty workbook", async () => upload(manager, await workbook([])), 400, "empty_file"],
      ["headers only", async () => upload(manager, await workbook([HEAD])), 400, "empty_file"],
      [
        "no cost column",
        async () =>
          upload(
            manager,
            await workbook([
              ["车架号", "车型", "颜色"],
              [vin(), "途观L", "白色"],
            ]),
          ),
        400,
        "missing_columns",
      ],
      ["too many rows", () => upload(manager, manyRows), 422, "too_many_rows"],
      [
        "no file part",
        () =>
          ctx.req(manager, {
            method: "POST",
            url: "/api/v1/vehicles/import",
            ...multipart([{ name: "x", value: "1" }]),
          }),
        400,
        "validation_failed",
      ],
      [
        "an unknown form field",
        () => upload(manager, good, "a.xlsx", { mapping: "{}" }),
        400,
        "validation_failed",
      ],
      [
        "JSON instead of a file",
        () => send(manager, "POST", "/vehicles/import", { rows: [] }),
        400,
        "multipart_required",
      ],
      ["another store", () => upload(manager, good, "a.xlsx", { storeId: String(store2) }), 404, "not_found"],
      ["a consultant", () => upload(consultant, good), 403, "forbidden"],
      ["reception", () => upload(reception, good), 403, "forbidden"],
    ];
    for (const [what, call, status, code] of cases) {
      const before = await snapshot();
      const res = await call();
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      expect(res.json().error.code, what).toBe(code);
      expect(await snapshot(), what).toEqual(before);
    }
  });

  it("two imports of the same file at once: one creates the cars, the other creates none", async () => {
    const file = await workbook([
      HEAD,
      ...Array.from({ length: 20 }, () => [vin(), "途观L", "", "白色", "", 1, "", "2026-11-01", ""]),
    ]);
    const before = await ctx.count("stock_vehicles");
    const results = await Promise.all([upload(manager, file), upload(manager, file)]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(201);
    // the loser either saw the winner's cars (422, each VIN already in stock) or lost the race (409)
    expect([409, 422]).toContain(codes[1]);
    expect(await ctx.count("stock_vehicles")).toBe(before + 20);
  });
});
