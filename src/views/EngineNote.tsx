/**
 * Beside a message whose case the engines decide differently: what each engine does, measured
 * (src/engines/differences.ts, the table in docs/engines.md), and which one ran this timeline.
 */
import { engineDifference, type DifferenceId } from "../engines/differences";
import { ENGINE_NAMES, ENGINES } from "../engines/engine";
import { HOST_ENGINE } from "../engines/host-engine";

export function EngineNote({ id }: { id: DifferenceId }) {
  const d = engineDifference(id);
  return (
    <div className="engine-note" role="note" aria-label="Engines differ here">
      <p>
        <strong>Engines differ here.</strong> {d.when} This timeline ran in {ENGINE_NAMES[HOST_ENGINE]}.
      </p>
      <ul>
        {ENGINES.map((engine) => (
          <li key={engine} data-engine={engine}>
            {ENGINE_NAMES[engine]} {d.outcome[engine]}.
          </li>
        ))}
        <li data-engine="standard">The standard: {d.standard}.</li>
      </ul>
    </div>
  );
}
