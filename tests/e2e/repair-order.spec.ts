/**
 * The service advisor opens a repair order for a demo customer's vehicle on the board (the lower-mileage
 * confirmation included), adds a labour and a parts line, moves it to done, settles it and sees the totals; the
 * printable settlement shows them too. Screenshots in zh-CN and English go to /tmp/shots.
 */
import { expect, type Page, test } from "@playwright/test";
import { apiGet, login } from "./helpers";

const ADVISOR = "demo_advisor";

interface CustomerVehicle {
  id: number;
  vin: string;
  plate: string | null;
  mileageKm: number | null;
  customerName: string;
}

interface RoSummary {
  id: number;
  state: string;
  mileageIn: number;
}

/** The text box of an antd number input (the test id lands on the input or on its wrapper, by version). */
const numberInput = (page: Page, id: string) =>
  page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

async function shoot(page: Page, name: string) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
}

/** A demo customer's vehicle with no repair order in the workshop, and its last known mileage. */
async function freeVehicle(page: Page): Promise<{ car: CustomerVehicle; lastKm: number }> {
  const { items } = await apiGet<{ items: CustomerVehicle[] }>(page, "/customer-vehicles?pageSize=50");
  for (const car of items) {
    const orders = await apiGet<{ items: RoSummary[] }>(
      page,
      `/repair-orders?vehicleId=${car.id}&pageSize=200`,
    );
    if (orders.items.some((o) => o.state !== "handed_back")) continue;
    const lastKm = Math.max(car.mileageKm ?? 0, ...orders.items.map((o) => o.mileageIn));
    return { car, lastKm };
  }
  throw new Error("no demo vehicle free for the workshop");
}

test("the service advisor opens, works and settles a repair order; the totals are split by payer", async ({
  page,
}) => {
  await page.addInitScript(() => {
    if (!localStorage.getItem("dms.language")) localStorage.setItem("dms.language", "zh-CN");
  });
  await login(page, ADVISOR);
  const { car, lastKm } = await freeVehicle(page);
  await page.goto("/repair-orders");
  await expect(page.getByTestId("ro-column-open")).toBeVisible();
  await shoot(page, "zh-CN/ro-board");

  // the new repair order: the vehicle by plate (or VIN tail), a mileage below the last known one first
  await page.getByTestId("ro-new").click();
  const picker = page.getByTestId("ro-vehicle");
  await picker.click();
  const term = car.plate ?? car.vin.slice(-6);
  await picker.locator("input").fill(term);
  await page
    .locator(".ant-select-item-option")
    .filter({ hasText: term })
    .filter({ visible: true })
    .first()
    .click();
  await page.getByTestId("ro-complaint").fill("行驶中底盘异响，刹车时明显");
  await page.getByTestId("ro-technician").fill("孙师傅");
  await page.getByTestId("ro-work-type").click();
  await page.locator(".ant-select-item-option[title='机修']").filter({ visible: true }).click();
  if (lastKm > 0) {
    await numberInput(page, "ro-mileage").fill(String(lastKm - 1));
    await page.getByTestId("ro-save").click();
    await expect(page.getByTestId("ro-mileage-lower")).toBeVisible();
    await shoot(page, "zh-CN/ro-mileage-lower");
    // the odometer was read right: a higher mileage needs no reason
    await numberInput(page, "ro-mileage").fill(String(lastKm + 1500));
    await expect(page.getByTestId("ro-mileage-lower")).toHaveCount(0);
  } else {
    await numberInput(page, "ro-mileage").fill("1500");
  }
  await page.getByTestId("ro-save").click();
  await expect(page).toHaveURL(/\/repair-orders\/\d+$/);
  await expect(page.getByTestId("ro-state-open")).toBeVisible();
  const roNo = (await page.getByTestId("ro-no").textContent())!;
  expect(roNo).toMatch(/^RO\d{8}-\d{4}$/);

  // a labour line: 1.5 h × ¥300.00 = ¥450.00; a parts line: 2 × ¥88.50 = ¥177.00
  await page.getByTestId("ro-labour-description").fill("检查底盘及前悬架");
  await numberInput(page, "ro-labour-hours").fill("1.5");
  await numberInput(page, "ro-labour-rate").fill("300");
  await page.getByTestId("ro-labour-add").click();
  await expect(page.getByTestId("ro-labour")).toContainText("¥450.00");
  await page.getByTestId("ro-part-no").fill("5Q0407151A");
  await page.getByTestId("ro-part-name").fill("前下摆臂衬套");
  await numberInput(page, "ro-part-quantity").fill("2");
  await numberInput(page, "ro-part-price").fill("88.5");
  await page.getByTestId("ro-part-add").click();
  await expect(page.getByTestId("ro-parts")).toContainText("¥177.00");
  await expect(page.getByTestId("ro-total")).toHaveText("¥627.00");

  await page.getByTestId("ro-step-in_progress").click();
  await expect(page.getByTestId("ro-state-in_progress")).toBeVisible();
  await page.getByTestId("ro-step-done").click();
  await expect(page.getByTestId("ro-state-done")).toBeVisible();
  // lines are fixed once done
  await expect(page.getByTestId("ro-labour-add")).toHaveCount(0);
  await page.getByTestId("ro-step-settled").click();
  await page.getByTestId("ro-step-confirm").click();
  await expect(page.getByTestId("ro-state-settled")).toBeVisible();
  await expect(page.getByTestId("ro-total")).toHaveText("¥627.00");
  await expect(page.getByTestId("ro-total-customer")).toHaveText("¥627.00");
  await expect(page.getByTestId("ro-total-insurer")).toHaveText("¥0.00");
  await expect(page.getByTestId("ro-steps")).toContainText("已结算");
  await shoot(page, "zh-CN/ro-detail-settled");
  const detailUrl = page.url();
  const id = detailUrl.split("/").at(-1);

  // the settled order waits for its hand-back on the board
  await page.goto("/repair-orders");
  await expect(page.getByTestId("ro-column-settled").getByTestId(`ro-card-${roNo}`)).toBeVisible();

  await page.goto(`/repair-orders/${id}/settlement`);
  await expect(page.getByTestId("print-total")).toHaveText("¥627.00");
  await shoot(page, "zh-CN/ro-settlement");

  // the same screens in English
  await page.evaluate(() => localStorage.setItem("dms.language", "en"));
  await page.goto(detailUrl);
  await expect(page.getByTestId("ro-steps")).toContainText("Settled");
  await shoot(page, "en/ro-detail-settled");
  await page.goto("/repair-orders");
  await expect(page.getByTestId(`ro-card-${roNo}`)).toBeVisible();
  await shoot(page, "en/ro-board");
  await page.getByTestId("ro-new").click();
  await expect(page.getByTestId("ro-save")).toBeVisible();
  await shoot(page, "en/ro-new");
  await page.goto(`/repair-orders/${id}/settlement`);
  await expect(page.getByTestId("print-total")).toHaveText("¥627.00");
  await shoot(page, "en/ro-settlement");
  await page.evaluate(() => localStorage.setItem("dms.language", "zh-CN"));
});
