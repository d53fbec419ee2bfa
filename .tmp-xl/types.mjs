import ExcelJS from "exceljs";
import { Readable } from "node:stream";
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet("a");
ws.addRow(["姓名", "手机", "日期", "公式", "链接", "bool", "float", "big"]);
ws.addRow([{ richText: [{ text: "张" }, { font: { bold: true }, text: "三" }] }, 13800138000, new Date(Date.UTC(2026, 11, 1)), { formula: "1+1", result: 2 }, { text: "链接", hyperlink: "http://x" }, true, 1.5, 1e21]);
ws.getCell("C2").numFmt = "yyyy-mm-dd";
ws.addRow([]);
ws.addRow(["李四", "13900139000", null, { formula: "A2", result: "x" }]);
wb.addWorksheet("b").addRow(["other"]);
const buf = Buffer.from(await wb.xlsx.writeBuffer());
const rd = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
for await (const s of rd) { console.log("sheet", s.id, s.name); for await (const row of s) console.log(row.number, JSON.stringify(row.values)); break; }
console.log("done");
for (const bad of [Buffer.from("garbage bytes here"), Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(100, 7)]), buf.subarray(0, buf.length / 2)]) {
  try {
    const rd2 = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bad), { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
    let n = 0;
    for await (const s of rd2) { for await (const row of s) n++; break; }
    console.log("bad ok?", n);
  } catch (e) { console.log("bad err", e.message); }
}
setTimeout(() => console.log("still alive"), 200);
