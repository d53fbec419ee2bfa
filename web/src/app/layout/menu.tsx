import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  CarOutlined,
  CloseCircleOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  HomeOutlined,
  IdcardOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  TeamOutlined,
  ToolOutlined,
  UploadOutlined,
  UserOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Role } from "../../api/types";

export const MENU_KEYS = [
  "my-day",
  "board",
  "reception",
  "callbacks",
  "appointments",
  "repair-orders",
  "complaints",
  "claims",
  "customers",
  "service-plans",
  "leads",
  "test-drives",
  "orders",
  "stock",
  "long-stock",
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
  reception: "/reception",
  callbacks: "/callbacks",
  appointments: "/appointments",
  "repair-orders": "/repair-orders",
  complaints: "/complaints",
  claims: "/claims",
  customers: "/customers",
  "service-plans": "/service-plans",
  "test-drives": "/test-drives",
  orders: "/orders",
  stock: "/stock",
  "long-stock": "/long-stock",
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
  reception: <ShopOutlined />,
  callbacks: <PhoneOutlined />,
  appointments: <ScheduleOutlined />,
  "repair-orders": <ToolOutlined />,
  complaints: <AlertOutlined />,
  claims: <SafetyCertificateOutlined />,
  customers: <IdcardOutlined />,
  "service-plans": <SettingOutlined />,
  "test-drives": <CarOutlined />,
  orders: <FileDoneOutlined />,
  stock: <DatabaseOutlined />,
  "long-stock": <FieldTimeOutlined />,
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
  consultant: ["my-day", "leads", "test-drives", "orders", "stock", "defeats"],
  sales_manager: [
    "board",
    "reception",
    "leads",
    "test-drives",
    "orders",
    "stock",
    "long-stock",
    "defeats",
    "import",
  ],
  reception: ["reception", "leads", "test-drives", "import"],
  gm: [
    "board",
    "orders",
    "stock",
    "long-stock",
    "leads",
    "defeats",
    "repair-orders",
    "complaints",
    "claims",
    "callbacks",
    "customers",
    "service-plans",
    "audit",
  ],
  admin: ["stores", "users", "audit", "leads", "stock", "service-plans"],
  customer_service: ["callbacks", "complaints", "customers"],
  service_advisor: ["appointments", "repair-orders", "claims", "customers"],
  parts_clerk: ["home"],
  marketing: ["customers"],
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
