/**
 * Booking a test drive in the browser: the manager puts a car into the demo fleet (stock API), the consultant
 * books it for his lead from a free slot of the calendar, sees the booking on the calendar and on the lead's
 * timeline, and an overlapping booking of the same car is refused with the clash shown. With SCREENSHOTS set,
 * a second test photographs the calendar and the booking form in both languages.
 */
import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { vinCheckDigit } from "../../server/platform/validators.ts";
import { type ApiLead, apiGet, apiPost, DEMO, login, uniquePhone, uniqueSuffix } from "./helpers";

const LICENCE = "110101199003074514";

function uniqueVin(): string {
  const digits = String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0");
  const draft = `LFV3B2FY0N${digits}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

interface Car {
  id: number;
  vin: string;
  model: string;
  colour: string;
}

async function logout(page: Page): Promise<void> {
  await page.request.post("/api/v1/auth/logout");
  await page.context().clearCookies();
}

/** A demo car, registered by the manager through the stock API. */
async function demoCar(page: Page, model: string): Promise<Car> {
  await login(page, DEMO.manager.username);
  const car = await apiPost<Car>(page, "/vehicles", {
    vin: uniqueVin(),
    model,
    colour: "极地白",
    costFen: 19_500_000,
    arrivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
    status: "demo",
  });
  await logout(page);
  return car;
}

async function newLead(page: Page, name: string): Promise<ApiLead> {
  return (await apiPost<{ lead: ApiLead }>(page, "/leads", { name, phone: uniquePhone(), source: "walk_in" }))
    .lead;
}

/** Tomorrow's calendar, where a free half hour of the car opens the booking form for it. */
async function bookFromSlot(page: Page, car: Car, time: string, lead: ApiLead): Promise<void> {
  await page.getByTitle(`预约 ${car.model} · ${car.colour} ${time}`, { exact: true }).click();
  await expect(page.getByTestId("booking-car")).toContainText(car.model);
  const label = `${lead.name} · ${lead.phone}`;
  await page.getByTestId("booking-lead").click();
  await page.keyboard.type(lead.name);
  await page.locator(`.ant-select-item-option[title="${label}"]`).filter({ visible: true }).click();
  await expect(page.getByTestId("booking-lead")).toContainText(label);
  await page.getByTestId("booking-licence").fill(LICENCE);
  await page.getByTestId("booking-submit").click();
}

test("a consultant books a test drive from the calendar and sees it there and on the lead", async ({
  page,
}) => {
  const car = await demoCar(page, `试驾车${uniqueSuffix()}`);
  await login(page, DEMO.consultant1.username);
  const lead = await newLead(page, `试驾客户${uniqueSuffix()}`);
  const rival = await newLead(page, `试驾客户${uniqueSuffix()}`);

  await page.getByTestId("menu-test-drives").click();
  await expect(page).toHaveURL(/\/test-drives$/);
  await page.getByTestId("calendar-next").click();
  await expect(page.getByTestId("testdrive-calendar")).toContainText(car.model);

  await bookFromSlot(page, car, "10:00", lead);
  await expect(page.getByText("已预约试驾")).toBeVisible();

  // On the calendar, in the car's row, and in the day's list.
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(tomorrow);
  const from = new Date(`${day}T00:00:00+08:00`).toISOString();
  const to = new Date(`${day}T23:59:00+08:00`).toISOString();
  const { items } = await apiGet<{
    items: { id: number; startAt: string; remindAt: string; licenceNo: string }[];
  }>(page, `/test-drives?leadId=${lead.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  expect(items).toHaveLength(1);
  const drive = items[0]!;
  expect(new Date(drive.startAt).toISOString()).toBe(new Date(`${day}T10:00:00+08:00`).toISOString());
  expect(drive.remindAt).toBe(new Date(`${day}T09:00:00+08:00`).toISOString());
  expect(drive.licenceNo).toBe(LICENCE); // the consultant owns the lead
  const block = page.getByTestId(`calendar-row-${car.id}`).getByTestId(`calendar-drive-${drive.id}`);
  await expect(block).toContainText(lead.name);
  await expect(block).toContainText("10:00");
  await expect(page.getByTestId(`drive-row-${drive.id}`)).toContainText("已预约");

  // The same car half an hour earlier for another customer: refused, and the clash is said plainly.
  await bookFromSlot(page, car, "09:30", rival);
  await expect(page.getByTestId("booking-conflict")).toContainText("该车在");
  await expect(page.getByTestId("booking-conflict")).toContainText("10:00–11:00");
  await page.getByTestId("booking-submit-close").click();

  // The booking's detail opens from the calendar.
  await block.click();
  await expect(page.getByTestId("drive-detail")).toContainText(car.vin);
  await page.keyboard.press("Escape");

  // The lead's timeline shows the booking.
  await page.goto(`/leads/${lead.id}`);
  const timeline = page.getByTestId("lead-timeline");
  await expect(timeline).toContainText("预约试驾");
  await expect(timeline).toContainText(car.model);
  await expect(timeline).toContainText(`${day} 10:00`);
});

test("screenshots of the test-drive calendar in both languages", async ({ page }) => {
  test.skip(!process.env.SCREENSHOTS, "screenshots are taken only when SCREENSHOTS is set");
  mkdirSync("/tmp/shots", { recursive: true });
  const cars = [
    await demoCar(page, "途观L"),
    await demoCar(page, "ID.4 CROZZ"),
    await demoCar(page, "帕萨特"),
  ];
  await login(page, DEMO.consultant1.username);
  // today's bookings at fixed hours of the store's day; those already past are written as tomorrow's
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
  const slot = (h: number, m: number, minutes: number) => {
    let start = new Date(`${today}T${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00+08:00`);
    if (start.getTime() < Date.now()) start = new Date(start.getTime() + 86_400_000);
    return {
      startAt: start.toISOString(),
      endAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
    };
  };
  for (const [i, [h, m, minutes]] of (
    [
      [15, 0, 60],
      [16, 30, 90],
      [19, 0, 60],
    ] as const
  ).entries()) {
    const lead = await newLead(page, ["陈先生", "林女士", "周先生"][i]!);
    await apiPost(page, "/test-drives", {
      leadId: lead.id,
      vehicleId: cars[i]!.id,
      licenceNo: LICENCE,
      ...slot(h, m, minutes),
    });
  }
  for (const language of ["zh-CN", "en"]) {
    await page.evaluate((l) => localStorage.setItem("dms.language", l), language);
    await page.goto("/test-drives");
    await expect(page.getByTestId("testdrive-calendar")).toBeVisible();
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `/tmp/shots/testdrives-${language}.png`, fullPage: true });
    await page.getByTestId("testdrive-new").click();
    await expect(page.getByTestId("booking-submit")).toBeVisible();
    await page.waitForTimeout(600); // the drawer's slide-in
    await page.screenshot({ path: `/tmp/shots/testdrives-form-${language}.png`, fullPage: true });
    await page.goto("/my-day");
    await expect(page.getByTestId("myday-test-drives")).toBeVisible();
    await page.screenshot({ path: `/tmp/shots/myday-drives-${language}.png`, fullPage: true });
  }
});
