import { ApiError, errorLines } from "../api/client";

/** API errors as the page contract shows them: `ul.error-messages > li`, "<field> <message>". */
export function ErrorList({ error }: { error: unknown }) {
  if (!error) return null;
  const lines =
    error instanceof ApiError ? errorLines(error.errors) : ["request failed, please try again"];
  return (
    <ul className="error-messages">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}
