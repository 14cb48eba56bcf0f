import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { getArticlesQueryKey } from "conduit-sdk/react-query";
import { feedQuery } from "../api/cache";
import { json, preview, renderWith, servicesWith, user } from "../test/fakeApi";
import { ArticleList } from "./ArticleList";
import { ArticlePreview } from "./ArticlePreview";
import { ErrorList } from "./ErrorList";
import { Pagination } from "./Pagination";
import { TagInput, withPending } from "./TagInput";

describe("ArticlePreview", () => {
  it("renders the contract's markup, with the default avatar", () => {
    const services = servicesWith(() => json(500, null));
    const { container } = renderWith(<ArticlePreview article={preview("hello")} />, services);
    const card = container.querySelector("div.article-preview")!;
    expect(card.querySelector("div.article-meta img")?.getAttribute("src")).toBe("/default-avatar.svg");
    expect(card.querySelector("div.article-meta a.author")?.textContent).toBe("jake");
    expect(card.querySelector("a.preview-link")?.getAttribute("href")).toBe("/article/hello");
    expect(card.querySelector("a.preview-link h1")?.textContent).toBe("Title of hello");
    expect(card.querySelector("a.preview-link p")?.textContent).toBe("About hello");
    expect(card.querySelector("a.preview-link")?.textContent).toContain("Read more...");
    const tags = [...card.querySelectorAll("ul.tag-list > li.tag-default.tag-pill")].map((li) => li.textContent);
    expect(tags).toEqual(["one", "two"]);
    expect(card.querySelector("button.btn-outline-primary")?.textContent).toContain("0");
    expect(card.querySelector(".date")?.textContent).toBe("January 20, 2026");
  });
});

describe("ErrorList", () => {
  it("shows one li per message as '<field> <message>'", () => {
    const services = servicesWith(() => json(500, null));
    const error = new ApiError(422, { email: ["is invalid"], password: ["is too short"] });
    const { container } = renderWith(<ErrorList error={error} />, services);
    const lines = [...container.querySelectorAll("ul.error-messages > li")].map((li) => li.textContent);
    expect(lines).toEqual(["email is invalid", "password is too short"]);
  });

  it("shows nothing without an error", () => {
    const { container } = renderWith(
      <ErrorList error={null} />,
      servicesWith(() => json(500, null)),
    );
    expect(container.querySelector(".error-messages")).toBeNull();
  });
});

describe("Pagination", () => {
  it("links every page, keeps other parameters, and marks the current one active", () => {
    const { container } = renderWith(
      <Pagination page={2} pages={3} />,
      servicesWith(() => json(500, null)),
      "/?feed=following&page=2",
    );
    const items = [...container.querySelectorAll("ul.pagination > li.page-item")];
    expect(items.map((li) => li.textContent)).toEqual(["1", "2", "3"]);
    expect(items.map((li) => li.classList.contains("active"))).toEqual([false, true, false]);
    expect(items.map((li) => li.querySelector("a.page-link")?.getAttribute("href"))).toEqual([
      "/?feed=following",
      "/?feed=following&page=2",
      "/?feed=following&page=3",
    ]);
  });

  it("is absent for a single page", () => {
    const { container } = renderWith(
      <Pagination page={1} pages={1} />,
      servicesWith(() => json(500, null)),
    );
    expect(container.querySelector(".pagination")).toBeNull();
  });
});

describe("TagInput", () => {
  function Harness() {
    const [tags, setTags] = useState<string[]>(["first"]);
    const [pending, setPending] = useState("");
    return <TagInput tags={tags} onChange={setTags} pending={pending} onPendingChange={setPending} />;
  }

  it("adds a tag on Enter and removes one by its ✕", () => {
    const { container } = renderWith(
      <Harness />,
      servicesWith(() => json(500, null)),
    );
    const input = screen.getByPlaceholderText("Enter tags");
    fireEvent.change(input, { target: { value: "  second " } });
    const enter = fireEvent.keyDown(input, { key: "Enter" });
    expect(enter).toBe(false); // default prevented: Enter does not submit the form
    fireEvent.change(input, { target: { value: "first" } });
    fireEvent.keyDown(input, { key: "Enter" }); // a duplicate is not added twice
    const pills = () => [...container.querySelectorAll(".tag-list .tag-pill")].map((el) => el.textContent);
    expect(pills()).toEqual(["first", "second"]);
    expect((input as HTMLInputElement).value).toBe("");
    fireEvent.click(screen.getByRole("button", { name: "Remove tag first" }));
    expect(pills()).toEqual(["second"]);
  });

  it("counts text left in the box as a tag", () => {
    expect(withPending(["a"], " b ")).toEqual(["a", "b"]);
    expect(withPending(["a"], "a")).toEqual(["a"]);
    expect(withPending(["a"], "  ")).toEqual(["a"]);
  });
});

describe("favoriting from a list", () => {
  const page = { articles: [preview("hello", { favoritesCount: 3 })], articlesCount: 1 };

  it("shows the new state at once, then the server's", async () => {
    localStorage.setItem("jwtToken", "jwt-of-emma");
    let answer: (response: Response) => void = () => {};
    const services = servicesWith((request) => {
      if (request.url.endsWith("/api/user")) return json(200, { user: user("emma", "jwt-of-emma") });
      if (request.method === "POST") return new Promise<Response>((resolve) => (answer = resolve));
      return json(200, page);
    });
    await services.session.load();
    const { container } = renderWith(<ArticleList feed={{ kind: "global" }} page={1} />, services);
    const button = await waitFor(() => {
      const found = container.querySelector<HTMLButtonElement>(".article-preview button");
      if (!found) throw new Error("not rendered yet");
      return found;
    });
    expect(button.className).toContain("btn-outline-primary");

    fireEvent.click(button);
    await waitFor(() => expect(button.className).toContain("btn-primary"));
    expect(button.className).not.toContain("btn-outline-primary");
    expect(button.textContent?.trim()).toBe("4"); // before the server answered
    await act(async () =>
      answer(json(200, { article: { ...preview("hello"), body: "", favorited: true, favoritesCount: 9 } })),
    );
    await waitFor(() => expect(button.textContent?.trim()).toBe("9"));
    const cached = services.queryClient.getQueryData<typeof page>(
      getArticlesQueryKey({ client: services.api, query: feedQuery({ kind: "global" }, 1) }),
    );
    expect(cached?.articles[0]).toMatchObject({ favorited: true, favoritesCount: 9 });
  });

  it("rolls back when the API refuses", async () => {
    localStorage.setItem("jwtToken", "jwt-of-emma");
    const services = servicesWith((request) => {
      if (request.url.endsWith("/api/user")) return json(200, { user: user("emma", "jwt-of-emma") });
      if (request.method === "POST") return json(404, { errors: { article: ["not found"] } });
      return json(200, page);
    });
    await services.session.load();
    const { container } = renderWith(<ArticleList feed={{ kind: "global" }} page={1} />, services);
    await screen.findByText("Title of hello");
    const button = container.querySelector<HTMLButtonElement>(".article-preview button")!;
    fireEvent.click(button);
    await waitFor(() => expect(services.requests.some((r) => r.method === "POST")).toBe(true));
    await waitFor(() => expect(button.className).toContain("btn-outline-primary"));
    expect(button.textContent?.trim()).toBe("3");
  });

  it("shows the empty message for an empty list", async () => {
    const services = servicesWith(() => json(200, { articles: [], articlesCount: 0 }));
    renderWith(<ArticleList feed={{ kind: "global", tag: "none" }} page={1} />, services);
    expect(await screen.findByText("No articles are here... yet.")).toHaveProperty("className", "empty-feed-message");
    expect(services.requests[0]?.url).toBe("http://conduit.test/api/articles?tag=none&limit=10&offset=0");
  });

  // The query string the reference clients send: the filter first, then the page.
  it.each([
    [{ kind: "global", author: "jake" }, 1, "/api/articles?author=jake&limit=10&offset=0"],
    [{ kind: "global", favorited: "jake" }, 2, "/api/articles?favorited=jake&limit=10&offset=10"],
    [{ kind: "global", tag: "dragons" }, 3, "/api/articles?tag=dragons&limit=10&offset=20"],
    [{ kind: "global" }, 1, "/api/articles?limit=10&offset=0"],
    [{ kind: "following" }, 2, "/api/articles/feed?limit=10&offset=10"],
  ] as const)("asks for %o page %i as %s", async (feed, page, url) => {
    const services = servicesWith(() => json(200, { articles: [], articlesCount: 0 }));
    renderWith(<ArticleList feed={feed} page={page} />, services);
    await screen.findByText(/No articles are here/);
    expect(services.requests.map((r) => r.url)).toEqual([`http://conduit.test${url}`]);
  });
});
