import ExcelJS from "exceljs";
import { PassThrough } from "node:stream";
const t0 = Date.now();
const chunks = [];
const pt = new PassThrough(); pt.on("data", c => chunks.push(c));
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pt, useSharedStrings: true });
const ws = wb.addWorksheet("潜客");
ws.addRow(["姓名","手机","来源","意向车型","预算","级别","备注"]).commit();
for (let i=0;i<100000;i++){ ws.addRow(["张三"+i, 13800000000+i, "汽车之家", "凯美瑞", "15万", "B", "关注油耗"]).commit(); }
ws.commit(); await wb.commit();
const buf = Buffer.concat(chunks);
(await import("node:fs")).writeFileSync("/tmp/xl/100k.xlsx", buf);
console.log("gen", Date.now()-t0, buf.length);
