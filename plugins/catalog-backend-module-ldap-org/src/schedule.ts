import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/**
 * How often a directory is read when its `catalog.providers.ldapOrg.<id>` entry has no `schedule`: hourly,
 * given 15 minutes, starting shortly after the backend is up.
 */
export const DEFAULT_LDAP_ORG_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  Object.freeze({
    frequency: { hours: 1 },
    timeout: { minutes: 15 },
    initialDelay: { seconds: 15 },
  });

/** The id of the refresh task that Backstage's `LdapOrgEntityProvider` schedules for a provider id. */
export const ldapOrgTaskId = (providerId: string) =>
  `LdapOrgEntityProvider:${providerId}:refresh`;

/**
 * One task runner for all the LDAP providers: Backstage's provider hands it its refresh task, whose id names
 * the provider, and this runner schedules the task with that provider's `schedule` from config, or
 * {@link DEFAULT_LDAP_ORG_SCHEDULE}.
 */
export function createLdapOrgTaskRunner(options: {
  scheduler: SchedulerService;
  /** Provider id to its configured schedule (undefined when it has none). */
  schedules: Map<string, SchedulerServiceTaskScheduleDefinition | undefined>;
  logger?: LoggerService;
  defaultSchedule?: SchedulerServiceTaskScheduleDefinition;
}): SchedulerServiceTaskRunner {
  const fallback = options.defaultSchedule ?? DEFAULT_LDAP_ORG_SCHEDULE;
  const byTaskId = new Map(
    [...options.schedules].map(([id, schedule]) => [
      ldapOrgTaskId(id),
      { id, schedule },
    ]),
  );
  return {
    async run(task) {
      const known = byTaskId.get(task.id);
      if (!known) {
        // Only if Backstage changes its task ids: still sync, but say so, as a configured schedule is ignored.
        options.logger?.warn(
          `Unknown LDAP refresh task ${task.id}; scheduling it ${JSON.stringify(
            fallback,
          )}`,
        );
      }
      const schedule = known?.schedule ?? fallback;
      if (known && !known.schedule) {
        options.logger?.info(
          `LDAP provider ${
            known.id
          } has no schedule in config; using ${JSON.stringify(schedule)}`,
        );
      }
      await options.scheduler.scheduleTask({ ...schedule, ...task });
    },
  };
}
