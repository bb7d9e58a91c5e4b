export interface Config {
  atrium?: {
    /** Atrium's scaffolder actions (plugins/scaffolder-backend-module-atrium). */
    selfService?: {
      /**
       * How long `atrium:compute:deploy` follows a rollout before it fails the run (and the run is undone),
       * when the template does not say. Default 300.
       */
      deployTimeoutSeconds?: number;
      /**
       * Tests only: these actions fail at once instead of running, so that a test can prove a failed run leaves
       * nothing behind: `atrium:compute:create-app` for every run, `atrium:compute:create-app:<name>` for the
       * service of that name only. Refused with `auth.environment: production`.
       */
      failActions?: string[];
    };
  };
}
