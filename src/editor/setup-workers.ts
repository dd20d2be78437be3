/**
 * Monaco's web workers, wired once for Vite. Only the two workers the playground uses are bundled:
 * the base editor worker and the TypeScript/JavaScript language worker.
 */
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import TsWorker from "monaco-editor/language/typescript/ts.worker?worker";

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment ??= {
  getWorker(_workerId: string, label: string): Worker {
    return label === "typescript" || label === "javascript" ? new TsWorker() : new EditorWorker();
  },
};
