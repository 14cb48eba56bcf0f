import type { ReactNode } from "react";
import { Link } from "react-router";

/** A tab of a `.nav-pills.outline-active` toggle (feeds, profile lists): an `a.nav-link`. */
export function Tab({ to, active, children }: { to: string; active: boolean; children: ReactNode }) {
  return (
    <li className="nav-item">
      <Link className={active ? "nav-link active" : "nav-link"} to={to}>
        {children}
      </Link>
    </li>
  );
}
