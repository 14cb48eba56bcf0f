import { expect, test, unique } from "./support/fixtures";

test("filter the feed by a tag from the sidebar", async ({ page, backend }) => {
  const author = await backend.register("tagger");
  const tag = unique("tag");
  const tagged = await backend.createArticle(author, { title: unique("Tagged "), tagList: [tag, "shared"] });
  await backend.createArticle(author, { title: unique("Untagged "), tagList: ["shared"] });

  await page.goto("/");
  await expect(page.locator(".feed-toggle a.nav-link.active")).toHaveText("Global Feed");
  await page.locator(".sidebar .tag-list a.tag-pill.tag-default", { hasText: tag }).click();
  await expect(page).toHaveURL(`/tag/${tag}`);
  await expect(page.locator(".feed-toggle a.nav-link.active")).toContainText(tag);
  await expect(page.locator(".article-preview h1")).toHaveText([tagged.title]);
  await expect(page.locator(".article-preview ul.tag-list > li.tag-default.tag-pill")).toHaveText([tag, "shared"]);

  await page.locator(".feed-toggle").getByRole("link", { name: "Global Feed" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.locator(".article-preview").first()).toBeVisible();
});

test("paginate a feed with ?page=N", async ({ page, backend }) => {
  const author = await backend.register("prolific");
  const tag = unique("page");
  const titles: string[] = [];
  for (let i = 1; i <= 12; i += 1) {
    titles.push((await backend.createArticle(author, { title: `${tag} number ${i}`, tagList: [tag] })).title);
  }
  const newestFirst = [...titles].reverse();

  await page.goto(`/tag/${tag}`);
  await expect(page.locator(".article-preview h1")).toHaveText(newestFirst.slice(0, 10));
  const items = page.locator("ul.pagination > li.page-item");
  await expect(items).toHaveText(["1", "2"]);
  await expect(page.locator("li.page-item.active")).toHaveText("1");

  await page.locator("ul.pagination a.page-link", { hasText: "2" }).click();
  await expect(page).toHaveURL(`/tag/${tag}?page=2`);
  await expect(page.locator(".article-preview h1")).toHaveText(newestFirst.slice(10));
  await expect(page.locator("li.page-item.active")).toHaveText("2");

  await page.goto(`/profile/${author.username}?page=2`);
  await expect(page.locator(".article-preview h1")).toHaveText(newestFirst.slice(10));
  await page.goto("/?page=1");
  await expect(page.locator(".article-preview")).toHaveCount(10);
  await expect(page.locator("li.page-item.active")).toHaveText("1");
});
