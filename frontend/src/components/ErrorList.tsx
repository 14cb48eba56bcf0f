import { describeError } from "../api/client";

/** API errors as the page contract shows them: `ul.error-messages > li`, "<field> <message>"
 * (or "Unable to connect..." when the server could not be reached). */
export function ErrorList({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <ul className="error-messages">
      {describeError(error).map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}
