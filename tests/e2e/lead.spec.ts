import { expect, test } from "@playwright/test";
import {
  type ApiLead,
  type ApiLeadDetail,
  apiGet,
  apiPost,
  chooseOption,
  DEMO,
  login,
  pickerInput,
  shanghaiMinute,
  uniquePhone,
  uniqueSuffix,
} from "./helpers";

test("a consultant registers a lead, follows it up as B on the proposed day and sees it on the lead", async ({
  page,
}) => {
  const name = `测试客户${uniqueSuffix()}`;
  const phone = uniquePhone();
  const note = `试驾后在比较雷凌和轩逸 ${uniqueSuffix()}`;

  await login(page, DEMO.consultant1.username);
  await page.getByTestId("menu-leads").click();
  await expect(page).toHaveURL(/\/leads$/);

  // New lead from the list.
  await page.getByTestId("lead-new").click();
  await page.getByTestId("lead-form-name").fill(name);
  await page.getByTestId("lead-form-phone").fill(phone);
  await page.getByTestId("lead-form-model").fill("雷凌");
  // A consultant's own leads are theirs: no owner to pick.
  await expect(page.getByTestId("lead-form-owner")).toHaveCount(0);
  await page.getByTestId("lead-form-submit").click();

  const created = page.getByTestId("lead-created");
  await expect(created).toContainText("潜客已建档");
  await created.getByRole("link", { name }).click();

  // The detail page of the new lead: a new contact (N), owned by the consultant.
  await expect(page).toHaveURL(/\/leads\/\d+$/);
  const leadId = Number(new URL(page.url()).pathname.split("/").pop());
  await expect(page.getByTestId("lead-name")).toHaveText(name);
  await expect(page.getByTestId("lead-owner")).toHaveText(DEMO.consultant1.name);
  await expect(page.getByTestId("lead-summary").getByTestId("level-N")).toBeVisible();
  await expect(page.getByTestId("lead-phone")).toContainText(phone);

  // The plan the form should propose for a B lead, as the server computes it.
  const plan = await apiGet<{ proposedAt: string; latestAt: string }>(page, `/leads/${leadId}/plan?level=B`);

  // A reached follow-up grading the lead B; a reached N lead must be graded, and the form says so.
  await page.getByTestId("lead-followup").click();
  const form = page.getByTestId("followup-form");
  await expect(form).toBeVisible();
  await page.getByTestId("followup-reached-yes").click();
  await expect(page.getByTestId("followup-level-reason")).toBeVisible();
  await page.getByTestId("followup-content").fill(note);
  await chooseOption(page, page.getByTestId("followup-level"), "B · 比较车型");
  // The next contact is proposed from the B cadence; it is kept as proposed.
  await expect(pickerInput(page, "followup-next")).toHaveValue(shanghaiMinute(plan.proposedAt));
  await page.getByTestId("followup-submit").click();
  await expect(form).toBeHidden();

  // The timeline shows the entry, and the lead now reads B.
  const timeline = page.getByTestId("lead-timeline");
  await expect(timeline).toContainText(note);
  await expect(timeline).toContainText("已联系上");
  await expect(timeline).toContainText(`下次联系时间：${shanghaiMinute(plan.proposedAt)}`);
  await expect(page.getByTestId("lead-summary").getByTestId("level-B")).toBeVisible();
  await expect(page.getByTestId("lead-summary").getByTestId("level-N")).toHaveCount(0);

  // And the server agrees.
  const detail = await apiGet<ApiLeadDetail>(page, `/leads/${leadId}`);
  expect(detail.lead.level).toBe("B");
  expect(detail.followUps).toHaveLength(1);
  expect(detail.followUps[0]).toMatchObject({
    content: note,
    reached: true,
    levelAfter: "B",
    nextContactAt: plan.proposedAt,
  });
  expect(detail.lead.nextContactAt).toBe(plan.proposedAt);
});

test("an unreached follow-up planned after the due time warns that the lead will be overdue", async ({
  page,
}) => {
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  await login(page, DEMO.consultant1.username);
  // Reached as B five days ago: due two days from now; the B plan counted from today lies beyond that.
  const { lead } = await apiPost<{ lead: ApiLead }>(page, "/leads", {
    name: `到期前计划${uniqueSuffix()}`,
    phone: uniquePhone(),
    source: "walk_in",
    occurredAt: daysAgo(6),
  });
  const graded = await apiPost<{ lead: ApiLead & { dueAt: string } }>(page, `/leads/${lead.id}/follow-ups`, {
    channel: "visit",
    reached: true,
    content: "到店看车",
    level: "B",
    occurredAt: daysAgo(5),
    nextContactAt: daysAgo(4),
  });
  const plan = await apiGet<{ proposedAt: string }>(page, `/leads/${lead.id}/plan?level=B`);
  expect(Date.parse(plan.proposedAt)).toBeGreaterThan(Date.parse(graded.lead.dueAt));

  await page.goto(`/leads/${lead.id}`);
  await page.getByTestId("lead-followup").click();
  await expect(pickerInput(page, "followup-next")).toHaveValue(shanghaiMinute(plan.proposedAt));
  // Reached: this follow-up resets the due time, nothing to warn about.
  await expect(page.getByTestId("followup-plan-after-due")).toHaveCount(0);
  await page.getByTestId("followup-reached-no").click();
  await expect(page.getByTestId("followup-plan-after-due")).toContainText(shanghaiMinute(graded.lead.dueAt));
  await page.getByTestId("followup-reached-yes").click();
  await expect(page.getByTestId("followup-plan-after-due")).toHaveCount(0);
});
