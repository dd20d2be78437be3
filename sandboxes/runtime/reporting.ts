import type { RuntimeReport, SourcePosition } from "../protocol";

/** What every part of the runtime is given to tell the host what happened in its window. */
export interface Reporting {
  win: Window;
  /**
   * `self`: the report is of a message of this window to itself (a send to itself, its receipt,
   * or that receipt's listener results), so that a batch of nothing else can say so
   * (ReportBatch.self).
   */
  report: (r: RuntimeReport, self?: boolean) => void;
  /** Shared-clock time (timeOrigin + now), comparable across windows. */
  now: () => number;
  nextSeq: () => number;
}

/** For parts that say where in the user's script something happened. */
export interface Positioned {
  /** Finds the position in the user's script in a stack trace. */
  positionIn: (stack: string | undefined) => SourcePosition | undefined;
}
