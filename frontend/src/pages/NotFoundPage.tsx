import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <div className="container page not-found">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Back to the articles</Link>
      </p>
    </div>
  );
}
