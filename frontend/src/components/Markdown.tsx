import { useMemo } from "react";
import { renderMarkdown } from "../lib/markdown";

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // Sanitized by renderMarkdown (DOMPurify) before it gets here.
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
