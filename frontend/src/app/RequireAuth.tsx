import type { ReactNode } from "react";
import { Navigate } from "react-router";
import { useSession } from "./services";
import type { User } from "../auth/session";

/** Pages for a signed-in user: wait while the user loads, send others to sign in. */
export function RequireAuth({ children }: { children: (user: User) => ReactNode }) {
  const { state, user, signedOut } = useSession();
  if (state === "loading") return <div className="container page loading">Loading...</div>;
  if (state === "unavailable") {
    return <div className="container page load-error">The server cannot be reached right now.</div>;
  }
  if (!user) return <Navigate to={signedOut ? "/" : "/login"} replace />;
  return <>{children(user)}</>;
}
