/**
 * Self-service (issue 18): the template "Service on Atrium compute" (demo/templates/atrium-service) through the
 * scaffolder's API, in Atrium's real backend: the embedded git server (Debian's git http-backend) holds the new
 * repository, the catalog reads its catalog-info.yaml from the server's raw files, compute creates the App on the
 * embedded Kubernetes API simulator and deploys a tag of the registry simulator. Users sign in through the
 * embedded OpenID provider. A failed run is undone by the template's rollback step; the backend's test-only
 * `atrium.selfService.failActions` makes create-app fail for one service name.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { parse } from 'yaml';
import { signIn } from './lib/auth.ts';
import { waitForEntity, type Backend } from './lib/backend.ts';
import { launchChromium } from './lib/browser.ts';
import { api } from './lib/compute.ts';
import { startDemoBackend } from './lib/demo.ts';
import { waitFor } from './lib/proc.ts';
import {
  assertNothingLeftOf,
  dryRunRequest,
  finishTask,
  gitServerRepos,
  runTemplate,
  serviceValues,
  startTask,
  stepStatuses,
  teamApps,
} from './lib/selfService.ts';
import { createServiceInBrowser } from './lib/selfServiceBrowser.ts';

const DOOMED = 'ledger-doomed';

describe('self-service: Service on Atrium compute', () => {
  let backend: Backend;
  let browser: Browser | undefined;
  let dir: string;
  const tokens: Record<string, string> = {};
  const as = async (user: string) =>
    (tokens[user] ??= (await signIn(backend.baseUrl, user)).token);

  /** Runs the template as `user` with `values` (serviceValues) and waits for the task to finish. */
  const runAs = async (user: string, values: Record<string, unknown>) =>
    runTemplate(backend.baseUrl, await as(user), values);
  /** Nothing of `name` anywhere: no repository, no catalog location or entity, no App. */
  const assertNothingOf = async (name: string) =>
    assertNothingLeftOf(backend, await as('alice.nakamura'), name);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atrium-self-service-'));
    const config = join(dir, 'app-config.self-service.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        atrium: {
          selfService: {
            deployTimeoutSeconds: 120,
            failActions: [`atrium:compute:create-app:${DOOMED}`],
          },
        },
      }),
    );
    backend = await startDemoBackend({
      name: 'self-service',
      configs: [config],
    });
    await waitForEntity(backend, 'template/default/atrium-service');
  });
  after(async () => {
    await browser?.close();
    await backend?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('Alice creates ledger-reports for team-payments: repository, catalog entry, a running App', async () => {
    const alice = await as('alice.nakamura');
    const task = await runTemplate(
      backend.baseUrl,
      alice,
      serviceValues('ledger-reports'),
    );
    assert.equal(task.status, 'completed', task.log.join('\n'));
    const steps = stepStatuses(task);
    for (const id of ['plan', 'publish', 'register', 'create-app', 'deploy']) {
      assert.equal(
        steps[id],
        'completed',
        `step ${id}: ${task.log.join('\n')}`,
      );
    }
    assert.equal(steps.rollback, 'skipped');

    // The repository, cloned with git: the skeleton and the rendered catalog entry.
    const clone = join(dir, 'ledger-reports');
    execFileSync('git', [
      'clone',
      '--quiet',
      `${backend.baseUrl}/api/git-server/repos/ledger-reports.git`,
      clone,
    ]);
    for (const f of [
      'README.md',
      'package.json',
      'src/server.ts',
      'catalog-info.yaml',
    ]) {
      assert.ok(existsSync(join(clone, f)), `${f} in the repository`);
    }
    const info = parse(readFileSync(join(clone, 'catalog-info.yaml'), 'utf8'));
    assert.equal(info.metadata.name, 'ledger-reports');
    assert.equal(info.spec.owner, 'group:default/team-payments');
    assert.equal(info.spec.system, 'system:default/payments');
    assert.equal(
      info.metadata.annotations['compute.atrium.dev/apps'],
      'ledger-reports',
    );
    assert.match(
      execFileSync('git', ['-C', clone, 'log', '--format=%an %s']).toString(),
      /Initial commit/,
    );

    // The catalog: the component, owned by team-payments.
    const entity = await waitFor('ledger-reports in the catalog', async () => {
      const res = await api(
        backend.baseUrl,
        alice,
        '/api/catalog/entities/by-name/component/default/ledger-reports',
      );
      return res.status === 200 ? res.body : undefined;
    });
    assert.ok(
      entity.relations.some(
        (r: any) =>
          r.type === 'ownedBy' && r.targetRef === 'group:default/team-payments',
      ),
      JSON.stringify(entity.relations),
    );

    // The App: Running the deployed tag.
    const app = await api(
      backend.baseUrl,
      alice,
      '/api/compute/clusters/sim-eu-west/namespaces/team-payments/apps/ledger-reports',
    );
    assert.equal(app.status, 200, JSON.stringify(app.body));
    assert.equal(app.body.spec.version, '1.28.0');
    assert.equal(app.body.status.phase, 'Running');
    assert.ok(
      task.log.some(l => /Ready/.test(l)),
      'the deploy step logged progress',
    );
  });

  test('Bob (team-fleet) cannot create a service for team-payments: refused before anything is made', async () => {
    const task = await runAs('bob.okafor', serviceValues('fleet-intruder'));
    assert.equal(task.status, 'failed');
    assert.equal(stepStatuses(task).plan, 'failed', task.log.join('\n'));
    assert.equal(stepStatuses(task).publish, 'skipped');
    await assertNothingOf('fleet-intruder');
  });

  test('over quota: refused by the plan step, nothing made', async () => {
    const task = await runAs(
      'alice.nakamura',
      serviceValues('ledger-greedy', {
        replicas: 20,
        cpu: '64',
        memory: '256Gi',
      }),
    );
    assert.equal(task.status, 'failed');
    assert.equal(stepStatuses(task).plan, 'failed', task.log.join('\n'));
    assert.ok(
      task.log.some(l => /quota/i.test(l)),
      task.log.join('\n'),
    );
    await assertNothingOf('ledger-greedy');
  });

  test('a failure after the repository step is undone: no repository, no entity, no App', async () => {
    const task = await runAs('alice.nakamura', serviceValues(DOOMED));
    assert.equal(task.status, 'failed');
    const steps = stepStatuses(task);
    assert.equal(steps.publish, 'completed');
    assert.equal(steps.register, 'completed');
    assert.equal(steps['create-app'], 'failed');
    assert.equal(steps.rollback, 'completed', task.log.join('\n'));
    const log = task.log.join('\n');
    assert.match(log, /Step create-app \(Create the App\) failed/);
    assert.match(log, new RegExp(`Undone: repository ${DOOMED} deleted`));
    assert.match(log, /Undone: catalog location .* unregistered/);
    await assertNothingOf(DOOMED);
    // ...and git agrees: the repository is not there to clone.
    assert.throws(() =>
      execFileSync(
        'git',
        ['ls-remote', `${backend.baseUrl}/api/git-server/repos/${DOOMED}.git`],
        { stdio: 'pipe' },
      ),
    );
  });

  test('a tag the registry does not have fails the deploy step: the App is deleted too', async () => {
    const alice = await as('alice.nakamura');
    const task = await runTemplate(
      backend.baseUrl,
      alice,
      serviceValues('ledger-untagged', { version: '9.9.9-missing' }),
    );
    assert.equal(task.status, 'failed');
    const steps = stepStatuses(task);
    assert.equal(steps['create-app'], 'completed');
    assert.equal(steps.deploy, 'failed', task.log.join('\n'));
    const log = task.log.join('\n');
    assert.match(log, /The registry has no tag 9\.9\.9-missing/);
    assert.match(log, /Step deploy \(Deploy\) failed/);
    assert.match(
      log,
      /Undone: App team-payments\/ledger-untagged deleted on sim-eu-west/,
    );
    await waitFor('the App gone from compute', async () =>
      (
        await teamApps(
          backend.baseUrl,
          alice,
          'team-payments',
          'ledger-untagged',
        )
      ).length === 0
        ? true
        : undefined,
    );
    await assertNothingOf('ledger-untagged');
  });

  test('dry run (the template editor, a platform admin) creates nothing', async () => {
    const ravi = await as('ravi.subramanian');
    const res = await api(backend.baseUrl, ravi, '/api/scaffolder/v2/dry-run', {
      method: 'POST',
      body: dryRunRequest(serviceValues('ledger-dry')),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const log = (res.body.log as any[]).map(e => e.body.message).join('\n');
    assert.match(log, /Dry run: would create repository ledger-dry/);
    assert.match(log, /Checked: App ledger-dry/);
    assert.ok(
      (res.body.directoryContents as any[]).some(
        f => f.path === 'catalog-info.yaml',
      ),
    );
    await assertNothingOf('ledger-dry');

    // The JVM skeleton: Kotlin with Gradle, named after the service.
    const kotlin = await api(
      backend.baseUrl,
      ravi,
      '/api/scaffolder/v2/dry-run',
      {
        method: 'POST',
        body: dryRunRequest(
          serviceValues('ledger-jvm', { language: 'kotlin' }),
        ),
      },
    );
    assert.equal(kotlin.status, 200, JSON.stringify(kotlin.body));
    const files = new Map(
      (kotlin.body.directoryContents as any[]).map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString(),
      ]),
    );
    assert.match(files.get('settings.gradle.kts') ?? '', /"ledger-jvm"/);
    assert.ok(files.has('build.gradle.kts'));
    assert.match(
      files.get('src/main/kotlin/Main.kt') ?? '',
      /ledger-jvm listening/,
    );
    assert.ok(!files.has('package.json'));
    await assertNothingOf('ledger-jvm');

    // Alice may not use the template editor's dry run.
    const alice = await as('alice.nakamura');
    const refused = await api(
      backend.baseUrl,
      alice,
      '/api/scaffolder/v2/dry-run',
      {
        method: 'POST',
        body: dryRunRequest(serviceValues('ledger-dry')),
      },
    );
    assert.equal(refused.status, 403);
  });

  test('a second run for a name already taken fails without touching the first service', async () => {
    const alice = await as('alice.nakamura');
    const started = await startTask(
      backend.baseUrl,
      alice,
      serviceValues('ledger-reports'),
    );
    assert.equal(started.status, 201);
    const task = await finishTask(backend.baseUrl, alice, started.body.id);
    assert.equal(task.status, 'failed');
    assert.ok(
      (await gitServerRepos(backend.baseUrl, backend.serviceToken)).includes(
        'ledger-reports',
      ),
    );
    const entity = await api(
      backend.baseUrl,
      alice,
      '/api/catalog/entities/by-name/component/default/ledger-reports',
    );
    assert.equal(entity.status, 200);
  });

  test('the new-service funnel reaches adoption Insights: runs, their outcome, and the time to a Ready App', async () => {
    const ravi = await as('ravi.subramanian'); // a platform admin: Insights are theirs
    const res = await api(
      backend.baseUrl,
      ravi,
      '/api/adoption/insights/templates',
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const runs = res.body as {
      runs: number;
      succeeded: number;
      medianSecondsToReady: number | null;
      templates: Array<{
        templateRef: string;
        runs: number;
        succeeded: number;
      }>;
    };
    // The real runs above: Alice's ledger-reports (Ready), and five that failed (Bob, over quota, the injected
    // failure, the missing tag, the taken name). The dry run is no run.
    const template = runs.templates.find(
      t => t.templateRef === 'template:default/atrium-service',
    );
    assert.deepEqual(
      { runs: template?.runs, succeeded: template?.succeeded },
      { runs: 6, succeeded: 1 },
      JSON.stringify(runs),
    );
    assert.ok(
      runs.medianSecondsToReady !== null && runs.medianSecondsToReady > 0,
      `time from a run's start to its Ready App: ${runs.medianSecondsToReady}`,
    );
  });

  test('in Chromium: Alice fills in the form (her team, CPU checked against its quota) and the run finishes', async () => {
    browser = await launchChromium();
    const journey = await createServiceInBrowser(
      browser,
      backend.baseUrl,
      'alice.nakamura',
      'ledger-reports-web',
    );
    assert.equal(journey.team, 'Payments');
    assert.match(journey.cpuHelp, /Fits: sim-eu-west: 100m asked/);
    const id = journey.taskUrl.split('/').pop()!;
    const task = await finishTask(
      backend.baseUrl,
      await as('alice.nakamura'),
      id,
    );
    assert.equal(task.status, 'completed', task.log.join('\n'));
    assert.ok(
      (await gitServerRepos(backend.baseUrl, backend.serviceToken)).includes(
        'ledger-reports-web',
      ),
    );
    assert.deepEqual(
      journey.problems.filter(p => !/favicon/.test(p)),
      [],
    );
  });
});
