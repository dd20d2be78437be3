/**
 * The playground on this page: its store and its host, made once and wired together here, the one
 * module that knows both. The store is told where to save and which sites exist; the host is told
 * the store, the page's window and the configured origins.
 */
import { EMBED } from "./host/embed";
import { createHost } from "./host";
import { noteRunning } from "./host/safe-mode";
import { ORIGINS } from "./host/urls";
import { createPlaygroundStore, STORAGE_KEY } from "./store";

export const usePlayground = createPlaygroundStore({
  // An embedded playground keeps its own drafts: a tutorial must not touch the reader's work.
  storageKey: EMBED ? `${STORAGE_KEY}:embed` : STORAGE_KEY,
  sites: Object.keys(ORIGINS.sandboxes),
});
export const playgroundStore = usePlayground;

export const host = createHost({
  store: usePlayground,
  win: window,
  config: { origins: ORIGINS, runOnClick: EMBED?.runOnClick === true, onRunStart: noteRunning },
});
