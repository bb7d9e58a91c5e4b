/**
 * Adoption analytics and NPS in Atrium's backend, on SQLite and on a real PostgreSQL (Debian's, on loopback) at
 * once: two backends with the same config (user ids pseudonymized, a retention purge every second, one reader
 * group) get the same events and answers, and must answer the same figures. Users sign in through the embedded
 * OpenID provider; the demo org is the catalog.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { waitForCatalog, type Backend } from './lib/backend.ts';
import { demoKindCounts } from './lib/demo.ts';
import { ROOT } from './lib/paths.ts';
import { startPostgres, type Postgres } from './lib/postgres.ts';
import { waitFor } from './lib/proc.ts';
import {
  AdoptionCaller,
  dayAgo,
  daysAgo,
  startAdoptionBackend,
  TEST_SECRET,
} from './lib/adoption.ts';

const ADMIN = 'ravi.subramanian';
const ALICE = 'alice.nakamura'; // team-payments
const NADIA = 'nadia.haddad'; // team-payments
const ZOE = 'zoe.marchetti'; // team-storefront: the reader group
const PAYMENTS = 'group:default/team-payments';
const NOW = Date.now();

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

const view = (path: string, days: number, extra: object = {}) => ({
  action: 'navigate',
  subject: path,
  context: { pluginId: path.split('/')[1] || 'home' },
  timestamp: daysAgo(NOW, days),
  ...extra,
});

/** Members of a group in the demo org, as the catalog will count them. */
function demoMembers(group: string): number {
  const docs = parseAllDocuments(
    readFileSync(resolve(ROOT, 'demo/org.yaml'), 'utf8'),
  ).map(d => d.toJS());
  return docs.filter(
    d => d?.kind === 'User' && (d.spec?.memberOf ?? []).includes(group),
  ).length;
}

describe(
  'adoption analytics and NPS on SQLite and PostgreSQL',
  { timeout: 300_000 },
  () => {
    let pg: Postgres;
    let backends: Backend[] = [];
    let callers: AdoptionCaller[] = [];
    /** Runs the same step on both backends; answers [SQLite's, PostgreSQL's]. */
    const both = <T>(step: (c: AdoptionCaller) => Promise<T>) =>
      Promise.all(callers.map(step));

    before(async () => {
      pg = await startPostgres();
      const adoption = {
        pseudonymize: { enabled: true, secret: TEST_SECRET },
        retention: 'P400D',
        retentionSchedule: {
          frequency: { seconds: 1 },
          timeout: { seconds: 30 },
          initialDelay: { seconds: 1 },
        },
        readers: ['group:default/team-storefront'],
        nps: { minActiveDays: 3 },
      };
      backends = await Promise.all([
        startAdoptionBackend({ name: 'adoption-sqlite', adoption }),
        startAdoptionBackend({ name: 'adoption-postgres', adoption, pg }),
      ]);
      // Sign-in and teams need the org only (Users and Groups), not the rest of the demo catalog.
      const { User, Group } = demoKindCounts();
      await Promise.all(
        backends.map(b =>
          waitForCatalog(b.baseUrl, b.serviceToken, { User, Group }),
        ),
      );
      callers = backends.map(b => new AdoptionCaller(b));
    });
    after(async () => {
      await Promise.all(backends.map(b => b.stop()));
      await pg?.stop();
    });

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

    test('the NPS survey: asked after 3 active days, once a quarter; a dismissal is no score; only your own answers go', async () => {
      for (const c of callers) {
        assert.deepEqual((await c.call(ALICE, 'GET', '/nps/survey')).body, {
          show: true,
          reason: 'eligible',
        });
        assert.deepEqual((await c.call(NADIA, 'GET', '/nps/survey')).body, {
          show: false,
          reason: 'not-enough-activity',
        });
        for (const score of [11, 4.5, '9', -1]) {
          assert.equal(
            (await c.call(ALICE, 'POST', '/nps/answers', { score })).status,
            400,
            String(score),
          );
        }
        assert.equal(
          (
            await c.call(ALICE, 'POST', '/nps/answers', {
              score: 7,
              comment: 'x'.repeat(2001),
            })
          ).status,
          400,
        );
        const answered = await c.call(ALICE, 'POST', '/nps/answers', {
          score: 10,
          comment: 'fast deploys',
        });
        assert.equal(answered.status, 201, answered.text);
        assert.equal(
          (await c.call(ALICE, 'POST', '/nps/answers', { score: 3 })).status,
          409,
        );
        assert.deepEqual((await c.call(ALICE, 'GET', '/nps/survey')).body, {
          show: false,
          reason: 'answered',
        });
        const nadiaAnswer = await c.call(NADIA, 'POST', '/nps/answers', {
          score: 2,
        });
        assert.equal(nadiaAnswer.status, 201);
        assert.equal(
          (await c.call(NADIA, 'POST', '/nps/dismissals')).status,
          204,
        );
        assert.equal(
          (await c.call(ZOE, 'POST', '/nps/dismissals')).status,
          204,
        );
        assert.deepEqual((await c.call(ZOE, 'GET', '/nps/survey')).body, {
          show: false,
          reason: 'dismissed',
        });

        const nps = await c.call(ADMIN, 'GET', '/insights/nps');
        assert.deepEqual(
          { ...nps.body, trend: undefined },
          {
            nps: 0,
            promoters: 1,
            passives: 0,
            detractors: 1,
            answers: 2,
            dismissals: 2,
            trend: undefined,
            teams: [{ teamRef: PAYMENTS, nps: 0, answers: 2 }],
          },
        );
        const comments = await c.call(ADMIN, 'GET', '/insights/nps/comments');
        assert.deepEqual(
          comments.body.comments.map((x: any) => [
            x.score,
            x.comment,
            x.teamRef,
          ]),
          [[10, 'fast deploys', PAYMENTS]],
        );

        // Someone else's answer is not found; your own goes, and you may answer again.
        assert.equal(
          (await c.call(NADIA, 'DELETE', `/nps/answers/${answered.body.id}`))
            .status,
          404,
        );
        assert.equal(
          (await c.call(ALICE, 'DELETE', `/nps/answers/${answered.body.id}`))
            .status,
          204,
        );
        assert.deepEqual(
          (await c.call(ALICE, 'GET', '/nps/answers/mine')).body,
          { answers: [] },
        );
        assert.equal(
          (await c.call(ALICE, 'POST', '/nps/answers', { score: 9 })).status,
          201,
        );
        const mine = await c.call(ALICE, 'GET', '/nps/answers/mine');
        assert.deepEqual(
          mine.body.answers.map((a: any) => [a.score, a.comment]),
          [[9, null]],
        );
      }
    });

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
  },
);
