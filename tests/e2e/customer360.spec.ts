/**
 * Customer service opens the customer list, filters it by loyalty class and opens a customer's 360 page. The
 * customer is created through the API with a vehicle and a consent; a demo customer who bought a car here
 * shows the sales history. Screenshots of both pages in zh-CN and English go to /tmp/shots.
 */
import { expect, type Page, test } from "@playwright/test";
import { apiGet, apiPost, login, uniquePhone, uniqueSuffix } from "./helpers";

const CS = "demo_cs";

/** A VIN with a valid check digit (ISO 3779), unique per run. */
function vin(): string {
  const draft = `LFV3A23C${"0"}N3${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`;
  const values: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3 };
  Object.assign(values, { M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 });
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = [...draft].reduce(
    (s, ch, i) => s + (/\d/.test(ch) ? Number(ch) : values[ch]!) * weights[i]!,
    0,
  );
  const check = sum % 11 === 10 ? "X" : String(sum % 11);
  return `${draft.slice(0, 8)}${check}${draft.slice(9)}`;
}

interface Hit {
  id: number;
  customerId: number;
  soldByStore: boolean;
}

async function shoot(page: Page, name: string) {
  // let antd's tab and segmented animations settle so the picture shows the selected item
  await page.waitForTimeout(400);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
}

test("customer service filters the customer list by class and opens a customer 360", async ({ page }) => {
  await login(page, CS);
  const name = `全景${uniqueSuffix()}`;
  const phone = uniquePhone();
  const customer = await apiPost<{ id: number }>(page, "/customers", { kind: "person", name, phone });
  const plate = `粤B${String(Math.floor(Math.random() * 100_000)).padStart(5, "0")}`;
  const car = await apiPost<{ id: number }>(page, `/customers/${customer.id}/vehicles`, {
    vin: vin(),
    plate,
    brand: "广汽本田",
    model: "雅阁",
    mileageKm: 12_000,
  });
  await apiPost(page, `/customers/${customer.id}/consents`, {
    channel: "sms",
    granted: true,
    source: "到店登记",
  });

  // the vehicle search the service screens use finds the car by plate
  const hits = await apiGet<{ items: Hit[] }>(page, `/customer-vehicles?q=${encodeURIComponent(plate)}`);
  expect(hits.items.map((h) => h.id)).toEqual([car.id]);

  await page.goto("/customers");
  await page.getByTestId("customers-search").locator("input").fill(name);
  await page.getByTestId("customers-search").locator("input").press("Enter");
  const row = page.getByTestId(`customer-row-${customer.id}`);
  await expect(row).toBeVisible();
  // customer service sees the full phone; a customer without workshop visits is "never visited"
  await expect(row).toContainText(phone);
  await expect(row.getByTestId("loyalty-none")).toBeVisible();

  await page.getByTestId("customers-filter-frequent").click();
  await expect(row).toBeHidden();
  await page.getByTestId("customers-filter-none").click();
  await expect(row).toBeVisible();
  await shoot(page, "zh-customers-list");

  await page.getByTestId(`customer-link-${customer.id}`).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}$`));
  await expect(page.getByTestId("c360-name")).toHaveText(name);
  await expect(page.getByTestId("c360-phone")).toHaveText(phone);
  await expect(page.getByTestId("lifecycle-potential")).toBeVisible();
  await expect(page.getByTestId("loyalty-none")).toBeVisible();
  await expect(page.getByTestId("c360-vehicles")).toContainText(plate);
  await shoot(page, "zh-customer360");
  await page.getByRole("tab", { name: /营销同意/ }).click();
  await expect(page.getByTestId("c360-consent")).toContainText("已同意");
  await page.getByRole("tab", { name: /维修工单/ }).click();
  await expect(page.getByTestId("c360-repair-orders")).toContainText("没有维修工单");

  // a demo customer who bought a car here: the sales order is on the 360 page and links to the order
  const sold = await apiGet<{ items: Hit[] }>(page, "/customer-vehicles?pageSize=50");
  const buyer = sold.items.find((h) => h.soldByStore);
  expect(buyer, "the demo has delivered cars").toBeDefined();
  await page.goto(`/customers/${buyer!.customerId}`);
  await page.getByRole("tab", { name: /销售订单/ }).click();
  await expect(page.getByTestId("c360-orders").locator("a[href^='/orders/']").first()).toBeVisible();
  await shoot(page, "zh-customer360-orders");

  // the same screens in English
  await page.evaluate(() => localStorage.setItem("dms.language", "en"));
  await page.goto("/customers");
  await page.getByTestId("customers-filter-none").click();
  await expect(page.getByTestId("customers-filter-none")).toHaveText("Never visited");
  await shoot(page, "en-customers-list");
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByTestId("lifecycle-potential")).toHaveText("Potential");
  await shoot(page, "en-customer360");
  await page.goto(`/customers/${buyer!.customerId}`);
  await page.getByRole("tab", { name: /Sales orders/ }).click();
  await shoot(page, "en-customer360-orders");
});
