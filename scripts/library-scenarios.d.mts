export interface LibraryEntry {
  package: string;
  files: string[];
  banner?: RegExp[];
}
export interface LibraryWindow {
  name: string;
  origin: string;
  kind: "iframe" | "popup";
  parent?: string;
  opener?: string;
  sandbox?: string;
  createdByScript?: true;
  html?: string;
  libraries: string[];
  script: string;
}
export interface LibraryScenarioEntry {
  id: string;
  title: string;
  summary: string;
  builtin?: true;
  windows: LibraryWindow[];
  console: Record<string, string[]>;
  portRows: { from: string; to: string }[];
}
export interface GeneratedScenarioFile {
  format: "postmessage-playground/scenario";
  version: 1;
  id: string;
  title: string;
  summary: string;
  windows: Omit<LibraryWindow, "libraries">[];
}
export declare const BUILTIN_DIR: string;
export declare const LIBRARIES: Record<string, LibraryEntry>;
export declare const SCENARIOS: LibraryScenarioEntry[];
export declare function libraryCode(key: string): string;
export declare function isBanner(libraries: string[], line: string): boolean;
export declare function inline(libraries: string[], script: string): string;
export declare function scenarioFile(entry: LibraryScenarioEntry): GeneratedScenarioFile;
export declare function builtinText(entry: LibraryScenarioEntry): string;
export declare function builtinPath(entry: LibraryScenarioEntry): string;
