import {
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  CloseCircleOutlined,
  DashboardOutlined,
  HomeOutlined,
  TeamOutlined,
  UploadOutlined,
  UserOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Role } from "../../api/types";

export const MENU_KEYS = [
  "my-day",
  "board",
  "leads",
  "defeats",
  "import",
  "audit",
  "stores",
  "users",
  "home",
] as const;
export type MenuKey = (typeof MENU_KEYS)[number];

export const MENU_PATHS: Record<MenuKey, string> = {
  "my-day": "/my-day",
  board: "/board",
  leads: "/leads",
  defeats: "/defeats",
  import: "/import",
  audit: "/audit",
  stores: "/admin/stores",
  users: "/admin/users",
  home: "/home",
};

export const MENU_ICONS: Record<MenuKey, ReactNode> = {
  "my-day": <CalendarOutlined />,
  board: <DashboardOutlined />,
  leads: <TeamOutlined />,
  defeats: <CloseCircleOutlined />,
  import: <UploadOutlined />,
  audit: <AuditOutlined />,
  stores: <BankOutlined />,
  users: <UserOutlined />,
  home: <HomeOutlined />,
};

// Each role sees its own daily work first; roles whose modules are not built yet get a placeholder home.
const ROLE_MENUS: Record<Role, readonly MenuKey[]> = {
  consultant: ["my-day", "leads", "defeats"],
  sales_manager: ["board", "leads", "defeats", "import"],
  reception: ["leads", "import"],
  gm: ["board", "leads", "defeats", "audit"],
  admin: ["stores", "users", "audit", "leads"],
  customer_service: ["home"],
  service_advisor: ["home"],
  parts_clerk: ["home"],
  marketing: ["home"],
};

export function menuFor(role: Role): readonly MenuKey[] {
  return ROLE_MENUS[role] ?? ["home"];
}

export function homePathFor(role: Role): string {
  return MENU_PATHS[menuFor(role)[0] ?? "home"];
}

/** The menu entry a path belongs to; detail pages light up their list's entry. */
export function menuKeyOf(pathname: string): MenuKey | undefined {
  return MENU_KEYS.find((key) => pathname === MENU_PATHS[key] || pathname.startsWith(`${MENU_PATHS[key]}/`));
}
