import { useEffect, useRef, useState } from "react";
import { useFiles } from "../use-playground";

/**
 * Share: the link is shown, not only copied. A person may want to read it, paste it somewhere
 * the clipboard does not reach, or see that copying failed. The field is selected when it opens
 * (Ctrl+C copies it), Escape or Close puts focus back on Share.
 */
export function ShareButton() {
  const { shareLink } = useFiles();
  const [link, setLink] = useState<string | null>(null);
  const [copy, setCopy] = useState<"copied" | "failed" | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (link === null) return;
    field.current?.focus();
    field.current?.select();
  }, [link]);

  const copyLink = (text: string) => {
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) {
      setCopy("failed");
      return;
    }
    clipboard.writeText(text).then(
      () => setCopy("copied"),
      () => setCopy("failed"),
    );
  };
  const close = () => {
    setLink(null);
    setCopy(null);
    button.current?.focus();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={link !== null}
        aria-controls="share-panel"
        onClick={() => {
          const next = shareLink();
          setLink(next);
          setCopy(null);
          copyLink(next);
        }}
      >
        Share
      </button>
      {link !== null && (
        <div
          id="share-panel"
          className="share-panel"
          role="group"
          aria-label="Share link"
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              e.stopPropagation();
              close();
            }
          }}
        >
          <label htmlFor="share-link-field">Link to this scenario</label>
          <input id="share-link-field" ref={field} type="text" readOnly value={link} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
          <button
            type="button"
            onClick={() => {
              field.current?.select();
              copyLink(link);
            }}
          >
            Copy
          </button>
          <button type="button" onClick={close}>
            Close
          </button>
          <span className="share-status" role="status">
            {copy === "copied" ? "Link copied" : copy === "failed" ? "Could not copy: select the link and copy it yourself (Ctrl+C)" : ""}
          </span>
        </div>
      )}
    </>
  );
}
