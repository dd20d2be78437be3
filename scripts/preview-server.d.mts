import type { TestConfig } from "@playwright/test";

type WebServer = Extract<NonNullable<TestConfig["webServer"]>, { command: string }>;
export function builtPreview(port: number): WebServer;
