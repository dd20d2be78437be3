/** Message data as an expandable tree (native details/summary: keyboard and screen reader ready). */
import type { DataNode } from "../timeline/records";

export function DataTree({ node, label }: { node: DataNode; label?: string }) {
  const key = label !== undefined ? <span className="tree-key">{label}: </span> : null;
  if (node.t === "leaf") {
    return (
      <div className="tree-leaf">
        {key}
        <code>{node.text}</code>
      </div>
    );
  }
  if (node.t === "ref") {
    return (
      <div className="tree-leaf">
        {key}
        <code className="tree-ref">[reference to #{node.id}{" "}— shared or circular]</code>
      </div>
    );
  }
  const size = node.size !== undefined ? `(${node.size})` : `{${node.entries.length + node.more}}`;
  return (
    <details className="tree-node" open={label === undefined}>
      <summary>
        {key}
        <code>
          {node.tag}
          {size}
        </code>{" "}
        <span className="sub">#{node.id}</span>
      </summary>
      <div className="tree-children">
        {node.entries.map(([k, child], i) => (
          <DataTree key={`${k}:${i}`} node={child} label={k} />
        ))}
        {node.more > 0 && <div className="sub">… {node.more} more not recorded</div>}
      </div>
    </details>
  );
}

const NOT_JSON = Symbol("not JSON");

/** The data as plain JSON values when the recorded tree is plain JSON data; null otherwise. */
export function treeToJson(node: DataNode): unknown {
  const walk = (n: DataNode): unknown => {
    if (n.t === "ref") return NOT_JSON;
    if (n.t === "leaf") {
      try {
        return JSON.parse(n.text) as unknown;
      } catch {
        return NOT_JSON;
      }
    }
    if (n.more > 0 || (n.tag !== "Object" && n.tag !== "Array")) return NOT_JSON;
    const values = n.entries.map(([k, c]) => [k, walk(c)] as const);
    if (values.some(([, v]) => v === NOT_JSON)) return NOT_JSON;
    return n.tag === "Array" ? values.map(([, v]) => v) : Object.fromEntries(values);
  };
  const json = walk(node);
  return json === NOT_JSON ? null : json;
}
