export interface Config {
  /** Atrium's GraphQL gateway (`/api/graphql`). */
  graphql?: {
    limits?: {
      /** The deepest selection a query may nest (fragments count where they are spread). Default 12. */
      maxDepth?: number;
      /**
       * The most a query may cost: every field costs 1, and a list field counts its selection once per item
       * it may return (its `first` argument, or the field's declared size). Default 20000.
       */
      maxCost?: number;
      /** The longest query text accepted, in characters. Default 20000. */
      maxQueryLength?: number;
    };
    /** The per-user response cache, in Backstage's cache service (memory by default, Redis in production). */
    responseCache?: {
      /** Default true. */
      enabled?: boolean;
      /**
       * The longest an answer is kept, in seconds, when its entities do not change. Fields that cannot know
       * when their data changes (compute) ask for less. Default 300.
       */
      ttlSeconds?: number;
      /**
       * How often the gateway reads the catalog's entity versions to drop answers whose entities changed, in
       * seconds. Default 10.
       */
      changePollSeconds?: number;
    };
  };
}
