import { Fragment } from "react";

/**
 * Text with origins in it (an origin, a quoted one, a sentence naming some) that may wrap at its
 * spaces, after "//", before a "." that starts a name and before a port, so that a narrow column
 * shows `http://` `alice` `.localhost` `:4610` and never splits a name or a port in two.
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=\/\/)|(?=\.\w)|(?=:\d)/);
  return (
    <span className="breakable">
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </span>
  );
}
