/**
 * The access policy in one place (ARCHITECTURE rule 6): which role may do which action, and which rows
 * each actor reaches. Use cases call `requirePermission` first; row scope is applied in their queries
 * with `storeScope` and, for consultants, `ownsOnly`.
 */
import { AppError, forbidden } from "./errors.ts";

export const ROLES = [
  "admin",
  "gm",
  "sales_manager",
  "consultant",
  "reception",
  "customer_service",
  "service_advisor",
  "parts_clerk",
  "marketing",
] as const;
export type Role = (typeof ROLES)[number];

/** The acting user, resolved from the session on every request. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** null for the group administrator, who reaches every store */
  storeId: number | null;
  sessionId?: string;
  ip?: string;
}

const SALES_DESK: readonly Role[] = ["gm", "sales_manager", "consultant", "reception"];

/** role × action. An action not listed here is refused for everybody. */
export const POLICY = {
  "store.read": ["admin", "gm"],
  "store.create": ["admin"],
  "store.update": ["admin"],
  "user.read": ["admin", "gm", "sales_manager"],
  "user.create": ["admin"],
  "user.update": ["admin"],
  /** managers pause and resume their consultants' round-robin turn */
  "user.pause": ["admin", "sales_manager"],
  "audit.read": ["admin", "gm"],
  "customer.read": [
    "admin",
    "gm",
    "sales_manager",
    "consultant",
    "reception",
    "customer_service",
    "service_advisor",
    "marketing",
  ],
  "customer.write": [
    "admin",
    "gm",
    "sales_manager",
    "consultant",
    "reception",
    "customer_service",
    "service_advisor",
  ],
  "customer.reveal": [
    "admin",
    "gm",
    "sales_manager",
    "consultant",
    "reception",
    "customer_service",
    "service_advisor",
  ],
  "lead.read": ["admin", ...SALES_DESK],
  "lead.create": ["admin", ...SALES_DESK],
  "lead.followUp": ["sales_manager", "consultant"],
  "lead.assign": ["admin", "gm", "sales_manager", "reception"],
  "lead.release": ["admin", "gm", "sales_manager"],
  "lead.claim": ["consultant"],
  "lead.defeatRequest": ["consultant", "sales_manager"],
  "lead.defeatDecide": ["admin", "gm", "sales_manager"],
  "lead.import": ["admin", "gm", "sales_manager", "reception"],
  "lead.export": ["admin", "gm", "sales_manager", "consultant"],
  "lead.board": ["admin", "gm", "sales_manager"],
  "myDay.read": ["sales_manager", "consultant"],
  /** the manager's decision on a cancelled (T) lead: re-grade it or close it (DOMAIN §3) */
  "lead.afterCancel": ["gm", "sales_manager"],

  // Sales process (DOMAIN §4). Consultants reach the records of their own leads only.
  "traffic.read": ["admin", ...SALES_DESK],
  "traffic.write": ["admin", "sales_manager", "reception"],
  "traffic.plan": ["admin", "gm", "sales_manager"],
  "testDrive.read": ["admin", ...SALES_DESK],
  "testDrive.write": ["sales_manager", "consultant", "reception"],
  "testDrive.routes": ["admin", "gm", "sales_manager"],
  "quote.read": ["admin", "gm", "sales_manager", "consultant"],
  "quote.create": ["sales_manager", "consultant"],
  "order.read": ["admin", "gm", "sales_manager", "consultant", "customer_service"],
  "order.create": ["sales_manager", "consultant"],
  /** a refund is a money decision: the manager's, not the consultant's */
  "order.cancel": ["gm", "sales_manager"],
  "order.deliver": ["sales_manager", "consultant"],

  // Vehicle stock (DOMAIN §5). Purchase cost is shown only to the roles with stock.cost.
  "stock.read": ["admin", "gm", "sales_manager", "consultant", "reception"],
  "stock.write": ["admin", "gm", "sales_manager"],
  "stock.cost": ["admin", "gm", "sales_manager"],

  // Customer service's care tasks (shared with after-sales).
  "careTask.read": ["admin", "gm", "sales_manager", "customer_service"],
  "careTask.record": ["customer_service"],

  // After-sales (DOMAIN §6). The workshop is one team: every service advisor works every repair order of the
  // store. The gm is the after-sales manager (there is no service-manager role): escalations go to the gm.
  /** the store calendar (holidays, make-up working days) is configuration: the group admin edits it */
  "store.calendar": ["admin"],
  "storeCalendar.read": ["admin", "gm", "service_advisor", "customer_service"],
  "servicePlan.read": ["admin", "gm", "service_advisor", "customer_service"],
  "servicePlan.write": ["admin", "gm"],
  "appointment.read": ["admin", "gm", "service_advisor", "customer_service"],
  /** customer service books the appointment a maintenance reminder call leads to */
  "appointment.write": ["service_advisor", "customer_service"],
  "repairOrder.read": ["admin", "gm", "service_advisor", "customer_service"],
  "repairOrder.write": ["service_advisor"],
  "complaint.read": ["admin", "gm", "customer_service", "service_advisor", "sales_manager"],
  "complaint.create": ["gm", "customer_service", "service_advisor", "sales_manager", "reception"],
  /** the owner moves a complaint on; the gm takes over escalated ones */
  "complaint.handle": ["gm", "customer_service", "service_advisor", "sales_manager"],
  "claim.read": ["admin", "gm", "service_advisor"],
  "claim.submit": ["service_advisor"],
  /** recording the manufacturer's answer */
  "claim.decide": ["gm", "service_advisor"],
  "message.read": ["admin", "gm", "customer_service", "marketing"],
  "message.send": ["customer_service", "service_advisor", "marketing"],
  /** (re)plan maintenance reminders and birthday greetings for a whole store */
  "careTask.generate": ["admin", "gm"],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof POLICY;

export function can(actor: Actor, action: Action): boolean {
  return (POLICY[action] as readonly Role[]).includes(actor.role);
}

export function requirePermission(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw forbidden();
}

export function permissionsOf(role: Role): Action[] {
  return (Object.keys(POLICY) as Action[]).filter((a) => (POLICY[a] as readonly Role[]).includes(role));
}

/** Every user reaches only the own store; the group admin reaches all. */
export function reachesStore(actor: Actor, storeId: number): boolean {
  return actor.storeId === null || actor.storeId === storeId;
}

/**
 * The store a write goes to: the actor's own; the group admin names one. A store the actor does not
 * reach answers 404, like any other object out of reach.
 */
export function targetStore(actor: Actor, requested: number | undefined): number {
  if (actor.storeId !== null) {
    if (requested !== undefined && requested !== actor.storeId)
      throw new AppError("not_found", "not_found", "store not found");
    return actor.storeId;
  }
  if (requested === undefined) {
    throw new AppError(
      "bad_request",
      "store_required",
      "the group administrator must say which store (storeId)",
    );
  }
  return requested;
}

/**
 * The store a read (a list, a board, a report) is limited to by `?storeId=`: a store user's own — naming
 * another store answers 404, like any object out of reach; the group admin's named store, or null for all.
 */
export function readStore(actor: Actor, requested: number | undefined): number | null {
  return actor.storeId === null ? (requested ?? null) : targetStore(actor, requested);
}

/** Consultants reach only their own leads (and the pool, to claim from it). */
export function seesOnlyOwnLeads(actor: Actor): boolean {
  return actor.role === "consultant";
}

// Personal data (DOMAIN §10): who sees full values without revealing. Everyone else gets masked values;
// the lead's owner always sees the phone of the own lead.
const FULL_PHONE: readonly Role[] = ["gm", "sales_manager", "customer_service"];
const FULL_ID_NUMBER: readonly Role[] = ["gm", "sales_manager"];

export function seesFullPhone(actor: Actor, ownerId?: number | null): boolean {
  return FULL_PHONE.includes(actor.role) || (ownerId != null && ownerId === actor.userId);
}

export function seesFullIdNumber(actor: Actor, ownerId?: number | null): boolean {
  return FULL_ID_NUMBER.includes(actor.role) || (ownerId != null && ownerId === actor.userId);
}
