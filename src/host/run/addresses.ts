/** Where each scenario window lives: its origin and the URL that loads it, for one run. */
import { PARAM_RUN, PARAM_UP, PARAM_WINDOW } from "../../../sandboxes/protocol";
import { isOpaque, type Scenario, type ScenarioWindow } from "../../scenario/types";

/** A window's origin as the playground names it: an opaque one says which site serves its page. */
export function originLabel(sites: Readonly<Record<string, string>>, w: ScenarioWindow): string {
  const served = sites[w.origin] ?? "";
  return isOpaque(w) ? `null (opaque; served from ${served})` : served;
}

export function scenarioAddresses(sites: Readonly<Record<string, string>>, scenario: Scenario, runId: string): { origins: Record<string, string>; urls: Record<string, string> } {
  const origins: Record<string, string> = {};
  const urls: Record<string, string> = {};
  for (const w of scenario.windows) {
    const origin = sites[w.origin];
    if (!origin) continue;
    origins[w.name] = origin;
    const url = new URL("/", origin);
    url.searchParams.set(PARAM_WINDOW, w.name);
    url.searchParams.set(PARAM_RUN, runId);
    url.searchParams.set(PARAM_UP, wayUp(scenario, w.name));
    urls[w.name] = url.href;
  }
  return { origins, urls };
}

/** How a window reaches the host page, from the scenario's structure: "p" parent, "o" opener. */
export function wayUp(scenario: Scenario, name: string): string {
  let way = "";
  let cur = scenario.windows.find((w) => w.name === name);
  for (let hops = 0; cur && hops < 16; hops++) {
    if (cur.kind === "iframe") {
      way += "p";
      if (cur.parent === undefined) return way;
      const parent: string = cur.parent;
      cur = scenario.windows.find((w) => w.name === parent);
    } else {
      way += "o";
      const opener = cur.opener;
      cur = scenario.windows.find((w) => w.name === opener);
    }
  }
  return way;
}
