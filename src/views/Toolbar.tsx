import { BUILTIN_SCENARIOS } from "../scenario/builtin";
import { usePlayground } from "../store";

export function Toolbar({ onRun }: { onRun: () => void }) {
  const scenario = usePlayground((s) => s.scenario);
  const loadScenario = usePlayground((s) => s.loadScenario);
  const builtin = BUILTIN_SCENARIOS.find((b) => b.id === scenario.id);
  return (
    <header className="toolbar">
      <h1>postMessage Playground</h1>
      <label className="scenario-picker">
        <span>Scenario</span>
        <select
          value={scenario.id}
          onChange={(e) => {
            const next = BUILTIN_SCENARIOS.find((b) => b.id === e.target.value);
            if (next) loadScenario(next);
          }}
        >
          {BUILTIN_SCENARIOS.map((b) => (
            <option key={b.id} value={b.id}>
              {b.title}
            </option>
          ))}
          {!builtin && <option value={scenario.id}>{scenario.title}</option>}
        </select>
      </label>
      <button type="button" className="primary" onClick={onRun} title="Run again with fresh windows (Ctrl/Cmd+Enter)">
        Run <kbd>Ctrl+Enter</kbd>
      </button>
      <button
        type="button"
        onClick={() => {
          if (builtin) loadScenario(builtin);
          onRun();
        }}
        title="Restore the scenario's original scripts and run it with fresh windows"
      >
        Reset
      </button>
      <p className="summary">{scenario.summary}</p>
    </header>
  );
}
