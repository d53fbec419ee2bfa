/**
 * The service advisor books an appointment through the calendar: picks a slot in the week view, the customer's
 * vehicle by plate and the work type; the slot's load goes up and the appointment is on the day's list. A slot
 * filled meanwhile answers "fully booked" in the drawer. Screenshots in zh-CN and English go to /tmp/shots.
 */
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, apiGet, apiPost, DEMO, login, pickerInput, uniquePhone, uniqueSuffix } from "./helpers";

const ADVISOR = "demo_advisor";

/** A VIN with a valid check digit (ISO 3779), unique per run. */
function vin(): string {
  const draft = `LSVNB41Z0N2${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`;
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

interface DaySlots {
  workingDay: boolean;
  capacity: number;
  slots: { slotStart: string; booked: number; capacity: number; full: boolean }[];
}

/** A customer with one vehicle, through the API; the plate is unique so the picker finds exactly it. */
async function customerWithCar(
  page: Page,
): Promise<{ customerId: number; vehicleId: number; plate: string }> {
  const customer = await apiPost<{ id: number }>(page, "/customers", {
    kind: "person",
    name: `预约${uniqueSuffix()}`,
    phone: uniquePhone(),
  });
  const plate = `沪C${String(Math.floor(Math.random() * 100_000)).padStart(5, "0")}`;
  const car = await apiPost<{ id: number }>(page, `/customers/${customer.id}/vehicles`, {
    vin: vin(),
    plate,
    model: "帕萨特",
  });
  return { customerId: customer.id, vehicleId: car.id, plate };
}

/** The first working day from tomorrow on (store calendar) and its 10:00 and 14:00 slots. */
async function nextWorkingDay(page: Page): Promise<{ date: string; ten: string; two: string }> {
  for (let i = 1; i < 15; i++) {
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(
      new Date(Date.now() + i * 86_400_000),
    );
    const day = await apiGet<DaySlots>(page, `/appointments/slots?date=${date}`);
    const at = (hour: string) => day.slots.find((s) => s.slotStart === `${date}T${hour}:00:00.000Z`);
    if (day.workingDay && at("02") && at("06")) {
      return { date, ten: at("02")!.slotStart, two: at("06")!.slotStart };
    }
  }
  throw new Error("no working day within two weeks");
}

async function shoot(page: Page, name: string) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
}

async function pickVehicle(page: Page, plate: string) {
  const picker = page.getByTestId("appointment-vehicle");
  await picker.click();
  await picker.locator("input").fill(plate);
  await page.locator(".ant-select-item-option").filter({ hasText: plate }).filter({ visible: true }).click();
}

test("the service advisor books an appointment through the calendar; the slot load goes up", async ({
  page,
}) => {
  await login(page, ADVISOR);
  const car = await customerWithCar(page);
  const { date, ten, two } = await nextWorkingDay(page);
  const load = async (slot: string) =>
    (await apiGet<DaySlots>(page, `/appointments/slots?date=${date}`)).slots.find(
      (s) => s.slotStart === slot,
    )!;
  const before = await load(ten);

  await page.goto("/appointments");
  await pickerInput(page, "appointment-date").fill(date);
  await pickerInput(page, "appointment-date").press("Enter");
  const cell = page.getByTestId(`slot-${date}-10`);
  await expect(cell).toHaveText(`${before.booked}/${before.capacity}`);

  // a click on the slot opens the drawer with the day and the slot filled in
  await cell.click();
  await pickVehicle(page, car.plate);
  await expect(page.getByTestId("appointment-slot")).toContainText("10:00");
  await page.getByTestId("appointment-note").fill("客户要求顺便检查空调");
  await shoot(page, "zh-appointment-new");
  await page.getByTestId("appointment-save").click();

  const booked = before.booked + 1;
  await expect(cell).toHaveText(booked >= before.capacity ? "约满" : `${booked}/${before.capacity}`);
  expect((await load(ten)).booked).toBe(booked);
  const day = page.getByTestId("appointment-day");
  await expect(day).toContainText(car.plate);
  await expect(day).toContainText("已预约");
  await shoot(page, "zh-appointments");

  // the 14:00 slot fills up while the drawer is open: saving answers "fully booked", nothing is booked
  const two0 = await load(two);
  await page.getByTestId(`slot-${date}-14`).click();
  await pickVehicle(page, car.plate);
  for (let i = two0.booked; i < two0.capacity; i++) {
    const { customerId, vehicleId } = await customerWithCar(page);
    await apiPost(page, "/appointments", { customerId, vehicleId, slotStart: two, workType: "maintenance" });
  }
  await page.getByTestId("appointment-save").click();
  await expect(page.getByTestId("appointment-slot-full")).toContainText("该时段已约满");
  await shoot(page, "zh-appointment-slot-full");
  expect((await load(two)).booked).toBe(two0.capacity);
  await page.getByTestId("appointment-save-close").click();
  await expect(page.getByTestId(`slot-${date}-14`)).toHaveText("约满");

  // the same screens in English
  await page.evaluate(() => localStorage.setItem("dms.language", "en"));
  await page.goto("/appointments");
  await pickerInput(page, "appointment-date").fill(date);
  await pickerInput(page, "appointment-date").press("Enter");
  await expect(page.getByTestId(`slot-${date}-14`)).toHaveText("Full");
  await expect(page.getByTestId("appointment-day")).toContainText("Booked");
  await shoot(page, "en-appointments");
  await page.evaluate(() => localStorage.setItem("dms.language", "zh-CN"));
});

test("the admin edits the workshop settings and the store calendar; the gm keeps the service plans", async ({
  page,
}) => {
  await login(page, ADMIN.username, ADMIN.password);
  const { items } = await apiGet<{ items: { id: number; name: string }[] }>(page, "/stores");
  const store = items[0]!;
  await page.goto("/admin/stores");
  await page.getByTestId(`store-edit-${store.id}`).click();
  await expect(page.getByTestId("store-workshop-capacity")).toBeVisible();
  await page.getByTestId("store-workshop-capacity").scrollIntoViewIfNeeded();
  await shoot(page, "zh-store-settings");
  await page.keyboard.press("Escape");

  // National Day 2027: Friday 1 to Thursday 7 October off; the admin marks one holiday and one make-up Saturday
  await page.getByTestId(`store-calendar-${store.id}`).click();
  await pickerInput(page, "calendar-year").fill("2027");
  await pickerInput(page, "calendar-year").press("Tab");
  await page.getByTestId("cal-2027-10-01").click();
  await page.getByTestId("cal-2027-10-09").click();
  await expect(page.getByTestId("cal-2027-10-01")).toHaveText("休");
  await expect(page.getByTestId("cal-2027-10-09")).toHaveText("班");
  await page.getByTestId("calendar-save").click();
  await expect
    .poll(async () => apiGet(page, `/stores/${store.id}/calendar?year=2027`))
    .toMatchObject({
      holidays: expect.arrayContaining(["2027-10-01"]),
      workdays: expect.arrayContaining(["2027-10-09"]),
    });
  await shoot(page, "zh-store-calendar");

  await page.evaluate(() => localStorage.setItem("dms.language", "en"));
  await page.goto("/admin/stores");
  await page.getByTestId(`store-calendar-${store.id}`).click();
  await pickerInput(page, "calendar-year").fill("2027");
  await pickerInput(page, "calendar-year").press("Tab");
  await expect(page.getByTestId("cal-2027-10-01")).toHaveText("Off");
  await shoot(page, "en-store-calendar");
  await page.evaluate(() => localStorage.setItem("dms.language", "zh-CN"));

  await page.context().clearCookies();
  await login(page, DEMO.gm.username);
  const model = `测试车型${uniqueSuffix()}`;
  await page.goto("/service-plans");
  await page.getByTestId("plan-new").click();
  await page.getByTestId("plan-model").fill(model);
  await pickerInput(page, "plan-months").fill("6");
  await pickerInput(page, "plan-km").fill("7500");
  await page.getByTestId("plan-save").click();
  await expect(page.getByTestId(`plan-row-${model}`)).toContainText("7,500");
  await shoot(page, "zh-service-plans");
});
