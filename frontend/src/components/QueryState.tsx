import { Link } from "react-router";
import { ApiError, describeError } from "../api/client";

export function Loading({ what }: { what: string }) {
  return <div className="loading">Loading {what}...</div>;
}

/** A failed load, with a retry: never a blank page. */
export function LoadError({
  what,
  error,
  retry,
  className = "load-error",
}: {
  what: string;
  error: unknown;
  retry: () => void;
  className?: string;
}) {
  return (
    <div className={className} role="alert">
      Could not load {what}: {describeError(error).join(" ")}
      <button type="button" className="btn btn-sm btn-outline-secondary" onClick={retry}>
        Try again
      </button>
    </div>
  );
}

interface PageQuery {
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** What a page shows while its main query is not usable: loading, a 404 ("not found"), or
 * another failure with a retry. */
export function PageState({
  page,
  what,
  missing,
  query,
}: {
  page: string;
  what: string;
  missing: string;
  query: PageQuery;
}) {
  const notFound = query.error instanceof ApiError && query.error.status === 404;
  return (
    <div className={page}>
      <div className="container page">
        {query.isPending ? (
          <Loading what={what} />
        ) : notFound ? (
          <div className="not-found">
            <h1>{missing}</h1>
            <p>
              <Link to="/">Back to the articles</Link>
            </p>
          </div>
        ) : (
          <LoadError what={what} error={query.error} retry={() => void query.refetch()} />
        )}
      </div>
    </div>
  );
}
