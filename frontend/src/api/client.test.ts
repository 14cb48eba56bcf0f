import { describe, expect, it, vi } from "vitest";
import { json, fakeNetwork } from "../test/fakeApi";
import { ApiError, createApiClient, describeError, errorLines, unwrap } from "./client";

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
    expect(ApiError.fromBody(401, { errors: { credentials: ["invalid"] } }).errors).toEqual({ credentials: ["invalid"] });
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
  const api = createApiClient({ baseUrl: "http://conduit.test", getToken: () => token, onUnauthorized, fetch: network.fetch });
  return { api, onUnauthorized, requests: network.requests };
}

describe("the typed client", () => {
  it("sends the token as 'Authorization: Token <jwt>' and returns the data", async () => {
    const { api, requests } = client(() => json(200, { tags: ["a", "b"] }));
    await expect(unwrap(api.GET("/api/tags"))).resolves.toEqual({ tags: ["a", "b"] });
    expect(requests[0]?.url).toBe("http://conduit.test/api/tags");
    expect(requests[0]?.headers.get("Authorization")).toBe("Token t0k3n");
  });

  it("sends no Authorization header without a token", async () => {
    const { api, requests } = client(() => json(200, { tags: [] }), null);
    await unwrap(api.GET("/api/tags"));
    expect(requests[0]?.headers.has("Authorization")).toBe(false);
  });

  it("reports a 401 to a request that carried a token", async () => {
    const { api, onUnauthorized } = client(() => json(401, { errors: { token: ["is invalid"] } }));
    const call = unwrap(api.GET("/api/user"));
    await expect(call).rejects.toMatchObject({ status: 401, errors: { token: ["is invalid"] } });
    expect(onUnauthorized).toHaveBeenCalledWith("t0k3n");
  });

  it("does not treat a failed sign-in (401 without a token) as an expired session", async () => {
    const { api, onUnauthorized } = client(() => json(401, { errors: { credentials: ["invalid"] } }), null);
    const call = unwrap(api.POST("/api/users/login", { body: { user: { email: "a@b.c", password: "wrong" } } }));
    await expect(call).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it("turns 422 and 409 bodies into field errors", async () => {
    const { api } = client(() => json(409, { errors: { username: ["has already been taken"] } }));
    const call = unwrap(api.POST("/api/users", { body: { user: { username: "a", email: "a@b.c", password: "12345678" } } }));
    await expect(call).rejects.toMatchObject({ status: 409, message: "username has already been taken" });
  });

  it("turns a network failure into status 0, told as 'Unable to connect'", async () => {
    const { api } = client(() => Promise.reject(new TypeError("Failed to fetch")));
    const error = await unwrap(api.GET("/api/tags")).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0 });
    expect(describeError(error)).toEqual(["Unable to connect. Please check your internet connection."]);
  });

  it("describes API errors by their lines", () => {
    expect(describeError(new ApiError(422, { title: ["can't be blank"] }))).toEqual(["title can't be blank"]);
    expect(describeError(new Error("boom"))).toEqual(["Something went wrong. Please try again."]);
  });
});
