export interface Config {
  atrium?: {
    /**
     * A git server inside Atrium's backend, for the embedded default and tests only: Debian's `git http-backend`
     * serves bare repositories from `dataDir` at `/api/git-server/repos/<name>.git`. The self-service template
     * (plugins/scaffolder-backend-module-atrium, `atrium:git:publish`) creates its repositories there. Production
     * publishes to GitHub or GitLab with Backstage's `publish:github` / `publish:gitlab` instead.
     */
    gitServer?: {
      /** Off unless true. */
      enabled?: boolean;
      /** Where the bare repositories live (absolute, or relative to the backend's working directory). */
      dataDir?: string;
      /**
       * The plugins whose service tokens may create and delete repositories and push to them
       * (default: scaffolder).
       */
      writers?: string[];
    };
  };
}
