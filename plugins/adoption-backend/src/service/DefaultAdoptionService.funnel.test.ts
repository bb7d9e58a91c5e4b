import { ALICE, BOB, useDatabases, view } from './__testUtils__/harness';

// The new-service funnel's last step: a component's first alert rule, joined to the template run that made it.

describe('DefaultAdoptionService: the first alert rule (directory mocked)', () => {
  const { databases, setup } = useDatabases();

  it.each(databases.eachSupportedId())(
    "joins each run to its component's first alert rule, recorded with no user: in no active-user, team or viewer figure (%s)",
    async databaseId => {
      const service = await setup(databaseId);
      const at = (iso: string, e: object) => ({
        subject: 'x',
        context: { pluginId: 'scaffolder' },
        timestamp: iso,
        ...e,
      });
      const run = (iso: string, taskId: string) =>
        at(iso, {
          action: 'template.run',
          attributes: {
            templateRef: 'template:default/svc',
            outcome: 'succeeded',
            taskId,
          },
        });
      // The scaffolder puts the new component on its app-ready step.
      const ready = (iso: string, taskId: string, component: string) =>
        at(iso, {
          action: 'funnel.app-ready',
          context: { pluginId: 'scaffolder', entityRef: component },
          attributes: { taskId },
        });
      const firstRule = (iso: string, component: string) =>
        at(iso, {
          action: 'funnel.first-alert-rule',
          subject: component,
          context: { pluginId: 'operations', entityRef: component },
          attributes: { rule: 'HighErrorRate', group: 'svc' },
        });
      await service.recordEvents(
        {
          events: [
            view('2026-12-01', '/catalog'),
            run('2026-12-01T09:00:00Z', 't1'),
            ready('2026-12-01T09:05:00Z', 't1', 'component:default/a'),
            run('2026-12-01T11:00:00Z', 't2'),
            ready('2026-12-01T11:05:00Z', 't2', 'Component:default/B'),
            run('2026-12-02T09:00:00Z', 't3'),
            ready('2026-12-02T09:03:00Z', 't3', 'component:default/c'),
          ],
        },
        ALICE,
      );
      const range = { from: '2026-11-07', to: '2026-12-06' };
      const before = {
        activeUsers: await service.activeUsers(range, 'day'),
        weeks: await service.activeUsers(range, 'week'),
        teams: await service.teams(range),
        top: await service.top(range, 'entities', 10),
        summary: await service.summary(),
      };

      // a's first rule an hour after its run started; B's twice (recorded again after a lost answer: the first
      // counts) and on another day (no one is active then); c's before its run started (an older rule that
      // matches the new service's matchers from the start does not count for this run).
      const result = await service.recordEvents(
        {
          events: [
            firstRule('2026-12-01T10:00:00Z', 'component:default/a'),
            firstRule('2026-12-03T11:00:00Z', 'component:default/b'),
            firstRule('2026-12-04T11:00:00Z', 'component:default/b'),
            firstRule('2026-12-02T08:00:00Z', 'component:default/c'),
            // d's rule is found before its run's outcome is stored (stamped with the run's start, earlier).
            firstRule('2026-12-03T09:30:00Z', 'component:default/d'),
          ],
        },
        null,
      );
      expect(result).toEqual({ accepted: 5, rejected: [] });
      // DAU, new users, teams, viewers and Home's trend are exactly as before the events no user made.
      expect({
        activeUsers: await service.activeUsers(range, 'day'),
        weeks: await service.activeUsers(range, 'week'),
        teams: await service.teams(range),
        top: await service.top(range, 'entities', 10),
        summary: await service.summary(),
      }).toEqual(before);
      expect(before.activeUsers.points.filter(p => p.active > 0)).toEqual([
        { period: '2026-12-01', active: 1, new: 1, returning: 0 },
        { period: '2026-12-02', active: 1, new: 0, returning: 1 },
      ]);

      await service.recordEvents(
        {
          events: [
            run('2026-12-03T09:00:00Z', 't4'),
            ready('2026-12-03T09:01:00Z', 't4', 'component:default/d'),
          ],
        },
        BOB,
      );
      const templates = await service.templates(range);
      expect(templates.runs).toBe(4);
      // a 3600 s, B 48 h = 172800 s, d 1800 s: the median of three.
      expect(templates.reachedFirstAlertRule).toBe(3);
      expect(templates.medianSecondsToFirstAlertRule).toBe(3600);
      expect(
        await service.templates({ from: '2026-12-02', to: '2026-12-02' }),
      ).toMatchObject({
        runs: 1,
        reachedFirstAlertRule: 0,
        medianSecondsToFirstAlertRule: null,
      });
    },
  );
});
