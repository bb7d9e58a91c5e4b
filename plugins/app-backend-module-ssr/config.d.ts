export interface Config {
  atrium?: {
    /** Server-side rendering of Home and entity overviews for signed-in users. */
    ssr?: {
      /** Default true. When false, the app's plain HTML is served for every page. */
      enabled?: boolean;
      /**
       * The longest the server waits for a page's data, in milliseconds, before serving the plain app instead.
       * Default 2000.
       */
      timeoutMs?: number;
    };
  };
}
