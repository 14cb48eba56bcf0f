import { useEffect, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import type { Article } from "../api/cache";
import { useArticle, useSaveArticle } from "../api/queries";
import { preloadArticlePage } from "../app/articlePageChunk";
import { RequireAuth } from "../app/RequireAuth";
import { articlePath } from "../components/ArticlePreview";
import { ErrorList } from "../components/ErrorList";
import { Field, TextAreaField } from "../components/Field";
import { LoadError, Loading } from "../components/QueryState";
import { TagInput, withPending } from "../components/TagInput";

/** `/editor` (new article) and `/editor/:slug` (edit your article). */
export function EditorPage() {
  const { slug } = useParams();
  useEffect(preloadArticlePage, []); // where "Publish Article" lands
  return (
    <RequireAuth>{() => (slug ? <EditExisting key={slug} slug={slug} /> : <ArticleForm key="new" />)}</RequireAuth>
  );
}

function EditExisting({ slug }: { slug: string }) {
  const query = useArticle(slug);
  if (query.isPending)
    return (
      <Page>
        <Loading what="the article" />
      </Page>
    );
  if (query.isError) {
    return (
      <Page>
        <LoadError what="the article" error={query.error} retry={() => void query.refetch()} />
      </Page>
    );
  }
  return <ArticleForm article={query.data.article} />;
}

function Page({ children }: { children: React.ReactNode }) {
  return (
    <div className="editor-page">
      <div className="container page">
        <div className="row">
          <div className="col-md-10 offset-md-1 col-xs-12">{children}</div>
        </div>
      </div>
    </div>
  );
}

function ArticleForm({ article }: { article?: Article }) {
  const navigate = useNavigate();
  const save = useSaveArticle(article?.slug);
  const [title, setTitle] = useState(article?.title ?? "");
  const [description, setDescription] = useState(article?.description ?? "");
  const [body, setBody] = useState(article?.body ?? "");
  const [tags, setTags] = useState<string[]>(article?.tagList ?? []);
  const [pendingTag, setPendingTag] = useState("");

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const tagList = withPending(tags, pendingTag);
    setTags(tagList);
    setPendingTag("");
    save.mutate(
      { title, description, body, tagList },
      { onSuccess: ({ article: saved }) => void navigate(articlePath(saved.slug)) },
    );
  };

  return (
    <Page>
      <ErrorList error={save.error} />
      <form onSubmit={onSubmit} noValidate>
        <fieldset disabled={save.isPending}>
          <Field large name="title" placeholder="Article Title" value={title} onChange={setTitle} />
          <Field
            name="description"
            placeholder="What's this article about?"
            value={description}
            onChange={setDescription}
          />
          <TextAreaField
            rows={8}
            name="body"
            placeholder="Write your article (in markdown)"
            value={body}
            onChange={setBody}
          />
          <fieldset className="form-group">
            <TagInput tags={tags} onChange={setTags} pending={pendingTag} onPendingChange={setPendingTag} />
          </fieldset>
          <button className="btn btn-lg pull-xs-right btn-primary" type="submit">
            Publish Article
          </button>
        </fieldset>
      </form>
    </Page>
  );
}
