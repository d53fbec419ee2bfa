import type { Me, Role } from "../api/types";

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
] as const;
export type Action = (typeof ACTIONS)[number];

const SALES_DESK: readonly Role[] = ["gm", "sales_manager", "consultant", "reception"];

// The same matrix as the server's policy; used only if /auth/me sends no permission list we understand.
const FALLBACK: Record<Action, readonly Role[]> = {
  "store.read": ["admin", "gm"],
  "store.create": ["admin"],
  "store.update": ["admin"],
  "user.read": ["admin", "gm", "sales_manager"],
  "user.create": ["admin"],
  "user.update": ["admin"],
  "user.pause": ["admin", "sales_manager"],
  "audit.read": ["admin", "gm"],
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
};

const KNOWN = new Set<string>(ACTIONS);

/**
 * The server's list wins when it speaks our vocabulary (at least one known name); otherwise the role table
 * applies, so a server that renamed its permissions cannot hide every button by accident.
 */
export function can(me: Me, action: Action): boolean {
  const fromServer = me.permissions ?? [];
  if (fromServer.some((p) => KNOWN.has(p))) return fromServer.includes(action);
  return FALLBACK[action].includes(me.user.role);
}
