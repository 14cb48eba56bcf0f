import { clickThenSettle, expect, signIn, test, unique } from "./support/fixtures";

test("create, edit and delete an article with tags", async ({ page, backend }) => {
  const author = await backend.register("writer");
  await signIn(page, author);
  await page.goto("/");
  await page.locator("nav.navbar").getByRole("link", { name: "New Article" }).click();
  await expect(page).toHaveURL("/editor");

  const title = unique("Dragons ");
  await page.locator('input[name="title"]').fill(title);
  await page.locator('input[name="description"]').fill("How to train yours");
  await page.locator('textarea[name="body"]').fill("Dragons **love** fish.");
  const tags = page.getByPlaceholder("Enter tags");
  for (const tag of ["dragons", "training", "oops"]) {
    await tags.fill(tag);
    await tags.press("Enter");
  }
  await expect(page).toHaveURL("/editor"); // Enter adds a tag, it does not submit
  await expect(page.locator(".tag-list .tag-pill")).toHaveText(["dragons", "training", "oops"]);
  await page.locator(".tag-list .tag-pill", { hasText: "oops" }).locator("i.ion-close-round").click();
  await expect(page.locator(".tag-list .tag-pill")).toHaveText(["dragons", "training"]);
  await page.getByRole("button", { name: "Publish Article" }).click();

  await expect(page).toHaveURL(/\/article\/dragons-/);
  await expect(page.locator(".article-page .banner h1")).toHaveText(title);
  await expect(page.locator(".article-content strong")).toHaveText("love");
  await expect(page.locator(".article-page ul.tag-list > li.tag-default.tag-pill")).toHaveText(["dragons", "training"]);
  await expect(page.locator(".article-page .banner .article-meta a.author")).toHaveText(author.username);

  await page.getByRole("link", { name: "Edit Article" }).click();
  await expect(page).toHaveURL(/\/editor\/dragons-/);
  await expect(page.locator('input[name="title"]')).toHaveValue(title);
  const newTitle = unique("Wyverns ");
  await page.locator('input[name="title"]').fill(newTitle);
  await page.getByPlaceholder("Enter tags").fill("wyverns"); // left in the box: still counts
  await page.getByRole("button", { name: "Publish Article" }).click();

  await expect(page).toHaveURL(/\/article\/wyverns-/);
  await expect(page.locator(".article-page .banner h1")).toHaveText(newTitle);
  await expect(page.locator(".article-page ul.tag-list > li")).toHaveText(["dragons", "training", "wyverns"]);
  const slug = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

  await page.getByRole("button", { name: "Delete Article" }).click();
  await expect(page).toHaveURL("/");
  expect((await backend.article(slug)).status).toBe(404);
  await page.goto(`/article/${slug}`);
  await expect(page.getByRole("heading", { name: "Article not found" })).toBeVisible();
});

test("the editor shows the API's validation errors inline", async ({ page, backend }) => {
  await signIn(page, await backend.register("blank"));
  await page.goto("/editor");
  await page.getByRole("button", { name: "Publish Article" }).click();
  const errors = page.locator("ul.error-messages > li");
  await expect(errors.first()).toBeVisible();
  await expect(errors).toContainText([/^title /]);
  await expect(page).toHaveURL("/editor");
});

test("Markdown renders, and a script injection attempt does not run", async ({ page, backend }) => {
  const author = await backend.register("mallory");
  const body = [
    "# Heading one",
    "",
    "Some **bold** and a [safe link](https://example.com/).",
    "",
    "<script>window.__pwned = 'script'</script>",
    '<img src="x" onerror="window.__pwned = \'onerror\'">',
    '<a href="javascript:window.__pwned=\'href\'" id="evil">click me</a>',
    "[md link](javascript:window.__pwned='markdown')",
    "<div onmouseover=\"window.__pwned='hover'\">hover me</div>",
    '<iframe src="javascript:alert(1)"></iframe>',
  ].join("\n");
  const article = await backend.createArticle(author, { title: unique("Markdown "), body });
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  await page.goto(`/article/${article.slug}`);
  const content = page.locator(".article-content");
  await expect(content.locator("h1")).toHaveText("Heading one");
  await expect(content.locator("strong")).toHaveText("bold");
  await expect(content.locator('a[href="https://example.com/"]')).toHaveText("safe link");

  await expect(content.locator("script, iframe")).toHaveCount(0);
  const risky = await content.evaluate((root) =>
    Array.from(root.querySelectorAll("*")).flatMap((el) =>
      Array.from(el.attributes)
        .filter((a) => a.name.startsWith("on") || /^\s*javascript:/i.test(a.value))
        .map((a) => `${el.tagName} ${a.name}=${a.value}`),
    ),
  );
  expect(risky).toEqual([]);
  await content.getByText("click me").click();
  await content.getByText("md link").click();
  await content.getByText("hover me").hover();
  await expect(page).toHaveURL(`/article/${article.slug}`);
  expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test("a deep link opens the article on a fresh page load", async ({ browser, backend, baseURL }) => {
  const author = await backend.register("linker");
  const article = await backend.createArticle(author, {
    title: unique("Deep link "),
    body: "Straight *here*.",
    tagList: ["deeplink"],
  });
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const response = await page.goto(`/article/${article.slug}`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toBe("no-cache");
  await expect(page.locator(".article-page .banner h1")).toHaveText(article.title);
  await expect(page.locator(".article-content em")).toHaveText("here");
  await expect(page.locator(".article-page .article-meta img").first()).toHaveAttribute("src", /default-avatar\.svg$/);
  await page.goto(`/profile/${author.username}/favorites`);
  await expect(page.locator(".profile-page .user-info h4")).toHaveText(author.username);
  await expect(page.locator(".articles-toggle a.nav-link.active")).toHaveText("Favorited Articles");
  await context.close();
});

test("comment on an article and delete the comment", async ({ page, backend }) => {
  const author = await backend.register("host");
  const reader = await backend.register("guest");
  const article = await backend.createArticle(author, { title: unique("Comments ") });
  await backend.comment(author, article.slug, "The author's own note");
  await signIn(page, reader);
  await page.goto(`/article/${article.slug}`);

  const posted = page.locator(".card:not(.comment-form) .card-block");
  await expect(posted).toHaveText(["The author's own note"]);
  await expect(page.locator("form.card.comment-form img.comment-author-img")).toBeVisible();
  await page.getByPlaceholder("Write a comment...").fill("Nice article!");
  await page.getByRole("button", { name: "Post Comment" }).click();
  await expect(posted).toHaveText(["Nice article!", "The author's own note"]);
  await expect(page.getByPlaceholder("Write a comment...")).toHaveValue("");

  const mine = page.locator(".card:not(.comment-form)", { hasText: "Nice article!" });
  await expect(mine.locator(".card-footer a.comment-author").last()).toHaveText(reader.username);
  // Only your own comments can be deleted.
  await expect(page.locator(".card:not(.comment-form)", { hasText: "own note" }).locator(".mod-options")).toHaveCount(
    0,
  );
  await page.reload();
  await expect(posted).toHaveText(["Nice article!", "The author's own note"]);

  await clickThenSettle(page, mine.locator("span.mod-options > i.ion-trash-a"), "DELETE", /\/comments\/\d+$/);
  await expect(posted).toHaveText(["The author's own note"]);
  await page.reload();
  await expect(posted).toHaveText(["The author's own note"]);
});

// The page contract (issue 11): once a signed-out visitor's article page has rendered, the
// navbar's "Sign in" is its only a[href="/login"]; the comment area's invitation still works.
test("a signed-out reader finds one a[href='/login'], and the comment invitation brings them back", async ({
  page,
  backend,
}) => {
  const author = await backend.register("invite");
  const reader = await backend.register("invited");
  const article = await backend.createArticle(author, { title: unique("Invitation "), body: "Read *me*." });
  await backend.comment(author, article.slug, "First comment");
  await page.goto(`/article/${article.slug}`);
  await expect(page.locator(".article-content em")).toHaveText("me");
  await expect(page.locator(".card:not(.comment-form) .card-block")).toHaveText(["First comment"]);
  await expect(page.locator(".comment-invite")).toBeVisible();
  await expect(page.locator('a[href="/login"]')).toHaveCount(1);
  await expect(page.locator('nav.navbar a[href="/login"]')).toHaveText("Sign in");

  await page.locator(".comment-invite").getByRole("link", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.locator('input[name="email"]').fill(reader.email);
  await page.locator('input[name="password"]').fill(reader.password);
  await page.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(`/article/${article.slug}`);
  await expect(page.locator("form.card.comment-form")).toBeVisible();
});
