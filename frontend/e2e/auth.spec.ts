import { authState, expect, signIn, test, unique } from "./support/fixtures";

test("sign up creates the account and signs in", async ({ page }) => {
  const username = unique("ann");
  await page.goto("/register");
  await expect(page.locator("h1")).toHaveText("Sign up");
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="email"]').fill(`${username}@example.com`);
  await page.locator('input[name="password"]').fill("correct horse battery");
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page).toHaveURL("/");
  await expect(page.locator("nav.navbar a.nav-link", { hasText: username })).toBeVisible();
  await expect(page.locator("nav.navbar img.user-pic")).toHaveAttribute("src", /default-avatar\.svg$/);
  await expect(page.locator("nav.navbar a.nav-link", { hasText: "New Article" })).toBeVisible();
  expect(await authState(page)).toBe("authenticated");
  const current = await page.evaluate(() => window.__conduit_debug__?.getCurrentUser());
  expect(current).toMatchObject({ username, email: `${username}@example.com`, bio: null, image: null });
  const stored = await page.evaluate(() => localStorage.getItem("jwtToken"));
  expect(stored).toBe(current?.token);
  expect(await page.evaluate(() => window.__conduit_debug__?.getToken())).toBe(stored);
});

test("sign up with a taken username shows the API's error inline", async ({ page, backend }) => {
  const taken = await backend.register("taken");
  await page.goto("/register");
  await page.locator('input[name="username"]').fill(taken.username);
  await page.locator('input[name="email"]').fill(`${unique("other")}@example.com`);
  await page.locator('input[name="password"]').fill("correct horse battery");
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page.locator("ul.error-messages > li")).toHaveText(["username has already been taken"]);
  await expect(page).toHaveURL("/register");
  expect(await authState(page)).toBe("unauthenticated");
});

test("sign in, then sign out from the settings page", async ({ page, backend }) => {
  const user = await backend.register("bob");
  await page.goto("/");
  await page.locator("nav.navbar").getByRole("link", { name: "Sign in" }).click();
  await expect(page.locator("h1")).toHaveText("Sign in");
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL("/");
  await expect(page.locator("nav.navbar a.nav-link", { hasText: user.username })).toBeVisible();
  await expect(page.locator(".feed-toggle a.nav-link", { hasText: "Your Feed" })).toBeVisible();

  await page.locator("nav.navbar").getByRole("link", { name: "Settings" }).click();
  await page.locator("button.btn-outline-danger", { hasText: "Or click here to logout." }).click();
  await expect(page).toHaveURL("/");
  await expect(page.locator("nav.navbar").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("nav.navbar a.nav-link", { hasText: user.username })).toHaveCount(0);
  expect(await authState(page)).toBe("unauthenticated");
  expect(await page.evaluate(() => localStorage.getItem("jwtToken"))).toBeNull();

  await page.reload();
  await expect(page.locator("nav.navbar").getByRole("link", { name: "Sign in" })).toBeVisible();
  expect(await page.evaluate(() => window.__conduit_debug__?.getCurrentUser())).toBeNull();
});

test("a wrong password is refused with an inline error", async ({ page, backend }) => {
  const user = await backend.register("carl");
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.locator("ul.error-messages > li")).toHaveText(["credentials invalid"]);
  await expect(page).toHaveURL("/login");
  expect(await authState(page)).toBe("unauthenticated");
  expect(await page.evaluate(() => localStorage.getItem("jwtToken"))).toBeNull();
});

test("a stored token the API refuses (401) signs out cleanly", async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("jwtToken", "not-a-valid-jwt");
      sessionStorage.setItem("seeded", "1");
    }
  });
  await page.goto("/settings");
  await expect(page).toHaveURL("/login");
  await expect(page.locator("nav.navbar").getByRole("link", { name: "Sign in" })).toBeVisible();
  expect(await authState(page)).toBe("unauthenticated");
  expect(await page.evaluate(() => localStorage.getItem("jwtToken"))).toBeNull();
  await page.goto("/");
  await expect(page.locator(".article-preview, .empty-feed-message").first()).toBeVisible();
});

test("the server unreachable while loading the user gives 'unavailable', not a blank page", async ({
  page,
  backend,
}) => {
  const user = await backend.register("dora");
  await signIn(page, user);
  await page.route("**/api/user", (route) => route.abort("connectionrefused"));
  // The page also retries by itself, with backoff: its clock is stopped before the server
  // answers again, so that Retry, not a timer, is what signs the user back in.
  const start = new Date("2026-01-01T08:00:00Z");
  await page.clock.install({ time: start });
  await page.goto("/");
  await expect(page.locator(".server-notice")).toContainText("Connecting");
  expect(await authState(page)).toBe("unavailable");
  await expect(page.locator("div.banner h1")).toHaveText("conduit");
  await page.clock.pauseAt(new Date(start.getTime() + 3_600_000)); // a retry due fires, and fails
  // The token is kept: once the server answers again, Retry signs the user back in.
  expect(await page.evaluate(() => window.__conduit_debug__?.getToken())).toBe(user.token);
  await expect(page.locator(".server-notice")).toContainText("Connecting");
  await page.unroute("**/api/user");
  await page.locator(".server-notice").getByRole("button", { name: "Retry" }).click();
  await expect(page.locator("nav.navbar a.nav-link", { hasText: user.username })).toBeVisible();
  expect(await authState(page)).toBe("authenticated");
});
