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
 * - No allow-popups-to-escape-sandbox: popups keep the frame's flags, so the same holds in a popup
 *   and in every page it ever shows. Otherwise a page the popup's script makes (a blob: URL of its
 *   own origin) would run before the runtime can guard it, free to show real dialogs.
 */
export const DEFAULT_FRAME_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-forms";
