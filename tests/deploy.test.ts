/**
 * The deployment manifests (deploy/), rendered with `kubectl kustomize`: the Kustomize base and example overlay
 * of Atrium itself, and the workload cluster's kustomization (deploy/kustomization.yaml: CRDs, PriorityClasses,
 * compute's RBAC); and the Scaler CRD's cron pattern. Every environment variable the configs read must come
 * from a Secret of deploy/kustomize/secrets.example.yaml or a value set in the manifests. The Helm values are
 * tests/deploy-helm.test.ts's. No server, no cluster: a few seconds. The renders are skipped, saying so, where
 * no kubectl with kustomize v4+ exists.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from 'yaml';
import {
  assertAtriumShape,
  only,
  parseDocs,
  readDocs,
  type Obj,
} from './lib/deploy.ts';
import { KUBECTL, kubectlClientVersion } from './lib/kubectl.ts';
import { ROOT } from './lib/paths.ts';

const COMMAND_TIMEOUT_MS = 30_000;

/**
 * Why the renders cannot run here, or false. The manifests use kustomize v4+ fields (labels, replicas, patches,
 * directories as resources); kubectl 1.21 and later embed it, Debian 12's kubernetes-client (1.20) does not.
 */
function kustomizeUnavailable(): string | false {
  if (!KUBECTL) return 'no kubectl binary (Debian: kubernetes-client)';
  try {
    const version = kubectlClientVersion(COMMAND_TIMEOUT_MS);
    const major = Number(/^v?(\d+)/.exec(version.kustomizeVersion ?? '')?.[1]);
    if (!(major >= 4)) {
      return `${KUBECTL}'s kustomize (${
        version.kustomizeVersion ?? 'unknown'
      }) is older than v4`;
    }
    return false;
  } catch (error) {
    return `${KUBECTL} version failed: ${(error as Error).message}`;
  }
}

const SKIP_RENDER = kustomizeUnavailable();
if (SKIP_RENDER) {
  // eslint-disable-next-line no-console
  console.log(`# deploy: kustomize renders skipped: ${SKIP_RENDER}`);
}

function render(dir: string): Obj[] {
  const out = execFileSync(KUBECTL!, ['kustomize', resolve(ROOT, dir)], {
    timeout: COMMAND_TIMEOUT_MS,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseDocs(out, `kubectl kustomize ${dir}`);
}

describe('Kustomize: Atrium (deploy/kustomize)', { skip: SKIP_RENDER }, () => {
  test('the base: two replicas, probes, resources, non-root, PDB, HPA, every reference resolvable', () => {
    const objects = render('deploy/kustomize/base');
    const { container } = assertAtriumShape(objects, 2);
    assert.equal(
      container.image,
      'atrium',
      'the image is the overlay’s to set',
    );
  });

  test('the example overlay: namespace, image and tag, three replicas and the autoscaler’s floor, its clusters', () => {
    const objects = render('deploy/kustomize/overlays/example');
    const { container } = assertAtriumShape(objects, 3);
    assert.equal(container.image, 'registry.example.com/platform/atrium:1.0.0');
    for (const o of objects) assert.equal(o.metadata.namespace, 'atrium');
    const env = objects.find(o => o.metadata.name.startsWith('atrium-env-'));
    assert.equal(env?.data.ATRIUM_BASE_URL, 'https://atrium.larkspur.example');
    const config = objects.find(o =>
      o.metadata.name.startsWith('atrium-app-config-'),
    );
    const site = parse(config?.data['app-config.site.yaml']);
    assert.deepEqual(
      site.compute.clusters.map((c: Obj) => c.name),
      ['prod-eu-west', 'prod-us-east'],
    );
    // The base's Redis cache is kept beside the overlay's clusters.
    assert.equal(
      parse(config?.data['app-config.kubernetes.yaml']).backend.cache.store,
      'redis',
    );
  });
});

describe(
  'Kustomize: a workload cluster (deploy/kustomization.yaml)',
  { skip: SKIP_RENDER },
  () => {
    let objects: Obj[];
    before(() => {
      objects = render('deploy');
    });

    test('every CRD of deploy/crds, unchanged', () => {
      const files = readdirSync(resolve(ROOT, 'deploy/crds')).filter(f =>
        f.endsWith('.yaml'),
      );
      assert.ok(files.length >= 2);
      const crds = objects.filter(o => o.kind === 'CustomResourceDefinition');
      assert.deepEqual(
        crds.map(c => `${c.metadata.name}.yaml`).sort(),
        files.sort(),
      );
      for (const file of files) {
        const [expected] = readDocs(`deploy/crds/${file}`);
        assert.deepEqual(
          crds.find(c => c.metadata.name === expected.metadata.name),
          expected,
        );
      }
      assert.deepEqual(crds.map(c => c.metadata.name).sort(), [
        'apps.compute.atrium.dev',
        'scalers.compute.atrium.dev',
      ]);
    });

    test('the three tiers’ PriorityClasses, reserved above on-demand above preemptible', () => {
      const classes = new Map<string, Obj>(
        objects
          .filter(o => o.kind === 'PriorityClass')
          .map(o => [o.metadata.name, o]),
      );
      assert.deepEqual([...classes.keys()].sort(), [
        'atrium-on-demand',
        'atrium-preemptible',
        'atrium-reserved',
      ]);
      assert.ok(
        classes.get('atrium-reserved')!.value >
          classes.get('atrium-on-demand')!.value,
      );
      assert.ok(
        classes.get('atrium-on-demand')!.value >
          classes.get('atrium-preemptible')!.value,
      );
      for (const c of classes.values()) {
        assert.equal(c.globalDefault, false);
        assert.equal(typeof c.description, 'string');
      }
    });

    const TEAM_ROLE = 'atrium-compute-team';
    test('compute’s service account with the roles of deploy/cluster/rbac.yaml: get, list, watch and update; create and delete only Apps and Scalers in a team namespace', () => {
      only(objects, 'Namespace', 'atrium');
      const account = only(objects, 'ServiceAccount', 'atrium-compute');
      assert.equal(account.metadata.namespace, 'atrium');

      const roles = objects.filter(o => /^(Cluster)?Role$/.test(o.kind));
      const expected = readDocs('deploy/cluster/rbac.yaml').filter(o =>
        /^(Cluster)?Role$/.test(o.kind),
      );
      assert.deepEqual(roles, expected, 'the roles are rbac.yaml’s, unchanged');
      for (const role of roles) {
        for (const rule of role.rules) {
          // Self-service creates a new service's App and Scaler, and deletes them when its run fails half-way:
          // only those, and only through the team role, which is bound per team namespace (checked below).
          const createsApps =
            role.metadata.name === TEAM_ROLE &&
            rule.apiGroups.join() === 'compute.atrium.dev' &&
            rule.resources.every((r: string) =>
              ['apps', 'scalers'].includes(r),
            );
          for (const verb of rule.verbs) {
            assert.ok(
              // watch: the compute backend's cache is fed by informers (list + watch).
              ['get', 'list', 'watch', 'update'].includes(verb) ||
                (createsApps && ['create', 'delete'].includes(verb)),
              `${role.metadata.name}: ${verb} ${rule.resources}`,
            );
          }
          assert.ok(!rule.resources.includes('secrets'));
          assert.ok(!rule.resources.includes('*'));
          assert.ok(!rule.apiGroups.includes('*'));
        }
      }

      // Every binding, here and in the team namespace example, names a role here and this service account.
      const bindings = [
        ...objects.filter(o => /Binding$/.test(o.kind)),
        ...readDocs('deploy/examples/team-namespace.yaml').filter(
          o => o.kind === 'RoleBinding',
        ),
      ];
      assert.ok(bindings.some(b => b.kind === 'ClusterRoleBinding'));
      assert.ok(bindings.some(b => b.kind === 'RoleBinding'));
      for (const binding of bindings.filter(
        b => b.roleRef.name === TEAM_ROLE,
      )) {
        assert.equal(
          binding.kind,
          'RoleBinding',
          `${TEAM_ROLE} is granted in a namespace only`,
        );
      }
      for (const binding of bindings) {
        assert.ok(
          roles.some(
            r =>
              r.kind === binding.roleRef.kind &&
              r.metadata.name === binding.roleRef.name,
          ),
          `${binding.metadata.name}: ${binding.roleRef.name} is rendered`,
        );
        assert.deepEqual(binding.subjects, [
          {
            kind: 'ServiceAccount',
            name: 'atrium-compute',
            namespace: 'atrium',
          },
        ]);
      }
    });
  },
);

describe('the Scaler CRD (deploy/crds/scalers.compute.atrium.dev.yaml)', () => {
  test('admits five-field crons, with day and month names, and the macros the simulator parses; nothing else', () => {
    const crd = parse(
      readFileSync(
        resolve(ROOT, 'deploy/crds/scalers.compute.atrium.dev.yaml'),
        'utf8',
      ),
    );
    const cron =
      crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties
        .schedules.items.properties.cron;
    const pattern = new RegExp(cron.pattern);
    for (const ok of ['0 7 * * 1-5', '0 7 * * MON-FRI', '@daily', '@weekly'])
      assert.ok(pattern.test(ok), ok);
    for (const bad of ['@sometimes', '0 7 * *', 'daily', ''])
      assert.ok(!pattern.test(bad), bad);
  });
});
