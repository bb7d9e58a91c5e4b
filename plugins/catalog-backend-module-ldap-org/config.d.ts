import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Directories to read the org from, by provider id. Everything but `schedule` is Backstage's LDAP
       * provider config (`@backstage/plugin-catalog-backend-module-ldap`).
       */
      ldapOrg?: {
        [id: string]: {
          /**
           * When to read this directory. Optional: without it the directory is read hourly, with a 15 minute
           * timeout, starting 15 seconds after the backend is up
           * (`{ frequency: { hours: 1 }, timeout: { minutes: 15 }, initialDelay: { seconds: 15 } }`).
           * A read replaces all users and groups of the provider; when the directory is unreachable the read
           * fails, is logged, and the catalog keeps the previous org until the next successful read.
           */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
