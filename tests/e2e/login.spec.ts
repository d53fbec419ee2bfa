import { expect, test } from "@playwright/test";
import { DEMO, login } from "./helpers";

test.describe("login", () => {
  test("a wrong password is refused with a message and no session", async ({ page }) => {
    await page.goto("/login");
    // A user nobody else signs in as: the failure counts towards that user's lock-out.
    await page.getByTestId("login-username").fill(DEMO.consultant6.username);
    await page.getByTestId("login-password").fill("not-the-password");
    await page.getByTestId("login-submit").click();

    await expect(page.getByTestId("login-error")).toHaveText("用户名或密码错误");
    await expect(page).toHaveURL(/\/login$/);
    expect((await page.request.get("/api/v1/auth/me")).status()).toBe(401);
  });

  test("a consultant lands on 我的今日", async ({ page }) => {
    await login(page, DEMO.consultant1.username);

    await expect(page).toHaveURL(/\/my-day$/);
    await expect(page.getByTestId("header-user")).toContainText(DEMO.consultant1.name);
    await expect(page.getByTestId("menu-my-day")).toHaveText("我的今日");
    // The page's own sections, not just the frame: the work list loaded.
    for (const section of ["overdue", "dueToday", "stale", "appointments"]) {
      await expect(page.getByTestId(`myday-${section}`)).toBeVisible();
    }
    const me = await (await page.request.get("/api/v1/auth/me")).json();
    expect(me.user.username).toBe(DEMO.consultant1.username);
  });

  test("the language switch turns the menu to English and back", async ({ page }) => {
    await login(page, DEMO.manager.username);
    const menu = {
      board: page.getByTestId("menu-board"),
      leads: page.getByTestId("menu-leads"),
      import: page.getByTestId("menu-import"),
    };
    await expect(menu.board).toHaveText("经理看板");
    await expect(menu.leads).toHaveText("潜客列表");

    await page.getByTestId("lang-switch").click();
    await expect(menu.board).toHaveText("Manager board");
    await expect(menu.leads).toHaveText("Leads");
    await expect(menu.import).toHaveText("Import leads");
    await expect(page.getByTestId("lang-switch")).toHaveText("中文");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    // The choice survives a reload (it is kept in the browser), then switches back.
    await page.reload();
    await expect(menu.leads).toHaveText("Leads");
    await page.getByTestId("lang-switch").click();
    await expect(menu.board).toHaveText("经理看板");
    await expect(menu.leads).toHaveText("潜客列表");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  });
});
