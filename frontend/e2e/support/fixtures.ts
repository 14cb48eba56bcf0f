// What every spec file shares: the backend started by global-setup.ts (as `baseURL`), and the
// typed SDK (conduit-sdk, the same package as the app) to arrange data quickly.
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import {
  createArticle,
  createArticleComment,
  createArticleFavorite,
  createClient,
  createConfig,
  createUser,
  deleteArticle,
  followUserByUsername,
  getArticle,
  login,
  updateCurrentUser,
  type Article,
  type Client,
  type NewArticle,
  type User as ApiUser,
} from "conduit-sdk";

export type User = ApiUser & { password: string };
export type { Article };

let counter = 0;
/** A name no other test (or earlier run against the same server) uses. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}

function ok<T>(result: { data?: T; error?: unknown; response?: Response }, what: string): T {
  if (!result.response?.ok || result.data === undefined) {
    throw new Error(`${what}: ${result.response?.status ?? "no answer"} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

export class Backend {
  private readonly client: Client;

  constructor(readonly url: string) {
    this.client = createClient(createConfig({ baseUrl: url }));
  }

  /** The options of a call made as `user`. */
  private as(user: { token: string }) {
    return { client: this.client, auth: `Token ${user.token}` };
  }

  /** A new user named `prefix` plus a unique suffix (`exactName`: exactly `prefix`). */
  async register(prefix = "user", fields: { bio?: string; exactName?: boolean } = {}): Promise<User> {
    const username = fields.exactName ? prefix : unique(prefix);
    const password = "correct horse battery";
    const email = `${username}@example.com`;
    const { user } = ok(
      await createUser({ client: this.client, body: { user: { username, email, password } } }),
      "register",
    );
    if (fields.bio) {
      const updated = ok(
        await updateCurrentUser({ ...this.as(user), body: { user: { bio: fields.bio } } }),
        "update user",
      );
      return { ...updated.user, password };
    }
    return { ...user, password };
  }

  /** Change the password from another session (a sign-in of its own), which revokes the
   * tokens issued before it: `user.token` among them, but not the one that made the change. */
  async changePassword(user: User, password: string): Promise<void> {
    const elsewhere = ok(
      await login({ client: this.client, body: { user: { email: user.email, password: user.password } } }),
      "sign in elsewhere",
    ).user;
    ok(await updateCurrentUser({ ...this.as(elsewhere), body: { user: { password } } }), "change password");
  }

  async createArticle(author: User, fields: Partial<NewArticle> = {}): Promise<Article> {
    const title = fields.title ?? unique("Article ");
    const article = { title, description: "About it", body: "Some *text*.", tagList: [], ...fields };
    return ok(await createArticle({ ...this.as(author), body: { article } }), "create article").article;
  }

  async deleteArticle(author: User, slug: string): Promise<void> {
    const { response, error } = await deleteArticle({ ...this.as(author), path: { slug } });
    if (!response?.ok) throw new Error(`delete article: ${response?.status} ${JSON.stringify(error)}`);
  }

  async comment(author: User, slug: string, body: string): Promise<void> {
    ok(await createArticleComment({ ...this.as(author), path: { slug }, body: { comment: { body } } }), "comment");
  }

  async favorite(user: User, slug: string): Promise<void> {
    ok(await createArticleFavorite({ ...this.as(user), path: { slug } }), "favorite");
  }

  async follow(user: User, username: string): Promise<void> {
    ok(await followUserByUsername({ ...this.as(user), path: { username } }), "follow");
  }

  /** The article as the API has it now (status 404 and no article once deleted). */
  async article(slug: string): Promise<{ status: number; article?: Article }> {
    const { data, response } = await getArticle({ client: this.client, path: { slug } });
    return { status: response?.status ?? 0, article: data?.article };
  }
}

/** Start the page signed in as `user`: the token is stored before the app's first load. */
export async function signIn(page: Page, user: User): Promise<void> {
  await page.addInitScript((token) => {
    // Once per tab: a later sign-out must stick across reloads.
    if (!window.sessionStorage.getItem("e2e-signed-in")) {
      window.localStorage.setItem("jwtToken", token);
      window.sessionStorage.setItem("e2e-signed-in", "1");
    }
  }, user.token);
}

export const test = base.extend<{ backend: Backend }>({
  // Playwright reads a fixture's dependencies from its first parameter, which must be an object
  // pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.CONDUIT_E2E_URL;
    if (!url) throw new Error("CONDUIT_E2E_URL is unset: run through playwright.config.ts");
    await use(url);
  },
  backend: async ({ baseURL }, use) => {
    await use(new Backend(baseURL!));
  },
});

export { expect };

/** The page contract's debug hook, read in the page. */
export async function authState(page: Page): Promise<string | undefined> {
  return page.evaluate(() => window.__conduit_debug__?.getAuthState());
}

/**
 * Click something whose API call the UI answers optimistically, and wait for the API's answer:
 * a full page load right after the click would otherwise abort the request in flight.
 */
export async function clickThenSettle(
  page: Page,
  target: Locator,
  method: "POST" | "DELETE",
  pathEnd: RegExp,
): Promise<void> {
  const settled = page.waitForResponse(
    (response) => response.request().method() === method && pathEnd.test(new URL(response.url()).pathname),
  );
  await target.click();
  expect((await settled).ok()).toBe(true);
}
