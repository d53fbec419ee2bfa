/**
 * `npx tsx bench/import-100k.ts`: imports a generated 100,000-row .xlsx through the HTTP API of a running
 * server and reports how long the background import takes (target: ≤ 60 s on 2 cores).
 *
 * Environment:
 *   BENCH_URL       the server, default http://localhost:3000
 *   BENCH_USER      a user with `lead.import` (reception, sales manager, gm) — or the group admin: the
 *   BENCH_PASSWORD  script then creates a store "导入压测 <time>" with a reception user and 8
 *                   consultants on duty, and imports as that reception user
 *   BENCH_STORE_ID  optional, only for the admin: import into this existing store instead
 *   BENCH_ROWS      optional, default 100000
 *
 * The file has the columns a dealership list usually has (姓名, 手机, 来源, 意向车型, 预算, 级别, 备注);
 * the mobiles are random, unique, and start with 13/15/18, so every row creates a lead unless the store
 * already has it (run it on a fresh store to measure creation).
 */
import { randomInt } from "node:crypto";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";

const BASE = (process.env.BENCH_URL ?? "http://localhost:3000").replace(/\/$/, "");
const USER = process.env.BENCH_USER;
const PASSWORD = process.env.BENCH_PASSWORD;
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const STORE_ID = process.env.BENCH_STORE_ID ? Number(process.env.BENCH_STORE_ID) : undefined;

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕鹏辉建国志强海波";
const SOURCES = ["展厅", "来电", "汽车之家", "懂车帝", "易车", "转介绍", "车展", "大客户", "网络"];
const MODELS = ["凯美瑞", "雅阁", "卡罗拉", "RAV4荣放", "汉兰达", "亚洲龙", "威兰达", "锋兰达"];
const LEVELS = ["", "", "N", "C", "B", "A", "H"];

const pick = <T>(xs: readonly T[] | string): T => xs[randomInt(xs.length)] as T;

function chineseName(): string {
  return pick<string>(SURNAMES) + pick<string>(GIVEN) + (randomInt(2) ? pick<string>(GIVEN) : "");
}

function uniqueMobiles(n: number): string[] {
  const seen = new Set<string>();
  while (seen.size < n)
    seen.add(pick(["13", "15", "18"]) + String(randomInt(1_000_000_000)).padStart(9, "0"));
  return [...seen];
}

async function buildXlsx(rows: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((ok) => out.on("end", ok));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet("潜客");
  ws.addRow(["姓名", "手机", "来源", "意向车型", "预算", "级别", "备注"]).commit();
  const mobiles = uniqueMobiles(rows);
  for (let i = 0; i < rows; i++) {
    // every third phone as a number, as Excel stores typed-in digits
    const mobile = i % 3 === 0 ? Number(mobiles[i]) : mobiles[i];
    const budget = randomInt(3) === 0 ? "" : `${10 + randomInt(40)}万`;
    ws.addRow([
      chineseName(),
      mobile,
      pick(SOURCES),
      pick(MODELS),
      budget,
      pick(LEVELS),
      i % 5 ? "" : "关注油耗和空间",
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

let cookie = "";
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { cookie } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { cookie, "content-type": "application/json" };
  }
  const res = await fetch(`${BASE}/api/v1${path}`, init);
  const setCookie = res.headers.get("set-cookie");
  if (setCookie?.startsWith("sid=")) cookie = setCookie.split(";")[0]!;
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function login(username: string, password: string) {
  cookie = "";
  return (
    await api<{ user: { id: number; role: string; storeId: number | null } }>("POST", "/auth/login", {
      username,
      password,
    })
  ).user;
}

/** As the admin: a fresh store with reception and consultants on duty, so the round robin is exercised. */
async function setUpStore(): Promise<{ username: string; password: string }> {
  const tag = new Date().toISOString().replace(/\D/g, "").slice(2, 14);
  const store = await api<{ id: number }>("POST", "/stores", { name: `导入压测 ${tag}` });
  const password = `bench-${tag}`;
  const username = `bench_rec_${tag}`;
  await api("POST", "/users", {
    username,
    password,
    displayName: `前台${tag}`,
    role: "reception",
    storeId: store.id,
  });
  for (let i = 1; i <= 8; i++) {
    await api("POST", "/users", {
      username: `bench_c${i}_${tag}`,
      password,
      displayName: `顾问${i}号`,
      role: "consultant",
      storeId: store.id,
    });
  }
  console.log(`store ${store.id} created with reception ${username} and 8 consultants`);
  return { username, password };
}

async function main() {
  if (!USER || !PASSWORD)
    throw new Error("set BENCH_USER and BENCH_PASSWORD (a user with lead.import, or the admin)");
  const me = await login(USER, PASSWORD);
  if (me.role === "admin" && STORE_ID === undefined) {
    const rec = await setUpStore();
    await login(rec.username, rec.password);
  }

  let t = Date.now();
  const xlsx = await buildXlsx(ROWS);
  console.log(
    `generated ${ROWS} rows, ${(xlsx.length / 1e6).toFixed(1)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );

  const form = new FormData();
  if (me.role === "admin" && STORE_ID !== undefined) form.append("storeId", String(STORE_ID));
  form.append("file", new Blob([new Uint8Array(xlsx)]), `bench-${ROWS}.xlsx`);
  t = Date.now();
  const { importId } = await api<{ importId: number }>("POST", "/leads/import", form);
  const accepted = (Date.now() - t) / 1000;
  console.log(`import ${importId} accepted (202) after ${accepted.toFixed(1)} s (upload, parse, checks)`);

  type Progress = {
    status: string;
    total: number;
    processed: number;
    created: number;
    merged: number;
    failed: number;
  };
  let p: Progress;
  let lastPrint = 0;
  for (;;) {
    p = await api<Progress>("GET", `/imports/${importId}`);
    if (p.status === "done" || p.status === "failed") break;
    if (Date.now() - lastPrint > 2000) {
      console.log(`  ${p.status} ${p.processed}/${p.total} after ${((Date.now() - t) / 1000).toFixed(1)} s`);
      lastPrint = Date.now();
    }
    await new Promise((ok) => setTimeout(ok, 250));
  }
  const elapsed = (Date.now() - t) / 1000;
  console.log(
    `${p.status}: ${p.processed} rows (created ${p.created}, merged ${p.merged}, failed ${p.failed}) in ${elapsed.toFixed(1)} s` +
      ` from upload to done — ${Math.round(p.processed / elapsed)} rows/s`,
  );
  if (p.status !== "done") process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
