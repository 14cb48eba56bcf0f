import { useState, type KeyboardEvent } from "react";

/** Tags are added with Enter (or a comma) and removed by their ✕. Text left in the box when
 * the form is submitted counts as a tag too (see `withPending`). */
export function TagInput({
  tags,
  onChange,
  pending,
  onPendingChange,
}: {
  tags: readonly string[];
  onChange: (tags: string[]) => void;
  pending: string;
  onPendingChange: (text: string) => void;
}) {
  const [composing, setComposing] = useState(false);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (composing) return;
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault(); // Enter adds a tag; it must not submit the form
      onChange(withPending(tags, pending));
      onPendingChange("");
    } else if (event.key === "Backspace" && pending === "" && tags.length > 0) {
      onChange(tags.slice(0, -1));
    }
  };
  return (
    <>
      <input
        className="form-control"
        type="text"
        name="tags"
        placeholder="Enter tags"
        autoComplete="off"
        value={pending}
        onChange={(e) => onPendingChange(e.target.value)}
        onKeyDown={onKeyDown}
        onCompositionStart={() => setComposing(true)}
        onCompositionEnd={() => setComposing(false)}
      />
      <div className="tag-list">
        {tags.map((tag) => (
          <span key={tag} className="tag-default tag-pill">
            <i
              className="ion-close-round"
              role="button"
              tabIndex={0}
              aria-label={`Remove tag ${tag}`}
              onClick={() => onChange(tags.filter((t) => t !== tag))}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  onChange(tags.filter((t) => t !== tag));
                }
              }}
            />
            {tag}
          </span>
        ))}
      </div>
    </>
  );
}

/** `tags` plus the trimmed `text`, if it is a new tag. */
export function withPending(tags: readonly string[], text: string): string[] {
  const tag = text.trim();
  return tag && !tags.includes(tag) ? [...tags, tag] : [...tags];
}
