/**
 * Shared steps for the browser tests: signing in through the login form, talking to the API with the page's
 * own session (`page.request` shares the browser context's cookies), and driving antd selects.
 */
import { type APIResponse, expect, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo1234";
export const ADMIN = { username: "admin", password: "e2e-admin-pass" };

/** The demo store's people, as `scripts/demo-data.ts` creates them. */
export const DEMO = {
  gm: { username: "demo_gm", name: "王建国" },
  manager: { username: "demo_manager", name: "李志强" },
  consultant1: { username: "demo_consultant1", name: "张伟" },
  consultant2: { username: "demo_consultant2", name: "刘洋" },
  consultant3: { username: "demo_consultant3", name: "陈静" },
  consultant4: { username: "demo_consultant4", name: "杨帆" },
  consultant5: { username: "demo_consultant5", name: "赵敏" },
  consultant6: { username: "demo_consultant6", name: "黄磊" },
  reception: { username: "demo_reception", name: "周婷" },
} as const;

/** A valid mainland mobile under a prefix (171) that the demo data never uses, so it cannot merge by accident. */
export function uniquePhone(): string {
  return `171${String(Math.floor(Math.random() * 100_000_000)).padStart(8, "0")}`;
}

/** A short suffix that makes names unique within a run and easy to find with the list's search. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1000)}`;
}

/** Signs in through the form and waits until the app has left the login page. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("header-user")).toBeVisible();
}

async function json<T>(response: APIResponse): Promise<T> {
  expect(response.ok(), `${response.url()} answered ${response.status()}: ${await response.text()}`).toBe(
    true,
  );
  return (await response.json()) as T;
}

export async function apiGet<T>(page: Page, path: string): Promise<T> {
  return json<T>(await page.request.get(`/api/v1${path}`));
}

export async function apiPost<T>(page: Page, path: string, data: unknown): Promise<T> {
  return json<T>(await page.request.post(`/api/v1${path}`, { data }));
}

export interface ApiLead {
  id: number;
  name: string;
  phone: string;
  level: string;
  ownerId: number | null;
  ownerName: string | null;
  inPool: boolean;
  state: string;
  nextContactAt: string | null;
}

export interface ApiLeadDetail {
  lead: ApiLead;
  followUps: { content: string; reached: boolean; levelAfter: string; nextContactAt: string | null }[];
  owners: { ownerId: number | null; ownerName: string | null; toAt: string | null; reason: string }[];
}

export async function leadOwnerId(page: Page, displayName: string): Promise<number> {
  const { items } = await apiGet<{ items: { id: number; displayName: string }[] }>(page, "/lead-owners");
  const owner = items.find((o) => o.displayName === displayName);
  expect(owner, `${displayName} is among the lead owners`).toBeTruthy();
  return owner!.id;
}

/** Opens an antd Select by its test id and picks the option with exactly this label. */
export async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  await page.locator(`.ant-select-item-option[title="${label}"]`).filter({ visible: true }).click();
  await expect(select).toContainText(label);
}

/** The text box of an antd date picker (the test id lands on the input or on its wrapper, by version). */
export function pickerInput(page: Page, testId: string): Locator {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

/** `2026-11-24 10:00` in the store's zone: how the date pickers and tables show an instant. */
export function shanghaiMinute(iso: string): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
}
