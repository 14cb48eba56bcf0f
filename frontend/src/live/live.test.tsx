// The pages on a live stream: what the home page's feeds and the article page do with each
// event. The network and EventSource are fakes; everything between them is the app's own.
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import ArticlePage from "../pages/ArticlePage";
import { HomePage } from "../pages/HomePage";
import { FakeSource } from "conduit-sdk/testing";
import { json, preview, profile, renderWith, servicesWith, user, type Handler } from "../test/fakeApi";

const created = (slug: string, tagList = ["one"]) => ({ article: { ...preview(slug), tagList }, previousSlug: null });
const comment = (id: number, body: string) => ({
  id,
  body,
  createdAt: "2026-01-21T10:00:00.000Z",
  updatedAt: "2026-01-21T10:00:00.000Z",
  author: profile("maria"),
});

async function opened(): Promise<FakeSource> {
  return waitFor(() => {
    const source = FakeSource.opened.at(-1);
    if (!source || source.closed) throw new Error("no open stream");
    return source;
  });
}

const bar = () => document.querySelector(".new-articles-bar");

beforeEach(() => {
  FakeSource.opened = [];
});

describe("the Global Feed, live", () => {
  function server(articles: () => ReturnType<typeof preview>[]): Handler {
    return (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === "/api/tags") return json(200, { tags: [] });
      if (pathname === "/api/articles") return json(200, { articles: articles(), articlesCount: articles().length });
      return json(404, { errors: { path: ["not found"] } });
    };
  }

  it("counts articles published since it loaded, and a click loads them", async () => {
    let articles = [preview("old")];
    const services = servicesWith(
      server(() => articles),
      { EventSource: FakeSource },
    );
    renderWith(<HomePage />, services);
    await screen.findByText("Title of old");
    const source = await opened();
    expect(source.topics).toBe("articles");
    expect(source.params.has("ticket")).toBe(false);

    act(() => source.emit("article.created", created("old"), "1")); // already on screen
    expect(bar()).toBeNull();
    act(() => source.emit("article.created", created("fresh"), "2"));
    expect(bar()?.textContent).toBe("1 new article");
    act(() => source.emit("article.created", created("fresher"), "3"));
    act(() => source.emit("article.created", created("fresher"), "3")); // the same one again
    expect(bar()?.textContent).toBe("2 new articles");
    act(() => source.emit("article.deleted", { slug: "fresher" }, "4"));
    expect(bar()?.textContent).toBe("1 new article");

    articles = [preview("fresh"), preview("old")];
    const before = services.requests.length;
    fireEvent.click(screen.getByRole("button", { name: "1 new article" }));
    expect(bar()).toBeNull();
    await screen.findByText("Title of fresh");
    expect(services.requests.slice(before).map((r) => new URL(r.url).pathname)).toContain("/api/articles");
  });

  it("shows favorite counts and edits of the listed articles as they happen", async () => {
    const services = servicesWith(
      server(() => [preview("old", { favoritesCount: 1 })]),
      { EventSource: FakeSource },
    );
    const { container } = renderWith(<HomePage />, services);
    await screen.findByText("Title of old");
    const source = await opened();
    act(() => source.emit("article.favorites", { slug: "old", favoritesCount: 6 }, "1"));
    await waitFor(() => expect(container.querySelector(".article-preview button")?.textContent).toBe("6"));
    const edited = { ...preview("old-2", { favoritesCount: 6 }), title: "A better title" };
    act(() => source.emit("article.updated", { article: edited, previousSlug: "old" }, "2"));
    await waitFor(() => expect(container.querySelector(".article-preview h1")?.textContent).toBe("A better title"));
    expect(container.querySelector(".article-preview a.preview-link")?.getAttribute("href")).toBe("/article/old-2");
  });

  it("merges events that arrive while the list is loading, whichever the answer already has", async () => {
    let answer: ((response: Response) => void) | undefined;
    const services = servicesWith(
      (request) => {
        const { pathname } = new URL(request.url);
        if (pathname === "/api/articles") return new Promise<Response>((resolve) => (answer = resolve));
        return json(200, { tags: [] });
      },
      { EventSource: FakeSource },
    );
    const { container } = renderWith(<HomePage />, services);
    const source = await opened();
    await waitFor(() => expect(answer).toBeDefined());
    act(() => source.emit("article.created", created("fresh"), "1"));
    act(() => source.emit("article.favorites", { slug: "old", favoritesCount: 6 }, "2"));
    // Read after "fresh" was published and before "old" got its favorites.
    const page = [preview("fresh"), preview("old", { favoritesCount: 1 })];
    await act(async () => answer!(json(200, { articles: page, articlesCount: 2 })));
    await screen.findByText("Title of fresh");
    const counts = () => [...container.querySelectorAll(".article-preview button")].map((b) => b.textContent?.trim());
    expect(counts()).toEqual(["0", "6"]);
    expect(bar()).toBeNull(); // "fresh" is on screen: not offered as new
  });

  it("on a tag, counts only articles with that tag", async () => {
    const services = servicesWith(
      server(() => [preview("old")]),
      { EventSource: FakeSource },
    );
    renderWith(
      <Routes>
        <Route path="/tag/:tag" element={<HomePage />} />
      </Routes>,
      services,
      "/tag/dragons",
    );
    await screen.findByText("Title of old");
    const source = await opened();
    act(() => source.emit("article.created", created("other", ["cats"]), "1"));
    expect(bar()).toBeNull();
    act(() => source.emit("article.created", created("mine", ["dragons", "cats"]), "2"));
    expect(bar()?.textContent).toBe("1 new article");
  });

  it("reloads the list when the server says events were lost", async () => {
    const services = servicesWith(
      server(() => [preview("old")]),
      { EventSource: FakeSource },
    );
    renderWith(<HomePage />, services);
    await screen.findByText("Title of old");
    const source = await opened();
    act(() => source.emit("article.created", created("fresh"), "1"));
    const lists = () => services.requests.filter((r) => new URL(r.url).pathname === "/api/articles").length;
    const before = lists();
    act(() => source.emit("reset", { reason: "too far behind" }, "50"));
    expect(bar()).toBeNull();
    await waitFor(() => expect(lists()).toBe(before + 1));
  });
});

describe("Your Feed, live", () => {
  it("follows the feed topic with a ticket got with the user's token", async () => {
    localStorage.setItem("jwtToken", "jwt-of-emma");
    const services = servicesWith(
      (request) => {
        const { pathname } = new URL(request.url);
        if (pathname === "/api/user") return json(200, { user: user("emma", "jwt-of-emma") });
        if (pathname === "/api/events/ticket") return json(201, { ticket: "tkt-1", expiresIn: 30 });
        if (pathname === "/api/articles/feed") return json(200, { articles: [preview("followed")], articlesCount: 1 });
        return json(200, { tags: [] });
      },
      { EventSource: FakeSource },
    );
    await services.session.load();
    renderWith(<HomePage />, services, "/?feed=following");
    await screen.findByText("Title of followed");
    const source = await opened();
    expect(source.topics).toBe("feed");
    expect(source.params.get("ticket")).toBe("tkt-1");
    const ticket = services.requests.find((r) => r.url.endsWith("/api/events/ticket"));
    expect(ticket?.method).toBe("POST");
    expect(ticket?.headers.get("Authorization")).toBe("Token jwt-of-emma");

    act(() => source.emit("article.created", created("newer"), "1"));
    expect(bar()?.textContent).toBe("1 new article");
  });
});

describe("the article page, live", () => {
  function render(
    articleFields: Partial<{ favoritesCount: number; title: string }> = {},
    comments: () => Response | Promise<Response> = () => json(200, { comments: [comment(1, "First!")] }),
  ) {
    const services = servicesWith(
      (request) => {
        const { pathname } = new URL(request.url);
        if (pathname === "/api/articles/hello") {
          return json(200, { article: { ...preview("hello", articleFields), body: "Hi *there*" } });
        }
        if (pathname === "/api/articles/hello/comments") return comments();
        return json(404, { errors: { path: ["not found"] } });
      },
      { EventSource: FakeSource },
    );
    const view = renderWith(
      <Routes>
        <Route path="/article/:slug" element={<ArticlePage />} />
      </Routes>,
      services,
      "/article/hello",
    );
    return { services, ...view };
  }

  const comments = () =>
    [...document.querySelectorAll(".card:not(.comment-form) .card-block")].map((el) => el.textContent);

  it("shows new and deleted comments and the favorites count", async () => {
    const { container } = render({ favoritesCount: 1 });
    await screen.findByText("First!");
    const source = await opened();
    expect(source.topics).toBe("article:hello");

    act(() => source.emit("comment.created", { slug: "hello", comment: comment(2, "Second") }, "1"));
    act(() => source.emit("comment.created", { slug: "hello", comment: comment(2, "Second") }, "1"));
    await waitFor(() => expect(comments()).toEqual(["Second", "First!"]));
    act(() => source.emit("comment.deleted", { slug: "hello", id: 1 }, "2"));
    await waitFor(() => expect(comments()).toEqual(["Second"]));

    act(() => source.emit("article.favorites", { slug: "hello", favoritesCount: 4 }, "3"));
    await waitFor(() =>
      expect(container.querySelector(".banner button.btn-outline-primary")?.textContent).toContain("(4)"),
    );
  });

  it("shows an edit, fetching the new body", async () => {
    const fields = { title: "Title of hello" };
    const { services } = render(fields);
    await screen.findByText("First!");
    const source = await opened();
    const before = services.requests.length;
    fields.title = "Edited";
    act(() =>
      source.emit("article.updated", { article: { ...preview("hello"), title: "Edited" }, previousSlug: null }, "1"),
    );
    await waitFor(() => expect(document.querySelector(".banner h1")?.textContent).toBe("Edited"));
    await waitFor(() =>
      expect(services.requests.slice(before).map((r) => new URL(r.url).pathname)).toContain("/api/articles/hello"),
    );
  });

  it("says when the article was deleted, and closes its comments", async () => {
    render();
    await screen.findByText("First!");
    const source = await opened();
    expect(screen.queryByText(/to add comments/)).not.toBeNull();
    act(() => source.emit("article.deleted", { slug: "hello" }, "1"));
    expect(screen.getByRole("status").textContent).toContain("This article has been deleted.");
    expect(document.querySelector(".banner h1")?.textContent).toBe("Title of hello"); // still readable
    expect(screen.queryByText(/to add comments/)).toBeNull();
    expect(document.querySelector(".banner button")).toBeNull(); // nothing left to favorite or follow
  });

  it("reloads the article and its comments after a reset, and closes the stream on leaving", async () => {
    const { services, unmount } = render();
    await screen.findByText("First!");
    const source = await opened();
    const before = services.requests.length;
    act(() => source.emit("reset", { reason: "too far behind" }, "9"));
    await waitFor(() =>
      expect(
        services.requests
          .slice(before)
          .map((r) => new URL(r.url).pathname)
          .sort(),
      ).toEqual(["/api/articles/hello", "/api/articles/hello/comments"]),
    );
    unmount();
    expect(source.closed).toBe(true);
  });

  /** A comments endpoint whose answers the test releases: each request waits for `release`. */
  function heldComments() {
    const waiting: ((response: Response) => void)[] = [];
    return {
      handler: () => new Promise<Response>((resolve) => waiting.push(resolve)),
      /** Resolves once `n` requests have arrived. */
      requested: (n: number) => waitFor(() => expect(waiting).toHaveLength(n)),
      release: (n: number, list: ReturnType<typeof comment>[]) =>
        act(async () => waiting[n - 1]!(json(200, { comments: list }))),
    };
  }

  // The race of issue 11: the list was read before a comment was posted, and its answer lands
  // after the comment's event. The answer is held until the event has been delivered.
  it("keeps a comment that arrives while the list is loading, from an answer read before it", async () => {
    const held = heldComments();
    render({}, held.handler);
    const source = await opened();
    await held.requested(1);
    act(() => source.emit("comment.created", { slug: "hello", comment: comment(2, "Second") }, "1"));
    await held.release(1, [comment(1, "First!")]);
    await waitFor(() => expect(comments()).toEqual(["Second", "First!"]));
  });

  it("applies a deletion that arrives while the list is loading, and adds nothing twice", async () => {
    const held = heldComments();
    render({}, held.handler);
    const source = await opened();
    await held.requested(1);
    act(() => source.emit("comment.created", { slug: "hello", comment: comment(3, "Third") }, "1"));
    act(() => source.emit("comment.deleted", { slug: "hello", id: 1 }, "2"));
    // This answer was read after the new comment and before the deletion.
    await held.release(1, [comment(3, "Third"), comment(2, "Second"), comment(1, "First!")]);
    await waitFor(() => expect(comments()).toEqual(["Third", "Second"]));
  });

  it("keeps a comment that arrives while the list is reloading after a reset", async () => {
    const held = heldComments();
    const { services } = render({}, held.handler);
    const source = await opened();
    await held.requested(1);
    await held.release(1, [comment(1, "First!")]);
    await screen.findByText("First!");
    act(() => source.emit("reset", { reason: "too far behind" }, "9"));
    await held.requested(2);
    act(() => source.emit("comment.created", { slug: "hello", comment: comment(2, "Second") }, "10"));
    await waitFor(() => expect(comments()).toEqual(["Second", "First!"])); // shown at once
    await held.release(2, [comment(1, "First!")]);
    await waitFor(() => expect(services.queryClient.isFetching()).toBe(0));
    expect(comments()).toEqual(["Second", "First!"]); // and not undone by the older answer
  });
});
