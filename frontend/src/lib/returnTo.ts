// "Sign in, then come back here": the page to return to travels as `?next=` on /login and
// /register. Only a path of this app is followed (never another origin: `//evil.example`,
// `/\evil.example` or `https://…` give "/"), so the link cannot be turned into an open redirect.

/** `/login` or `/register` with the page to return to after it. */
export function withReturn(page: "/login" | "/register", next: string): string {
  return `${page}?${new URLSearchParams({ next })}`;
}

/** Where to go after signing in: `next` if it is a path of this app, else home. */
export function returnPath(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
