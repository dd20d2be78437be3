/**
 * The Monaco editor for the active window's script. One model per window (URIs under this
 * instance's prefix), so switching windows keeps each one's undo history and cursor. Edits flow to
 * the store; store changes (a new scenario) flow back, with a guard against echo.
 */
import { useEffect, useRef } from "react";
import { usePlayground } from "../store";
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
  const scenario = usePlayground((s) => s.scenario);
  const active = usePlayground((s) => s.activeWindow);
  const setScript = usePlayground((s) => s.setScript);

  useEffect(() => {
    initializeMonaco();
    const el = host.current;
    if (!el) return;
    const editor = monaco.editor.create(el, {
      model: null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      scrollBeyondLastLine: false,
      tabSize: 2,
      ariaLabel: EMBED?.readOnly ? "Script editor (read-only)" : "Script editor",
      readOnly: EMBED?.readOnly ?? false,
      readOnlyMessage: { value: "This embedded example is read-only. Open it in the playground to edit it." },
      theme: window.matchMedia("(prefers-color-scheme: dark)").matches ? "vs-dark" : "vs",
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runNow.current());
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
      editor.dispose();
      for (const m of monaco.editor.getModels()) if (m.uri.toString().startsWith(MODEL_PREFIX)) m.dispose();
      editorRef.current = null;
    };
  }, [setScript]);

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

  // Follow the playground's theme (presentation mode is dark and high-contrast).
  const theme = usePlayground((s) => s.theme);
  const presenting = usePlayground((s) => s.presenting);
  useEffect(() => {
    const dark = presenting || theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    monaco.editor.setTheme(presenting ? "hc-black" : dark ? "vs-dark" : "vs");
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

  return <div ref={host} className="script-editor" data-testid="script-editor" />;
}
