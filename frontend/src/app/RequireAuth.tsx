import { useState, type ReactNode } from "react";
import { Link, Navigate } from "react-router";
import { useSession } from "./services";
import type { User } from "../auth/session";

/** Pages for a signed-in user: wait while the user loads, send others to sign in.
 *
 * If the session ends while the page is open (the API refused the token, e.g. on submitting
 * a form), the user is signed out but the page stays, with its error, rather than vanishing
 * under them; signing out on purpose goes home. */
export function RequireAuth({ children }: { children: (user: User) => ReactNode }) {
  const { state, user, signedOut } = useSession();
  // The last signed-in user, kept across renders (React's "previous render" state pattern).
  const [last, setLast] = useState<User | null>(null);
  if (user && user !== last) setLast(user);
  if (state === "loading") return <div className="container page loading">Loading...</div>;
  // Unavailable with a user: the token is being checked again; the page stays meanwhile.
  if (state === "unavailable" && !user) {
    return <div className="container page load-error">Connecting... The server cannot be reached right now.</div>;
  }
  if (user) return <>{children(user)}</>;
  if (last && !signedOut) {
    return (
      <>
        <div className="container page session-ended" role="alert">
          Your session has ended: <Link to="/login">start a new one</Link> to save your changes.
        </div>
        {children(last)}
      </>
    );
  }
  return <Navigate to={signedOut ? "/" : "/login"} replace />;
}
