// Full-page screenshots of the main pages (light, 1280 px wide) for a person to look at:
// frontend/screenshots/*.png (git-ignored). This project runs first, on the fresh database,
// so the pages show only the content seeded here.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./support/fixtures";

const folder = join(dirname(fileURLToPath(import.meta.url)), "..", "screenshots");

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}

const BODY = `Conduit is a **social blogging** app: write articles, follow authors, favorite what you like.

## Why async Django?

Every endpoint is an \`async def\` on Django's async ORM, so a slow client never holds a thread.

> Nothing blocks the event loop.

- Argon2 password hashing runs in a worker thread
- Writes run in one transaction
- Reads are a fixed number of queries

\`\`\`python
async def article_list(*, viewer, tag=None, limit, offset):
    ...
\`\`\`
`;

test("screenshots of home, article, profile, editor and settings", async ({ page, backend }) => {
  mkdirSync(folder, { recursive: true });
  // Plain names: this project runs first, on the run's fresh database.
  const author = await backend.register("ada", { bio: "Writes about async Python and the web.", exactName: true });
  const reader = await backend.register("grace", { exactName: true });
  const first = await backend.createArticle(author, {
    title: "How to build a RealWorld API",
    description: "Routers, services and selectors, async all the way",
    body: BODY,
    tagList: ["django", "async", "api"],
  });
  await backend.createArticle(reader, {
    title: "Typed clients from an OpenAPI contract",
    description: "Generate the types, never write them by hand",
    body: "The SPA's client is generated from `openapi.json`.",
    tagList: ["openapi", "typescript"],
  });
  const featured = await backend.createArticle(author, {
    title: "Live updates that survive reconnects",
    description: "Server-sent events and WebSockets, without losing an event",
    body: "Events leave a service only after its transaction commits.",
    tagList: ["realtime", "django"],
  });
  await backend.favorite(reader, featured.slug);
  await backend.favorite(author, featured.slug);
  await backend.follow(reader, author.username);
  await backend.comment(reader, first.slug, "Clear and to the point. Thanks!");
  await backend.comment(author, first.slug, "Glad it helped. Part two is on its way.");

  await signIn(page, reader);
  await page.goto("/");
  await expect(page.locator(".article-preview")).toHaveCount(3);
  await expect(page.locator(".sidebar .tag-pill")).toHaveCount(6);
  await shoot(page, "home");

  await page.goto(`/article/${first.slug}`);
  await expect(page.locator(".card:not(.comment-form) .card-block")).toHaveCount(2);
  await shoot(page, "article");

  await page.goto(`/profile/${author.username}`);
  await expect(page.locator(".article-preview")).toHaveCount(2);
  await shoot(page, "profile");

  await page.goto("/settings");
  await expect(page.locator('input[name="email"]')).toHaveValue(reader.email);
  await shoot(page, "settings");

  await page.goto("/editor");
  await page.locator('input[name="title"]').fill("A new article");
  await page.locator('input[name="description"]').fill("What it is about");
  await page.locator('textarea[name="body"]').fill("Write it in *Markdown*.");
  for (const tag of ["draft", "ideas"]) {
    await page.getByPlaceholder("Enter tags").fill(tag);
    await page.getByPlaceholder("Enter tags").press("Enter");
  }
  await shoot(page, "editor");
});
