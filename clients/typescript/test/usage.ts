// A compile-time check of the generated SDK, type-checked with it (`tsc`, never run): the
// journey a client writes reads as intended, and the contract's types come through exactly.
import {
  createArticle,
  createArticleComment,
  createArticleFavorite,
  createUser,
  deleteArticle,
  getArticles,
  type Article,
  type ArticlePreview,
  type GenericErrorModel,
  type Profile,
  type User,
  client,
} from '../lib/index.js';
import type { EventSourceClass, WebSocketClass } from '../lib/live.js';

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const check = <T extends true>(): T => true as T;

// Nullable fields are `string | null`, and present (not optional).
check<Equals<User['bio'], string | null>>();
check<Equals<Profile['image'], string | null>>();
// A list item carries no body; a single article does.
check<Equals<'body' extends keyof ArticlePreview ? true : false, false>>();
check<Equals<Article['body'], string>>();
check<Equals<Article['tagList'], Array<string>>>();
// Every error has the spec's shape.
check<Equals<GenericErrorModel['errors'][string], Array<string>>>();

export async function journey(baseUrl: string): Promise<void> {
  client.setConfig({ baseUrl });
  const registered = await createUser({
    body: { user: { username: 'jake', email: 'jake@jake.jake', password: 'jakejake' } },
  });
  if (registered.error) {
    const taken: string[] | undefined = registered.error.errors['username'];
    throw new Error(`registration refused: ${taken?.join(', ')}`);
  }
  const token = registered.data.user.token;
  client.setConfig({ auth: () => `Token ${token}` });

  const created = await createArticle({
    body: { article: { title: 'Dragons', description: 'How?', body: 'Believe', tagList: ['dragons'] } },
  });
  const slug: string | undefined = created.data?.article.slug;
  if (slug === undefined) return;

  const listed = await getArticles({ query: { tag: 'dragons', limit: 10 } });
  const count: number | undefined = listed.data?.articlesCount;
  const favorited = await createArticleFavorite({ path: { slug } });
  const favorites: number | undefined = favorited.data?.article.favoritesCount;
  const commented = await createArticleComment({ path: { slug }, body: { comment: { body: 'Nice' } } });
  const commentId: number | undefined = commented.data?.comment.id;
  await deleteArticle({ path: { slug } });
  console.log(count, favorites, commentId);

  // @ts-expect-error: the contract requires a title.
  await createArticle({ body: { article: { description: 'd', body: 'b' } } });
  // @ts-expect-error: a slug is a string.
  await deleteArticle({ path: { slug: 42 } });
}

// The browser's own classes fit the live client's options (`EventSource:`, `WebSocket:`).
export const browserClasses: [EventSourceClass, WebSocketClass] = [EventSource, WebSocket];
