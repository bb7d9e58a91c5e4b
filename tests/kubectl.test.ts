/**
 * kubectl against the Kubernetes API simulator (packages/kube-simulator; not a cluster): the commands a
 * platform engineer uses every day, over the simulator's HTTPS with its CA and a bearer token from a
 * kubeconfig. As the admin: get, describe, logs, scale, patch (merge and JSON), label, watch, explain, apply
 * (client-side and server-side, with a field manager conflict), diff and delete. As Atrium's compute service
 * account (deploy/cluster/rbac.yaml): auth can-i (a yes and a no) and a 403 beyond its verbs. Every command is
 * bounded in time. Skipped, saying so, only where no kubectl binary exists.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { KUBECTL } from './lib/kubectl.ts';
import {
  app,
  NS,
  OPENAPI_V3_SKIP,
  useKubectlSession,
} from './lib/kubectlSession.ts';

describe(
  'kubectl against the Kubernetes API simulator',
  {
    skip: KUBECTL
      ? false
      : "no kubectl binary on this machine (install Debian's kubernetes-client)",
  },
  () => {
    const session = useKubectlSession();
    const { kubectl, ok, getJson, manifest } = session;

    test('get and describe Apps, pods, namespaces and events', async () => {
      const table = await ok(['get', 'apps']);
      // Names only: the simulator does not serve Table output, so kubectl prints no printer columns.
      assert.match(table, /^NAME\s+AGE$/m);
      assert.match(table, /^payments-gateway\s/m);
      assert.equal(
        (await getJson(['app', 'payments-gateway'])).spec.tier,
        'reserved',
      );
      assert.match(
        await ok(['get', 'aapp', 'payments-gateway', '-o', 'name']),
        /^app\.compute\.atrium\.dev\/payments-gateway$/m,
      );
      const described = await ok(['describe', 'app', 'payments-gateway']);
      assert.match(described, /^Name:\s+payments-gateway$/m);
      assert.match(described, /^Namespace:\s+team-payments$/m);
      assert.match(described, /^Kind:\s+App$/m);
      const pods = (
        await getJson(['pods', '-l', 'compute.atrium.dev/app=payments-gateway'])
      ).items;
      assert.ok(pods.length > 0);
      assert.match(
        await ok(['describe', 'pod', pods[0].metadata.name]),
        /^Node:\s+\S+/m,
      );
      assert.match(await ok(['get', 'namespaces']), /^team-payments\s+\d+s$/m);
      assert.match(
        await ok(['describe', 'namespace', NS]),
        /^Labels:\s+compute\.atrium\.dev\/team=team-payments$/m,
      );
      const reasons = (await getJson(['events', '-n', NS])).items.map(
        (e: any) => e.reason,
      );
      assert.ok(reasons.includes('Scheduled'), reasons.join(' '));
      assert.match(
        await ok(['get', 'events', '-n', NS]),
        /^payments-gateway\.\w+\s/m,
      );
    });

    test('logs of a pod container', async () => {
      const pod = (
        await getJson(['pods', '-l', 'compute.atrium.dev/app=payments-gateway'])
      ).items[0];
      const lines = (
        await ok([
          'logs',
          pod.metadata.name,
          '-c',
          pod.spec.containers[0].name,
          '--tail',
          '3',
        ])
      )
        .trim()
        .split('\n');
      assert.equal(lines.length, 3);
    });

    test('scale, patch (merge and JSON) and label an App (one no Scaler holds)', async () => {
      const APP = ['app', 'ledger-service'];
      // kubectl's own word for each change: `scale` says scaled, `patch` says patched.
      for (const [change, replicas, said] of [
        [['scale', ...APP, '--replicas', '4'], 4, /scaled/],
        [
          ['patch', ...APP, '--type', 'merge', '-p', '{"spec":{"replicas":3}}'],
          3,
          /patched/,
        ],
        [
          [
            'patch',
            ...APP,
            '--type',
            'json',
            '-p',
            '[{"op":"replace","path":"/spec/replicas","value":2}]',
          ],
          2,
          /patched/,
        ],
      ] as const) {
        assert.match(await ok([...change]), said);
        assert.equal((await getJson(APP)).spec.replicas, replicas);
      }
      assert.match(
        await ok(['label', 'app', 'ledger-service', 'stage=canary']),
        /labeled/,
      );
      assert.equal(
        (await getJson(['app', 'ledger-service'])).metadata.labels.stage,
        'canary',
      );
    });

    test('watch: the object first, then its change', async () => {
      const child = spawn(
        KUBECTL!,
        [
          '--context',
          'admin',
          'get',
          'app',
          'payments-gateway',
          '--watch',
          '--output-watch-events',
          '-o',
          'json',
          '--request-timeout',
          '20s',
        ],
        {
          env: session.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', d => (out += d));
      const exited = new Promise(r => child.once('exit', r));
      const seen = (pattern: RegExp) =>
        new Promise<void>((resolveSeen, reject) => {
          const deadline = setTimeout(
            () =>
              reject(
                new Error(`watch output never matched ${pattern}: ${out}`),
              ),
            15_000,
          );
          const check = () => {
            if (!pattern.test(out)) return;
            clearTimeout(deadline);
            child.stdout.off('data', check);
            resolveSeen();
          };
          child.stdout.on('data', check);
          check();
        });
      try {
        await seen(/"type":\s*"ADDED"/);
        await ok(['label', 'app', 'payments-gateway', 'watched=yes']);
        await seen(/"type":\s*"MODIFIED"[\s\S]*"watched":\s*"yes"/);
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
    });

    test(
      'explain an App and a pod from the OpenAPI documents',
      { skip: OPENAPI_V3_SKIP },
      async () => {
        const replicas = await ok(['explain', 'apps.spec.replicas']);
        assert.match(replicas, /^KIND:\s+App$/m);
        assert.match(replicas, /^GROUP:\s+compute\.atrium\.dev$/m);
        assert.match(replicas, /^FIELD:\s+replicas <integer>$/m);
        const strategy = await ok(['explain', 'app.spec.strategy']);
        assert.match(strategy, /type\s+<string> -required-/);
        assert.match(
          await ok(['explain', 'scalers.spec']),
          /maxReplicas\s+<integer> -required-/,
        );
        assert.match(await ok(['explain', 'pods.spec']), /nodeName\s+<string>/);
      },
    );

    test(
      'apply (client-side), diff and delete',
      { skip: OPENAPI_V3_SKIP },
      async () => {
        const file = manifest('app.json', app('kubectl-demo'));
        assert.match(
          await ok(['apply', '-f', file]),
          /app\.compute\.atrium\.dev\/kubectl-demo created/,
        );
        assert.match(await ok(['apply', '-f', file]), /unchanged/);
        const changed = manifest(
          'app-changed.json',
          app('kubectl-demo', { replicas: 5 }),
        );
        const diff = await kubectl(['diff', '-f', changed]);
        assert.equal(diff.code, 1, `kubectl diff: ${diff.stderr}`);
        assert.match(diff.stdout, /^-\s+replicas: 2$/m);
        assert.match(diff.stdout, /^\+\s+replicas: 5$/m);
        assert.equal(
          (await getJson(['app', 'kubectl-demo'])).spec.replicas,
          2,
          'diff changed nothing',
        );
        assert.match(await ok(['apply', '-f', changed]), /configured/);
        assert.equal((await getJson(['app', 'kubectl-demo'])).spec.replicas, 5);
        const invalid = await kubectl([
          'apply',
          '-f',
          manifest('bad.json', app('kubectl-demo', { tier: 'gold' })),
        ]);
        assert.notEqual(invalid.code, 0);
        assert.match(invalid.stderr, /spec\.tier/);
        assert.match(await ok(['delete', 'app', 'kubectl-demo']), /deleted/);
        const gone = await kubectl(['get', 'app', 'kubectl-demo']);
        assert.notEqual(gone.code, 0);
        assert.match(gone.stderr, /NotFound/);
      },
    );

    test(
      'server-side apply: create, a conflict with another field manager, --force-conflicts, diff',
      { skip: OPENAPI_V3_SKIP },
      async () => {
        const file = manifest('ssa.json', app('kubectl-ssa'));
        assert.match(
          await ok(['apply', '--server-side', '-f', file]),
          /kubectl-ssa serverside-applied/,
        );
        const applied = await getJson([
          'app',
          'kubectl-ssa',
          '--show-managed-fields',
        ]);
        assert.deepEqual(
          applied.metadata.managedFields.map((m: any) => [
            m.manager,
            m.operation,
          ]),
          [['kubectl', 'Apply']],
        );
        const other = manifest(
          'ssa-other.json',
          app('kubectl-ssa', { replicas: 6 }),
        );
        const conflict = await kubectl([
          'apply',
          '--server-side',
          '--field-manager',
          'release-bot',
          '-f',
          other,
        ]);
        assert.notEqual(conflict.code, 0);
        assert.match(
          conflict.stderr,
          /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/,
        );
        const diff = await kubectl([
          'diff',
          '--server-side',
          '--field-manager',
          'release-bot',
          '--force-conflicts',
          '-f',
          other,
        ]);
        assert.equal(
          diff.code,
          1,
          `kubectl diff --server-side: ${diff.stderr}`,
        );
        assert.match(diff.stdout, /^\+\s+replicas: 6$/m);
        assert.equal((await getJson(['app', 'kubectl-ssa'])).spec.replicas, 2);
        await ok([
          'apply',
          '--server-side',
          '--field-manager',
          'release-bot',
          '--force-conflicts',
          '-f',
          other,
        ]);
        const forced = await getJson([
          'app',
          'kubectl-ssa',
          '--show-managed-fields',
        ]);
        assert.equal(forced.spec.replicas, 6);
        assert.deepEqual(
          forced.metadata.managedFields.map((m: any) => m.manager).sort(),
          ['kubectl', 'release-bot'],
        );
        await ok(['delete', 'app', 'kubectl-ssa']);
      },
    );

    test("auth can-i and a 403 as Atrium's compute service account", async () => {
      const yes = await kubectl(
        ['auth', 'can-i', 'update', 'apps.compute.atrium.dev', '-n', NS],
        'compute',
      );
      assert.deepEqual([yes.code, yes.stdout.trim()], [0, 'yes']);
      // Compute replaces Apps (it never patches them); create and delete are allowed since self-service.
      const no = await kubectl(
        ['auth', 'can-i', 'patch', 'apps.compute.atrium.dev', '-n', NS],
        'compute',
      );
      assert.deepEqual([no.code, no.stdout.trim()], [1, 'no']);
      const secrets = await kubectl(
        ['auth', 'can-i', 'get', 'secrets', '-n', NS],
        'compute',
      );
      assert.equal(secrets.stdout.trim(), 'no');
      assert.equal(
        (
          await kubectl([
            'auth',
            'can-i',
            'patch',
            'apps.compute.atrium.dev',
            '-n',
            NS,
          ])
        ).stdout.trim(),
        'yes',
      );
      assert.match(
        await ok(['get', 'apps'], 'compute'),
        /^payments-gateway\s/m,
      );
      const versionBefore = (await getJson(['app', 'payments-gateway']))
        .metadata.resourceVersion;
      const denied = await kubectl(
        [
          'patch',
          'app',
          'payments-gateway',
          '--type',
          'merge',
          '-p',
          '{"metadata":{"labels":{"patched-by":"compute"}}}',
        ],
        'compute',
      );
      assert.notEqual(denied.code, 0);
      assert.match(
        denied.stderr,
        /Error from server \(Forbidden\): apps\.compute\.atrium\.dev "payments-gateway" is forbidden: User "system:serviceaccount:atrium:atrium-compute" cannot patch resource "apps" in API group "compute\.atrium\.dev" in the namespace "team-payments"/,
      );
      assert.equal(
        (await getJson(['app', 'payments-gateway'])).metadata.resourceVersion,
        versionBefore,
        'the App is unchanged',
      );
    });
  },
);
