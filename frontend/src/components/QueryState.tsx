import { ApiError, errorLines } from "../api/client";

export function Loading({ what }: { what: string }) {
  return <div className="loading">Loading {what}...</div>;
}

/** A failed load, with a retry: never a blank page. */
export function LoadError({ what, error, retry }: { what: string; error: unknown; retry: () => void }) {
  const detail = error instanceof ApiError ? errorLines(error.errors).join(", ") : "unexpected error";
  return (
    <div className="load-error" role="alert">
      Could not load {what} ({detail}).
      <button type="button" className="btn btn-sm btn-outline-danger" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
