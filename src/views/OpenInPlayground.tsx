import { playgroundLink } from "../host/files";
import { usePlayground } from "../use-playground";

/**
 * In an embed: the full playground with the scenario as the reader sees it (edits included), in a
 * new tab. A real link, so that it can also be copied, opened with a middle click or bookmarked.
 */
export function OpenInPlayground() {
  const scenario = usePlayground((s) => s.scenario);
  return (
    <a className="open-in-playground" href={playgroundLink(scenario, window.location.href)} target="_blank" rel="noopener">
      Open in the playground
    </a>
  );
}
