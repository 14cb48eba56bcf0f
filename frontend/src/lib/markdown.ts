// Article bodies: Markdown rendered on the client, then sanitized, so that no script, no event
// handler attribute and no javascript: URL from user content ever reaches the DOM.
import DOMPurify from "dompurify";
import { Marked } from "marked";

const markdown = new Marked({ gfm: true, async: false });

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  // Links in user content must not hand the page to the target (window.opener) or vouch for it.
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("rel", "nofollow noopener noreferrer");
  }
});

export function renderMarkdown(source: string): string {
  const html = markdown.parse(source, { async: false });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ["style", "form"] });
}
