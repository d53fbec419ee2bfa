import type { Me } from "../api/types";

/**
 * What the UI may offer, named as the server names its permissions (`/auth/me` → `permissions`). The server
 * enforces access anyway; this only hides buttons a user could not use.
 */
export const ACTIONS = [
  "store.read",
  "store.create",
  "store.update",
  "user.read",
  "user.create",
  "user.update",
  "user.pause",
  "audit.read",
  "customer.reveal",
  "lead.read",
  "lead.create",
  "lead.followUp",
  "lead.assign",
  "lead.release",
  "lead.claim",
  "lead.defeatRequest",
  "lead.defeatDecide",
  "lead.import",
  "lead.export",
  "lead.board",
  "myDay.read",
  "traffic.write",
  "traffic.plan",
  "testDrive.write",
  "testDrive.routes",
  "stock.write",
  "stock.cost",
  "careTask.record",
  "testDrive.read",
  "quote.read",
  "quote.create",
  "order.read",
  "order.create",
  "order.cancel",
  "order.deliver",
  "lead.afterCancel",
  "appointment.write",
  "servicePlan.write",
  "store.calendar",
  "repairOrder.write",
  "complaint.create",
  "complaint.handle",
  "claim.submit",
  "claim.decide",
  "message.send",
  "careTask.generate",
] as const;
export type Action = (typeof ACTIONS)[number];

/** The server's policy table is the one source: `/auth/me` lists what this user may do. */
export function can(me: Me, action: Action): boolean {
  return (me.permissions ?? []).includes(action);
}
