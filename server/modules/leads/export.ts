/**
 * The lead list as an .xlsx (潜客导出): the same filters and row scope as the list, written with
 * exceljs's streaming writer page by page so a store's 100k leads never sit in memory as objects.
 * Phones are masked exactly as the API masks them for this actor (leadView), dates are the store's
 * local time, and every export writes an audit row (DOMAIN §10).
 */
import { once } from "node:events";
import { PassThrough } from "node:stream";
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import ExcelJS from "exceljs";
import type { Executor } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { type LeadOut, leadView } from "./lead-view.ts";
import { allLeads, type LeadFilter } from "./queries.ts";
import type { CadenceSettings } from "./rules.ts";
import { loadSettingsMap } from "./settings.ts";

dayjs.extend(utc);
dayjs.extend(timezone);

const STATE_ZH: Record<LeadOut["state"], string> = {
  active: "跟进中",
  defeat_requested: "战败申请中",
  defeated: "已战败",
  won: "成交",
};
export const SOURCE_ZH: Record<LeadOut["source"], string> = {
  walk_in: "展厅",
  phone: "来电",
  online: "网络",
  referral: "转介绍",
  event: "活动",
  key_account: "大客户",
};

const COLUMNS: { header: string; width: number }[] = [
  { header: "姓名", width: 12 },
  { header: "手机", width: 14 },
  { header: "级别", width: 6 },
  { header: "状态", width: 10 },
  { header: "来源", width: 8 },
  { header: "意向车型", width: 16 },
  { header: "预算(元)", width: 12 },
  { header: "顾问", width: 10 },
  { header: "下次跟进", width: 17 },
  { header: "到期时间", width: 17 },
  { header: "超期", width: 6 },
  { header: "创建时间", width: 17 },
];

function localTime(at: Date | null, s: CadenceSettings): string {
  return at ? dayjs(at).tz(s.timeZone).format("YYYY-MM-DD HH:mm") : "";
}

/** Writes the filtered leads the actor reaches; returns the workbook and how many leads it holds. */
export async function exportLeadsXlsx(
  db: Executor,
  actor: Actor,
  filter: LeadFilter,
  now: Date,
): Promise<{ xlsx: Buffer; rows: number }> {
  requirePermission(actor, "lead.export");
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = once(out, "end");

  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet("潜客", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  const head = ws.addRow(COLUMNS.map((c) => c.header));
  head.font = { bold: true };
  head.commit();

  const settings = new Map<number, CadenceSettings>();
  let rows = 0;
  for await (const page of allLeads(db, actor, filter, now)) {
    const missing = [...new Set(page.map((l) => l.storeId))].filter((id) => !settings.has(id));
    if (missing.length) for (const [id, s] of await loadSettingsMap(db, missing)) settings.set(id, s);
    for (const row of page) {
      const s = settings.get(row.storeId)!;
      const v = leadView(row, actor, s, now);
      const r = ws.addRow([
        v.name,
        v.phone, // a string: Excel keeps every digit and the mask
        v.level,
        STATE_ZH[v.state],
        SOURCE_ZH[v.source],
        v.intendedModel ?? "",
        v.budgetFen === null ? null : v.budgetFen / 100,
        v.ownerName ?? (v.inPool ? "公海" : ""),
        localTime(v.nextContactAt, s),
        localTime(v.dueAt, s),
        v.overdue ? "是" : "否",
        localTime(v.createdAt, s),
      ]);
      r.getCell(7).numFmt = "#,##0.00";
      r.commit();
      rows++;
    }
  }
  ws.commit();
  await wb.commit();
  await ended;

  await audit(db, actor, {
    storeId: actor.storeId,
    action: "export",
    entity: "lead",
    entityId: null,
    after: { filter: JSON.parse(JSON.stringify(filter)), rows },
  });
  return { xlsx: Buffer.concat(chunks), rows };
}
