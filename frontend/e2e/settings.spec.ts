import { expect, signIn, test, unique } from "./support/fixtures";

test("settings changes persist after a reload", async ({ page, backend }) => {
  const user = await backend.register("setter");
  await signIn(page, user);
  await page.goto("/settings");
  await expect(page.locator('input[name="email"]')).toHaveValue(user.email);

  const username = unique("renamed");
  const image = "https://images.example.com/me.png";
  await page.locator('input[name="image"]').fill(image);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('textarea[name="bio"]').fill("I like settings.");
  await page.locator('input[name="password"]').fill("a brand new password");
  await page.getByRole("button", { name: "Update Settings" }).click();

  await expect(page).toHaveURL(`/profile/${username}`);
  await expect(page.locator(".user-info p")).toHaveText("I like settings.");
  await expect(page.locator("nav.navbar a.nav-link", { hasText: username })).toBeVisible();

  await page.goto("/settings");
  await page.reload();
  await expect(page.locator('input[name="username"]')).toHaveValue(username);
  await expect(page.locator('textarea[name="bio"]')).toHaveValue("I like settings.");
  await expect(page.locator('input[name="image"]')).toHaveValue(image);
  await expect(page.locator('input[name="password"]')).toHaveValue("");
  const current = await page.evaluate(() => window.__conduit_debug__?.getCurrentUser());
  expect(current).toMatchObject({ username, bio: "I like settings.", image });
  // The avatar names the user's image; as it cannot load (no internet here), the default shows.
  const pic = page.locator("nav.navbar img.user-pic");
  await expect(pic).toHaveAttribute("src", image);
  await expect(pic).toHaveAttribute("srcset", "/default-avatar.svg");
  await expect.poll(() => pic.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/default-avatar\.svg$/);

  // The new password works, the old one no longer does.
  await page.locator("button.btn-outline-danger").click();
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("ul.error-messages > li")).toHaveText(["credentials invalid"]);
  await page.locator('input[name="password"]').fill("a brand new password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("nav.navbar a.nav-link", { hasText: username })).toBeVisible();
});

test("invalid settings show the API's errors inline and change nothing", async ({ page, backend }) => {
  const user = await backend.register("strict");
  const taken = await backend.register("takenname");
  await signIn(page, user);
  await page.goto("/settings");
  await page.locator('input[name="username"]').fill(taken.username);
  await page.locator('input[name="image"]').fill("not a url");
  await page.getByRole("button", { name: "Update Settings" }).click();
  await expect(page.locator("ul.error-messages > li").first()).toBeVisible();
  await expect(page).toHaveURL("/settings");
  await page.reload();
  await expect(page.locator('input[name="username"]')).toHaveValue(user.username);
});

test("settings and the editor need an account", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL("/login");
  await page.goto("/editor");
  await expect(page).toHaveURL("/login");
});
