import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

function dom(markdown: string): HTMLElement {
  const root = document.createElement("div");
  root.innerHTML = renderMarkdown(markdown);
  return root;
}

describe("renderMarkdown", () => {
  it("renders Markdown", () => {
    const root = dom("# Title\n\nSome **bold** text and `code`.\n\n- a\n- b");
    expect(root.querySelector("h1")?.textContent).toBe("Title");
    expect(root.querySelector("strong")?.textContent).toBe("bold");
    expect(root.querySelector("code")?.textContent).toBe("code");
    expect(root.querySelectorAll("li")).toHaveLength(2);
  });

  it("drops scripts, event handlers and javascript: URLs", () => {
    const root = dom(
      [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(2)">',
        '<a href="javascript:alert(3)">a</a>',
        "[b](javascript:alert(4))",
        '<svg onload="alert(5)"></svg>',
        '<iframe src="https://example.com"></iframe>',
        '<p style="color:red" onclick="alert(6)">p</p>',
        '<a href="JaVaScRiPt:alert(7)">c</a>',
      ].join("\n\n"),
    );
    expect(root.querySelectorAll("script, iframe, svg")).toHaveLength(0);
    for (const el of root.querySelectorAll("*")) {
      for (const attr of el.attributes) {
        expect(attr.name.startsWith("on")).toBe(false);
        expect(attr.value.toLowerCase()).not.toContain("javascript:");
      }
    }
    expect(root.innerHTML).not.toContain("alert(");
  });

  it("keeps safe links, marked as not vouched for", () => {
    const link = dom("[site](https://example.com/)").querySelector("a");
    expect(link?.getAttribute("href")).toBe("https://example.com/");
    expect(link?.getAttribute("rel")).toBe("nofollow noopener noreferrer");
  });
});
