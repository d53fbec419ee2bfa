import { expect, test } from "@playwright/test";
import {
  type ApiLead,
  type ApiLeadDetail,
  apiGet,
  apiPost,
  chooseOption,
  DEMO,
  leadOwnerId,
  login,
  uniquePhone,
  uniqueSuffix,
} from "./helpers";

interface Board {
  consultants: { userId: number; displayName: string; open: number; overdue: number }[];
}

test("the sales manager moves a consultant's lead to another consultant and reads the board", async ({
  page,
}) => {
  await login(page, DEMO.manager.username);
  await expect(page).toHaveURL(/\/board$/);

  // A lead of 刘洋's, registered for this test so that its history is known.
  const from = DEMO.consultant2;
  const to = DEMO.consultant3;
  const name = `换顾问${uniqueSuffix()}`;
  const fromId = await leadOwnerId(page, from.name);
  const { lead } = await apiPost<{ lead: ApiLead }>(page, "/leads", {
    name,
    phone: uniquePhone(),
    source: "phone",
    ownerId: fromId,
  });
  // (The create answer leaves ownerName empty — a server issue reported separately — so the id is compared.)
  expect(lead.ownerId).toBe(fromId);

  // Found through the lead list's search, opened from its row.
  await page.getByTestId("menu-leads").click();
  await page.getByTestId("lead-filter-search").locator("input").fill(name);
  await page.getByTestId("lead-filter-search").locator("input").press("Enter");
  const row = page.getByTestId(`lead-row-${lead.id}`);
  await expect(row).toContainText(from.name);
  await row.getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${lead.id}$`));
  await expect(page.getByTestId("lead-owner")).toHaveText(from.name);

  // Reassign: the current owner is not offered.
  await page.getByTestId("lead-assign").click();
  const picker = page.getByTestId("assign-owner");
  await picker.click();
  await expect(page.locator(`.ant-select-item-option[title="${from.name}"]`)).toHaveCount(0);
  await page.keyboard.press("Escape");
  await chooseOption(page, picker, to.name);
  await page.getByTestId("assign-confirm").click();
  await expect(page.getByTestId("assign-confirm")).toBeHidden();

  await expect(page.getByTestId("lead-owner")).toHaveText(to.name);
  const history = page.getByTestId("lead-owner-history");
  await expect(history.locator("tr.ant-table-row")).toHaveCount(2);
  await expect(history.locator("tr.ant-table-row").filter({ hasText: from.name })).toContainText("建档");
  await expect(history.locator("tr.ant-table-row").filter({ hasText: to.name })).toContainText("手动分配");
  await expect(history.locator("tr.ant-table-row").filter({ hasText: to.name })).toContainText("至今");
  await expect(page.getByTestId("lead-timeline")).toContainText("分配顾问");

  const detail = await apiGet<ApiLeadDetail>(page, `/leads/${lead.id}`);
  expect(detail.lead.ownerName).toBe(to.name);
  expect(detail.owners.map((o) => o.ownerName).sort()).toEqual([from.name, to.name].sort());
  expect(detail.owners.find((o) => o.ownerName === from.name)?.toAt).not.toBeNull();
  expect(detail.owners.find((o) => o.ownerName === to.name)?.toAt).toBeNull();

  // The board lists every consultant with the counts the server reports.
  await page.getByTestId("menu-board").click();
  await expect(page).toHaveURL(/\/board$/);
  const board = await apiGet<Board>(page, "/leads/board");
  expect(board.consultants.length).toBeGreaterThanOrEqual(6);
  for (const c of board.consultants) {
    const consultantRow = page.getByTestId(`board-consultant-${c.userId}`);
    await expect(consultantRow).toContainText(c.displayName);
    await expect(consultantRow.locator("td").nth(1)).toHaveText(String(c.open));
    await expect(consultantRow.locator("td").nth(3)).toHaveText(String(c.overdue));
  }
  await expect(page.getByTestId(`board-consultant-${board.consultants[0]!.userId}`)).toBeVisible();
  await expect(page.getByTestId("board-overdue-chart")).toBeVisible();
});
