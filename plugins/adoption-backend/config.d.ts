import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Atrium's adoption analytics and NPS survey (`/api/adoption`). */
  adoption?: {
    /** Most events one POST /events may carry. Default 500. */
    maxBatchSize?: number;
    /**
     * Store each user's id as an HMAC-SHA256 of their entity ref instead of the ref itself. Figures still count
     * each user once (the same ref always gives the same id), and per-team figures come from the teams stored
     * with each event.
     */
    pseudonymize?: {
      /** Default false. */
      enabled?: boolean;
      /**
       * The HMAC key; required when enabled (at least 16 characters). Changing it makes every user new.
       * @visibility secret
       */
      secret?: string;
    };
    /** How long events are kept: an ISO 8601 duration. Default P400D. */
    retention?: string;
    /** When the purge of older events runs (once across replicas). Default daily. */
    retentionSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /** Groups (entity refs) whose members may read Insights, beside platform admins. */
    readers?: string[];
    /** The quarterly Net Promoter Score survey. */
    nps?: {
      /** Default true. */
      enabled?: boolean;
      /** Active days a user needs before they are asked. Default 3. */
      minActiveDays?: number;
    };
  };
}
