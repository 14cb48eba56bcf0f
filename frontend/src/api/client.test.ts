import { describe, expect, it, vi } from "vitest";
import { json, fakeNetwork } from "../test/fakeApi";
import { createUser, getCurrentUser, getTags, login } from "conduit-sdk";
import { ApiError, createApiClient, describeError, errorLines } from "./client";

describe("errorLines", () => {
  it("gives one '<field> <message>' line per message", () => {
    expect(errorLines({ email: ["has already been taken"], body: ["can't be blank", "is too short"] })).toEqual([
      "email has already been taken",
      "body can't be blank",
      "body is too short",
    ]);
  });
});

describe("ApiError.fromBody", () => {
  it("keeps the spec's error body", () => {
    expect(ApiError.fromBody(401, { errors: { credentials: ["invalid"] } }).errors).toEqual({
      credentials: ["invalid"],
    });
  });

  it("stands in for a body that is not the spec's shape", () => {
    const error = ApiError.fromBody(502, "<html>Bad gateway</html>");
    expect(error.status).toBe(502);
    expect(errorLines(error.errors)).toEqual(["server error 502"]);
    expect(ApiError.fromBody(500, { errors: { x: "not a list" } }).errors).toEqual({ server: ["error 500"] });
  });
});

function client(handler: (r: Request) => Response | Promise<Response>, token: string | null = "t0k3n") {
  const network = fakeNetwork(handler);
  const onUnauthorized = vi.fn();
  const api = createApiClient({
    baseUrl: "http://conduit.test",
    getToken: () => token,
    onUnauthorized,
    fetch: network.fetch,
  });
  return { api, onUnauthorized, requests: network.requests };
}

describe("the typed client", () => {
  it("sends the token as 'Authorization: Token <jwt>' and returns the data", async () => {
    const { api, requests } = client(() => json(200, { user: { username: "jake" } }));
    const { data } = await getCurrentUser({ client: api, throwOnError: true });
    expect(data).toEqual({ user: { username: "jake" } });
    expect(requests[0]?.url).toBe("http://conduit.test/api/user");
    expect(requests[0]?.headers.get("Authorization")).toBe("Token t0k3n");
  });

  it("sends no Authorization header without a token, nor to an operation without auth", async () => {
    const { api, requests } = client(() => json(200, { user: {} }), null);
    await getCurrentUser({ client: api }).catch(() => {});
    expect(requests[0]?.headers.has("Authorization")).toBe(false);
    const signedIn = client(() => json(200, { tags: [] }));
    await expect(getTags({ client: signedIn.api, throwOnError: true })).resolves.toMatchObject({ data: { tags: [] } });
    expect(signedIn.requests[0]?.headers.has("Authorization")).toBe(false);
  });

  it("reports a 401 to a request that carried a token", async () => {
    const { api, onUnauthorized } = client(() => json(401, { errors: { token: ["is invalid"] } }));
    const call = getCurrentUser({ client: api, throwOnError: true });
    await expect(call).rejects.toMatchObject({ status: 401, errors: { token: ["is invalid"] } });
    expect(onUnauthorized).toHaveBeenCalledWith("t0k3n");
  });

  it("does not treat a failed sign-in (401 without a token) as an expired session", async () => {
    const { api, onUnauthorized } = client(() => json(401, { errors: { credentials: ["invalid"] } }), null);
    const call = login({ client: api, body: { user: { email: "a@b.c", password: "wrong" } }, throwOnError: true });
    await expect(call).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it("turns 422 and 409 bodies into field errors", async () => {
    const { api } = client(() => json(409, { errors: { username: ["has already been taken"] } }));
    const call = createUser({
      client: api,
      body: { user: { username: "a", email: "a@b.c", password: "12345678" } },
      throwOnError: true,
    });
    await expect(call).rejects.toMatchObject({ status: 409, message: "username has already been taken" });
  });

  it("turns a network failure into status 0, told as 'Unable to connect'", async () => {
    const { api } = client(() => Promise.reject(new TypeError("Failed to fetch")));
    const error = await getTags({ client: api, throwOnError: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0 });
    expect(describeError(error)).toEqual(["Unable to connect. Please check your internet connection."]);
  });

  it("lets a cancelled request stay a cancellation (TanStack Query drops it), not a network error", async () => {
    const { api } = client(() => Promise.reject(new DOMException("The operation was aborted.", "AbortError")));
    const error = await getTags({ client: api, throwOnError: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: "AbortError" });
  });

  it("describes API errors by their lines", () => {
    expect(describeError(new ApiError(422, { title: ["can't be blank"] }))).toEqual(["title can't be blank"]);
    expect(describeError(new Error("boom"))).toEqual(["Something went wrong. Please try again."]);
  });
});
