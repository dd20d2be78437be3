/** Served by scripts/builtin-scenarios.ts: the built-in scenario files, checked when the app was built. */
declare module "virtual:builtin-scenarios" {
  const builtins: readonly import("./builtin-files").BuiltinScenario[];
  export default builtins;
  /** Each built-in window's script as its first run prepares it: [script, with the loop guard, prepared]. */
  export const PREPARED_BUILTINS: readonly (readonly [string, boolean, import("../run/prepare").PreparedScript])[];
}

/** Served by scripts/builtin-scenarios.ts: the built-in the playground opens on, alone (a first visit's early run loads only this). */
declare module "virtual:default-scenario" {
  const scenario: import("./builtin-files").BuiltinScenario;
  export default scenario;
  /** Its windows' scripts as its first run prepares them: [script, with the loop guard, prepared]. */
  export const PREPARED_DEFAULT: readonly (readonly [string, boolean, import("../run/prepare").PreparedScript])[];
}
