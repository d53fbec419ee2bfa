import { expect, test } from "@playwright/test";
import { type ApiLead, apiGet, DEMO, login, shanghaiMinute } from "./helpers";

interface MyDay {
  dueToday: (ApiLead & { dueAt: string | null })[];
}

const shanghaiDay = (iso: string) => shanghaiMinute(iso).slice(0, 10);

test("my day shows the planned contact beside the due time, so leads planned for today read right", async ({
  page,
}) => {
  await login(page, DEMO.consultant1.username);
  await expect(page).toHaveURL(/\/my-day$/);

  const card = page.getByTestId("myday-dueToday");
  await expect(card.locator("thead")).toContainText("计划联系");
  await expect(card.locator("thead")).toContainText("应跟进时间");
  await expect(card).toContainText("计划今天联系，或今天到期必须跟进的潜客");

  const { dueToday } = await apiGet<MyDay>(page, "/my-day");
  expect(dueToday.length, "the demo consultant has leads due today").toBeGreaterThan(0);
  const today = shanghaiDay(new Date().toISOString());
  for (const lead of dueToday) {
    const row = card.getByTestId(`lead-row-${lead.id}`);
    const cells = row.locator("td");
    await expect(cells.nth(0)).toHaveText(lead.name);
    // Columns: name, phone, level, model, planned contact, due time, action.
    await expect(cells.nth(4)).toContainText(lead.nextContactAt ? shanghaiMinute(lead.nextContactAt) : "—");
    await expect(cells.nth(5)).toContainText(lead.dueAt ? shanghaiMinute(lead.dueAt) : "—");
    const plannedToday = lead.nextContactAt !== null && shanghaiDay(lead.nextContactAt) === today;
    await expect(cells.nth(4).getByText("今天", { exact: true })).toHaveCount(plannedToday ? 1 : 0);
  }
});
