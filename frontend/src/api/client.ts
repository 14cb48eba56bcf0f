// The typed client: the `conduit-sdk` package (clients/typescript), generated from
// ../openapi.json. Nothing here restates a request or response shape by hand; this module
// configures one client per app (base URL, the token, the 401 check) and turns every failed
// call into an ApiError, in one place.
import { createClient, createConfig, type Client, type GenericErrorModel } from "conduit-sdk";

export type ApiClient = Client;
export type FieldErrors = GenericErrorModel["errors"];

export interface ClientOptions {
  /** Origin of the API; the app uses its own (the paths already start with /api). */
  baseUrl: string;
  /** The token to send, read on every request so sign-in/out apply at once. */
  getToken: () => string | null;
  /** Called when the API answers 401 to a request that carried `token`. */
  onUnauthorized: (token: string) => void;
  /** For tests: a fetch standing in for the network. */
  fetch?: typeof globalThis.fetch;
}

const PREFIX = "Token ";

export function createApiClient(options: ClientOptions): ApiClient {
  const api = createClient(
    createConfig({
      baseUrl: options.baseUrl,
      // Asked for every operation that declares the Token scheme (optional-auth ones too).
      auth: () => {
        const token = options.getToken();
        return token ? PREFIX + token : undefined;
      },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );
  api.interceptors.response.use((response, request) => {
    const sent = request.headers.get("Authorization");
    if (response.status === 401 && sent?.startsWith(PREFIX)) {
      options.onUnauthorized(sent.slice(PREFIX.length));
    }
    return response;
  });
  // The SDK hands a failed call's parsed body (or, with no answer, the fetch exception) to
  // these: every caller, the generated query helpers included, then sees an ApiError.
  api.interceptors.error.use((error, response) => {
    if (response) return ApiError.fromBody(response.status, error);
    return isAbort(error) ? error : ApiError.network();
  });
  return api;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** A failed API call: the HTTP status (0 when the server could not be reached) and the
 * spec's `{"errors": {field: [messages]}}`, whatever the server actually sent. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: FieldErrors;

  constructor(status: number, errors: FieldErrors) {
    super(errorLines(errors).join("; ") || `request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.errors = errors;
  }

  static fromBody(status: number, body: unknown): ApiError {
    return new ApiError(status, isErrorBody(body) ? body.errors : { server: [`error ${status}`] });
  }

  static network(): ApiError {
    return new ApiError(0, { network: [NETWORK_MESSAGE] });
  }
}

export const NETWORK_MESSAGE = "Unable to connect. Please check your internet connection.";

function isErrorBody(body: unknown): body is GenericErrorModel {
  if (typeof body !== "object" || body === null || !("errors" in body)) return false;
  const errors: unknown = body.errors;
  return (
    typeof errors === "object" &&
    errors !== null &&
    Object.values(errors).every((v) => Array.isArray(v) && v.every((m) => typeof m === "string"))
  );
}

/** What to tell a person about a failed call: the API's "<field> <message>" lines, or that
 * the server could not be reached. */
export function describeError(error: unknown): string[] {
  if (error instanceof ApiError) return error.status === 0 ? [NETWORK_MESSAGE] : errorLines(error.errors);
  return ["Something went wrong. Please try again."];
}

/** The page contract's error lines: one "<field> <message>" per message. */
export function errorLines(errors: FieldErrors): string[] {
  return Object.entries(errors).flatMap(([field, messages]) => messages.map((message) => `${field} ${message}`));
}
