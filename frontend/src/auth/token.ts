// The JWT lives in localStorage under `jwtToken` (the page contract). Storage can throw
// (disabled, quota, private mode): then the app behaves as signed out instead of crashing.
export const TOKEN_KEY = "jwtToken";

export function readToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

export function writeToken(token: string): void {
  try {
    window.localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // The session still works for this page; it just will not survive a reload.
  }
}

export function clearToken(): void {
  try {
    window.localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored, nothing to clear.
  }
}
