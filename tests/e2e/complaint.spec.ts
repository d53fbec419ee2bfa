/**
 * Customer service receives a complaint, starts handling it and resolves it, every step on the complaint's
 * timeline; the service advisor submits a warranty claim from a finished warranty repair order (amounts
 * prefilled from its warranty lines) and records the manufacturer's answer. Screenshots in zh-CN and English.
 */
import { type APIRequestContext, expect, type Page, request, test } from "@playwright/test";
import { apiGet, DEMO_PASSWORD, login, uniqueSuffix } from "./helpers";

interface Vehicle {
  id: number;
  customerId: number;
  customerName: string;
}
interface Complaint {
  id: number;
  customerName: string;
  state: string;
  ownerName: string;
  description: string;
}
interface Claim {
  id: number;
  repairOrderId: number;
  state: string;
  labourFen: number;
  partsFen: number;
  claimedFen: number;
  approvedFen: number | null;
}

async function signedIn(baseURL: string, username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const res = await api.post("/api/v1/auth/login", { data: { username, password: DEMO_PASSWORD } });
  expect(res.ok(), await res.text()).toBe(true);
  return api;
}

async function call<T>(
  api: APIRequestContext,
  method: "get" | "post",
  path: string,
  data?: unknown,
): Promise<T> {
  const res = await api[method](`/api/v1${path}`, data === undefined ? {} : { data });
  expect(res.ok(), `${path} answered ${res.status()}: ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** A warranty repair order through the workshop's API, done, with warranty labour and parts. */
async function doneWarrantyOrder(
  api: APIRequestContext,
  vehicleId: number,
): Promise<{ id: number; roNo: string }> {
  const ro = await call<{ id: number; roNo: string }>(api, "post", "/repair-orders", {
    vehicleId,
    mileageIn: 1_500_000 + Math.floor(Math.random() * 100_000),
    complaint: "发动机故障灯亮，怠速抖动",
    workType: "warranty",
  });
  await call(api, "post", `/repair-orders/${ro.id}/labour`, {
    description: "更换点火线圈",
    hours: 1.5,
    rateFen: 20_000,
  });
  await call(api, "post", `/repair-orders/${ro.id}/parts`, {
    partNo: "06H905110G",
    name: "点火线圈",
    quantity: 2,
    unitPriceFen: 45_000,
  });
  await call(api, "post", `/repair-orders/${ro.id}/transition`, { to: "in_progress" });
  await call(api, "post", `/repair-orders/${ro.id}/transition`, { to: "done" });
  return ro;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
}

async function inEnglish(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.setItem("dms.language", "en"));
  await page.reload();
  await page.waitForLoadState("networkidle");
}

async function pick(page: Page, testId: string, text: string, type?: string): Promise<void> {
  const select = page.getByTestId(testId);
  await select.click();
  if (type) await select.locator("input").fill(type);
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: text })
    .first()
    .click();
}

test.use({ viewport: { width: 1440, height: 900 } });

test("customer service receives a complaint and resolves it", async ({ page, baseURL }) => {
  const advisor = await signedIn(baseURL!, "demo_advisor");
  const { items: vehicles } = await call<{ items: Vehicle[] }>(
    advisor,
    "get",
    "/customer-vehicles?pageSize=5",
  );
  const customer = vehicles[0]!;
  const text = `保养后仍有异响，客户要求免费复查 ${uniqueSuffix()}`;

  await login(page, "demo_cs");
  await page.goto("/complaints");
  await page.getByTestId("complaint-new").click();
  await pick(page, "complaint-customer", customer.customerName, customer.customerName);
  await pick(page, "complaint-category", "维修质量");
  await pick(page, "complaint-severity", "严重");
  await page.getByTestId("complaint-description").fill(text);
  await page.getByTestId("complaint-save").click();
  await expect(page.getByTestId("complaint-save")).toHaveCount(0);

  const { items } = await apiGet<{ items: Complaint[] }>(
    page,
    "/complaints?mine=true&open=true&pageSize=200",
  );
  const created = items.find((c) => c.description === text)!;
  expect(created).toMatchObject({
    state: "received",
    ownerName: "吴芳",
    customerName: customer.customerName,
  });
  const row = page.getByTestId(`complaint-row-${created.id}`);
  await expect(row).toContainText("已受理");
  await expect(row).toContainText("严重");
  await expect(row).toContainText("剩余");
  await shot(page, "complaints-list-zh");
  // and on the work list, with the callbacks and reminders (high severity: the nearest deadline comes first)
  await page.getByTestId("menu-callbacks").click();
  await expect(page.getByTestId("care-my-complaints")).toContainText(text.slice(0, 8));
  await page.getByTestId("menu-complaints").click();

  await page.getByTestId(`complaint-link-${created.id}`).click();
  await expect(page).toHaveURL(new RegExp(`/complaints/${created.id}$`));
  await page.getByTestId("complaint-to-handling").click();
  await expect(page.getByTestId("complaint-state").first()).toHaveText("处理中");
  await page.getByTestId("complaint-to-resolved").click();
  await page
    .getByTestId("complaint-resolution-text")
    .fill("复查确认为排气管隔热罩松动，已免费紧固，客户认可");
  await page.getByTestId("complaint-resolution-ok").click();
  await expect(page.getByTestId("complaint-state").first()).toHaveText("已解决");
  const timeline = page.getByTestId("complaint-timeline");
  await expect(timeline.locator(".ant-timeline-item")).toHaveCount(3);
  await expect(timeline).toContainText("已受理 → 处理中");
  await expect(timeline).toContainText("处理中 → 已解决");
  await expect(timeline).toContainText("已免费紧固");
  await expect(page.getByTestId("complaint-to-confirmed")).toBeVisible();
  await shot(page, "complaint-detail-zh");

  const detail = await apiGet<{ complaint: Complaint; events: { kind: string }[] }>(
    page,
    `/complaints/${created.id}`,
  );
  expect(detail.complaint.state).toBe("resolved");
  expect(detail.events.map((e) => e.kind)).toEqual(["received", "transition", "transition"]);

  await inEnglish(page);
  await expect(page.getByTestId("complaint-state").first()).toHaveText("Resolved");
  await shot(page, "complaint-detail-en");
  await page.goto("/complaints");
  await page.getByTestId("complaint-tab-all").click();
  await expect(page.getByTestId(`complaint-row-${created.id}`)).toContainText("Resolved");
  await shot(page, "complaints-list-en");
});

test("the service advisor submits a warranty claim and records the answer", async ({ page, baseURL }) => {
  const advisor = await signedIn(baseURL!, "demo_advisor");
  const { items: vehicles } = await call<{ items: Vehicle[] }>(
    advisor,
    "get",
    "/customer-vehicles?pageSize=5",
  );
  const [first, second] = [
    await doneWarrantyOrder(advisor, vehicles[1]!.id),
    await doneWarrantyOrder(advisor, vehicles[2]!.id),
  ];
  // one claim already answered (rejected), so the list shows the states and the rate
  const rejected = await call<Claim>(advisor, "post", "/claims", {
    repairOrderId: second.id,
    faultDescription: "点火线圈击穿",
  });
  await call(advisor, "post", `/claims/${rejected.id}/decide`, { approved: false, reason: "缺少故障码截图" });

  await login(page, "demo_advisor");
  await page.goto("/claims");
  await page.getByTestId("claim-new").click();
  await pick(page, "claim-ro", first.roNo, first.roNo);
  // 1.5 h × ¥200 and 2 × ¥450, all paid by the warranty
  await expect(page.getByTestId("claim-labour")).toHaveValue("300.00");
  await expect(page.getByTestId("claim-parts")).toHaveValue("900.00");
  await expect(page.getByTestId("claim-fault")).toHaveValue("发动机故障灯亮，怠速抖动");
  await page.getByTestId("claim-save").click();
  await expect(page.getByTestId("claim-save")).toHaveCount(0);

  const { items } = await apiGet<{ items: Claim[] }>(page, "/claims?pageSize=200");
  const claim = items.find((c) => c.repairOrderId === first.id)!;
  expect(claim).toMatchObject({
    state: "submitted",
    labourFen: 30_000,
    partsFen: 90_000,
    claimedFen: 120_000,
  });

  await page.getByTestId(`claim-decide-${claim.id}`).click();
  await page.getByTestId("claim-amount").fill("1100");
  await page.getByTestId("claim-decide-ok").click();
  await expect(page.getByTestId(`claim-state-${claim.id}`)).toHaveText("已通过");
  await expect(page.getByTestId(`claim-resubmit-${rejected.id}`)).toBeVisible();
  await expect(page.getByTestId("claim-kpi-rate")).toContainText("%");
  await shot(page, "claims-zh");
  const after = await apiGet<{ items: Claim[] }>(page, "/claims?state=approved&pageSize=200");
  expect(after.items.find((c) => c.id === claim.id)?.approvedFen).toBe(110_000);

  await inEnglish(page);
  await expect(page.getByTestId(`claim-state-${claim.id}`)).toHaveText("Approved");
  await shot(page, "claims-en");
});
