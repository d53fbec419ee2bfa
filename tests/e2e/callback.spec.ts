/**
 * Customer service records post-sale callbacks through the work list. The callbacks come from real deliveries
 * made through the API: the manager books a car into stock, the consultant orders and delivers it.
 */
import { type APIRequestContext, expect, type Page, request, test } from "@playwright/test";
import { apiGet, DEMO, DEMO_PASSWORD, login, uniquePhone, uniqueSuffix } from "./helpers";

const CS = "demo_cs";
const DAY = 86_400_000;
const DOCUMENTS = {
  invoice: true,
  certificate: true,
  manual: true,
  warrantyCard: true,
  keys: true,
  insurancePolicy: true,
};

interface Task {
  id: number;
  orderId: number | null;
  orderNo: string | null;
  dayOffset: number | null;
  dueAt: string;
  done: boolean;
  reached: boolean | null;
  satisfaction: number | null;
  comment: string | null;
  attempts: number;
  overdue: boolean;
}
interface Stats {
  postSale: Record<"day3" | "day7" | "day30", { due: number; reachedInTime: number; rate: number | null }>;
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

async function post<T>(api: APIRequestContext, path: string, data: unknown): Promise<T> {
  const res = await api.post(`/api/v1${path}`, { data });
  expect(res.ok(), `${path} answered ${res.status()}: ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** A car sold and handed over `daysAgo` days ago; the delivery opens its callbacks. */
async function delivery(baseURL: string, customer: string, daysAgo: number): Promise<{ orderId: number }> {
  const at = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  const manager = await signedIn(baseURL, DEMO.manager.username);
  const consultant = await signedIn(baseURL, DEMO.consultant1.username);
  try {
    const car = await post<{ id: number }>(manager, "/vehicles", {
      vin: vin(),
      model: "途观L",
      colour: "白色",
      costFen: 18_000_000,
      arrivedAt: at(daysAgo + 30),
    });
    const { lead } = await post<{ lead: { id: number } }>(consultant, "/leads", {
      name: customer,
      phone: uniquePhone(),
      source: "walk_in",
      occurredAt: at(daysAgo + 2),
    });
    const order = await post<{ id: number }>(consultant, "/orders", {
      leadId: lead.id,
      vehicleId: car.id,
      depositFen: 500_000,
      depositMethod: "wechat",
      priceFen: 21_000_000,
      occurredAt: at(daysAgo + 1),
    });
    await post(consultant, `/orders/${order.id}/deliver`, {
      pdiDone: true,
      documents: DOCUMENTS,
      ...(daysAgo > 0 ? { occurredAt: at(daysAgo) } : {}),
    });
    return { orderId: order.id };
  } finally {
    await manager.dispose();
    await consultant.dispose();
  }
}

async function callbacksOf(page: Page, orderId: number): Promise<Task[]> {
  const { items } = await apiGet<{ items: Task[] }>(page, "/care-tasks?pageSize=200");
  const done = await apiGet<{ items: Task[] }>(page, "/care-tasks?done=true&pageSize=200");
  return [...items, ...done.items]
    .filter((t) => t.orderId === orderId)
    .sort((a, b) => a.dayOffset! - b.dayOffset!);
}

async function openTab(page: Page, tab: string): Promise<void> {
  await page.getByTestId(`care-tab-${tab}`).click();
  await expect(page.locator(`.ant-segmented-item-selected [data-testid="care-tab-${tab}"]`)).toBeVisible();
}

/** The demo store has many open tasks: the list is narrowed to this run's customers. */
async function search(page: Page, text: string): Promise<void> {
  const input = page.locator('input[data-testid="care-search"], [data-testid="care-search"] input');
  await input.fill(text);
  await input.press("Enter");
}

async function shot(page: Page, name: string): Promise<void> {
  // let antd's transitions and the lazy chunks finish so the picture shows the settled screen
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
}

test("customer service records post-sale callbacks from the work list", async ({ page, baseURL }) => {
  const suffix = uniqueSuffix();
  const late = `超期${suffix}`;
  const fresh = `今交${suffix}`;
  // handed over five days ago: its 3-day callback is overdue; today: its callbacks are open
  const overdueDelivery = await delivery(baseURL!, late, 5);
  const todayDelivery = await delivery(baseURL!, fresh, 0);

  await login(page, CS);
  await expect(page).toHaveURL(/\/callbacks$/);
  await search(page, suffix);
  const [late3] = await callbacksOf(page, overdueDelivery.orderId);
  const freshTasks = await callbacksOf(page, todayDelivery.orderId);
  expect(freshTasks.map((t) => t.dayOffset)).toEqual([3, 7, 30]);
  expect(late3).toMatchObject({ dayOffset: 3, overdue: true, done: false });

  // Overdue: the 3-day callback of the earlier delivery, its due time in red
  await openTab(page, "overdue");
  const lateRow = page.getByTestId(`care-row-${late3!.id}`);
  await expect(lateRow).toContainText(late);
  await expect(lateRow).toContainText(late3!.orderNo!);
  await expect(lateRow).toContainText("已超期");
  await expect(lateRow.locator(".ant-typography-danger")).toBeVisible();
  await shot(page, "care-overdue-zh");

  // A first unanswered call on today's 3-day callback: it stays open with one call counted
  await openTab(page, "open");
  const fresh3 = freshTasks[0]!;
  await page.getByTestId(`care-record-${fresh3.id}`).click();
  await expect(page.getByTestId("care-form")).toBeVisible();
  await page.getByTestId("care-reached-no").click();
  await expect(page.getByTestId("care-satisfaction")).toHaveCount(0);
  await page.getByTestId("care-comment").fill("无人接听");
  await page.getByTestId("care-submit").click();
  await expect(page.getByTestId("care-form")).toHaveCount(0);
  await expect(page.getByTestId(`care-row-${fresh3.id}`).locator("td").nth(5)).toHaveText("1");

  // The overdue callback reached: four stars and a comment
  await openTab(page, "overdue");
  await page.getByTestId(`care-record-${late3!.id}`).click();
  await expect(page.getByTestId("care-history")).toHaveCount(0);
  await page.getByTestId("care-reached-yes").click();
  await page.getByTestId("care-submit").click();
  // the score is required when the customer was reached
  await expect(page.getByText("接通后请为客户满意度打分（1–5 分）")).toBeVisible();
  await page.getByTestId("care-satisfaction").locator("li").nth(3).click();
  await page.getByTestId("care-comment").fill("对交车服务满意，希望加快上牌");
  await shot(page, "care-modal-zh");
  await page.getByTestId("care-submit").click();
  await expect(page.getByTestId("care-form")).toHaveCount(0);
  await expect(page.getByTestId(`care-row-${late3!.id}`)).toHaveCount(0);

  const [recorded] = await callbacksOf(page, overdueDelivery.orderId);
  expect(recorded).toMatchObject({ done: true, reached: true, satisfaction: 4, attempts: 1 });
  expect(recorded!.comment).toBe("对交车服务满意，希望加快上牌");

  // Done: the result with its score and comment
  await openTab(page, "done");
  const doneRow = page.getByTestId(`care-row-${late3!.id}`);
  await expect(doneRow).toContainText("对交车服务满意，希望加快上牌");
  await expect(doneRow.locator(".ant-rate-star-full")).toHaveCount(4);

  // The KPI strip shows this month's rates as the statistics compute them from the records
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
  const lastDay = new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();
  const stats = await apiGet<Stats>(page, `/care-tasks/stats?from=${month}-01&to=${month}-${lastDay}`);
  const day3 = stats.postSale.day3;
  await expect(page.getByTestId("care-kpi-day3")).toContainText(
    day3.rate === null ? "本月暂无到期回访" : `${(day3.rate * 100).toFixed(1)}%`,
  );
  await shot(page, "care-done-zh");

  // The unanswered call is in the task's history when it is opened again
  await openTab(page, "open");
  await page.getByTestId(`care-record-${fresh3.id}`).click();
  await expect(page.getByTestId("care-history")).toContainText("无人接听");
  await expect(page.getByTestId("care-history")).toContainText("吴芳");
  await page.keyboard.press("Escape");

  // The same screens in English
  await page.evaluate(() => localStorage.setItem("dms.language", "en"));
  await page.reload();
  await search(page, suffix);
  await openTab(page, "open");
  await expect(page.getByTestId("care-tabs")).toContainText("All open");
  await expect(page.getByTestId("care-kpi-day3")).toContainText("3-day effective callback rate");
  await shot(page, "care-open-en");
  await page.getByTestId(`care-record-${fresh3.id}`).click();
  await page.getByTestId("care-reached-no").click();
  await shot(page, "care-modal-en");
  await page.keyboard.press("Escape");
  await openTab(page, "done");
  await shot(page, "care-done-en");
});
