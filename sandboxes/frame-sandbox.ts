/**
 * The sandbox attribute a scenario window's frame gets unless its scenario says otherwise; the
 * playground (src/scenario) and the plain page (sandboxes/plain) both make frames with it.
 *
 * - Frames keep their real origin: allow-same-origin on a *foreign* origin grants nothing of the
 *   host's. They may not navigate the playground away (no allow-top-navigation).
 * - No allow-modals: the browser itself then ignores alert/confirm/prompt in the frame and in every
 *   realm nested in it, whatever document it holds and whoever calls its alert, answering as the
 *   runtime's own guard does (confirm false, prompt null). A runtime patch alone can be stepped
 *   around through another realm's functions, or by a document that runs before the patch; the
 *   browser's flag cannot.
 * - allow-popups-to-escape-sandbox: popups are ordinary windows, as in the pages people are learning
 *   about. With sandboxed popups, Chromium kept a storm's popups open when the rerun closed them
 *   (e2e/hostile-realms.spec.ts); in a popup the runtime's guard records dialogs instead, and the
 *   sandbox page's own CSP sandbox, without allow-modals (src/host/security-headers.ts), holds for
 *   a page its script makes that runs before the guard (sandboxes/runtime/escapes.ts).
 */
export const DEFAULT_FRAME_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-forms";
