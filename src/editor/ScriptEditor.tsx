/**
 * The Monaco editor for the active window's script. One model per window (URIs under this
 * instance's prefix), so switching windows keeps each one's undo history and cursor. Edits flow to
 * the store; store changes (a new scenario) flow back, with a guard against echo.
 */
import { useEffect, useRef } from "react";
import { usePlayground, usePlaygroundStore } from "../use-playground";
import { EMBED } from "../host/embed";
import { teachingHints } from "./lint-rules";
import { initializeMonaco, monaco } from "./monaco";

const MODEL_PREFIX = "file:///windows/";
const HINTS_OWNER = "postmessage-playground";

/** The teaching hints (lint-rules.ts) as warnings in the editor, updated as the person types. */
function showHints(model: monaco.editor.ITextModel): void {
  const markers = teachingHints(model.getValue()).map((h) => {
    const start = model.getPositionAt(h.start);
    const end = model.getPositionAt(h.end);
    return {
      severity: monaco.MarkerSeverity.Warning,
      message: h.message,
      startLineNumber: start.lineNumber,
      startColumn: start.column,
      endLineNumber: end.lineNumber,
      endColumn: end.column,
    };
  });
  monaco.editor.setModelMarkers(model, HINTS_OWNER, markers);
}

/**
 * Themes of the editor's own: Monaco's comments in vs-dark are below 4.5:1 against its background,
 * and a projector washes out more. The rest is Monaco's (every other token passes).
 */
function defineThemes(): void {
  monaco.editor.defineTheme("playground-light", { base: "vs", inherit: true, rules: [{ token: "comment", foreground: "2e6b2e" }], colors: {} });
  monaco.editor.defineTheme("playground-dark", { base: "vs-dark", inherit: true, rules: [{ token: "comment", foreground: "8dc26f" }], colors: {} });
}

function editorTheme(theme: "system" | "light" | "dark", presenting: boolean): string {
  const dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  if (presenting) return dark ? "hc-black" : "hc-light";
  return dark ? "playground-dark" : "playground-light";
}

/** Every element Tab can reach, in document order. */
function tabbables(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, iframe, [tabindex]:not([tabindex="-1"])')].filter(
    (el) => !el.matches(":disabled") && el.getClientRects().length > 0 && el.tabIndex >= 0,
  );
}

/** Moves focus to the next (or previous) element Tab would reach outside the editor. */
function leaveEditor(host: HTMLElement, backwards: boolean): void {
  const all = tabbables();
  const inside = all.filter((el) => host.contains(el));
  const first = inside[0];
  const last = inside.at(-1);
  if (!first || !last) return;
  const next = backwards ? all[all.indexOf(first) - 1] : all[all.indexOf(last) + 1];
  next?.focus();
}

interface Props {
  onRunNow: () => void;
}

export default function ScriptEditor({ onRunNow }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const applyingStore = useRef(false);
  const runNow = useRef(onRunNow);
  useEffect(() => {
    runNow.current = onRunNow;
  }, [onRunNow]);
  const store = usePlaygroundStore();
  const scenario = usePlayground((s) => s.scenario);
  const active = usePlayground((s) => s.activeWindow);
  const setScript = usePlayground((s) => s.setScript);

  useEffect(() => {
    initializeMonaco();
    defineThemes();
    const el = host.current;
    if (!el) return;
    const editor = monaco.editor.create(el, {
      model: null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: store.getState().presenting ? 18 : 14,
      scrollBeyondLastLine: false,
      tabSize: 2,
      // Long lines wrap: the code to fix is often at the end of one, and the editor is half a screen.
      wordWrap: "on",
      ariaLabel: EMBED?.readOnly ? "Script editor (read-only)" : "Script editor",
      readOnly: EMBED?.readOnly ?? false,
      readOnlyMessage: { value: "This embedded example is read-only. Open it in the playground to edit it." },
      theme: editorTheme(store.getState().theme, store.getState().presenting),
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runNow.current());
    // Tab indents in the editor, so Escape is the way out: after an Escape that closed nothing of
    // Monaco's own (suggestions, hints, find), the next Tab or Shift+Tab leaves the editor.
    // Listened for on the editor's element, before Monaco's own handlers see the key.
    let leaving = false;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        leaving = !el.querySelector(".suggest-widget.visible, .parameter-hints-widget.visible, .find-widget.visible");
        return;
      }
      if (leaving && e.key === "Tab" && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        e.stopPropagation();
        leaveEditor(el, e.shiftKey);
      }
      if (e.key !== "Shift") leaving = false;
    };
    el.addEventListener("keydown", onKey, true);
    const blur = editor.onDidBlurEditorText(() => (leaving = false));
    const sub = editor.onDidChangeModelContent(() => {
      const model = editor.getModel();
      if (!model) return;
      showHints(model);
      if (applyingStore.current) return;
      setScript(model.uri.path.replace("/windows/", "").replace(/\.js$/, ""), model.getValue());
    });
    const modelSub = editor.onDidChangeModel(() => {
      const model = editor.getModel();
      if (model) showHints(model);
    });
    editorRef.current = editor;
    return () => {
      sub.dispose();
      modelSub.dispose();
      el.removeEventListener("keydown", onKey, true);
      blur.dispose();
      editor.dispose();
      for (const m of monaco.editor.getModels()) if (m.uri.toString().startsWith(MODEL_PREFIX)) m.dispose();
      editorRef.current = null;
    };
  }, [setScript, store]);

  // Keep one model per window in step with the store, and show the active one.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const wanted = new Set(scenario.windows.map((w) => `${MODEL_PREFIX}${w.name}.js`));
    for (const m of monaco.editor.getModels()) {
      if (m.uri.toString().startsWith(MODEL_PREFIX) && !wanted.has(m.uri.toString())) m.dispose();
    }
    for (const w of scenario.windows) {
      const uri = monaco.Uri.parse(`${MODEL_PREFIX}${w.name}.js`);
      const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(w.script, "javascript", uri);
      if (model.getValue() !== w.script) {
        applyingStore.current = true;
        model.setValue(w.script);
        applyingStore.current = false;
      }
      if (w.name === active && editor.getModel() !== model) editor.setModel(model);
    }
  }, [scenario, active]);

  // Follow the playground's theme, and the system's while it is "system" (presentation mode uses
  // Monaco's high-contrast light or dark).
  const theme = usePlayground((s) => s.theme);
  const presenting = usePlayground((s) => s.presenting);
  useEffect(() => {
    const apply = () => monaco.editor.setTheme(editorTheme(theme, presenting));
    apply();
    // Large enough to read from the back of a room.
    editorRef.current?.updateOptions({ fontSize: presenting ? 18 : 14 });
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    query.addEventListener("change", apply);
    return () => query.removeEventListener("change", apply);
  }, [theme, presenting]);

  // The inspector's "show in script": after the model switch above, put the cursor on the line.
  const reveal = usePlayground((s) => s.reveal);
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal || reveal.window !== active) return;
    editor.revealLineInCenter(reveal.line);
    editor.setPosition({ lineNumber: reveal.line, column: reveal.column });
    editor.focus();
  }, [reveal, active]);

  return (
    <>
      <div ref={host} className="script-editor" data-testid="script-editor" />
      <p className="editor-hint" id="editor-keys">
        <kbd>Ctrl+Enter</kbd> runs · <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor · <kbd>Ctrl+M</kbd>: Tab moves focus instead of indenting
      </p>
    </>
  );
}
