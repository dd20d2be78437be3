/**
 * Every goal of the bench, in one table. A figure's row names its goal by key; the report says
 * whether it was met. Goals are reported, never asserted: the figures depend on the machine and
 * on what else it is doing (docs/performance.md).
 */
export const GOALS = {
  /** The first screen's download, before the editor loads. */
  initialJs: { text: "< 200 kB", met: (bytes) => bytes < 200_000 },
  /** A fresh page on the default scenario, until the first message is drawn. */
  load: { text: "< 500 ms", met: (ms) => ms < 500 },
  /** Ctrl+Enter in an open page, until the new run's first message is drawn. */
  rerun: { text: "< 200 ms", met: (ms) => ms < 200 },
  /** What recording costs the windows: their postMessage rate with the runtime over without. */
  overhead: { text: "≥ 0.7", met: (ratio) => ratio >= 0.7 },
  /** What recording costs per message in a flood, at every size: the plain page's time over the playground's. */
  floodRatio: { text: "≥ 0.8", met: (ratio) => ratio >= 0.8 },
  /** Whether the host page stays responsive while a flood is drawn. */
  floodLongestTask: { text: "< 50 ms", met: (ms) => ms < 50 },
  /** The timeline has drawn the flood soon after the flood's last message. */
  floodCatchUp: { text: "< 1000 ms", met: (ms) => ms < 1000 },
  /** The host's heap stays bounded by the timeline's event cap, whatever the flood's size. */
  floodHeap: { text: "< 150 MB", met: (mb) => mb < 150 },
};
