import { expect, test } from "@playwright/test";
import {
  type ApiLead,
  type ApiLeadDetail,
  apiGet,
  chooseOption,
  DEMO,
  leadOwnerId,
  login,
  uniquePhone,
  uniqueSuffix,
} from "./helpers";

test.describe("reception", () => {
  test.beforeEach(async ({ page }) => {
    await login(page, DEMO.reception.username);
    // reception's day starts on the showroom board; the lead work is one menu entry away
    await expect(page).toHaveURL(/\/reception$/);
    await page.goto("/leads");
  });

  test("registers a lead for a chosen consultant; the same phone again is merged", async ({ page }) => {
    const owner = DEMO.consultant5;
    const name = `前台登记${uniqueSuffix()}`;
    const phone = uniquePhone();

    await page.getByTestId("lead-new").click();
    await page.getByTestId("lead-form-name").fill(name);
    await page.getByTestId("lead-form-phone").fill(phone);
    // The owner picker lists the store's consultants even though reception may not read the user list.
    await chooseOption(page, page.getByTestId("lead-form-owner"), owner.name);
    await page.getByTestId("lead-form-submit").click();
    await expect(page.getByTestId("lead-created")).toContainText(name);

    const first = await apiGet<{ items: ApiLead[]; total: number }>(page, `/leads?q=${phone}`);
    expect(first.total).toBe(1);
    expect(first.items[0]).toMatchObject({ name, ownerName: owner.name, inPool: false });
    expect(first.items[0]!.ownerId).toBe(await leadOwnerId(page, owner.name));

    // The customer calls in again: same phone, registered again, merged into the open lead.
    await page.getByTestId("lead-new").click();
    await page.getByTestId("lead-form-name").fill(`${name}（再次来电）`);
    await page.getByTestId("lead-form-phone").fill(phone);
    await page.getByTestId("lead-form-source").click();
    await page.locator('.ant-select-item-option[title="来电"]').filter({ visible: true }).click();
    await page.getByTestId("lead-form-submit").click();
    const merged = page.getByTestId("lead-merged");
    await expect(merged).toContainText("已合并到现有潜客");
    await expect(merged.getByRole("link")).toHaveText(name);

    const after = await apiGet<{ items: ApiLead[]; total: number }>(page, `/leads?q=${phone}`);
    expect(after.total).toBe(1);
    expect(after.items[0]!.id).toBe(first.items[0]!.id);
    expect(after.items[0]!.ownerName).toBe(owner.name);

    // The merged lead's page shows the merge on its timeline and offers reception no reassignment.
    await merged.getByRole("link").click();
    await expect(page.getByTestId("lead-timeline")).toContainText("重复登记已合并");
    await expect(page.getByTestId("lead-owner")).toHaveText(owner.name);
    await expect(page.getByTestId("lead-assign")).toHaveCount(0);
  });

  test("assigns a lead from the store pool to a consultant", async ({ page }) => {
    const owner = DEMO.consultant4;
    const pool = await apiGet<{ items: ApiLead[]; total: number }>(
      page,
      "/leads?pool=true&state=active&pageSize=1",
    );
    expect(pool.total, "the demo store has leads in its pool").toBeGreaterThan(0);
    const lead = pool.items[0]!;
    expect(lead.ownerId).toBeNull();

    await page.goto(`/leads/${lead.id}`);
    await expect(page.getByTestId("lead-name")).toHaveText(lead.name);
    await page.getByTestId("lead-assign").click();
    await chooseOption(page, page.getByTestId("assign-owner"), owner.name);
    await page.getByTestId("assign-confirm").click();
    await expect(page.getByTestId("lead-owner")).toHaveText(owner.name);
    // Now owned, the lead is the manager's to move: the action is gone.
    await expect(page.getByTestId("lead-assign")).toHaveCount(0);

    const detail = await apiGet<ApiLeadDetail>(page, `/leads/${lead.id}`);
    expect(detail.lead).toMatchObject({ ownerName: owner.name, inPool: false });
  });
});
