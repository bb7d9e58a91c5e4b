export interface Config {
  /** Atrium's GraphQL gateway (`/api/graphql`). */
  graphql?: {
    limits?: {
      /**
       * The deepest selection a query may nest, in fields (fragments count where they are spread). Default 12.
       */
      maxDepth?: number;
      /**
       * The most a query may cost (GraphQL Armor's cost rule): a field with a selection costs 2 plus its
       * selection, any other field 1, and a list field counts its selection once per item it may return (its
       * `first` argument or that argument's default, the length of the list it was given, or the size its
       * schema contribution declares in `listSizes`). Atrium's own pages cost at most about 6,600.
       * Default 20000.
       */
      maxCost?: number;
      /** The longest query text accepted, in characters. Default 20000. */
      maxQueryLength?: number;
      /** The most aliases a query may use (fragments count where they are spread). Default 30. */
      maxAliases?: number;
      /** The most directives (`@include`, `@skip`, ...) a query may use. Default 50. */
      maxDirectives?: number;
      /** The most tokens a query's text may have: parsing stops at the first one over. Default 2000. */
      maxTokens?: number;
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
    /** The catalog list (`Query.catalog`). */
    catalogList?: {
      /**
       * The secret the list's page cursors are sealed with. Replicas behind one address must share it, so that a
       * cursor issued by one is taken by another. When not set, a key derived from `auth.session.secret` (which
       * replicas share already) is used; with neither, each process makes a random one in development (cursors
       * issued before a restart are then refused, and the page starts over) and the backend refuses to start
       * in production (`auth.environment: production`).
       * @visibility secret
       */
      cursorSecret?: string;
    };
  };
}
