// The typed client: openapi-fetch over the types generated from ../openapi.json
// (`npm run generate:api`). Nothing here restates a request or response shape by hand.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./generated/schema";

export type ApiClient = Client<paths>;
export type Schemas = components["schemas"];
export type FieldErrors = Schemas["GenericErrorModel"]["errors"];

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
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = options.getToken();
      if (token) request.headers.set("Authorization", PREFIX + token);
      return request;
    },
    onResponse({ request, response }) {
      const sent = request.headers.get("Authorization");
      if (response.status === 401 && sent?.startsWith(PREFIX)) {
        options.onUnauthorized(sent.slice(PREFIX.length));
      }
      return response;
    },
  };
  client.use(auth);
  return client;
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

function isErrorBody(body: unknown): body is Schemas["GenericErrorModel"] {
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
  return Object.entries(errors).flatMap(([field, messages]) =>
    messages.map((message) => `${field} ${message}`),
  );
}

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** Await an openapi-fetch call: its data on success, else an ApiError (network failures too). */
export async function unwrap<D>(call: Promise<FetchResult<D>>): Promise<D> {
  let result: FetchResult<D>;
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw ApiError.network();
  }
  if (!result.response.ok) throw ApiError.fromBody(result.response.status, result.error);
  return result.data as D;
}
