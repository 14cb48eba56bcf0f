import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createArticleFavorite } from "conduit-sdk";
import { AppRoutes } from "../app/App";
import { json, renderWith, servicesWith, user, type Handler } from "../test/fakeApi";
import { installDebug } from "./session";
import { TOKEN_KEY } from "./token";

describe("the session", () => {
  it("is unauthenticated without a stored token, and asks nothing", async () => {
    const services = servicesWith(() => json(500, null));
    expect(services.session.getSnapshot().state).toBe("unauthenticated");
    await services.session.load();
    expect(services.session.getSnapshot().state).toBe("unauthenticated");
    expect(services.requests).toHaveLength(0);
  });

  it("loads the user of a stored token: loading, then authenticated", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith(() => json(200, { user: user("jake") }));
    expect(services.session.getSnapshot().state).toBe("loading");
    await services.session.load();
    expect(services.session.getSnapshot()).toMatchObject({ state: "authenticated", user: { username: "jake" } });
  });

  it("signs out cleanly when the API refuses the stored token (401)", async () => {
    localStorage.setItem(TOKEN_KEY, "expired");
    const services = servicesWith(() => json(401, { errors: { token: ["is invalid"] } }));
    await services.session.load();
    expect(services.session.getSnapshot()).toMatchObject({ state: "unauthenticated", user: null, signedOut: false });
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it("is unavailable when the server cannot be reached, and keeps the token", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    let up = false;
    const services = servicesWith(() =>
      up ? json(200, { user: user("jake") }) : Promise.reject(new TypeError("offline")),
    );
    await services.session.load();
    expect(services.session.getSnapshot().state).toBe("unavailable");
    expect(localStorage.getItem(TOKEN_KEY)).toBe("jwt-of-jake");
    up = true;
    await services.session.load();
    expect(services.session.getSnapshot().state).toBe("authenticated");
  });

  it("does not sign out on another 4xx for the user (only a 401 is a verdict on the token)", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    for (const status of [404, 429]) {
      const services = servicesWith(() => json(status, { errors: { user: ["try later"] } }));
      await services.session.load();
      expect(services.session.getSnapshot().state).toBe("unavailable");
      expect(localStorage.getItem(TOKEN_KEY)).toBe("jwt-of-jake");
    }
  });

  it("is unavailable, not crashed, on an unreadable answer", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith(
      () => new Response("<html>", { status: 200, headers: { "Content-Type": "application/json" } }),
    );
    await services.session.load();
    expect(services.session.getSnapshot().state).toBe("unavailable");
    const empty = servicesWith(() => new Response(null, { status: 200 }));
    await empty.session.load();
    expect(empty.session.getSnapshot().state).toBe("unavailable");
    expect(localStorage.getItem(TOKEN_KEY)).toBe("jwt-of-jake");
  });

  it("is unavailable on a server error too (5xx is not a verdict on the token)", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith(() => json(503, { errors: { server: ["unavailable"] } }));
    await services.session.load();
    expect(services.session.getSnapshot().state).toBe("unavailable");
  });

  it("stores the token on sign-in and removes it on sign-out", () => {
    const services = servicesWith(() => json(500, null));
    services.session.signIn(user("emma", "jwt-emma"));
    expect(localStorage.getItem(TOKEN_KEY)).toBe("jwt-emma");
    services.session.signOut();
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(services.session.getSnapshot()).toMatchObject({ state: "unauthenticated", signedOut: true });
  });
});

const path = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;

/** A server whose `GET /api/user` answers from `userAnswers` in turn (the last one repeats),
 * and whose favorite endpoint refuses the token. */
function server(...userAnswers: (() => Response | Promise<Response>)[]): Handler {
  let calls = 0;
  return (request) => {
    if (path(request) === "GET /api/user") return userAnswers[Math.min(calls++, userAnswers.length - 1)]!();
    if (path(request) === "POST /api/articles/x/favorite") return json(401, { errors: { token: ["is invalid"] } });
    return json(200, { tags: [] });
  };
}
const ok = () => json(200, { user: user("jake") });
const down = () => json(503, { errors: { server: ["unavailable"] } });
const offline = () => Promise.reject(new TypeError("Failed to fetch"));
const refused = () => json(401, { errors: { token: ["is invalid"] } });

describe("a 401 on another request", () => {
  afterEach(() => vi.useRealTimers());

  it("checks the token again with GET /api/user, and stays signed in when that answers", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith(server(ok));
    await services.session.load();
    await expect(
      createArticleFavorite({ client: services.api, path: { slug: "x" }, throwOnError: true }),
    ).rejects.toMatchObject({ status: 401 });
    await vi.waitFor(() =>
      expect(services.requests.map(path)).toEqual(["GET /api/user", "POST /api/articles/x/favorite", "GET /api/user"]),
    );
    await services.session.load(); // settled
    expect(services.session.getSnapshot()).toMatchObject({ state: "authenticated", user: { username: "jake" } });
    expect(localStorage.getItem(TOKEN_KEY)).toBe("jwt-of-jake");
  });

  it("signs out only when GET /api/user answers 401 too", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith(server(ok, refused));
    await services.session.load();
    const states: string[] = [];
    services.session.subscribe(() => states.push(services.session.getSnapshot().state));
    await createArticleFavorite({ client: services.api, path: { slug: "x" }, throwOnError: true }).catch(() => {});
    await vi.waitFor(() => expect(services.session.getSnapshot().state).toBe("unauthenticated"));
    expect(states).toEqual(["unauthenticated"]); // the user stayed on screen while it was checked
    expect(services.session.getSnapshot().signedOut).toBe(false);
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(services.requests.filter((r) => path(r) === "GET /api/user")).toHaveLength(2); // one check, not a loop
  });

  it("never signs out when the check gets no answer: unavailable with the user kept, retried with backoff", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0); // backoff without jitter: 1 s, 2 s, 4 s
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith(server(ok, down, offline, ok));
    await services.session.load();
    await createArticleFavorite({ client: services.api, path: { slug: "x" }, throwOnError: true }).catch(() => {});
    await services.session.load(); // the check the 401 started (one at a time: this is it)
    expect(services.session.getSnapshot().state).toBe("unavailable");
    expect(services.session.getSnapshot().user).toMatchObject({ username: "jake" });
    expect(localStorage.getItem(TOKEN_KEY)).toBe("jwt-of-jake");
    const checks = () => services.requests.filter((r) => path(r) === "GET /api/user").length;
    expect(checks()).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(checks()).toBe(2);
    await vi.advanceTimersByTimeAsync(1); // 1 s after the 503: offline this time
    expect(checks()).toBe(3);
    expect(services.session.getSnapshot().state).toBe("unavailable");
    await vi.advanceTimersByTimeAsync(1999);
    expect(checks()).toBe(3);
    await vi.advanceTimersByTimeAsync(1); // 2 s later: answered
    expect(checks()).toBe(4);
    expect(services.session.getSnapshot()).toMatchObject({ state: "authenticated", user: { username: "jake" } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(checks()).toBe(4); // no more retries once answered
  });
});

describe("the first check of a stored token, unanswered", () => {
  afterEach(() => vi.useRealTimers());

  it("retries with growing delays until the server answers, keeping the token", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0);
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith(server(down, down, down, ok));
    const checks = () => services.requests.length;
    await services.session.load();
    expect(services.session.getSnapshot().state).toBe("unavailable");
    for (const [wait, expected] of [
      [1000, 2],
      [2000, 3],
      [4000, 4],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(checks()).toBe(expected - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(checks()).toBe(expected);
    }
    expect(services.session.getSnapshot().state).toBe("authenticated");
    expect(localStorage.getItem(TOKEN_KEY)).toBe("jwt-of-jake");
  });

  it("shows the page with a 'Connecting...' notice and a retry, never a blank page", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith((request) =>
      path(request) === "GET /api/user" ? down() : json(200, { articles: [], articlesCount: 0, tags: [] }),
    );
    await services.session.load();
    renderWith(<AppRoutes />, services);
    expect((await screen.findByRole("alert")).textContent).toContain("Connecting...");
    expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
    expect(await screen.findByText("Global Feed")).toBeTruthy();
    expect(await screen.findByText("No articles are here... yet.")).toBeTruthy();
  });
});

describe("window.__conduit_debug__", () => {
  it("reports the token, the state and the current user", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith(() => json(200, { user: { ...user("jake"), bio: "hi" } }));
    installDebug(services.session);
    const debug = window.__conduit_debug__!;
    expect(debug.getAuthState()).toBe("loading");
    expect(debug.getCurrentUser()).toBeNull();
    await services.session.load();
    expect(debug.getToken()).toBe("jwt-of-jake");
    expect(debug.getAuthState()).toBe("authenticated");
    expect(debug.getCurrentUser()).toEqual({
      username: "jake",
      email: "jake@example.com",
      bio: "hi",
      image: null,
      token: "jwt-of-jake",
    });
    services.session.signOut();
    expect(debug.getToken()).toBeNull();
    expect(debug.getAuthState()).toBe("unauthenticated");
  });
});
