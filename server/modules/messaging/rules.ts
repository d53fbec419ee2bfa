// Message templates and the consent rule (DOMAIN §2): service messages are about the customer's own car and
// need no marketing consent; marketing messages need a current grant on the channel they go out on. Pure.
import type { MESSAGE_CHANNELS, MESSAGE_PURPOSES } from "./schema.ts";

export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

/** Filled in by the server for every template: the customer's and the store's name. */
export const AUTO_PARAMS = ["customerName", "storeName"] as const;

interface Template {
  purpose: MessagePurpose;
  /** the parameters the sender gives; {customerName} and {storeName} come from the records */
  params: readonly string[];
  /** zh-CN text with {param} placeholders; marketing texts end with the opt-out an SMS gateway requires */
  text: string;
}

export const TEMPLATES = {
  maintenance_reminder: {
    purpose: "service",
    params: ["vehicle", "dueDate"],
    text: "【{storeName}】尊敬的{customerName}，您的爱车{vehicle}保养到期日为{dueDate}，请及时预约到店保养。如已保养请忽略。",
  },
  post_service_thanks: {
    purpose: "service",
    params: ["roNo"],
    text: "【{storeName}】尊敬的{customerName}，您的爱车已完成维修（工单{roNo}），感谢您的信任。如有任何问题请随时与我们联系。",
  },
  birthday: {
    purpose: "marketing",
    params: [],
    text: "【{storeName}】尊敬的{customerName}，值此您生日之际，{storeName}全体员工祝您生日快乐、行车平安！回复TD退订",
  },
  campaign: {
    purpose: "marketing",
    params: ["content"],
    text: "【{storeName}】{content} 回复TD退订",
  },
} as const satisfies Record<string, Template>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as [TemplateName, ...TemplateName[]];

/** Parameters a call is missing, and those the template does not know (a typo would otherwise go unnoticed). */
export function paramProblems(
  template: TemplateName,
  params: Record<string, string>,
): { missing: string[]; unknown: string[] } {
  const expected: readonly string[] = TEMPLATES[template].params;
  return {
    missing: expected.filter((p) => params[p] === undefined),
    unknown: Object.keys(params).filter((p) => !expected.includes(p)),
  };
}

/** The text as the customer reads it. */
export function render(template: TemplateName, params: Record<string, string>): string {
  return TEMPLATES[template].text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** Whether a message of this purpose may go to a customer with (or without) a current grant on its channel. */
export function mayContact(purpose: MessagePurpose, consentGranted: boolean): boolean {
  return purpose === "service" || consentGranted;
}
