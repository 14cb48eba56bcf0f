// Live updates across two browser contexts: A reads, B writes through the app in its own
// context, and A sees the change without reloading (a mark left in A's window survives).
// These tests count every article published while they watch the Global Feed, so they run
// alone: the `live` project of playwright.config.ts starts after the other specs, and this
// file's tests run one after the other.
import type { Browser, Page, Response } from "@playwright/test";
import { clickThenSettle, expect, signIn, test, unique, type User } from "./support/fixtures";
import { cutStream, eventReached, reportStreamError, watchStreams } from "./support/live";

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
  await watchStreams(page);
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
  // Events come in order: once the followed article has reached the page, a count that took
  // the stranger's would say 2, for good.
  await eventReached(page, "article.created", followed.slug);
  const bar = page.locator("button.new-articles-bar");
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

  await clickThenSettle(
    b,
    b.locator(".article-page .banner button", { hasText: "Favorite Article" }),
    "POST",
    /\/favorite$/,
  );
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
  await watchStreams(page);
  const author = await backend.register("liveresume");
  const article = await backend.createArticle(author, { title: unique("Resumed ") });
  const commentLoads: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "GET" && new URL(request.url()).pathname.endsWith("/comments"))
      commentLoads.push(request.url());
  });
  const connected = streamOpened(page, `article:${article.slug}`);
  await page.goto(`/article/${article.slug}`);
  await connected;
  const comments = page.locator(".card:not(.comment-form) .card-block");
  await backend.comment(author, article.slug, "Before the cut");
  await expect(comments).toHaveText(["Before the cut"]);
  await markPage(page);

  // The connection goes; a comment is posted while it is away; then the page notices.
  await cutStream(page);
  await backend.comment(author, article.slug, "While away");
  const loadsBefore = commentLoads.length;
  const resumed = streamOpened(page, `article:${article.slug}`);
  await reportStreamError(page);
  expect(new URL((await resumed).url()).searchParams.get("lastEventId")).toMatch(/^\d+$/);
  await expect(comments).toHaveText(["While away", "Before the cut"]);
  // It came as a replayed event on the new stream, not by loading the list again.
  await eventReached(page, "comment.created", "While away");
  expect(commentLoads).toHaveLength(loadsBefore);
  await expectSamePage(page);
});

// Issue 11: a comment posted while the page's comment list is loading was lost when the list's
// answer had been read before the comment existed. The answer is held here until the comment's
// event has reached the page, so the race happens every time.
test("a comment posted while the comment list is loading appears", async ({ page, backend }) => {
  await watchStreams(page);
  const author = await backend.register("liveloading");
  const article = await backend.createArticle(author, { title: unique("Loading ") });
  await backend.comment(author, article.slug, "Already there");
  let read!: () => void;
  const answerRead = new Promise<void>((resolve) => (read = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/articles/${article.slug}/comments`, async (route) => {
    if (route.request().method() !== "GET") return route.continue();
    const response = await route.fetch(); // the list as it is now, before the new comment
    read();
    await released;
    await route.fulfill({ response });
  });
  const connected = streamOpened(page, `article:${article.slug}`);
  await page.goto(`/article/${article.slug}`);
  await connected;
  await answerRead;

  const body = unique("Posted meanwhile ");
  await backend.comment(author, article.slug, body);
  await eventReached(page, "comment.created", body);
  release();
  const comments = page.locator(".card:not(.comment-form) .card-block");
  await expect(comments).toHaveText([body, "Already there"]);
});
