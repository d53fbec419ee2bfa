/**
 * Customer service's after-sales day in the work list: a post-service callback due today is recorded, a
 * maintenance reminder gets its service SMS, and a birthday greeting is refused on a channel without
 * marketing consent. Everything comes through the real endpoints: the service advisor opens, settles and hands
 * back a repair order; the general manager runs the reminder and birthday generation.
 */
import { type APIRequestContext, expect, type Page, request, test } from "@playwright/test";
import { apiGet, DEMO_PASSWORD, login, uniquePhone, uniqueSuffix } from "./helpers";

const CS = "demo_cs";
const ZONE = "Asia/Shanghai"; // the demo store's zone

interface Task {
  id: number;
  type: string;
  customerId: number;
  repairOrderId: number | null;
  roNo: string | null;
  vehicleId: number | null;
  forDate: string | null;
  dueAt: string;
  done: boolean;
  reached: boolean | null;
  satisfaction: number | null;
  comment: string | null;
}

/** A VIN with a valid check digit (ISO 3779), unique per run. */
function vin(): string {
  const draft = `LSVAM4180C2${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`;
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

async function signedIn(baseURL: string, username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const res = await api.post("/api/v1/auth/login", { data: { username, password: DEMO_PASSWORD } });
  expect(res.ok(), await res.text()).toBe(true);
  return api;
}

async function call<T>(api: APIRequestContext, method: "GET" | "POST", path: string, data?: unknown) {
  const res = await api.fetch(`/api/v1${path}`, { method, ...(data === undefined ? {} : { data }) });
  expect(res.ok(), `${method} ${path} answered ${res.status()}: ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

const localDate = (at: Date) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
const shiftDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The hand-back date whose callback falls due today (three working days later), by the store's own calendar;
 * on a day off no callback is due, so the latest working day before it (its callback is due later).
 */
async function handBackDay(gm: APIRequestContext, storeId: number): Promise<string> {
  const today = localDate(new Date());
  const year = Number(today.slice(0, 4));
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const y of [year - 1, year]) {
    const cal = await call<{ holidays: string[]; workdays: string[] }>(
      gm,
      "GET",
      `/stores/${storeId}/calendar?year=${y}`,
    );
    for (const d of cal.holidays) holidays.add(d);
    for (const d of cal.workdays) workdays.add(d);
  }
  const working = (d: string) => {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    return workdays.has(d) || (weekday >= 1 && weekday <= 5 && !holidays.has(d));
  };
  let day = today;
  let count = 0;
  while (count < 3) {
    day = shiftDate(day, -1);
    if (working(shiftDate(day, 1))) count++;
  }
  if (working(today)) return day;
  let last = shiftDate(today, -1);
  while (!working(last)) last = shiftDate(last, -1);
  return last;
}

async function openTab(page: Page, tab: string): Promise<void> {
  await page.getByTestId(`care-tab-${tab}`).click();
  await expect(page.locator(`.ant-segmented-item-selected [data-testid="care-tab-${tab}"]`)).toBeVisible();
}

async function openKind(page: Page, kind: string): Promise<void> {
  await page.getByTestId(`care-kind-${kind}`).click();
  await expect(page.locator(`.ant-segmented-item-selected [data-testid="care-kind-${kind}"]`)).toBeVisible();
}

/** The tab a task is listed on now: overdue once past due, today until the day's end, else all open. */
function tabOf(task: Task): string {
  if (Date.parse(task.dueAt) < Date.now()) return "overdue";
  return localDate(new Date(task.dueAt)) === localDate(new Date()) ? "today" : "open";
}

/**
 * The task's row. The demo store has many tasks due the same day; the test's own were created last, so in due
 * order they are on the tab's last page.
 */
async function rowOf(page: Page, task: Task) {
  await openTab(page, tabOf(task));
  await page.waitForLoadState("networkidle");
  const pages = page.locator(".ant-pagination-item");
  if ((await pages.count()) > 0) await pages.last().click();
  const row = page.getByTestId(`care-row-${task.id}`);
  await expect(row).toBeVisible();
  return row;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
}

test("customer service records a post-service callback and sends a reminder", async ({ page, baseURL }) => {
  const suffix = uniqueSuffix();
  const owner = `维修客户${suffix}`;
  const fan = `生日客户${suffix}`;
  const advisor = await signedIn(baseURL!, "demo_advisor");
  const gm = await signedIn(baseURL!, "demo_gm");
  let callback: Task;
  let reminder: Task;
  let birthday: Task;
  let roNo: string;
  try {
    const me = await call<{ user: { storeId: number } }>(gm, "GET", "/auth/me");
    const plans = await call<{ items: { model: string }[] }>(gm, "GET", "/service-plans");
    const model = plans.items[0]!.model;

    // A maintenance handed back three working days ago
    const customer = await call<{ id: number }>(advisor, "POST", "/customers", {
      kind: "person",
      name: owner,
      phone: uniquePhone(),
    });
    const car = await call<{ id: number }>(advisor, "POST", `/customers/${customer.id}/vehicles`, {
      vin: vin(),
      plate: `沪B${String(Math.floor(Math.random() * 100_000)).padStart(5, "0")}`,
      model,
      purchaseDate: "2024-03-01",
    });
    const handedBackOn = await handBackDay(gm, me.user.storeId);
    // the callback is due today on a working day (on a day off, the latest working day's is due later)
    expect(handedBackOn < localDate(new Date())).toBe(true);
    const at = (hhmm: string) => `${handedBackOn}T${hhmm}:00+08:00`;
    const ro = await call<{ id: number; roNo: string }>(advisor, "POST", "/repair-orders", {
      vehicleId: car.id,
      mileageIn: 21_000,
      complaint: "常规保养",
      workType: "maintenance",
      occurredAt: at("08:30"),
    });
    roNo = ro.roNo;
    await call(advisor, "POST", `/repair-orders/${ro.id}/labour`, {
      description: "更换机油机滤",
      hours: 1,
      rateFen: 30_000,
    });
    await call(advisor, "POST", `/repair-orders/${ro.id}/transition`, {
      to: "in_progress",
      occurredAt: at("09:00"),
    });
    await call(advisor, "POST", `/repair-orders/${ro.id}/transition`, {
      to: "done",
      occurredAt: at("09:30"),
    });
    await call(advisor, "POST", `/repair-orders/${ro.id}/settle`, { occurredAt: at("09:45") });
    await call(advisor, "POST", `/repair-orders/${ro.id}/hand-back`, { occurredAt: at("10:00") });

    // A car long due for maintenance, and a customer whose birthday is today and who consented on WeChat only
    const second = await call<{ id: number }>(advisor, "POST", `/customers/${customer.id}/vehicles`, {
      vin: vin(),
      model,
      purchaseDate: "2023-01-10",
    });
    const today = localDate(new Date());
    const person = await call<{ id: number }>(advisor, "POST", "/customers", {
      kind: "person",
      name: fan,
      phone: uniquePhone(),
      birthday: `1990-${today.slice(5)}`.replace("1990-02-29", "1992-02-29"),
    });
    await call(advisor, "POST", `/customers/${person.id}/consents`, {
      channel: "wechat",
      granted: true,
      source: "微信公众号",
    });
    await call(gm, "POST", "/care-tasks/generate", {});

    const open = await call<{ items: Task[] }>(
      gm,
      "GET",
      "/care-tasks?pageSize=200&type=post_service_callback,maintenance_reminder,birthday",
    );
    callback = open.items.find((t) => t.repairOrderId === ro.id)!;
    reminder = open.items.find((t) => t.type === "maintenance_reminder" && t.vehicleId === second.id)!;
    birthday = open.items.find((t) => t.type === "birthday" && t.customerId === person.id)!;
    expect(callback).toMatchObject({ type: "post_service_callback", roNo: ro.roNo, done: false });
    expect(reminder).toBeTruthy();
    expect(birthday).toMatchObject({ forDate: today });
  } finally {
    await advisor.dispose();
    await gm.dispose();
  }

  await login(page, CS);
  await expect(page).toHaveURL(/\/callbacks$/);
  await openKind(page, "callbacks");
  const row = await rowOf(page, callback);
  await expect(row).toContainText(owner);
  await expect(row).toContainText(roNo);
  await expect(row).toContainText("维修回访");
  await expect(page.getByTestId("care-kpi-service-day3")).toContainText("维修后3天回访率");
  await expect(page.getByTestId("care-kpi-csi")).toContainText("客户满意度");
  await shot(page, "service-callback-list-zh");

  await page.getByTestId(`care-record-${callback.id}`).click();
  await expect(page.getByTestId("care-form")).toBeVisible();
  await page.getByTestId("care-reached-yes").click();
  await page.getByTestId("care-satisfaction").locator("li").nth(4).click();
  await page.getByTestId("care-comment").fill("保养及时，服务态度好");
  await shot(page, "service-callback-modal-zh");
  await page.getByTestId("care-submit").click();
  await expect(page.getByTestId("care-form")).toHaveCount(0);
  await expect(page.getByTestId(`care-row-${callback.id}`)).toHaveCount(0);
  const recorded = await apiGet<{ task: Task }>(page, `/care-tasks/${callback.id}`);
  expect(recorded.task).toMatchObject({
    done: true,
    reached: true,
    satisfaction: 5,
    comment: "保养及时，服务态度好",
  });

  // The overdue maintenance: a service SMS needs no marketing consent
  await openKind(page, "reminders");
  await expect(await rowOf(page, reminder)).toContainText(`保养到期 ${reminder.forDate}`);
  await page.getByTestId(`care-message-${reminder.id}`).click();
  await expect(page.getByTestId("message-preview")).toContainText(owner);
  await expect(page.getByTestId("message-preview")).toContainText(reminder.forDate!);
  await shot(page, "service-reminder-message-zh");
  await page.getByTestId("message-submit").click();
  await expect(page.getByTestId("message-preview")).toHaveCount(0);
  const sent = await apiGet<{ items: { status: string; purpose: string }[] }>(
    page,
    `/messages?careTaskId=${reminder.id}`,
  );
  expect(sent.items).toEqual([expect.objectContaining({ status: "recorded", purpose: "service" })]);

  // The birthday greeting is marketing: refused by SMS (no consent), refused by WeChat (no WeChat id)
  await openKind(page, "birthdays");
  await expect(await rowOf(page, birthday)).toContainText(fan);
  await page.getByTestId(`care-message-${birthday.id}`).click();
  await expect(page.getByTestId("message-refused")).toContainText("客户未同意通过该渠道接收营销消息");
  await expect(page.getByTestId("message-submit")).toBeDisabled();
  await shot(page, "service-birthday-refused-zh");
  await page.getByTestId("message-channel-wechat").click();
  await expect(page.getByTestId("message-refused")).toContainText("客户没有该渠道的联系方式");
  await page.keyboard.press("Escape");

  // The same screens in English
  await page.evaluate(() => localStorage.setItem("dms.language", "en"));
  await page.reload();
  await openKind(page, "all");
  await openTab(page, "open");
  await expect(page.getByTestId("care-kinds")).toContainText("Maintenance reminders");
  await expect(page.getByTestId("care-kpi-service-day3")).toContainText("3-day callback rate (service)");
  await shot(page, "service-worklist-en");
  await openKind(page, "birthdays");
  await rowOf(page, birthday);
  await page.getByTestId(`care-message-${birthday.id}`).click();
  await expect(page.getByTestId("message-refused")).toContainText("has not consented");
  await shot(page, "service-birthday-refused-en");
  await page.keyboard.press("Escape");
  await page.evaluate(() => localStorage.setItem("dms.language", "zh-CN"));
});
