/**
 * Every goal of the bench, in one table. A figure's row names its goal by key; the report says
 * whether it was met. Goals are reported, never asserted: the figures depend on the machine and
 * on what else it is doing (docs/performance.md).
 */
export const GOALS = {
  /** The first screen's download, before the editor loads. */
  initialJs: { text: "< 200 kB", met: (bytes) => bytes < 200_000 },
  /** A fresh page on the default scenario, until the first message is drawn. */
  load: { text: "< 800 ms", met: (ms) => ms < 800 },
  /** Ctrl+Enter in an open page, until the new run's first message is drawn. */
  rerun: { text: "< 300 ms", met: (ms) => ms < 300 },
  /** What recording costs the windows: their postMessage rate with the runtime over without. */
  overhead: { text: "≥ 0.7", met: (ratio) => ratio >= 0.7 },
  /** Whether the host page stays responsive while a 100,000-message flood is drawn. */
  floodLongestTask: { text: "< 100 ms", met: (ms) => ms < 100 },
};
