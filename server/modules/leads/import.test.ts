/** Lead import and export end to end through the HTTP API, against a real database. */
import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestContext, type TestUser, testApp } from "../../../tests/support/app.ts";
import type { Db } from "../../db/index.ts";
import type { Actor } from "../../platform/access.ts";
import { MAX_ERROR_ROWS, startImport } from "./import.ts";

let ctx: TestContext;
let storeId: number;
let otherStore: number;
let emptyStore: number;
let gm: TestUser;
let manager: TestUser;
let reception: TestUser;
let c1: TestUser;
let c2: TestUser;
let admin: TestUser;
let otherGm: TestUser;
let emptyReception: TestUser;

// 2026-11-24 10:00 in Shanghai; the process runs in UTC
const NOW = "2026-11-24T02:00:00Z";

beforeAll(async () => {
  ctx = await testApp(NOW);
  storeId = await ctx.store("一号店");
  otherStore = await ctx.store("二号店");
  emptyStore = await ctx.store("三号店");
  gm = await ctx.user("gm", storeId);
  manager = await ctx.user("sales_manager", storeId, { displayName: "周经理" });
  reception = await ctx.user("reception", storeId, { displayName: "前台小林" });
  c1 = await ctx.user("consultant", storeId, { displayName: "张顾问" });
  c2 = await ctx.user("consultant", storeId, { displayName: "李顾问" });
  admin = await ctx.user("admin", null);
  otherGm = await ctx.user("gm", otherStore);
  emptyReception = await ctx.user("reception", emptyStore);
});

type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer };

function multipart(parts: Part[]) {
  const boundary = `----vitest${randomBytes(8).toString("hex")}`;
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

function upload(
  u: TestUser,
  url: string,
  filename: string,
  content: Buffer,
  fields: Record<string, string> = {},
) {
  const body = multipart([
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    { name: "file", filename, content },
  ]);
  return ctx.req(u, { method: "POST", url: `/api/v1${url}`, payload: body.payload, headers: body.headers });
}
const get = (u: TestUser, url: string) => ctx.req(u, { method: "GET", url: `/api/v1${url}` });

async function sheet(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("名单");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => {
    out.push(
      Array.from(row.values as unknown[])
        .slice(1)
        .map((v) => (v === null || v === undefined ? "" : String(v))),
    );
  });
  return out;
}

interface ImportOut {
  id: number;
  status: string;
  duplicateOf: number | null;
  total: number;
  processed: number;
  created: number;
  merged: number;
  failed: number;
  finishedAt: string | null;
}

async function importAndWait(
  u: TestUser,
  filename: string,
  content: Buffer,
  fields: Record<string, string> = {},
) {
  const res = await upload(u, "/leads/import", filename, content, fields);
  expect(res.statusCode, res.body).toBe(202);
  const { importId } = res.json() as { importId: number };
  for (let i = 0; i < 200; i++) {
    const r = await get(u, `/imports/${importId}`);
    expect(r.statusCode, r.body).toBe(200);
    const imp = r.json() as ImportOut;
    if (imp.status === "done" || imp.status === "failed") return imp;
    await new Promise((ok) => setTimeout(ok, 25));
  }
  throw new Error("import did not finish");
}

const HEADERS = ["客户姓名", "手机", "来源", "意向车型", "预算", "级别", "销售顾问"];
/** phones 1380000xxxx are new; 13900000001 has an open lead made at reception before the import */
const ROWS: unknown[][] = [
  ["客户一", 13800000001, "展厅", "凯美瑞", "", "", ""],
  ["客户二", "13800000002", "汽车之家", "", "20万", "B", ""],
  ["客户三", "138 0000 0003", "", "", "", "", ""],
  ["客户四", "13800000004", "来电", "", "", "", ""],
  ["客户五", "13800000005", "车展", "", "", "", ""],
  ["客户六", "13800000006", "转介绍", "", "", "", ""],
  ["老客户", "13900000001", "网络", "雅阁", "", "", ""],
  ["客户一", "13800000001", "展厅", "卡罗拉", "15万", "", ""],
  ["指定客户", "13800000007", "大客户", "", "", "H", "李顾问"],
  ["坏号码", "12345", "展厅", "", "", "", ""],
  ["", "13800000008", "展厅", "", "", "", ""],
  ["前台的客户", "13800000009", "展厅", "", "", "", "前台小林"],
  ["来源不明", "13800000010", "路过", "", "", "", ""],
];

describe("importing a lead list", () => {
  let first: ImportOut;
  let existingLeadId: number;
  let file: Buffer;

  beforeAll(async () => {
    const res = await ctx.req(reception, {
      method: "POST",
      url: "/api/v1/leads",
      payload: { name: "老客户", phone: "13900000001", source: "walk_in" },
    });
    expect(res.statusCode, res.body).toBe(201);
    existingLeadId = res.json().lead.id;
    file = await sheet([HEADERS, ...ROWS]);
    first = await importAndWait(reception, "车展名单.xlsx", file);
  });

  it("previews headers, the first rows and a suggested mapping", async () => {
    const many = await sheet([HEADERS, ...ROWS, ...ROWS]);
    const res = await upload(reception, "/leads/import/preview", "名单.xlsx", many);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.headers).toEqual(HEADERS);
    expect(p.sampleRows).toHaveLength(10);
    expect(p.sampleRows[0]).toEqual(["客户一", "13800000001", "展厅", "凯美瑞", "", "", ""]);
    expect(p.suggestedMapping).toEqual({
      name: "客户姓名",
      phone: "手机",
      source: "来源",
      intendedModel: "意向车型",
      budget: "预算",
      level: "级别",
      owner: "销售顾问",
    });
  });

  it("runs to done with the right counts", () => {
    expect(first).toMatchObject({
      status: "done",
      duplicateOf: null,
      total: 13,
      processed: 13,
      created: 7,
      merged: 2,
      failed: 4,
    });
    expect(first.finishedAt).toBe("2026-11-24T02:00:00.000Z");
  });

  it("creates leads and customers, owners by the file or in turn, due by the N rule from the import time", async () => {
    const rows = await ctx.pool.query(
      `SELECT phone, name, owner_id, level, source, intended_model, budget_fen, due_at, created_at, in_pool
       FROM leads WHERE store_id = $1 AND phone LIKE '13800%' ORDER BY phone`,
      [storeId],
    );
    expect(rows.rows.map((r) => r.phone)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `1380000000${i}`));
    const byPhone = Object.fromEntries(rows.rows.map((r) => [r.phone, r]));
    // the later row of the same phone filled what the first did not know (budget), not the model
    expect(byPhone["13800000001"]).toMatchObject({
      intended_model: "凯美瑞",
      budget_fen: 15_000_000,
      source: "walk_in",
    });
    expect(byPhone["13800000002"]).toMatchObject({ level: "B", budget_fen: 20_000_000, source: "online" });
    expect(byPhone["13800000003"]).toMatchObject({ source: "online", level: "N" });
    expect(byPhone["13800000006"]).toMatchObject({ source: "referral" });
    expect(byPhone["13800000007"]).toMatchObject({ owner_id: c2.id, level: "H", source: "key_account" });
    // N: received 10:00 Shanghai → due 18:00 the same day
    expect(byPhone["13800000003"].due_at.toISOString()).toBe("2026-11-24T10:00:00.000Z");
    expect(byPhone["13800000003"].created_at.toISOString()).toBe(NOW.replace("Z", ".000Z"));
    // six round-robin leads between two consultants on duty: three each, alternating
    const turns = [1, 2, 3, 4, 5, 6].map((i) => byPhone[`1380000000${i}`].owner_id);
    expect(turns.filter((o) => o === c1.id)).toHaveLength(3);
    expect(turns.filter((o) => o === c2.id)).toHaveLength(3);
    expect(turns[0]).not.toBe(turns[1]);
    expect(turns[0]).toBe(turns[2]);
    expect(await ctx.count("customers", `store_id = ${storeId} AND phone LIKE '13800%'`)).toBe(7);
    expect(await ctx.count("lead_owners", `store_id = ${storeId} AND reason = 'import'`)).toBe(7);
    expect(
      await ctx.count(
        "lead_events",
        `store_id = ${storeId} AND kind = 'created' AND data->>'via' = 'import'`,
      ),
    ).toBe(7);
    expect(await ctx.count("audit_log", `action = 'import_batch' AND entity_id = '${first.id}'`)).toBe(1);
  });

  it("continues the rotation where the import stopped", async () => {
    // reception's lead before the import went to c1; the import's turns went c2, c1, … c1
    const res = await ctx.req(reception, {
      method: "POST",
      url: "/api/v1/leads",
      payload: { name: "下一位", phone: "13700000001", source: "walk_in" },
    });
    expect(res.json().lead.ownerId).toBe(c2.id);
  });

  it("merges a row into the open lead of its phone and logs it", async () => {
    const res = await get(gm, `/leads/${existingLeadId}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.lead.intendedModel).toBe("雅阁");
    expect(d.lead.source).toBe("walk_in");
    const merged = d.events.filter((e: { kind: string }) => e.kind === "merged");
    expect(merged).toHaveLength(1);
    expect(merged[0].data).toMatchObject({ via: "import", importId: first.id, filled: ["intendedModel"] });
    expect(merged[0].actorId).toBe(reception.id);
    expect(await ctx.count("leads", `store_id = ${storeId} AND phone = '13900000001'`)).toBe(1);
  });

  it("reports the failed rows in errors.xlsx with their row number, values and reason", async () => {
    const res = await get(reception, `/imports/${first.id}/errors.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(["行号 / row", ...HEADERS, "失败原因 / reason"]);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[8]])).toEqual([
      ["11", "12345", "手机号无效 / invalid mobile number: 12345"],
      ["12", "13800000008", "姓名为空 / name is missing"],
      [
        "13",
        "13800000009",
        "该用户不能负责潜客（仅限在职的销售顾问或销售经理）/ not an enabled consultant or sales manager: 前台小林",
      ],
      ["14", "13800000010", "来源无法识别 / unknown source: 路过"],
    ]);
    expect(await ctx.count("leads", `phone IN ('13800000008','13800000009','13800000010')`)).toBe(0);
  });

  it("re-importing the same file creates nothing and points at the first import", async () => {
    const leadsBefore = await ctx.count("leads");
    const customersBefore = await ctx.count("customers");
    const again = await importAndWait(gm, "车展名单(1).xlsx", file);
    expect(again).toMatchObject({ status: "done", duplicateOf: first.id, created: 0, merged: 9, failed: 4 });
    expect(await ctx.count("leads")).toBe(leadsBefore);
    expect(await ctx.count("customers")).toBe(customersBefore);
  });

  it("lists the store's imports, newest first", async () => {
    const res = await get(manager, "/imports");
    expect(res.statusCode).toBe(200);
    const items = res.json().items as ImportOut[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.at(-1)!.id).toBe(first.id);
    expect(items.every((i) => (i as unknown as { storeId: number }).storeId === storeId)).toBe(true);
  });

  it("is for the roles of lead.import, and only in their own store", async () => {
    expect((await upload(c1, "/leads/import", "a.xlsx", file)).statusCode).toBe(403);
    expect((await upload(c1, "/leads/import/preview", "a.xlsx", file)).statusCode).toBe(403);
    expect((await get(c1, "/imports")).statusCode).toBe(403);
    expect((await get(c1, `/imports/${first.id}`)).statusCode).toBe(403);
    expect((await get(otherGm, `/imports/${first.id}`)).statusCode).toBe(404);
    expect((await get(otherGm, `/imports/${first.id}/errors.xlsx`)).statusCode).toBe(404);
    expect((await get(otherGm, "/imports")).json().items).toEqual([]);
    expect((await get(gm, "/imports/999999")).statusCode).toBe(404);
    expect((await get(admin, `/imports/${first.id}`)).statusCode).toBe(200);
  });
});

describe("files and mappings that are refused", () => {
  async function refused(
    res: { statusCode: number; json: () => { error: { code: string } } },
    status: number,
    code: string,
  ) {
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  }

  it("writes nothing for a wrong extension, an empty file, garbage named .xlsx, or a file without a phone column", async () => {
    const imports = await ctx.count("lead_imports");
    const leads = await ctx.count("leads");
    const good = await sheet([
      ["姓名", "手机"],
      ["甲", "13600000001"],
    ]);
    await refused(await upload(reception, "/leads/import", "名单.txt", good), 400, "unsupported_file");
    await refused(await upload(reception, "/leads/import", "名单.xls", good), 400, "unsupported_file");
    await refused(await upload(reception, "/leads/import", "名单.csv", Buffer.alloc(0)), 400, "empty_file");
    await refused(await upload(reception, "/leads/import", "名单.xlsx", Buffer.alloc(0)), 400, "empty_file");
    await refused(
      await upload(reception, "/leads/import", "名单.xlsx", randomBytes(4096)),
      400,
      "unsupported_file",
    );
    await refused(
      await upload(
        reception,
        "/leads/import",
        "名单.xlsx",
        Buffer.concat([Buffer.from("PK\x03\x04"), randomBytes(500)]),
      ),
      400,
      "unsupported_file",
    );
    await refused(
      await upload(reception, "/leads/import", "名单.csv", await sheet([["a"]])),
      400,
      "unsupported_file",
    );
    await refused(
      await upload(
        reception,
        "/leads/import",
        "名单.xlsx",
        await sheet([
          ["姓名", "微信"],
          ["甲", "wx1"],
        ]),
      ),
      422,
      "mapping_incomplete",
    );
    await refused(
      await upload(reception, "/leads/import/preview", "名单.txt", good),
      400,
      "unsupported_file",
    );
    await refused(
      await upload(reception, "/leads/import", "名单.xlsx", good, {
        mapping: '{"name":"姓名","phone":"电话"}',
      }),
      422,
      "mapping_invalid",
    );
    await refused(
      await upload(reception, "/leads/import", "名单.xlsx", good, {
        mapping: '{"name":"姓名","mobile":"手机"}',
      }),
      400,
      "validation_failed",
    );
    await refused(
      await upload(reception, "/leads/import", "名单.xlsx", good, { mapping: "{not json" }),
      400,
      "validation_failed",
    );
    const noFile = multipart([{ name: "mapping", value: "{}" }]);
    await refused(
      await ctx.req(reception, {
        method: "POST",
        url: "/api/v1/leads/import",
        payload: noFile.payload,
        headers: noFile.headers,
      }),
      400,
      "validation_failed",
    );
    await refused(
      await ctx.req(reception, { method: "POST", url: "/api/v1/leads/import", payload: { file: "x" } }),
      400,
      "multipart_required",
    );
    expect(await ctx.count("lead_imports")).toBe(imports);
    expect(await ctx.count("leads")).toBe(leads);
  });

  it("the group admin names the store", async () => {
    const good = await sheet([
      ["姓名", "手机"],
      ["甲", "13600000002"],
    ]);
    await refused(await upload(admin, "/leads/import", "名单.xlsx", good), 400, "store_required");
    const imp = await importAndWait(admin, "名单.xlsx", good, { storeId: String(otherStore) });
    expect(imp).toMatchObject({ status: "done", created: 1 });
    expect(await ctx.count("leads", `store_id = ${otherStore} AND phone = '13600000002'`)).toBe(1);
    // another store's user naming a store is refused like any object out of reach
    await refused(
      await upload(reception, "/leads/import", "名单.xlsx", good, { storeId: String(otherStore) }),
      404,
      "not_found",
    );
  });
});

describe("csv with a mapping, and a store without consultants", () => {
  it("imports a UTF-8 csv by an explicit mapping; leads go to the pool when nobody is on duty", async () => {
    const csv = Buffer.from(
      "\uFEFF联络人,号码,渠道,附言\r\n钱七,13500000001,来电,想试驾\r\n孙八,13500000002,,\r\n",
      "utf8",
    );
    // `note` is another name of focusPoints; an empty header leaves a field unmapped
    const mapping = JSON.stringify({
      name: "联络人",
      phone: "号码",
      source: "渠道",
      note: "附言",
      owner: "",
    });
    const imp = await importAndWait(emptyReception, "pool.csv", csv, { mapping });
    expect(imp).toMatchObject({ status: "done", created: 2, merged: 0, failed: 0 });
    const rows = await ctx.pool.query(
      "SELECT source, owner_id, in_pool, focus_points FROM leads WHERE store_id = $1 ORDER BY phone",
      [emptyStore],
    );
    expect(rows.rows).toEqual([
      { source: "phone", owner_id: null, in_pool: true, focus_points: "想试驾" },
      { source: "online", owner_id: null, in_pool: true, focus_points: null },
    ]);
    expect(
      await ctx.count("lead_owners", `store_id = ${emptyStore} AND owner_id IS NULL AND reason = 'import'`),
    ).toBe(2);
  });
});

describe("exporting leads", () => {
  async function exported(u: TestUser, query = "") {
    const res = await get(u, `/leads/export.xlsx${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toContain(".xlsx");
    return readXlsx(res.rawPayload);
  }
  const HEAD = [
    "姓名",
    "手机",
    "级别",
    "状态",
    "来源",
    "意向车型",
    "预算(元)",
    "顾问",
    "下次跟进",
    "到期时间",
    "超期",
    "创建时间",
  ];

  it("gives a consultant only the own leads, with full phones", async () => {
    const rows = await exported(c1);
    expect(rows[0]).toEqual(HEAD);
    const own = await ctx.count("leads", `store_id = ${storeId} AND owner_id = ${c1.id}`);
    expect(rows.length - 1).toBe(own);
    expect(rows.slice(1).every((r) => r[7] === "张顾问" && /^1\d{10}$/.test(r[1]!))).toBe(true);
  });

  it("gives the gm every lead of the store with full phones, in the store's time", async () => {
    const rows = await exported(gm);
    expect(rows.length - 1).toBe(await ctx.count("leads", `store_id = ${storeId}`));
    const two = rows.find((r) => r[1] === "13800000002")!;
    expect(two).toEqual([
      "客户二",
      "13800000002",
      "B",
      "跟进中",
      "网络",
      "",
      "200000",
      two[7],
      "",
      "2026-12-01 18:00",
      "否",
      "2026-11-24 10:00",
    ]);
  });

  it("masks phones for a role that sees them masked (the group admin) and filters like the list", async () => {
    const rows = await exported(admin, "?level=H");
    expect(rows.slice(1)).toHaveLength(1);
    expect(rows[1]!.slice(0, 3)).toEqual(["指定客户", "138****0007", "H"]);
  });

  it("is refused to reception, and audited", async () => {
    const res = await get(reception, "/leads/export.xlsx");
    expect(res.statusCode).toBe(403);
    expect(
      await ctx.count("audit_log", `action = 'export' AND entity = 'lead' AND actor_id = ${gm.id}`),
    ).toBe(1);
    const a = await ctx.pool.query(`SELECT after FROM audit_log WHERE action = 'export' AND actor_id = $1`, [
      admin.id,
    ]);
    expect(a.rows[0].after).toEqual({ filter: { level: ["H"] }, rows: 1 });
  });
});

describe("the background work", () => {
  const actorOf = (u: TestUser): Actor => ({
    userId: u.id,
    username: u.username,
    displayName: u.username,
    role: u.role,
    storeId: u.storeId,
  });

  it("marks the import failed, with the reason as its last error row, when a batch fails", async () => {
    // the first transaction (recording the import) works, every later one (the batches) fails
    let calls = 0;
    const broken = new Proxy(ctx.db, {
      get(target, prop, receiver) {
        if (prop === "transaction") {
          return (...args: Parameters<Db["transaction"]>) =>
            ++calls === 1 ? target.transaction(...args) : Promise.reject(new Error("connection lost"));
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    const failures: unknown[] = [];
    const csv = Buffer.from("姓名,手机\n甲,13300000001\n", "utf8");
    const { importId, finished } = await startImport(
      broken,
      actorOf(reception),
      { name: "a.csv", bytes: csv },
      undefined,
      new Date(NOW),
      {
        onError: (err) => failures.push(err),
      },
    );
    await finished;
    expect(failures).toHaveLength(1);
    const imp = (await get(reception, `/imports/${importId}`)).json() as ImportOut;
    expect(imp).toMatchObject({ status: "failed", processed: 0, created: 0 });
    expect(imp.finishedAt).not.toBeNull();
    const report = await readXlsx((await get(reception, `/imports/${importId}/errors.xlsx`)).rawPayload);
    expect(report[1]!.at(-1)).toBe("导入中断：内部错误 / import stopped: internal error");
    expect(await ctx.count("leads", "phone = '13300000001'")).toBe(0);
  });

  it(`keeps at most ${MAX_ERROR_ROWS} failed rows for the report but counts them all`, async () => {
    const lines = ["姓名,手机"];
    for (let i = 0; i < MAX_ERROR_ROWS + 50; i++) lines.push(`客户${i},1${i}`);
    const imp = await importAndWait(reception, "bad.csv", Buffer.from(lines.join("\n"), "utf8"));
    expect(imp).toMatchObject({
      status: "done",
      total: MAX_ERROR_ROWS + 50,
      failed: MAX_ERROR_ROWS + 50,
      created: 0,
    });
    const kept = await ctx.pool.query(
      "SELECT jsonb_array_length(errors) AS n FROM lead_imports WHERE id = $1",
      [imp.id],
    );
    expect(kept.rows[0].n).toBe(MAX_ERROR_ROWS);
  });
});
