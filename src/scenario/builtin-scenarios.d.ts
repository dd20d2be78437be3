/** Served by scripts/builtin-scenarios.ts: the built-in scenario files, checked when the app was built. */
declare module "virtual:builtin-scenarios" {
  const builtins: readonly import("./builtin-files").BuiltinScenario[];
  export default builtins;
}
