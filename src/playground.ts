/**
 * A playground: its store, its host and its file actions, made together here, the one module that
 * knows them all. The page makes one (main.tsx) and hands it to the views through
 * PlaygroundProvider (use-playground.tsx), as GraphiQL v5 does: two providers are two playgrounds,
 * which share no run, no store and no saved work.
 */
import { createFiles, type Files } from "./host/files";
import { createHost, type Host, type HostConfig } from "./host";
import { createPlaygroundStore, type PlaygroundStore, type SavedWorkChecks } from "./store";

export interface Playground {
  store: PlaygroundStore;
  host: Host;
  files: Files;
}

export interface PlaygroundOptions {
  /** The page's window: the host's listener, timers and origin, and the files' location. */
  win: Window;
  /** Where the person's work is saved (localStorage key). */
  storageKey: string;
  /** What checks the work saved under `storageKey` (store/index.ts, loadSavedWorkChecks). */
  savedWorkChecks: SavedWorkChecks;
  config: HostConfig;
}

export function createPlayground({ win, storageKey, savedWorkChecks, config }: PlaygroundOptions): Playground {
  const store = createPlaygroundStore({ storageKey, sites: Object.keys(config.origins.sandboxes), checks: savedWorkChecks });
  const host = createHost({ store, win, config });
  const files = createFiles({ store, host, win, sites: Object.keys(config.origins.sandboxes) });
  return { store, host, files };
}
