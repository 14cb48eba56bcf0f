import { describe, expect, it } from "vitest";
import { json, servicesWith, user } from "../test/fakeApi";
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
    const services = servicesWith(() => (up ? json(200, { user: user("jake") }) : Promise.reject(new TypeError("offline"))));
    await services.session.load();
    expect(services.session.getSnapshot().state).toBe("unavailable");
    expect(localStorage.getItem(TOKEN_KEY)).toBe("jwt-of-jake");
    up = true;
    await services.session.load();
    expect(services.session.getSnapshot().state).toBe("authenticated");
  });

  it("signs out on any other 4xx for the user too", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-gone");
    const services = servicesWith(() => json(404, { errors: { user: ["not found"] } }));
    await services.session.load();
    expect(services.session.getSnapshot().state).toBe("unauthenticated");
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it("is unavailable, not crashed, on an unreadable answer", async () => {
    localStorage.setItem(TOKEN_KEY, "jwt-of-jake");
    const services = servicesWith(() => new Response("<html>", { status: 200, headers: { "Content-Type": "application/json" } }));
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
