/** The `playground` global that every sandbox window's script can use (sandboxes/runtime/scenario-window.ts). */
declare const playground: {
  /** This window's name in the scenario. */
  readonly window: string;
  /**
   * The configured site this document was served from, e.g. "bob". It is the window's own site
   * unless the window navigated to another one (`location = playground.url("bob", "evil")`): the
   * script runs again in the new document, with `site` set to the new site.
   */
  readonly site: string;
  /** 1 for the window's first document in this run, 2 after its first navigation or reload, and so on. */
  readonly documentNumber: number;
  /**
   * Site and window name -> origin, e.g. { alice: "http://alice.localhost:5173", evil: "http://evil.localhost:5173" }.
   * A window's entry is the origin of the site the scenario gives it (a window and a site with the same name: the window wins).
   */
  readonly origins: Readonly<Record<string, string>>;
  /**
   * The origin of a scenario window or configured site (e.g. "evil"), for targetOrigin and event.origin checks.
   * Throws for a name that is neither.
   */
  origin(name: string): string;
  /**
   * The URL that loads a scenario window, for window.open() or an iframe's src. With `site`, the same
   * window's page served from that configured site instead: navigating the window there keeps the
   * window and changes its origin. Throws for an unknown window or site.
   */
  url(windowName: string, site?: string): string;
};
