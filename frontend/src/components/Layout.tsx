import { useEffect } from "react";
import { Link, NavLink, Outlet } from "react-router";
import { useServices, useSession } from "../app/services";
import { profilePath } from "./ArticleMeta";
import { Avatar } from "./Avatar";

function Item({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <li className="nav-item">
      <NavLink
        to={to}
        end={to === "/" || to === "/editor"}
        className={({ isActive }) => (isActive ? "nav-link active" : "nav-link")}
      >
        {children}
      </NavLink>
    </li>
  );
}

function Header() {
  const { state, user } = useSession();
  return (
    <nav className="navbar navbar-light">
      <div className="container">
        <Link className="navbar-brand" to="/">
          conduit
        </Link>
        <ul className="nav navbar-nav pull-xs-right">
          <Item to="/">Home</Item>
          {user ? (
            <>
              <Item to="/editor">
                <i className="ion-compose" aria-hidden="true" />
                New Article
              </Item>
              <Item to="/settings">
                <i className="ion-gear-a" aria-hidden="true" />
                Settings
              </Item>
              <Item to={profilePath(user.username)}>
                <Avatar image={user.image} className="user-pic" alt="" />
                {user.username}
              </Item>
            </>
          ) : state === "loading" ? null : (
            <>
              <Item to="/login">Sign in</Item>
              <Item to="/register">Sign up</Item>
            </>
          )}
        </ul>
      </div>
    </nav>
  );
}

/** The stored token could not be checked: say so (the session retries by itself, with
 * backoff), and offer to try now; coming back online tries at once. */
function ServerNotice() {
  const { state } = useSession();
  const { session } = useServices();
  useEffect(() => {
    if (state !== "unavailable") return;
    const retry = () => void session.load();
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [state, session]);
  if (state !== "unavailable") return null;
  return (
    <div className="server-notice" role="alert">
      Connecting... The server cannot be reached right now; retrying.
      <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => void session.load()}>
        Retry
      </button>
    </div>
  );
}

function Footer() {
  return (
    <footer>
      <div className="container">
        <Link to="/" className="logo-font">
          conduit
        </Link>
        <span className="attribution">
          An open-source RealWorld app: Django, Django Ninja and React. Code &amp; design licensed under MIT.
        </span>
      </div>
    </footer>
  );
}

export function Layout() {
  return (
    <>
      <Header />
      <ServerNotice />
      <main>
        <Outlet />
      </main>
      <Footer />
    </>
  );
}
