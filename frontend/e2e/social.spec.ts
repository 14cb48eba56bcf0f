import { clickThenSettle, expect, signIn, test, unique } from "./support/fixtures";

test("favorite and unfavorite an article, with counts", async ({ page, backend }) => {
  const author = await backend.register("liked");
  const fan = await backend.register("fan");
  const other = await backend.register("otherfan");
  const tag = unique("fav");
  const article = await backend.createArticle(author, { title: unique("Loved "), tagList: [tag] });
  await backend.favorite(other, article.slug);
  await signIn(page, fan);

  await page.goto(`/article/${article.slug}`);
  const button = page.locator(".article-page .banner button", { hasText: "Favorite Article" });
  await expect(button).toHaveClass(/btn-outline-primary/);
  await expect(button).toContainText("(1)");
  await clickThenSettle(page, button, "POST", /\/favorite$/);
  const unfavorite = page.locator(".article-page .banner button", { hasText: "Unfavorite Article" });
  await expect(unfavorite).toHaveClass(/btn-primary/);
  await expect(unfavorite).toContainText("(2)");
  await page.reload();
  await expect(unfavorite).toContainText("(2)");

  // The list shows the same state, and the heart there toggles it too.
  await page.goto(`/tag/${tag}`);
  const heart = page.locator(".article-preview").first().locator("button");
  await expect(heart).toHaveClass(/btn-primary/);
  await expect(heart).toHaveText("2");
  await clickThenSettle(page, heart, "DELETE", /\/favorite$/);
  await expect(heart).toHaveClass(/btn-outline-primary/);
  await expect(heart).toHaveText("1");
  await page.reload();
  await expect(heart).toHaveText("1");
  await clickThenSettle(page, heart, "POST", /\/favorite$/);
  await expect(heart).toHaveText("2");

  await page.goto(`/profile/${fan.username}/favorites`);
  await expect(page.locator(".article-preview h1")).toHaveText([article.title]);
});

test("favoriting while signed out goes to sign in", async ({ page, backend }) => {
  const author = await backend.register("anon");
  const article = await backend.createArticle(author, { title: unique("Anon ") });
  await page.goto(`/article/${article.slug}`);
  await page.locator("button", { hasText: "Favorite Article" }).click();
  await expect(page).toHaveURL("/login");
  expect((await backend.article(article.slug)).article?.favoritesCount).toBe(0);
});

test("follow an author and read them in Your Feed", async ({ page, backend }) => {
  const author = await backend.register("star");
  const reader = await backend.register("follower");
  const article = await backend.createArticle(author, { title: unique("Followed ") });
  await signIn(page, reader);

  await page.goto("/?feed=following");
  await expect(page.locator(".feed-toggle a.nav-link.active")).toHaveText("Your Feed");
  const empty = page.locator(".empty-feed-message");
  await expect(empty).toContainText("No articles are here... yet.");
  await expect(empty).toContainText("Your feed is empty");
  await expect(empty.locator('a[href="/"]')).toBeVisible();

  await page.goto(`/profile/${author.username}`);
  await expect(page.locator(".profile-page .user-info h4")).toHaveText(author.username);
  await expect(page.locator(".user-info img.user-img")).toHaveAttribute("src", /default-avatar\.svg$/);
  await expect(page.locator(".article-preview h1")).toHaveText([article.title]);
  await page.getByRole("button", { name: `Follow ${author.username}` }).click();
  await expect(page.getByRole("button", { name: `Unfollow ${author.username}` })).toBeVisible();

  await page.locator("nav.navbar").getByRole("link", { name: "Home" }).click();
  await page.locator(".feed-toggle").getByRole("link", { name: "Your Feed" }).click();
  await expect(page).toHaveURL("/?feed=following");
  await expect(page.locator(".article-preview h1")).toHaveText([article.title]);

  await page.goto(`/article/${article.slug}`);
  await clickThenSettle(page, page.getByRole("button", { name: `Unfollow ${author.username}` }), "DELETE", /\/follow$/);
  await expect(page.getByRole("button", { name: `Follow ${author.username}` })).toBeVisible();
  await page.goto("/?feed=following");
  await expect(page.locator(".empty-feed-message")).toBeVisible();
});

test("your own profile links to settings and lists your articles", async ({ page, backend }) => {
  const me = await backend.register("self", { bio: "I write about tests." });
  const article = await backend.createArticle(me, { title: unique("Mine ") });
  await signIn(page, me);
  await page.goto("/");
  await page.locator("nav.navbar a.nav-link", { hasText: me.username }).click();
  await expect(page).toHaveURL(`/profile/${me.username}`);
  await expect(page.locator(".user-info p")).toHaveText("I write about tests.");
  await expect(page.locator(".articles-toggle a.nav-link.active")).toHaveText("My Articles");
  await expect(page.locator(".article-preview h1")).toHaveText([article.title]);
  await expect(page.getByRole("button", { name: /Follow/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Edit Profile Settings" }).click();
  await expect(page).toHaveURL("/settings");
  await page.goBack();
  await page.getByRole("link", { name: /Favorited/ }).click();
  await expect(page).toHaveURL(`/profile/${me.username}/favorites`);
  await expect(page.locator(".empty-feed-message")).toBeVisible();
});
