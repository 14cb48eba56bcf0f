// A client's journey through the packed SDK (`npm pack`), as an app installs it: the root entry,
// `conduit-sdk/live`, and the TanStack Query helpers of `conduit-sdk/react-query` and
// `conduit-sdk/vue-query`. tests/contract/test_typescript_sdk.py installs the tarball into a
// scratch project, type-checks this file there (strict, Node's ESM resolution) and runs it
// against a live server: node --experimental-websocket journey.js <base url> <name>.
import { MutationObserver, QueryClient, useMutation, useQuery } from '@tanstack/react-query';
import { QueryClient as VueQueryClient, useQuery as useVueQuery } from '@tanstack/vue-query';
import { client, createArticle, createUser, type ArticlePreview, type GenericErrorModel } from 'conduit-sdk';
import { connectEvents, type LiveEvent } from 'conduit-sdk/live';
import { createArticleFavoriteMutation, getArticlesOptions } from 'conduit-sdk/react-query';
import { getArticleOptions, getTagsOptions } from 'conduit-sdk/vue-query';
import { computed, ref } from 'vue';

// Hooks as components call them: type-checked only (the Vue starter's browser test renders Vue's).
export function useTitles(tag: string): string[] | undefined {
  return useQuery(getArticlesOptions({ query: { tag } })).data?.articles.map((a) => a.title);
}
export function useFavorite(slug: string): () => Promise<number> {
  const favorite = useMutation(createArticleFavoriteMutation());
  return async () => (await favorite.mutateAsync({ path: { slug } })).article.favoritesCount;
}
export function useVueTags() {
  const wanted = ref('dragons');
  const { data } = useVueQuery(getTagsOptions());
  return computed(() => data.value?.tags.includes(wanted.value) ?? false);
}

declare const process: { argv: string[] };
const [baseUrl, name] = process.argv.slice(2) as [string, string];

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`journey: ${what}`);
}

client.setConfig({ baseUrl });
const user = { username: name, email: `${name}@example.com`, password: 'jakejake' };
const registered = await createUser({ body: { user } });
check(registered.data?.user.username === name, `registered ${JSON.stringify(registered.error)}`);
const token = registered.data!.user.token;
const taken = await createUser({ body: { user } });
const refusal: GenericErrorModel | undefined = taken.error;
check(refusal?.errors['username']?.[0] === 'has already been taken', 'a taken name is refused');
client.setConfig({ auth: () => `Token ${token}` });

// Live: a WebSocket on the public topic, open before the article exists.
const received: LiveEvent[] = [];
let opened: () => void = () => {};
let arrived: (article: ArticlePreview) => void = () => {};
const open = new Promise<void>((resolve) => (opened = resolve));
const announced = new Promise<ArticlePreview>((resolve) => (arrived = resolve));
const close = connectEvents({
  transport: 'websocket',
  topics: ['articles'],
  onStatus: (status) => status === 'open' && opened(),
  onEvent: (event) => {
    received.push(event);
    if (event.name === 'article.created' && event.data.article.author.username === name) arrived(event.data.article);
  },
});
await open;

const created = await createArticle({
  body: { article: { title: `By ${name}`, description: 'Packed', body: 'From a tarball.', tagList: [name] } },
});
const slug = created.data!.article.slug;
const live = await announced;
check(live.slug === slug, 'the live event names the new article');
close();

const reactQuery = new QueryClient();
const listed = await reactQuery.fetchQuery(getArticlesOptions({ query: { tag: name } }));
check(listed.articlesCount === 1 && listed.articles[0]?.slug === slug, 'listed by tag (react-query)');
const favorite = new MutationObserver(reactQuery, createArticleFavoriteMutation());
const favorited = await favorite.mutate({ path: { slug } });
check(favorited.article.favorited && favorited.article.favoritesCount === 1, 'favorited (react-query)');

const vueQuery = new VueQueryClient();
const fetched = await vueQuery.fetchQuery(getArticleOptions({ path: { slug } }));
check(fetched.article.favoritesCount === 1 && fetched.article.body === 'From a tarball.', 'read back (vue-query)');

console.log(`journey ok: ${slug}, ${received.length} live event(s)`);
