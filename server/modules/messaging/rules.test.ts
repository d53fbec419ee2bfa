import { describe, expect, it } from "vitest";
import { mayContact, paramProblems, render, TEMPLATE_NAMES, TEMPLATES } from "./rules.ts";

describe("the consent rule", () => {
  it.each([
    ["service", false, true],
    ["service", true, true],
    ["marketing", false, false],
    ["marketing", true, true],
  ] as const)("a %s message, consent %s: may send %s", (purpose, granted, expected) => {
    expect(mayContact(purpose, granted)).toBe(expected);
  });
});

describe("templates", () => {
  it.each([
    ["maintenance_reminder", "service"],
    ["post_service_thanks", "service"],
    ["birthday", "marketing"],
    ["campaign", "marketing"],
  ] as const)("%s is a %s message", (name, purpose) => {
    expect(TEMPLATES[name].purpose).toBe(purpose);
  });

  it.each(TEMPLATE_NAMES)("%s renders every placeholder, and a marketing text offers the opt-out", (name) => {
    const params = Object.fromEntries(
      [...TEMPLATES[name].params, "customerName", "storeName"].map((p) => [p, `<${p}>`]),
    );
    const text = render(name, params);
    expect(text).not.toMatch(/\{\w+\}/);
    for (const p of TEMPLATES[name].params) expect(text).toContain(`<${p}>`);
    expect(text.startsWith("【<storeName>】")).toBe(true);
    expect(text.endsWith("回复TD退订")).toBe(TEMPLATES[name].purpose === "marketing");
  });

  it("renders the reminder as the customer reads it", () => {
    expect(
      render("maintenance_reminder", {
        customerName: "王先生",
        storeName: "上海浦东大众",
        vehicle: "沪A12345",
        dueDate: "2026-12-20",
      }),
    ).toBe(
      "【上海浦东大众】尊敬的王先生，您的爱车沪A12345保养到期日为2026-12-20，请及时预约到店保养。如已保养请忽略。",
    );
  });

  it.each([
    ["all given", "maintenance_reminder", { vehicle: "x", dueDate: "y" }, { missing: [], unknown: [] }],
    ["one missing", "maintenance_reminder", { vehicle: "x" }, { missing: ["dueDate"], unknown: [] }],
    ["an unknown one", "birthday", { gift: "x" }, { missing: [], unknown: ["gift"] }],
    [
      "the server's own may not be given",
      "campaign",
      { content: "x", storeName: "y" },
      { missing: [], unknown: ["storeName"] },
    ],
  ] as const)("parameters: %s", (_, name, params, expected) => {
    expect(paramProblems(name, params)).toEqual(expected);
  });
});
