// Failures never leave a blank page: the page keeps its shape and says what happened.
import { expect, signIn, test, unique } from "./support/fixtures";

test("a feed that fails to load keeps the page, says so, and retries", async ({ page }) => {
  let failures = 1;
  await page.route("**/api/articles?*", async (route) => {
    if (failures-- > 0) {
      await route.fulfill({ status: 500, json: { errors: { server: ["internal error"] } } });
    } else {
      await route.continue();
    }
  });
  await page.goto("/");
  await expect(page.locator("div.banner")).toBeVisible();
  await expect(page.locator(".feed-toggle")).toBeVisible();
  const message = page.locator(".empty-feed-message");
  await expect(message).toContainText("Could not load articles: server internal error");
  await message.getByRole("button", { name: "Try again" }).click();
  await expect(page.locator(".article-preview, .empty-feed-message:not([role=alert])").first()).toBeVisible();
});

test("a form says 'Unable to connect' when the network fails, and stays usable", async ({ page, backend }) => {
  const user = await backend.register("offline");
  await page.route("**/api/users/login", (route) => route.abort("internetdisconnected"));
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('button[type="submit"]').click();
  await expect(page.locator(".error-messages")).toContainText("Unable to connect");
  await page.unroute("**/api/users/login");
  await page.locator('button[type="submit"]').click();
  await expect(page).toHaveURL("/");
  await expect(page.locator(`nav a[href="/profile/${user.username}"]`)).toBeVisible();
});

test("a token revoked while editing settings signs out, keeping the form and its error", async ({ page, backend }) => {
  const user = await backend.register("revoked");
  await signIn(page, user);
  await page.goto("/settings");
  await expect(page.locator('input[name="email"]')).toHaveValue(user.email);
  await backend.changePassword(user, "changed elsewhere 123"); // revokes the page's token

  await page.locator('textarea[name="bio"]').fill("Never saved");
  await page.getByRole("button", { name: "Update Settings" }).click();
  await expect(page.locator("ul.error-messages > li")).toHaveText(["token is invalid"]);
  await expect(page.locator('textarea[name="bio"]')).toHaveValue("Never saved");
  // The 401 makes the app ask GET /api/user, whose 401 then signs out.
  await expect.poll(() => page.evaluate(() => window.__conduit_debug__?.getAuthState())).toBe("unauthenticated");
  expect(await page.evaluate(() => localStorage.getItem("jwtToken"))).toBeNull();
  await expect(page.locator('nav a[href="/login"]')).toBeVisible();
  await expect(page.locator(".session-ended")).toContainText("Your session has ended");
});

test("a missing article or profile keeps its page wrapper", async ({ page }) => {
  await page.goto("/article/no-such-article");
  await expect(page.locator(".article-page")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Article not found" })).toBeVisible();
  await page.goto("/profile/no-such-user");
  await expect(page.locator(".profile-page, .user-info")).toBeVisible();
  await expect(page.getByRole("heading", { name: "No such user" })).toBeVisible();
});

// Issue 11: a 401 on some request is a question, not a verdict. The app asks GET /api/user;
// when that gets no answer (503 here) the user stays signed in, is told "Connecting...", and
// the app asks again by itself (backoff) until the server answers.
test("a 401 elsewhere with the server failing on GET /api/user keeps the user signed in, and retries", async ({
  page,
  backend,
}) => {
  const user = await backend.register("steady");
  const author = await backend.register("steadyauthor");
  const article = await backend.createArticle(author, { title: unique("Steady ") });
  await signIn(page, user);
  await page.goto(`/article/${article.slug}`);
  const me = page.locator("nav.navbar a.nav-link", { hasText: user.username });
  await expect(me).toBeVisible();

  let checks = 0;
  await page.route("**/api/user", async (route) => {
    checks += 1;
    if (checks === 1) await route.fulfill({ status: 503, json: { errors: { server: ["unavailable"] } } });
    else await route.continue();
  });
  await page.route("**/api/articles/*/favorite", (route) =>
    route.fulfill({ status: 401, json: { errors: { token: ["is invalid"] } } }),
  );
  await page.locator(".article-page .banner button", { hasText: "Favorite Article" }).click();
  await expect(page.locator(".server-notice")).toContainText("Connecting");
  await expect(me).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("jwtToken"))).toBe(user.token);

  // The retry, on its own: the notice goes once GET /api/user answers.
  await expect(page.locator(".server-notice")).toHaveCount(0);
  expect(checks).toBe(2);
  await expect.poll(() => page.evaluate(() => window.__conduit_debug__?.getAuthState())).toBe("authenticated");
  await expect(me).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("jwtToken"))).toBe(user.token);
});
