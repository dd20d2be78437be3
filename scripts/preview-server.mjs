/**
 * The server the browser suites test against: the app built as a deploy would build it, served by
 * `vite preview` on `port`. A Playwright `webServer` entry, shared by playwright.config.ts
 * (Chromium) and playwright.engines.config.ts (Firefox and WebKit).
 */
export function builtPreview(port) {
  return {
    command: `node node_modules/vite/bin/vite.js build --logLevel warn && node node_modules/vite/bin/vite.js preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
  };
}
