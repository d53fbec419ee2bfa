/**
 * Vehicle stock in the browser: a manager records an arrival and finds it in the list with its stock age;
 * the long-stock board lists an old car. With SCREENSHOTS set, the stock screens are also photographed in
 * both languages for a person to look at.
 */
import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { apiGet, apiPost, DEMO, login, pickerInput } from "./helpers";

interface ApiCar {
  id: number;
  vin: string;
  ageDays: number | null;
  longStock: boolean;
}

const DAY = 86_400_000;

// ISO 3779 check digit, so that the VINs are valid whatever the store's setting.
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";
const LETTER_VALUES = "12345678123457923456789";
const value = (c: string) => Number(/\d/.test(c) ? c : LETTER_VALUES[LETTERS.indexOf(c)]);
function uniqueVin(): string {
  const serial = String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0");
  const draft = `LFV3A24K0N3${serial}`;
  const sum = [...draft].reduce((n, c, i) => n + value(c) * WEIGHTS[i]!, 0);
  const check = sum % 11 === 10 ? "X" : String(sum % 11);
  return `${draft.slice(0, 8)}${check}${draft.slice(9)}`;
}

/** `2026-11-21 10:00`: how the date pickers read and write an instant in the browser's (Shanghai) zone. */
function pickerText(at: Date): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);
}

async function sheet(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("到店");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function searchVin(page: Page, vin: string) {
  const box = page.getByTestId("stock-filter-search").locator("input");
  await box.fill(vin.slice(-6));
  await box.press("Enter");
}

test("a sales manager records an arrival and finds it in the stock list with its age", async ({ page }) => {
  await login(page, DEMO.manager.username);
  await page.getByTestId("menu-stock").click();
  await expect(page).toHaveURL(/\/stock$/);

  const vin = uniqueVin();
  await page.getByTestId("stock-new").click();
  await page.getByTestId("stock-form-vin").fill(vin.toLowerCase());
  await page.getByTestId("stock-form-model").locator("input").fill("途观L");
  await page.getByTestId("stock-form-trim").fill("330TSI 豪华版");
  await page.getByTestId("stock-form-colour").fill("珍珠白");
  await page.getByTestId("stock-form-cost").fill("185000");
  await page.getByTestId("stock-form-list-price").fill("215000");
  // arrived three days ago, at this time of day
  const arrived = pickerInput(page, "stock-form-arrived");
  await arrived.click();
  await arrived.fill(pickerText(new Date(Date.now() - 3 * DAY)));
  await arrived.press("Enter");
  await page.getByTestId("stock-form-submit").click();
  await expect(page.getByTestId("stock-created")).toContainText(vin);

  await searchVin(page, vin);
  const [car] = (await apiGet<{ items: ApiCar[] }>(page, `/vehicles?q=${vin}`)).items;
  expect(car?.ageDays).toBe(3);
  const row = page.getByTestId(`stock-row-${car!.id}`);
  await expect(row).toContainText(vin);
  await expect(row).toContainText("途观L");
  await expect(row).toContainText("在库");
  await expect(row.getByTestId("stock-age")).toHaveText("3 天");
  // the manager sees the purchase cost
  await expect(row).toContainText("¥185,000.00");
});

test("the long-stock board lists a car older than the store's threshold", async ({ page }) => {
  await login(page, DEMO.manager.username);
  const old = await apiPost<ApiCar>(page, "/vehicles", {
    vin: uniqueVin(),
    model: "帕萨特",
    colour: "极地白",
    costFen: 16_000_000,
    incentiveFen: 300_000,
    arrivedAt: new Date(Date.now() - 120 * DAY).toISOString(),
  });
  expect(old).toMatchObject({ ageDays: 120, longStock: true });

  await page.getByTestId("menu-long-stock").click();
  await expect(page).toHaveURL(/\/long-stock$/);
  await expect(page.getByTestId("long-stock-threshold")).toContainText("90");
  const row = page.getByTestId(`long-stock-row-${old.id}`);
  await expect(row).toContainText(old.vin);
  await expect(row.getByTestId("stock-age")).toHaveText("120 天");
  await expect(row).toContainText("¥3,000.00");
});

test.describe("screens", () => {
  test.skip(!process.env.SCREENSHOTS, "screenshots are taken only when SCREENSHOTS is set");
  test.describe.configure({ timeout: 180_000 });

  test("stock screens in both languages", async ({ page }) => {
    const dir = process.env.SCREENSHOTS_DIR ?? "/tmp/shots";
    mkdirSync(dir, { recursive: true });
    await login(page, DEMO.manager.username);
    // some stock of every age, status and colour, for the pictures
    const cars: [string, string, string | null, number | null, string?][] = [
      ["途观L", "珍珠白", "驾驶辅助包", 5],
      ["途观L", "深海蓝", "驾驶辅助包", 40],
      ["途观L", "曜石黑", null, 75],
      ["途观L", "珍珠白", "驾驶辅助包", null, "in_transit"],
      ["帕萨特", "极地白", null, 130],
      ["帕萨特", "星空灰", null, 20, "demo"],
      ["ID.4 CROZZ", "冰川蓝", null, 95],
    ];
    for (const [model, colour, optionPackage, age, status] of cars) {
      await apiPost(page, "/vehicles", {
        vin: uniqueVin(),
        model,
        colour,
        ...(optionPackage ? { optionPackage } : {}),
        costFen: 15_000_000 + Math.floor(Math.random() * 5_000_000),
        listPriceFen: 21_000_000,
        ...(age === null ? {} : { arrivedAt: new Date(Date.now() - age * DAY).toISOString() }),
        ...(status ? { status } : {}),
        ...(age !== null && age > 90 ? { incentiveFen: 500_000 } : {}),
      });
    }
    await page.request.put(`/api/v1/model-rules/${encodeURIComponent("途观L")}`, {
      data: { colourQuota: 3, optionAllOrNone: true },
    });

    for (const language of ["zh-CN", "en"] as const) {
      const shot = (name: string) =>
        page.screenshot({ path: `${dir}/stock-${language}-${name}.png`, fullPage: true });
      if (language === "en") await page.getByTestId("lang-switch").click();
      await page.goto("/stock");
      await expect(page.getByTestId("stock-summary-count")).toBeVisible();
      await page.waitForLoadState("networkidle");
      await expect(page.locator(".ant-spin-spinning")).toHaveCount(0);
      await shot("list");
      await page.locator('[data-testid^="stock-edit-"]').first().click();
      await page.waitForTimeout(500);
      await shot("edit");
      await page.keyboard.press("Escape");
      await page.getByTestId("stock-new").click();
      await page.getByTestId("stock-form-submit").click();
      await shot("new");
      await page.keyboard.press("Escape");
      await page.getByTestId("stock-check").click();
      await page.getByTestId("stock-check-model-0").locator("input").fill("途观L");
      await page.getByTestId("stock-check-colour-0").fill("烈焰红");
      await page.locator(".ant-modal-title").click(); // closes the model suggestions
      await page.getByTestId("stock-check-run").click();
      await expect(page.getByTestId("stock-check-warning-colour_quota")).toBeVisible();
      await shot("check");
      await page.keyboard.press("Escape");
      await page.getByTestId("stock-rules").click();
      await expect(page.getByTestId("rule-new-model")).toBeVisible();
      await page.waitForTimeout(500); // the modal's opening animation
      await shot("rules");
      await page.keyboard.press("Escape");
      await page.getByTestId("stock-import").click();
      await page.locator(".ant-modal input[type=file]").setInputFiles({
        name: "到店.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: await sheet([
          ["车架号/VIN", "车型", "颜色", "采购成本(元)", "到店日期", "状态"],
          [uniqueVin(), "途观L", "珍珠白", "180,000.00", "2026-11-01", "在库"],
          ["LFV3A24K0N31", "途观L", "", "abc", "2026-02-30", "已售"],
        ]),
      });
      await page.getByTestId("stock-import-start").click();
      await expect(page.getByTestId("stock-import-failed")).toBeVisible();
      await shot("import");
      await page.keyboard.press("Escape");
      await page.goto("/long-stock");
      await expect(page.getByTestId("long-stock-count")).toBeVisible();
      await page.waitForLoadState("networkidle");
      await expect(page.locator(".ant-spin-spinning")).toHaveCount(0);
      await shot("long");
    }
    // a consultant sees no purchase cost and no stock value, and cannot change the stock
    await page.getByTestId("logout").click();
    await login(page, DEMO.consultant1.username);
    await page.goto("/stock");
    await expect(page.getByTestId("stock-summary-count")).toBeVisible();
    await expect(page.getByTestId("stock-summary-value")).toHaveCount(0);
    await expect(page.getByTestId("stock-new")).toHaveCount(0);
    await expect(page.locator(".ant-spin-spinning")).toHaveCount(0);
    await page.screenshot({ path: `${dir}/stock-consultant.png`, fullPage: true });
  });
});
