export interface Config {
  /** Atrium's personal Home. */
  home?: {
    /**
     * The first-week checklist for new engineers, shown as a Home widget. Each user ticks the steps off; their
     * progress is kept on the server.
     */
    checklist?: {
      /** The widget's title. Default "Your first week". */
      title?: string;
      items?: Array<{
        /** Stable id (letters, digits, - and _): progress is stored under it, so keep it when rewording. */
        id: string;
        title: string;
        description?: string;
        /** Where to do it: a path in Atrium (`/catalog/...`) or an http(s) URL. */
        url?: string;
      }>;
    };
  };
}
