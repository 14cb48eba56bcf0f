// Who is signed in, as a tiny external store (React reads it with useSyncExternalStore; the
// API middleware and window.__conduit_debug__ read it without React).
import { getCurrentUser, type User } from "conduit-sdk";
import { ApiError, type ApiClient } from "../api/client";
import { backoff } from "../lib/backoff";
import { clearToken, readToken, writeToken } from "./token";

export type { User };
export type AuthState = "loading" | "authenticated" | "unauthenticated" | "unavailable";

export interface SessionSnapshot {
  readonly state: AuthState;
  readonly user: User | null;
  /** The user asked to sign out (rather than the token expiring): pages go home, not to /login. */
  readonly signedOut?: boolean;
}

export interface SessionOptions {
  /** Milliseconds before the n-th consecutive retry of an unanswered check (lib/backoff.ts). */
  backoff?: (failures: number) => number;
}

/**
 * Only `GET /api/user` decides whether the stored token is good: a 401 there signs out. A 401
 * on any other request only asks it again (`expire`), since that answer may be about something
 * else. When the check gets no verdict (network failure, 5xx, 429, an unreadable answer) the
 * state is `unavailable`: the token is kept, a user already known stays shown, and the check
 * is retried with backoff until the server answers.
 */
export class Session {
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private api: ApiClient | null = null;
  private readonly backoff: (failures: number) => number;
  private check: { token: string; done: Promise<void> } | null = null;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SessionOptions = {}) {
    this.snapshot = { state: readToken() ? "loading" : "unauthenticated", user: null };
    this.backoff = options.backoff ?? backoff;
  }

  /** The client is created after the session (its middleware calls back into it). */
  attach(api: ApiClient): void {
    this.api = api;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  /** Check the stored token with `GET /api/user` (one check at a time per token). */
  load(): Promise<void> {
    const token = readToken();
    if (this.check && this.check.token === token) return this.check.done;
    this.cancelRetry();
    if (!token || !this.api) {
      this.failures = 0;
      this.set({ state: "unauthenticated", user: null });
      return Promise.resolve();
    }
    const check = { token, done: this.verify(this.api, token) };
    this.check = check;
    void check.done.finally(() => {
      if (this.check === check) this.check = null;
    });
    return check.done;
  }

  private async verify(api: ApiClient, token: string): Promise<void> {
    const known = this.snapshot.user?.token === token ? this.snapshot.user : null;
    // A new token (first load, another tab signed in) is "loading"; re-checking the token of
    // the user on screen, or retrying while unavailable, changes nothing until the answer.
    if (!known && this.snapshot.state !== "unavailable") this.set({ state: "loading", user: null });
    try {
      const { user } = (await getCurrentUser({ client: api, throwOnError: true })).data;
      if (readToken() !== token) return; // signed in or out meanwhile: that state stands
      this.failures = 0;
      this.set({ state: "authenticated", user });
    } catch (error) {
      if (readToken() !== token) return;
      if (error instanceof ApiError && error.status === 401) {
        this.failures = 0;
        this.end(false);
        return;
      }
      this.set({ state: "unavailable", user: known });
      this.failures += 1;
      this.retry = setTimeout(() => void this.load(), this.backoff(this.failures));
    }
  }

  /** After sign-in, sign-up or a settings change (a new password issues a new token). */
  signIn(user: User): void {
    this.cancelRetry();
    this.failures = 0;
    writeToken(user.token);
    this.set({ state: "authenticated", user });
  }

  signOut(): void {
    this.end(true);
  }

  /** The API answered 401 to a request that carried `token`: if it is still the one in use,
   * check it with `GET /api/user`, whose 401 alone signs out. */
  expire(token: string): void {
    if (readToken() === token) void this.load();
  }

  private cancelRetry(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
  }

  private end(signedOut: boolean): void {
    this.cancelRetry();
    clearToken();
    this.set({ state: "unauthenticated", user: null, signedOut });
  }

  private set(snapshot: SessionSnapshot): void {
    const prev = this.snapshot;
    if (prev.state === snapshot.state && prev.user === snapshot.user) return;
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }
}

export interface ConduitDebug {
  getToken(): string | null;
  getAuthState(): AuthState;
  getCurrentUser(): Pick<User, "username" | "email" | "bio" | "image" | "token"> | null;
}

declare global {
  interface Window {
    __conduit_debug__?: ConduitDebug;
  }
}

/** `window.__conduit_debug__`, the page contract's view of the auth state for test suites. */
export function installDebug(session: Session): ConduitDebug {
  const debug: ConduitDebug = {
    getToken: readToken,
    getAuthState: () => session.getSnapshot().state,
    getCurrentUser: () => {
      const { user } = session.getSnapshot();
      if (!user) return null;
      const { username, email, bio, image, token } = user;
      return { username, email, bio: bio ?? null, image: image ?? null, token };
    },
  };
  window.__conduit_debug__ = debug;
  return debug;
}
