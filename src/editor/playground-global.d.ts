/** The `playground` global that every sandbox window's script can use. */
declare const playground: {
  /** This window's name in the scenario. */
  readonly window: string;
  /** Window and site name -> origin, e.g. { alice: "http://alice.localhost:5173" }. */
  readonly origins: Readonly<Record<string, string>>;
  /** The origin of a scenario window or configured site (e.g. "evil"), for targetOrigin and event.origin checks. */
  origin(name: string): string;
  /** The URL that loads a scenario window, for window.open() or an iframe's src. */
  url(windowName: string): string;
};
