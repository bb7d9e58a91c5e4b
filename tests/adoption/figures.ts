/**
 * Part of tests/adoption.test.ts (its fixture: tests/adoption/fixture.ts), last: what the two databases keep and
 * answer. Retention purges events older than adoption.retention; then template runs with their apps' Ready steps
 * in both orders and visits over two months and more, after which SQLite and PostgreSQL answer every Insights
 * route (days, weeks, months, CSV) with the same figures.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dayAgo, daysAgo } from '../lib/adoption.ts';
import { waitFor } from '../lib/proc.ts';
import { ADMIN, ALICE, NADIA, ZOE, type AdoptionSuite } from './fixture.ts';

/** Registers this part's tests on the shared stack (tests/adoption.test.ts), after the other parts. */
export function adoptionFigures(suite: AdoptionSuite): void {
  describe('figures: retention, and the same answers from SQLite and PostgreSQL', () => {
    const { both, callers, now: NOW, view } = suite;

    test('retention purges events older than adoption.retention (a purge every second here)', async () => {
      const old = daysAgo(NOW, 401);
      const kept = daysAgo(NOW, 398);
      for (const a of await both(c =>
        c.call(NADIA, 'POST', '/events', {
          events: [view('/ancient', 401), view('/old-but-kept', 398)],
        }),
      )) {
        assert.equal(a.status, 202, a.text);
      }
      const range = `from=${old.slice(0, 10)}&to=${kept.slice(0, 10)}`;
      for (const c of callers) {
        const items = await waitFor(
          'the purge to remove the 401-day-old event',
          async () => {
            const top = await c.call(
              ADMIN,
              'GET',
              `/insights/top?kind=pages&${range}`,
            );
            return top.body.items.some((i: any) => i.key === '/ancient')
              ? undefined
              : top.body.items;
          },
          { timeoutMs: 20_000, intervalMs: 250 },
        );
        assert.deepEqual(items, [{ key: '/old-but-kept', views: 1, users: 1 }]);
      }
    });

    test('SQLite and PostgreSQL answer the same figures', async () => {
      // Template runs and their apps' Ready steps in both orders (the rollup of runs is kept either way), and
      // visits on days spread over two months or more (the monthly rollups of active users and viewers).
      const at = (days: number, hour: number, e: object) => ({
        subject: 'x',
        context: { pluginId: 'scaffolder' },
        timestamp: daysAgo(NOW, days, hour),
        ...e,
      });
      const run = (days: number, taskId: string, outcome: string) =>
        at(days, 9, {
          action: 'template.run',
          attributes: {
            templateRef: 'template:default/service',
            outcome,
            taskId,
          },
        });
      const ready = (days: number, hour: number, taskId: string) =>
        at(days, hour, { action: 'funnel.app-ready', attributes: { taskId } });
      for (const batch of [
        [run(40, 'cmp-1', 'succeeded'), ready(40, 10, 'cmp-1')],
        [ready(20, 11, 'cmp-2')],
        [run(20, 'cmp-2', 'succeeded'), run(19, 'cmp-3', 'failed')],
        [ready(19, 8, 'cmp-3')],
      ]) {
        for (const a of await both(c =>
          c.call('service', 'POST', '/server-events', {
            userEntityRef: `user:default/${ALICE}`,
            events: batch,
          }),
        )) {
          assert.equal(a.status, 202, a.text);
        }
      }
      for (const [user, days] of [
        [NADIA, 45],
        [NADIA, 31],
        [ZOE, 31],
        [ZOE, 29],
        [ALICE, 2],
      ] as const) {
        for (const a of await both(c =>
          c.call(user, 'POST', '/events', {
            events: [view('/catalog', days), view('/docs', days)],
          }),
        )) {
          assert.equal(a.status, 202, a.text);
        }
      }
      const templates = await both(c =>
        c.call(ADMIN, 'GET', `/insights/templates?from=${dayAgo(NOW, 45)}`),
      );
      for (const t of templates) {
        assert.equal(t.body.runs, 3);
        assert.equal(t.body.succeeded, 2);
        // cmp-1 an hour to Ready, cmp-2 two hours; cmp-3's Ready came before its run started.
        assert.equal(t.body.medianSecondsToReady, 5400);
      }

      const range = `from=${dayAgo(NOW, 420)}&to=${dayAgo(NOW, 0)}`;
      const window = `from=${dayAgo(NOW, 44)}&to=${dayAgo(NOW, 30)}`;
      for (const path of [
        `/insights/active-users?grain=day&${window}`,
        `/insights/active-users?grain=week&${window}`,
        `/insights/active-users?grain=month&${window}`,
        `/insights/top?kind=pages&${window}`,
        `/insights/templates?${window}`,
        `/insights/active-users?grain=day&${range}`,
        `/insights/active-users?grain=week&${range}`,
        `/insights/active-users?grain=month&${range}`,
        `/insights/teams?${range}`,
        `/insights/top?kind=plugins&${range}`,
        `/insights/top?kind=pages&${range}`,
        `/insights/top?kind=entities&${range}`,
        `/insights/searches?${range}`,
        `/insights/templates?${range}`,
        `/insights/actions?${range}`,
        `/insights/nps?${range}`,
        `/insights/summary`,
        `/insights/active-users?format=csv&${range}`,
      ]) {
        const [sqlite, postgres] = await both(c => c.call(ADMIN, 'GET', path));
        assert.equal(sqlite.status, 200, `${path}: ${sqlite.text}`);
        assert.deepEqual(
          postgres.body ?? postgres.text,
          sqlite.body ?? sqlite.text,
          path,
        );
      }
    });
  });
}
