import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
const buf = readFileSync("/tmp/xl/100k.xlsx");
let t0 = Date.now();
const wb = new ExcelJS.Workbook(); await wb.xlsx.load(buf);
let n=0; wb.worksheets[0].eachRow(r => { n++; });
console.log("load", Date.now()-t0, n, process.memoryUsage().rss/1e6);
t0 = Date.now(); n=0;
const rd = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "emit" });
for await (const ws of rd) { for await (const row of ws) { n++; if(n===2) console.log(row.values); } break; }
console.log("stream", Date.now()-t0, n);
