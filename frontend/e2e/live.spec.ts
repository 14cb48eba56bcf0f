// Live updates across two browser contexts: A reads, B writes through the app in its own
// context, and A sees the change without reloading (a mark left in A's window survives).
// These tests count every article published while they watch the Global Feed, so they run
// alone: the `live` project of playwright.config.ts starts after the other specs, and this
// file's tests run one after the other.
import type { Browser, Page, Response } from "@playwright/test";
import { clickThenSettle, expect, signIn, test, unique, type User } from "./support/fixtures";

test.describe.configure({ mode: "default" });

/** Resolves once `page` has a live stream of `topics` open (the server subscribes it before
 * answering, so nothing published after this is missed). */
function streamOpened(page: Page, topics: string): Promise<Response> {
  return page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.pathname === "/api/events" && url.searchParams.get("topics") === topics && response.status() === 200;
  });
}

async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
}

async function expectSamePage(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
}

/** Browser context B, signed in as `user`. */
async function writer(browser: Browser, baseURL: string | undefined, user: User): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

test("the Global Feed offers an article published meanwhile, and loads it on a click", async ({
  page,
  browser,
  baseURL,
  backend,
}) => {
  const author = await backend.register("livewriter");
  const earlier = await backend.createArticle(author, { title: unique("Earlier ") });
  const connected = streamOpened(page, "articles");
  await page.goto("/");
  await connected;
  const titles = page.locator(".article-preview h1");
  await expect(titles.first()).toHaveText(earlier.title);
  await markPage(page);

  const b = await writer(browser, baseURL, author);
  await b.goto("/editor");
  const title = unique("Breaking ");
  await b.locator('input[name="title"]').fill(title);
  await b.locator('input[name="description"]').fill("Fresh off the press");
  await b.locator('textarea[name="body"]').fill("It *just* happened.");
  await b.getByRole("button", { name: "Publish Article" }).click();
  await expect(b).toHaveURL(/\/article\/breaking-/);

  const bar = page.locator("button.new-articles-bar");
  await expect(bar).toHaveText("1 new article");
  await expect(titles.first()).toHaveText(earlier.title); // not pushed under the reader's eyes
  await bar.click();
  await expect(bar).toHaveCount(0);
  await expect(titles.first()).toHaveText(title);
  await expect(titles.nth(1)).toHaveText(earlier.title);
  await expectSamePage(page);
  await b.context().close();
});

test("Your Feed, on a ticket of its own, offers what a followed author publishes", async ({ page, backend }) => {
  const author = await backend.register("livefollowed");
  const reader = await backend.register("livefollower");
  await backend.follow(reader, author.username);
  const earlier = await backend.createArticle(author, { title: unique("Followed earlier ") });
  await signIn(page, reader);
  const connected = streamOpened(page, "feed");
  await page.goto("/?feed=following");
  const stream = await connected;
  expect(new URL(stream.url()).searchParams.get("ticket")).toBeTruthy();
  const titles = page.locator(".article-preview h1");
  await expect(titles).toHaveText([earlier.title]);
  await markPage(page);

  const stranger = await backend.register("livestranger");
  await backend.createArticle(stranger, { title: unique("Not followed ") }); // not in this feed
  const followed = await backend.createArticle(author, { title: unique("Followed now ") });
  const bar = page.locator("button.new-articles-bar");
  await expect(bar).toHaveText("1 new article");
  await page.waitForTimeout(300); // events come in order: a count of the stranger's would show by now
  await expect(bar).toHaveText("1 new article");
  await bar.click();
  await expect(titles).toHaveText([followed.title, earlier.title]);
  await expectSamePage(page);
});

test("an open article shows new comments, favorites, deleted comments and its deletion live", async ({
  page,
  browser,
  baseURL,
  backend,
}) => {
  const author = await backend.register("liveauthor");
  const reader = await backend.register("livereader");
  const article = await backend.createArticle(author, { title: unique("Watched ") });
  const connected = streamOpened(page, `article:${article.slug}`);
  await page.goto(`/article/${article.slug}`);
  await connected;
  await expect(page.locator(".article-page .banner h1")).toHaveText(article.title);
  const favorites = page.locator(".article-page .banner button", { hasText: "Favorite Article" });
  await expect(favorites).toContainText("(0)");
  const comments = page.locator(".card:not(.comment-form) .card-block");
  await expect(comments).toHaveCount(0);
  await markPage(page);

  const b = await writer(browser, baseURL, reader);
  await b.goto(`/article/${article.slug}`);
  const body = unique("Seen live ");
  await b.getByPlaceholder("Write a comment...").fill(body);
  await b.getByRole("button", { name: "Post Comment" }).click();
  await expect(comments).toHaveText([body]);

  await clickThenSettle(b, b.locator(".article-page .banner button", { hasText: "Favorite Article" }), "POST", /\/favorite$/);
  await expect(favorites).toContainText("(1)");

  const mine = b.locator(".card:not(.comment-form)", { hasText: body });
  await clickThenSettle(b, mine.locator("span.mod-options > i.ion-trash-a"), "DELETE", /\/comments\/\d+$/);
  await expect(comments).toHaveCount(0);

  await backend.deleteArticle(author, article.slug);
  await expect(page.locator(".article-deleted")).toContainText("This article has been deleted.");
  await expectSamePage(page);
  await b.context().close();
});

test("a dropped stream reconnects by itself and replays what was missed", async ({ page, backend }) => {
  // The drop is played at the EventSource: keep the page's sources at hand to cut one.
  await page.addInitScript(() => {
    const Native = window.EventSource;
    const sources: EventSource[] = [];
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        sources.push(this);
      }
    };
    Object.assign(window, { __eventSources: sources });
  });
  const author = await backend.register("liveresume");
  const article = await backend.createArticle(author, { title: unique("Resumed ") });
  const connected = streamOpened(page, `article:${article.slug}`);
  await page.goto(`/article/${article.slug}`);
  await connected;
  const comments = page.locator(".card:not(.comment-form) .card-block");
  await backend.comment(author, article.slug, "Before the cut");
  await expect(comments).toHaveText(["Before the cut"]);
  await markPage(page);

  // The connection goes; a comment is posted while it is away; then the page notices.
  await page.evaluate(() => (window as unknown as { __eventSources: EventSource[] }).__eventSources.at(-1)?.close());
  await backend.comment(author, article.slug, "While away");
  await page.waitForTimeout(300);
  await expect(comments).toHaveText(["Before the cut"]);
  const resumed = streamOpened(page, `article:${article.slug}`);
  await page.evaluate(() =>
    (window as unknown as { __eventSources: EventSource[] }).__eventSources.at(-1)?.dispatchEvent(new Event("error")),
  );
  expect(new URL((await resumed).url()).searchParams.get("lastEventId")).toMatch(/^\d+$/);
  await expect(comments).toHaveText(["While away", "Before the cut"]);
  await expectSamePage(page);
});
