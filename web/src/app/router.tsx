import { App as AntApp } from "antd";
import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { createBrowserRouter, Navigate, Outlet } from "react-router";
import { FullPageSpin, RequireAuth, useSession } from "./auth";
import { AppLayout } from "./layout/AppLayout";
import { homePathFor, MENU_PATHS, type MenuKey, menuFor } from "./layout/menu";
import { ComingSoonPage, ForbiddenPage, NotFoundPage, RouteErrorPage } from "./pages";

// One chunk per page: antd and React load once, each screen's own code only when it is first opened.
const LoginPage = lazy(() => import("../features/auth/LoginPage"));
const MyDayPage = lazy(() => import("../features/myday/MyDayPage"));
const LeadListPage = lazy(() => import("../features/leads/LeadListPage"));
const LeadDetailPage = lazy(() => import("../features/leads/LeadDetailPage"));
const BoardPage = lazy(() => import("../features/board/BoardPage"));
const DefeatedPage = lazy(() => import("../features/defeats/DefeatedPage"));
const ImportPage = lazy(() => import("../features/import/ImportPage"));
const AuditPage = lazy(() => import("../features/audit/AuditPage"));
const StoresPage = lazy(() => import("../features/admin/StoresPage"));
const UsersPage = lazy(() => import("../features/admin/UsersPage"));
const ReceptionPage = lazy(() => import("../features/reception/ReceptionPage"));
const CareTaskPage = lazy(() => import("../features/care/CareTaskPage"));
const TestDrivesPage = lazy(() => import("../features/testdrives/TestDrivesPage"));
const OrderListPage = lazy(() => import("../features/sales/OrderListPage"));
const OrderDetailPage = lazy(() => import("../features/sales/OrderDetailPage"));
const QuoteBuilderPage = lazy(() => import("../features/sales/QuoteBuilderPage"));
const QuotePrintPage = lazy(() => import("../features/sales/QuotePrintPage"));
const ContractPrintPage = lazy(() => import("../features/sales/ContractPrintPage"));
const StockListPage = lazy(() => import("../features/stock/StockListPage"));
const LongStockPage = lazy(() => import("../features/stock/LongStockPage"));
const AppointmentsPage = lazy(() => import("../features/service/AppointmentsPage"));
const ServicePlansPage = lazy(() => import("../features/service/ServicePlansPage"));
const RepairOrderBoardPage = lazy(() => import("../features/service/RepairOrderBoardPage"));
const RepairOrderDetailPage = lazy(() => import("../features/service/RepairOrderDetailPage"));
const SettlementPrintPage = lazy(() => import("../features/service/SettlementPrintPage"));
const ComplaintsPage = lazy(() => import("../features/complaints/ComplaintsPage"));
const ComplaintDetailPage = lazy(() => import("../features/complaints/ComplaintDetailPage"));
const ClaimsPage = lazy(() => import("../features/claims/ClaimsPage"));
const CustomerListPage = lazy(() => import("../features/customers/CustomerListPage"));
const Customer360Page = lazy(() => import("../features/customers/Customer360Page"));

function HomeRedirect() {
  const me = useSession();
  return <Navigate to={homePathFor(me.user.role)} replace />;
}

/** Keeps a typed-in URL from showing a page whose data the role cannot read anyway. */
function Allowed({ menu, children }: { menu: MenuKey; children: ReactNode }) {
  const me = useSession();
  return menuFor(me.user.role).includes(menu) ? children : <ForbiddenPage />;
}

/**
 * antd's App (message, modal, notification holders) sits inside the router, so that content shown through
 * `App.useApp()` — such as a link to the new lead in a success message — can use router links.
 */
function Root() {
  return (
    <AntApp>
      <Suspense fallback={<FullPageSpin />}>
        <Outlet />
      </Suspense>
    </AntApp>
  );
}

/** The pages behind the side menu, each guarded by the role's menu; paths come from the menu itself. */
const MENU_PAGES: Partial<Record<MenuKey, ComponentType>> = {
  "my-day": MyDayPage,
  leads: LeadListPage,
  board: BoardPage,
  defeats: DefeatedPage,
  import: ImportPage,
  audit: AuditPage,
  stores: StoresPage,
  users: UsersPage,
  reception: ReceptionPage,
  callbacks: CareTaskPage,
  "test-drives": TestDrivesPage,
  orders: OrderListPage,
  stock: StockListPage,
  "long-stock": LongStockPage,
  appointments: AppointmentsPage,
  "repair-orders": RepairOrderBoardPage,
  complaints: ComplaintsPage,
  claims: ClaimsPage,
  customers: CustomerListPage,
  "service-plans": ServicePlansPage,
};
const menuRoutes = (Object.entries(MENU_PAGES) as [MenuKey, ComponentType][]).map(([menu, Page]) => ({
  path: MENU_PATHS[menu].slice(1),
  element: (
    <Allowed menu={menu}>
      <Page />
    </Allowed>
  ),
}));

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: "/login", element: <LoginPage /> },
      // Print pages stand alone (no menu, no header) so the browser prints just the document.
      {
        path: "/quotes/:id/print",
        element: (
          <RequireAuth>
            <QuotePrintPage />
          </RequireAuth>
        ),
      },
      {
        path: "/orders/:id/print",
        element: (
          <RequireAuth>
            <ContractPrintPage />
          </RequireAuth>
        ),
      },
      {
        path: "/repair-orders/:id/settlement",
        element: (
          <RequireAuth>
            <SettlementPrintPage />
          </RequireAuth>
        ),
      },
      {
        path: "/",
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: "home", element: <ComingSoonPage /> },
          ...menuRoutes,
          // Detail pages are reached from lists, boards and my day; the server decides which lead is visible.
          { path: "leads/:id", element: <LeadDetailPage /> },
          { path: "leads/:id/quote", element: <QuoteBuilderPage /> },
          { path: "orders/:id", element: <OrderDetailPage /> },
          { path: "repair-orders/:id", element: <RepairOrderDetailPage /> },
          { path: "complaints/:id", element: <ComplaintDetailPage /> },
          { path: "customers/:id", element: <Customer360Page /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
