/**
 * The engine of the browser this page runs in: every window of a scenario runs in it, so it is
 * the engine that decided every row of the timeline. Read once; Chromium where there is no
 * browser (unit tests in Node).
 */
import { detectEngine, type Engine } from "./engine";

export const HOST_ENGINE: Engine = typeof navigator === "undefined" ? "chromium" : detectEngine(navigator.userAgent);
