import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  auth?: {
    /**
     * `production` makes Atrium refuse to start while the guest provider or the embedded IdP is enabled.
     */
    environment?: string;
    /** Atrium's sign-in audit (`atrium_sign_in_audit`: every sign-in and refused attempt). */
    signInAudit?: {
      /**
       * How long attempts are kept, in whole days, from 30 to 3650; older ones are removed by a daily task that
       * one replica runs. Default 365.
       */
      retentionDays?: number;
      /**
       * When the removal runs (Backstage's schedule config). Optional: daily, given 30 minutes, first 2 minutes
       * after startup (`{ frequency: { hours: 24 }, timeout: { minutes: 30 }, initialDelay: { minutes: 2 } }`).
       * Always one replica per run, whatever `scope` says.
       */
      retentionSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
