/**
 * Full-page screenshots of every screen, per role and language, for a person to look at (not a test of
 * behaviour). Off by default; run with
 *
 *   SCREENSHOTS=1 npx playwright test screenshots
 *
 * The PNGs land in `screenshots/<language>/` (git-ignored).
 */
import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, type ApiLead, apiGet, DEMO, DEMO_PASSWORD } from "./helpers";

test.skip(!process.env.SCREENSHOTS, "screenshots are taken only when SCREENSHOTS is set");
test.describe.configure({ timeout: 180_000 });

const LANGUAGES = ["zh-CN", "en"] as const;
type Language = (typeof LANGUAGES)[number];

const ROLES = [
  { key: "consultant", username: DEMO.consultant1.username, password: DEMO_PASSWORD },
  { key: "manager", username: DEMO.manager.username, password: DEMO_PASSWORD },
  { key: "reception", username: DEMO.reception.username, password: DEMO_PASSWORD },
  { key: "gm", username: DEMO.gm.username, password: DEMO_PASSWORD },
  { key: "admin", username: ADMIN.username, password: ADMIN.password },
  { key: "service", username: "demo_cs", password: DEMO_PASSWORD },
  { key: "advisor", username: "demo_advisor", password: DEMO_PASSWORD },
] as const;

const MENU_PAGES: Record<string, string> = {
  "my-day": "/my-day",
  board: "/board",
  leads: "/leads",
  defeats: "/defeats",
  import: "/import",
  audit: "/audit",
  stores: "/admin/stores",
  users: "/admin/users",
  home: "/home",
  reception: "/reception",
  callbacks: "/callbacks",
  "test-drives": "/test-drives",
  orders: "/orders",
  stock: "/stock",
  "long-stock": "/long-stock",
  appointments: "/appointments",
  "repair-orders": "/repair-orders",
  complaints: "/complaints",
  claims: "/claims",
  customers: "/customers",
  "service-plans": "/service-plans",
};

// Something each page shows once its code has loaded (pages are separate chunks behind a spinner).
const PAGE_READY: Record<string, string> = {
  "my-day": '[data-testid="myday-overdue"]',
  board: '[data-testid="board-stat-due"]',
  leads: '[data-testid="lead-filter-reset"]',
  defeats: '[data-testid="defeats-by-reason"]',
  import: '[data-testid="import-history"]',
  audit: '[data-testid="audit-search"]',
  stores: ".ant-table",
  users: '[data-testid="user-filter-role"]',
  home: ".ant-result",
  reception: '[data-testid="reception-board"]',
  callbacks: '[data-testid="care-tabs"]',
  "test-drives": '[data-testid="calendar-date"]',
  orders: '[data-testid="orders-search"]',
  stock: '[data-testid="stock-new"], .ant-table',
  "long-stock": '[data-testid="long-stock-count"]',
  appointments: '[data-testid="week-load"]',
  "repair-orders": '[data-testid="ro-today"]',
  complaints: '[data-testid="complaint-new"], .ant-table',
  claims: '[data-testid="claim-kpi-rate"]',
  customers: '[data-testid="customers-search"]',
  "service-plans": ".ant-table",
};

/** Follows a menu entry and waits until its page, not the previous one, is on screen. */
async function openMenu(page: Page, key: string): Promise<void> {
  await page.getByTestId(`menu-${key}`).click();
  await expect(page).toHaveURL(new RegExp(`${MENU_PAGES[key]}$`));
  await expect(page.locator(PAGE_READY[key]!).first()).toBeVisible();
  await settled(page);
}

/** Dialogs zoom in; anything measured during the motion (a dropdown's width) would come out too small. */
async function motionsDone(page: Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
}

// Requests in flight per page: "networkidle" means nothing after client-side navigation (the page loaded
// long ago), so the script counts the app's own requests.
const inFlight = new WeakMap<Page, Set<unknown>>();

function trackRequests(page: Page): void {
  const pending = new Set<unknown>();
  inFlight.set(page, pending);
  page.on("request", (r) => pending.add(r));
  page.on("requestfinished", (r) => pending.delete(r));
  page.on("requestfailed", (r) => pending.delete(r));
}

/** Nothing is loading any more: no request in flight and no spinner on screen. */
async function settled(page: Page): Promise<void> {
  await expect.poll(() => inFlight.get(page)?.size ?? 0).toBe(0);
  await expect(page.locator(".ant-spin-spinning")).toHaveCount(0);
  await expect(page.locator(".ant-table-placeholder .ant-spin")).toHaveCount(0);
}

async function shoot(page: Page, language: Language, name: string): Promise<void> {
  await settled(page);
  // Let antd's open/close motions finish so that dialogs are captured fully drawn.
  await motionsDone(page);
  await page.screenshot({ path: `screenshots/${language}/${name}.png`, fullPage: true });
}

async function closeDialog(page: Page): Promise<void> {
  await page.locator(".ant-modal-close, .ant-drawer-close").filter({ visible: true }).first().click();
  await expect(page.locator(".ant-modal-wrap:visible, .ant-drawer-content-wrapper:visible")).toHaveCount(0);
}

for (const language of LANGUAGES) {
  test.describe(`screens in ${language}`, () => {
    test.use({ viewport: { width: 1440, height: 900 } });
    test.beforeAll(() => mkdirSync(`screenshots/${language}`, { recursive: true }));
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((lang) => localStorage.setItem("dms.language", lang), language);
      trackRequests(page);
    });

    test("login page", async ({ page }) => {
      await page.goto("/login");
      await expect(page.getByTestId("login-form")).toBeVisible();
      await shoot(page, language, "login");
      await page.getByTestId("login-username").fill("nobody");
      await page.getByTestId("login-password").fill("wrong-password");
      await page.getByTestId("login-submit").click();
      await expect(page.getByTestId("login-error")).toBeVisible();
      await shoot(page, language, "login-error");
    });

    for (const role of ROLES) {
      test(`${role.key}`, async ({ page }) => {
        const answer = await page.request.post("/api/v1/auth/login", {
          data: { username: role.username, password: role.password },
        });
        expect(answer.ok()).toBe(true);
        await page.goto("/");
        await expect(page.getByTestId("header-user")).toBeVisible();

        for (const key of Object.keys(MENU_PAGES)) {
          if ((await page.getByTestId(`menu-${key}`).count()) === 0) continue;
          await openMenu(page, key);
          await shoot(page, language, `${role.key}-${key}`);
        }

        // The after-sales detail pages: a repair order at work, its settlement, a complaint, a customer's 360.
        const detail = async (
          menu: string,
          list: string,
          path: (id: number) => string,
          ready: string,
          name: string,
        ) => {
          if ((await page.getByTestId(`menu-${menu}`).count()) === 0) return;
          const { items } = await apiGet<{ items: { id: number }[] }>(page, list);
          if (!items[0]) return;
          await page.goto(path(items[0].id));
          await expect(page.getByTestId(ready)).toBeVisible();
          await shoot(page, language, `${role.key}-${name}`);
        };
        await detail(
          "repair-orders",
          "/repair-orders?state=settled&pageSize=1",
          (id) => `/repair-orders/${id}`,
          "ro-steps",
          "ro-detail",
        );
        await detail(
          "repair-orders",
          "/repair-orders?state=settled&pageSize=1",
          (id) => `/repair-orders/${id}/settlement`,
          "print-total",
          "ro-settlement",
        );
        await detail(
          "complaints",
          "/complaints?pageSize=1",
          (id) => `/complaints/${id}`,
          "complaint-timeline",
          "complaint-detail",
        );
        const visited = await apiGet<{ items: { customerId: number }[] }>(
          page,
          "/care-tasks?done=true&pageSize=1",
        ).catch(() => null);
        if ((await page.getByTestId("menu-customers").count()) > 0 && visited?.items[0]) {
          await page.goto(`/customers/${visited.items[0].customerId}`);
          await expect(page.getByTestId("c360-name")).toBeVisible();
          await shoot(page, language, `${role.key}-customer-360`);
        }

        const canReadLeads = (await page.getByTestId("menu-leads").count()) > 0;
        if (!canReadLeads) return;

        // A lead with a long history: the detail page at its fullest.
        await openMenu(page, "leads");
        const { items } = await apiGet<{ items: ApiLead[] }>(page, "/leads?state=active&pageSize=50");
        const lead = items.find((l) => l.ownerId !== null) ?? items[0];
        if (lead) {
          await page.goto(`/leads/${lead.id}`);
          await expect(page.getByTestId("lead-summary")).toBeVisible();
          await shoot(page, language, `${role.key}-lead-detail`);

          if ((await page.getByTestId("lead-followup").count()) > 0) {
            await page.getByTestId("lead-followup").click();
            await expect(page.getByTestId("followup-form")).toBeVisible();
            await shoot(page, language, `${role.key}-followup-dialog`);
            await closeDialog(page);
          }
          if ((await page.getByTestId("lead-assign").count()) > 0) {
            await page.getByTestId("lead-assign").click();
            await expect(page.getByTestId("assign-owner")).toBeVisible();
            await motionsDone(page);
            await page.getByTestId("assign-owner").click();
            await shoot(page, language, `${role.key}-assign-dialog`);
            await closeDialog(page);
          }
          if ((await page.getByTestId("lead-defeat-request").count()) > 0) {
            await page.getByTestId("lead-defeat-request").click();
            await expect(page.getByTestId("defeat-reason")).toBeVisible();
            await shoot(page, language, `${role.key}-defeat-dialog`);
            await closeDialog(page);
          }
        }

        // A pool lead as this role sees it (claim for consultants, assign for reception and managers).
        const pool = await apiGet<{ items: ApiLead[] }>(page, "/leads?pool=true&state=active&pageSize=1");
        if (pool.items[0]) {
          await page.goto(`/leads/${pool.items[0].id}`);
          await expect(page.getByTestId("lead-summary")).toBeVisible();
          await shoot(page, language, `${role.key}-pool-lead`);
        }

        await openMenu(page, "leads");
        if ((await page.getByTestId("lead-new").count()) > 0) {
          await page.getByTestId("lead-new").click();
          await expect(page.getByTestId("lead-form-name")).toBeVisible();
          await page.getByTestId("lead-form-submit").click(); // empty: shows the required-field messages
          await shoot(page, language, `${role.key}-new-lead`);
          await closeDialog(page);
        }

        // The list with a few rows selected: the bulk bar.
        const boxes = page.locator(
          'tr[data-testid^="lead-row-"] .ant-checkbox-wrapper:not(.ant-checkbox-wrapper-disabled)',
        );
        if ((await boxes.count()) >= 2) {
          await boxes.nth(0).click();
          await boxes.nth(1).click();
          await expect(page.getByTestId("lead-bulk-bar")).toBeVisible();
          await shoot(page, language, `${role.key}-leads-selected`);
        }
      });
    }
  });
}
