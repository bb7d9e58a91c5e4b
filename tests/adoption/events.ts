/**
 * Part of tests/adoption.test.ts (its fixture: tests/adoption/fixture.ts): the events the app and backend plugins
 * record, and who reads them. A batch with a bad event stores the good ones, which count in active users, teams,
 * top pages and entities, searches and the CSV; stored user ids are pseudonymized and a user still counts once;
 * /server-events takes service tokens only; Insights is 403 to a non-admin, and to a reader only the NPS comments.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { dayAgo, daysAgo } from '../lib/adoption.ts';
import { ROOT } from '../lib/paths.ts';
import { waitFor } from '../lib/proc.ts';
import { ADMIN, ALICE, NADIA, PAYMENTS, ZOE } from './fixture.ts';
import type { AdoptionSuite } from './fixture.ts';

const INSIGHTS = [
  '/insights/active-users',
  '/insights/teams',
  '/insights/top?kind=pages',
  '/insights/searches',
  '/insights/templates',
  '/insights/actions',
  '/insights/nps',
  '/insights/nps/comments',
  '/insights/summary',
];

/** Members of a group in the demo org, as the catalog will count them. */
function demoMembers(group: string): number {
  const docs = parseAllDocuments(
    readFileSync(resolve(ROOT, 'demo/org.yaml'), 'utf8'),
  ).map(d => d.toJS());
  return docs.filter(
    d => d?.kind === 'User' && (d.spec?.memberOf ?? []).includes(group),
  ).length;
}

/** Registers this part's tests on the shared stack (tests/adoption.test.ts). */
export function adoptionEvents(suite: AdoptionSuite): void {
  describe('events: a bad event in a batch, pseudonymized ids, server events, who reads Insights', () => {
    const { both, callers, now: NOW, view } = suite;

    test('a batch with a bad event stores the good ones, which then count in active users and top pages', async () => {
      const answers = await both(c =>
        c.call(ALICE, 'POST', '/events', {
          events: [
            view('/catalog', 2),
            view('/docs/default/component/payments-gateway', 1, {
              context: {
                pluginId: 'techdocs',
                entityRef: 'Component:default/payments-gateway',
              },
            }),
            {
              action: 'search',
              subject: 'kafka',
              value: 0,
              context: { pluginId: 'search' },
              timestamp: daysAgo(NOW, 1),
            },
            {
              action: 'navigate',
              subject: '/broken',
              timestamp: daysAgo(NOW, 1),
            },
            view('/catalog', 0),
          ],
        }),
      );
      for (const a of answers) {
        assert.equal(a.status, 400, a.text);
        assert.equal(a.body.error.name, 'InputError');
        assert.equal(a.body.accepted, 4);
        assert.deepEqual(a.body.rejected, [
          { index: 3, message: 'context is required' },
        ]);
      }
      for (const a of await both(c =>
        c.call(NADIA, 'POST', '/events', {
          events: [
            view('/catalog', 1),
            {
              action: 'search',
              subject: 'kafka',
              value: 3,
              context: { pluginId: 'search' },
              timestamp: daysAgo(NOW, 1),
            },
          ],
        }),
      )) {
        assert.equal(a.status, 202, a.text);
        assert.deepEqual(a.body, { accepted: 2 });
      }

      const range = `from=${dayAgo(NOW, 6)}&to=${dayAgo(NOW, 0)}`;
      for (const c of callers) {
        const active = await c.call(
          ADMIN,
          'GET',
          `/insights/active-users?${range}`,
        );
        assert.equal(active.status, 200, active.text);
        const byDay = Object.fromEntries(
          active.body.points.map((p: any) => [p.period, p]),
        );
        assert.deepEqual(byDay[dayAgo(NOW, 2)], {
          period: dayAgo(NOW, 2),
          active: 1,
          new: 1,
          returning: 0,
        });
        assert.deepEqual(byDay[dayAgo(NOW, 1)], {
          period: dayAgo(NOW, 1),
          active: 2,
          new: 1,
          returning: 1,
        });
        assert.equal(active.body.mau, 2);
        const top = await c.call(
          ADMIN,
          'GET',
          `/insights/top?kind=pages&${range}`,
        );
        assert.deepEqual(top.body.items[0], {
          key: '/catalog',
          views: 3,
          users: 2,
        });
        const entities = await c.call(
          ADMIN,
          'GET',
          `/insights/top?kind=entities&${range}`,
        );
        assert.deepEqual(entities.body.items, [
          { key: 'component:default/payments-gateway', views: 1, users: 1 },
        ]);
        const searches = await c.call(
          ADMIN,
          'GET',
          `/insights/searches?${range}`,
        );
        assert.deepEqual(searches.body, {
          top: [{ term: 'kafka', count: 2 }],
          noResult: [{ term: 'kafka', count: 1 }],
        });
        // The size is the group's hasMember relations, which the catalog stitches shortly after the entities.
        const size = demoMembers('team-payments');
        const teams = await waitFor(
          "team-payments' members in the catalog",
          async () => {
            const t = await c.call(ADMIN, 'GET', `/insights/teams?${range}`);
            return t.body.teams[0]?.size === size ? t.body.teams : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 250 },
        );
        assert.deepEqual(teams, [{ teamRef: PAYMENTS, active: 2, size }]);
        const csv = await c.call(
          ADMIN,
          'GET',
          `/insights/top?kind=pages&format=csv&${range}`,
        );
        assert.match(csv.type, /^text\/csv/);
        assert.equal(csv.text.split('\r\n')[0], 'key,views,users');
        assert.equal(csv.text.split('\r\n')[1], '/catalog,3,2');
      }
    });

    test('pseudonymized: the stored user id is not the ref, and the user still counts once', async () => {
      const { pg } = suite;
      const ids = (
        await pg.query(
          'backstage_plugin_adoption',
          'select distinct user_id from adoption_events',
        )
      ).split('\n');
      assert.equal(ids.length, 2);
      for (const id of ids) {
        assert.match(id, /^[0-9a-f]{64}$/);
        assert.ok(!id.includes('alice'));
      }
      // Alice on three days in the range: one user in the week, whatever her id.
      const range = `from=${dayAgo(NOW, 2)}&to=${dayAgo(NOW, 2)}&grain=month`;
      for (const c of callers) {
        const active = await c.call(
          ADMIN,
          'GET',
          `/insights/active-users?${range}`,
        );
        assert.equal(active.body.points[0].active, 1);
      }
    });

    test('backend plugins record events for a user through /server-events (service tokens only)', async () => {
      const event = {
        action: 'compute.action',
        subject: 'payments-gateway',
        context: { pluginId: 'compute' },
        attributes: { kind: 'scale', outcome: 'succeeded' },
        timestamp: daysAgo(NOW, 1),
      };
      for (const c of callers) {
        const asUser = await c.call(ALICE, 'POST', '/server-events', {
          userEntityRef: `user:default/${ALICE}`,
          events: [event],
        });
        assert.equal(asUser.status, 403, asUser.text);
        const asService = await c.call('service', 'POST', '/server-events', {
          userEntityRef: `user:default/${ALICE}`,
          events: [event],
        });
        assert.equal(asService.status, 202, asService.text);
        const actions = await c.call(ADMIN, 'GET', '/insights/actions');
        assert.equal(actions.body.weeks.length, 1);
        assert.equal(actions.body.weeks[0].kind, 'scale');
        assert.equal(actions.body.weeks[0].count, 1);
      }
    });

    test('a non-admin gets 403 on every Insights route; a reader on all but the NPS comments', async () => {
      for (const c of callers) {
        for (const path of INSIGHTS) {
          const alice = await c.call(ALICE, 'GET', path);
          assert.equal(alice.status, 403, `${path}: ${alice.text}`);
          assert.equal(alice.body.error.name, 'NotAllowedError');
          const zoe = await c.call(ZOE, 'GET', path);
          assert.equal(
            zoe.status,
            path === '/insights/nps/comments' ? 403 : 200,
            `${path}: ${zoe.text}`,
          );
          assert.equal((await c.call(ADMIN, 'GET', path)).status, 200, path);
        }
      }
    });
  });
}
