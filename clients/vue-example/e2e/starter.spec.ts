// The starter in a browser against the real API: the global feed and its tag filter, signing
// in, favoriting, an article page with comments, and live updates (a comment and an article
// created through the API appear without a reload).
import { expect, test, type APIRequestContext } from '@playwright/test';

const api = (path: string) => `${process.env.CONDUIT_VUE_URL}/api${path}`;

async function register(request: APIRequestContext, username: string): Promise<string> {
  const user = { username, email: `${username}@example.com`, password: 'jakejake' };
  const response = await request.post(api('/users'), { data: { user } });
  expect(response.status()).toBe(201);
  return (await response.json()).user.token;
}

async function publish(request: APIRequestContext, token: string, title: string, tag: string): Promise<string> {
  const article = { title, description: `About ${tag}`, body: `All about ${tag}.`, tagList: [tag] };
  const response = await request.post(api('/articles'), {
    data: { article },
    headers: { Authorization: `Token ${token}` },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).article.slug;
}

test('feed, tag filter, sign in, favorite, comments, and live updates', async ({ page, request }) => {
  const jake = await register(request, 'vue_jake');
  const anna = await register(request, 'vue_anna');
  await publish(request, jake, 'Dragons in Vue', 'dragons');
  await publish(request, anna, 'Plain old article', 'misc');

  await page.goto(process.env.CONDUIT_VUE_URL!);
  const previews = page.getByTestId('article-preview');
  await expect(previews).toHaveCount(2);
  await page.getByRole('button', { name: 'dragons', exact: true }).click();
  await expect(previews).toHaveCount(1);
  await expect(previews).toContainText('Dragons in Vue');
  await page.getByLabel('Clear the tag filter').click();
  await expect(previews).toHaveCount(2);

  // Sign in: a wrong password shows the API's error; the right one signs in.
  await page.getByRole('link', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Email').fill('vue_jake@example.com');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('Password').fill('jakejake');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('me')).toHaveText('vue_jake');

  const favorite = page.getByRole('button', { name: 'Favorite Plain old article' });
  await favorite.click();
  await expect(favorite).toHaveAttribute('aria-pressed', 'true');
  await expect(favorite).toHaveText('♥ 1');

  // The article page: comment, and see another reader's comment arrive live.
  await page.getByRole('link', { name: 'Plain old article' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plain old article');
  await page.getByLabel('Your comment').fill('Nice one, Anna.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  const comments = page.getByTestId('comment');
  await expect(comments).toHaveCount(1);
  const slug = decodeURIComponent(new URL(page.url()).hash.replace('#/article/', ''));
  const reply = await request.post(api(`/articles/${slug}/comments`), {
    data: { comment: { body: 'Thanks, Jake!' } },
    headers: { Authorization: `Token ${anna}` },
  });
  expect(reply.status()).toBe(201);
  await expect(comments.filter({ hasText: 'Thanks, Jake!' })).toBeVisible();

  // Back on the feed, once its stream is open: an article published through the API shows up,
  // in the same page (the marker set before survives).
  await page.getByRole('link', { name: 'conduit' }).click();
  await expect(page.locator('.live')).toHaveAttribute('data-status', 'open');
  await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
  await publish(request, anna, 'Published while you watched', 'live');
  await expect(previews.first()).toContainText('Published while you watched');
  await expect(previews).toHaveCount(3);
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await page.screenshot({ path: 'screenshots/starter.png' });
});
