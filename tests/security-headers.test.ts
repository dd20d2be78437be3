import { describe, expect, it } from "vitest";
import { isEmbedRequest, SANDBOX_PAGE_SANDBOX, securityHeaders, securityHeaderSets } from "../src/host/security-headers";
import { SANDBOX_KEYWORDS } from "../src/scenario/sandbox-flags";

/** The sandbox page's policy, directive by directive. */
const sandboxPolicy = (csp: string | undefined) => new Map((csp ?? "").split("; ").map((d) => [d.slice(0, d.indexOf(" ")), d.slice(d.indexOf(" ") + 1)]));

const config = { host: "https://play.example.com", sandboxes: { alice: "https://alice.sandbox.example", bob: "{scheme}://bob.localhost:{port}" } };
const hostPolicy = "default-src 'self'";

describe("securityHeaders", () => {
  it("lets only the playground frame its host page, and anyone frame an embed by default", () => {
    expect(securityHeaders(config, "host", { hostPolicy })["Content-Security-Policy"]).toBe("default-src 'self'; frame-ancestors 'self'");
    expect(securityHeaders(config, "embed", { hostPolicy })["Content-Security-Policy"]).toBe("default-src 'self'; frame-ancestors *");
    expect(securityHeaders(config, "embed", { hostPolicy })["X-Frame-Options"]).toBeUndefined();
  });

  it("lets the host, the sandboxes and the embedding sites frame a sandbox page", () => {
    const embedAncestors = ["https://tutorials.example"];
    expect(securityHeaders(config, "embed", { hostPolicy, embedAncestors })["Content-Security-Policy"]).toBe("default-src 'self'; frame-ancestors https://tutorials.example");
    expect(sandboxPolicy(securityHeaders(config, "sandbox", { hostPolicy, embedAncestors })["Content-Security-Policy"]).get("frame-ancestors")).toBe(
      "https://play.example.com https://alice.sandbox.example bob.localhost:* https://tutorials.example",
    );
    expect(sandboxPolicy(securityHeaders(config, "sandbox", { hostPolicy })["Content-Security-Policy"]).get("frame-ancestors")).toBe("*");
  });

  it("sandboxes a sandbox page without allow-modals, and with every keyword a scenario's frame may have", () => {
    const policy = sandboxPolicy(securityHeaders(config, "sandbox", { hostPolicy })["Content-Security-Policy"]);
    expect([...policy.keys()]).toEqual(["frame-ancestors", "sandbox"]);
    const keywords = policy.get("sandbox")?.split(" ") ?? [];
    expect(policy.get("sandbox")).toBe(SANDBOX_PAGE_SANDBOX);
    expect(keywords).not.toContain("allow-modals");
    for (const allowed of SANDBOX_KEYWORDS.keys()) expect(keywords).toContain(allowed);
  });

  it("keeps popups' opener links: neither the host page nor a sandbox page severs them", () => {
    expect(securityHeaders(config, "host", { hostPolicy })["Cross-Origin-Opener-Policy"]).toBe("unsafe-none");
    expect(securityHeaders(config, "sandbox", { hostPolicy })["Cross-Origin-Opener-Policy"]).toBe("unsafe-none");
  });

  it("sends nosniff and no-referrer on every response", () => {
    for (const set of Object.values(securityHeaderSets(config, { hostPolicy }))) {
      expect(set).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" });
    }
  });
});

describe("isEmbedRequest", () => {
  it("reads the embed parameter the way the page does", () => {
    expect(isEmbedRequest("/?embed&scenario=x")).toBe(true);
    expect(isEmbedRequest("/?scenario=x&embed=0")).toBe(true);
    expect(isEmbedRequest("/?scenario=embed")).toBe(false);
    expect(isEmbedRequest("/embed")).toBe(false);
  });
});
