/**
 * The personal Home's layouts in Atrium's backend, with the real catalog (the demo org) and SQLite under a data
 * folder that outlives a restart; users sign in through the embedded OpenID provider. Home's pull requests are
 * read from a loopback stand-in for GitHub Enterprise (GitHub is not reachable here), which a user connects
 * through Backstage's GitHub sign-in in Chromium.
 */
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  OAUTH_CLIENT,
  startRecordedGithub,
  TOKENS,
  type RecordedGithub,
} from '../plugins/reviews-backend/src/testing/recordedGithub.ts';
import { openSignedIn, saveScreenshot } from './lib/browser.ts';
import { api } from './lib/compute.ts';
import { useDemoInBrowser } from './lib/demoBrowser.ts';
import { artifactDir, ROOT } from './lib/paths.ts';

const TEAM = 'group:default/team-payments';
/** The GitHub Enterprise host of the stand-in (never resolved: its API base URL is the stand-in's). */
const GHE_HOST = 'github.larkspur.example';

describe('personal Home layouts', () => {
  let github: RecordedGithub;

  // The GitHub stand-in first: the backend's config names its URL.
  before(async () => {
    github = await startRecordedGithub({
      fixturesDir: resolve(ROOT, 'plugins/reviews-backend/src/__fixtures__'),
    });
  });
  // GitHub Enterprise at the stand-in, without a service token: only a user's own GitHub sign-in reads it.
  const demo = useDemoInBrowser({
    name: 'home',
    config: () => ({
      integrations: {
        github: [{ host: GHE_HOST, apiBaseUrl: `${github.url}/api/v3` }],
      },
      reviews: { github: { host: GHE_HOST } },
      auth: {
        providers: {
          github: {
            development: {
              clientId: OAUTH_CLIENT.clientId,
              clientSecret: OAUTH_CLIENT.clientSecret,
              enterpriseInstanceUrl: github.url,
            },
          },
        },
      },
    }),
    users: [
      'alice.nakamura',
      'nadia.haddad',
      'bob.okafor',
      'ravi.subramanian',
      'mei.chen',
    ],
  });
  // Registered after the backend's `after`: the stand-in goes once the backend has stopped.
  after(async () => {
    await github?.close();
  });

  async function call(
    user: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    return api(demo.baseUrl, demo.token(user), `/api/home${path}`, {
      method,
      body,
    });
  }

  test("a team's default applies to a member who never arranged Home, and a user's own layout wins over it", async () => {
    const alice = await call('alice.nakamura', 'GET', '/layout');
    assert.equal(alice.status, 200);
    assert.deepEqual(alice.body.editableGroups, [
      { ref: TEAM, title: 'Payments' },
    ]);
    assert.equal(alice.body.canEditGlobal, false);

    const teamDefault = ['AtriumWelcome', 'HomePageStarredEntities'];
    const put = await call(
      'alice.nakamura',
      'PUT',
      '/layouts/groups/default/team-payments',
      { widgets: teamDefault },
    );
    assert.equal(put.status, 200, JSON.stringify(put.body));

    // Nadia, also of Payments, has never arranged her Home: she gets her team's default.
    const nadia = await call('nadia.haddad', 'GET', '/layout');
    assert.deepEqual(nadia.body.layout.widgets, teamDefault);
    assert.equal(nadia.body.layout.scope, 'group');
    assert.equal(nadia.body.layout.subject, TEAM);
    assert.equal(nadia.body.layout.updatedBy, 'user:default/alice.nakamura');

    // Her own layout wins over it; forgetting it brings the team's back.
    await call('nadia.haddad', 'PUT', '/layout', {
      widgets: ['AtriumSystems'],
    });
    const own = await call('nadia.haddad', 'GET', '/layout');
    assert.equal(own.body.layout.scope, 'user');
    assert.deepEqual(own.body.layout.widgets, ['AtriumSystems']);
    assert.equal((await call('nadia.haddad', 'DELETE', '/layout')).status, 204);
    assert.equal(
      (await call('nadia.haddad', 'GET', '/layout')).body.layout.scope,
      'group',
    );

    // Bob (Fleet) may not set Payments' default, and gets no Payments layout.
    const bob = await call(
      'bob.okafor',
      'PUT',
      '/layouts/groups/default/team-payments',
      { widgets: ['AtriumSystems'] },
    );
    assert.equal(bob.status, 403);
    assert.match(
      bob.body.error.message,
      /Only members of group:default\/team-payments/,
    );
    assert.equal(
      (await call('bob.okafor', 'GET', '/layout')).body.layout,
      null,
    );
  });

  test("a platform admin sets everyone's default; others may not", async () => {
    const refused = await call('bob.okafor', 'PUT', '/layouts/global', {
      widgets: ['AtriumWelcome'],
    });
    assert.equal(refused.status, 403);
    const ravi = await call('ravi.subramanian', 'GET', '/layout');
    assert.equal(ravi.body.canEditGlobal, true);
    const put = await call('ravi.subramanian', 'PUT', '/layouts/global', {
      widgets: ['AtriumWelcome', 'AtriumSystems'],
    });
    assert.equal(put.status, 200);
    const bob = await call('bob.okafor', 'GET', '/layout');
    assert.equal(bob.body.layout.scope, 'global');
    assert.deepEqual(bob.body.layout.widgets, [
      'AtriumWelcome',
      'AtriumSystems',
    ]);
  });

  test('bad input is refused with a clear error and loses nothing', async () => {
    await call('bob.okafor', 'PUT', '/layout', { widgets: ['AtriumWelcome'] });
    const bad = await call('bob.okafor', 'PUT', '/layout', {
      widgets: ['AtriumWelcome', 'AtriumWelcome'],
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.name, 'InputError');
    assert.match(bad.body.error.message, /listed twice/);
    assert.deepEqual(
      (await call('bob.okafor', 'GET', '/layout')).body.layout.widgets,
      ['AtriumWelcome'],
    );
  });

  test('the first-week checklist: steps from the config, progress per user, read through the gateway uncached', async () => {
    const gateway = async (user: string) => {
      const res = await fetch(`${demo.baseUrl}/api/graphql`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${demo.token(user)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          query:
            '{ viewer { checklist { title items { id title done doneAt } } } }',
        }),
      });
      const body = (await res.json()) as any;
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
      return {
        cache: res.headers.get('x-atrium-cache'),
        ...body.data.viewer.checklist,
      };
    };
    const initial = await gateway('mei.chen');
    assert.equal(initial.title, 'Your first week at Larkspur');
    assert.ok(initial.items.length >= 3);
    assert.ok(initial.items.every((i: any) => !i.done));

    const ticked = await call('mei.chen', 'PUT', '/checklist/first-deploy', {
      done: true,
    });
    assert.equal(ticked.status, 200);
    // The next read through the gateway shows it at once: answers holding the checklist are not cached.
    const updated = await gateway('mei.chen');
    assert.equal(updated.cache, 'off');
    const step = updated.items.find((i: any) => i.id === 'first-deploy');
    assert.equal(step.done, true);
    assert.ok(!Number.isNaN(Date.parse(step.doneAt)));
    // Someone else's progress is their own.
    assert.ok((await gateway('nadia.haddad')).items.every((i: any) => !i.done));
    assert.equal(
      (await call('mei.chen', 'PUT', '/checklist/no-such-step', { done: true }))
        .status,
      404,
    );
  });

  test('a user signs in with GitHub on Home and sees her pull requests, read with her own token (GitHub stand-in: GitHub is not reachable here)', async () => {
    // Alice's Home shows the pull requests widget.
    const put = await call('alice.nakamura', 'PUT', '/layout', {
      widgets: ['AtriumWelcome', 'AtriumReviews'],
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));

    const { page, problems } = await openSignedIn(
      demo.browser,
      demo.baseUrl,
      'alice.nakamura',
    );
    const shot = (name: string) =>
      join(artifactDir('screenshots'), `home-github-${name}.png`);
    await page.goto(`${demo.baseUrl}/`);

    // No service token: GitHub is not configured, and she may sign in with GitHub.
    const notConfigured = page.getByTestId('reviews-not-configured');
    await notConfigured
      .getByText(/GitHub is not configured/)
      .waitFor({ timeout: 60_000 });
    const button = notConfigured.getByRole('button', {
      name: 'Sign in with GitHub',
    });
    await button.waitFor();
    await notConfigured.scrollIntoViewIfNeeded();
    await saveScreenshot(page, { path: shot('not-configured') });
    assert.equal(
      github.requests.filter(r => r.path === '/search/issues').length,
      0,
    );

    // Atrium's sign-ins redirect the whole page instead of opening a popup (enableExperimentalRedirectFlow in
    // app-config.yaml), GitHub's too: to GitHub's authorize page (the stand-in's, which sends it straight back
    // with a code), to the auth backend's handler (which exchanges the code for her token) and back to Home.
    await button.click();
    const reviews = page.getByTestId('reviews');
    await reviews
      .getByText('Awaiting my review (5)')
      .waitFor({ timeout: 60_000 });
    await reviews.getByText('My open pull requests (2)').waitFor();
    await reviews
      .getByText('Retry idempotent captures on 502 from the acquirer')
      .waitFor();
    await reviews
      .getByText('WIP: 3-D Secure 2.3 challenge flow')
      .first()
      .waitFor();
    assert.match(
      (await page.getByTestId('reviews-read-as').textContent()) ?? '',
      /As alice-larkspur on github\.larkspur\.example, read with your own GitHub token/,
    );
    await reviews.scrollIntoViewIfNeeded();
    await saveScreenshot(page, { path: shot('signed-in') });

    // The code was exchanged for her token, and GitHub was searched with it (the gateway passed it on).
    const paths = github.requests.map(r => r.path);
    assert.ok(paths.includes('/login/oauth/authorize'), paths.join(' '));
    assert.ok(paths.includes('/login/oauth/access_token'), paths.join(' '));
    const searches = github.requests.filter(r => r.path === '/search/issues');
    assert.ok(searches.length >= 2, JSON.stringify(github.requests));
    assert.ok(
      searches.every(r => r.token === TOKENS.alice),
      JSON.stringify(searches),
    );

    // Before she connected GitHub, Backstage's GitHub auth API asked the auth backend for a GitHub session of
    // this browser (GET /api/auth/github/refresh), which answers 401 while there is none: that alone is
    // expected, and Chromium logs each such answer as a console error.
    const noSession = problems.filter(p =>
      /^HTTP 401: GET \S+\/api\/auth\/github\/refresh\?/.test(p),
    );
    const logged401: string[] = problems.filter(
      p =>
        p ===
        'console error: Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    );
    assert.ok(logged401.length <= noSession.length, problems.join('\n'));
    assert.deepEqual(
      problems.filter(p => !noSession.includes(p) && !logged401.includes(p)),
      [],
    );
    const back = new URL(page.url());
    assert.equal(back.origin, demo.baseUrl);
    assert.equal(back.pathname, '/');
    assert.equal(back.searchParams.get('error'), null);

    // A reload reads them with her token again: the GitHub session is refreshed from its cookie, and nothing
    // fails any more.
    problems.length = 0;
    const searchesBefore = github.requests.filter(
      r => r.path === '/search/issues',
    ).length;
    await page.reload();
    await page
      .getByTestId('reviews')
      .getByText('Awaiting my review (5)')
      .waitFor({ timeout: 60_000 });
    assert.match(
      (await page.getByTestId('reviews-read-as').textContent()) ?? '',
      /read with your own GitHub token/,
    );
    assert.deepEqual(problems, []);
    assert.ok(
      github.requests
        .filter(r => r.path === '/search/issues')
        .slice(searchesBefore)
        .every(r => r.token === TOKENS.alice),
    );
    await page.context().close();
  });

  test("a user's layout survives a restart", async () => {
    await call('alice.nakamura', 'PUT', '/layout', {
      widgets: ['AtriumSystems', 'AtriumWelcome'],
    });
    await demo.restart('home-restart');
    const alice = await call('alice.nakamura', 'GET', '/layout');
    assert.equal(alice.body.layout.scope, 'user');
    assert.deepEqual(alice.body.layout.widgets, [
      'AtriumSystems',
      'AtriumWelcome',
    ]);
    // ...and so does checklist progress.
    const checklist = await call('mei.chen', 'GET', '/checklist');
    assert.equal(
      checklist.body.items.find((i: any) => i.id === 'first-deploy').done,
      true,
    );
  });
});
