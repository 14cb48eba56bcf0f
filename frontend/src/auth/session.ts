// Who is signed in, as a tiny external store (React reads it with useSyncExternalStore; the
// API middleware and window.__conduit_debug__ read it without React).
import { ApiError, unwrap, type ApiClient, type Schemas } from "../api/client";
import { clearToken, readToken, writeToken } from "./token";

export type User = Schemas["User"];
export type AuthState = "loading" | "authenticated" | "unauthenticated" | "unavailable";

export interface SessionSnapshot {
  readonly state: AuthState;
  readonly user: User | null;
  /** The user asked to sign out (rather than the token expiring): pages go home, not to /login. */
  readonly signedOut?: boolean;
}

export class Session {
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private api: ApiClient | null = null;

  constructor() {
    this.snapshot = { state: readToken() ? "loading" : "unauthenticated", user: null };
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

  /** Load the user of the stored token. A 4xx signs out (the token is no good); a network
   * failure, a server error or an unreadable answer gives `unavailable`, keeping the token. */
  async load(): Promise<void> {
    const token = readToken();
    if (!token || !this.api) {
      this.set({ state: "unauthenticated", user: null });
      return;
    }
    // While unavailable, a retry keeps saying so until the server answers (no flicker).
    if (this.snapshot.state !== "unavailable") this.set({ state: "loading", user: null });
    try {
      const { user } = await unwrap(this.api.GET("/api/user"));
      if (readToken() === token) this.set({ state: "authenticated", user });
    } catch (error) {
      if (readToken() !== token) return; // signed in or out meanwhile: that state stands
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) this.end(false);
      else this.set({ state: "unavailable", user: null });
    }
  }

  /** After sign-in, sign-up or a settings change (a new password issues a new token). */
  signIn(user: User): void {
    writeToken(user.token);
    this.set({ state: "authenticated", user });
  }

  signOut(): void {
    this.end(true);
  }

  /** The API refused `token`: sign out if it is still the one in use. */
  expire(token: string): void {
    if (readToken() === token) this.end(false);
  }

  private end(signedOut: boolean): void {
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
