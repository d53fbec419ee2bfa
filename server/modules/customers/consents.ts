/** Marketing consents of a customer (DOMAIN §2): each grant or withdrawal is a new record. */
import type { Db } from "../../db/index.ts";
import { type Actor, requirePermission } from "../../platform/access.ts";
import { audit } from "../../platform/audit.ts";
import { invalid, loadReachable } from "./customer-access.ts";
import { customerConsents } from "./schema.ts";

export type ConsentRow = typeof customerConsents.$inferSelect;
export const CONSENT_CHANNELS = ["sms", "phone", "wechat"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export interface ConsentInput {
  channel: ConsentChannel;
  granted: boolean;
  source: string;
  /** when the customer gave or withdrew consent, if earlier than now (e.g. a signed paper form) */
  occurredAt?: Date;
}

export async function recordConsent(
  db: Db,
  actor: Actor,
  customerId: number,
  input: ConsentInput,
  now: Date,
): Promise<ConsentRow> {
  requirePermission(actor, "customer.write");
  if (input.occurredAt && input.occurredAt.getTime() > now.getTime()) {
    throw invalid([{ path: "occurredAt", message: "must not be in the future" }]);
  }
  return db.transaction(async (tx) => {
    const { customer } = await loadReachable(tx, actor, customerId);
    const [consent] = await tx
      .insert(customerConsents)
      .values({
        storeId: customer.storeId,
        customerId,
        channel: input.channel,
        granted: input.granted,
        source: input.source,
        at: input.occurredAt ?? now,
        actorId: actor.userId,
      })
      .returning();
    await audit(tx, actor, {
      storeId: customer.storeId,
      action: "consent",
      entity: "customer",
      entityId: customerId,
      after: consent,
      at: now,
    });
    return consent!;
  });
}
