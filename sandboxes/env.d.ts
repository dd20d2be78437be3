import type { OriginConfig } from "./origins";

declare global {
  /** The origin configuration, injected at build time from playground.config.json. */
  const __PLAYGROUND_CONFIG__: OriginConfig;
}
