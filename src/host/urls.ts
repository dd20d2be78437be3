/** The sandbox origins this page was configured with, resolved against the address it was opened at. */
import { resolveOrigins, type ResolvedOrigins } from "../../sandboxes/origins";

export const ORIGINS: ResolvedOrigins = resolveOrigins(__PLAYGROUND_CONFIG__, window.location);

export function windowOrigin(site: string): string {
  const origin = ORIGINS.sandboxes[site];
  if (!origin) throw new Error(`Unknown sandbox origin "${site}" (configured: ${Object.keys(ORIGINS.sandboxes).join(", ")})`);
  return origin;
}
