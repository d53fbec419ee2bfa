import { Flex, Spin } from "antd";
import { createContext, type ReactNode, useContext } from "react";
import { Navigate, useLocation } from "react-router";
import { useMe } from "../api/auth";
import type { Me } from "../api/types";
import { type Action, can } from "./permissions";

const SessionContext = createContext<Me | null>(null);

/** The signed-in user; only valid below <RequireAuth>, which guarantees one exists. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error("useSession used outside <RequireAuth>");
  return me;
}

export function useCan(): (action: Action) => boolean {
  const me = useSession();
  return (action) => can(me, action);
}

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ height: "100vh" }}>
      <Spin size="large" />
    </Flex>
  );
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) throw me.error;
  if (!me.data) {
    // Remember where the user was heading so that signing in returns there.
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}
