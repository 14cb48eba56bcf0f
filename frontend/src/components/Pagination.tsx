import { Link, useLocation } from "react-router";

/** `ul.pagination` of `li.page-item > a.page-link`; the current page's item is `active`.
 * Links keep the other query parameters (e.g. `feed=following`). */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (n: number) => {
    const params = new URLSearchParams(location.search);
    if (n === 1) params.delete("page");
    else params.set("page", String(n));
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}`;
  };
  return (
    <nav aria-label="Pages">
      <ul className="pagination">
        {Array.from({ length: pages }, (_, i) => i + 1).map((n) => (
          <li key={n} className={n === page ? "page-item active" : "page-item"}>
            <Link className="page-link" to={href(n)} aria-current={n === page ? "page" : undefined}>
              {n}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
