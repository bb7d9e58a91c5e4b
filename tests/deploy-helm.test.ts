/**
 * The Helm values for the upstream Backstage chart (deploy/helm/values.yaml), checked against the chart's keys
 * (helm is not installed here, so the chart itself is not rendered). Every environment variable the configs
 * read must come from a Secret of deploy/kustomize/secrets.example.yaml or a value set in the values. No
 * server, no cluster: under a second. The Kustomize manifests are tests/deploy.test.ts's.
 */
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import {
  LIVENESS,
  missingFrom,
  PRODUCTION_CONFIG,
  READINESS,
  readYaml,
  requiredVars,
  SECRETS,
  type Obj,
} from './lib/deploy.ts';
import { ROOT } from './lib/paths.ts';

/**
 * The keys of the upstream chart (backstage/charts, chart `backstage` 2.8.2: values.yaml, values.schema.json and
 * templates) that Atrium's values use, with the keys the chart knows under each; an unknown key is silently
 * ignored by Helm, so a misspelt one would drop a setting.
 */
const CHART_KEYS: Record<string, string[]> = {
  '': [
    'global',
    'kubeVersion',
    'nameOverride',
    'fullnameOverride',
    'clusterDomain',
    'commonLabels',
    'commonAnnotations',
    'extraDeploy',
    'diagnosticMode',
    'ingress',
    'httpRoute',
    'backstage',
    'service',
    'networkPolicy',
    'postgresql',
    'serviceAccount',
    'metrics',
  ],
  backstage: [
    'affinity',
    'annotations',
    'appConfig',
    'args',
    'autoscaling',
    'command',
    'containerPorts',
    'containerSecurityContext',
    'extraAppConfig',
    'extraContainers',
    'extraEnvVars',
    'extraEnvVarsCM',
    'extraEnvVarsSecrets',
    'extraPorts',
    'extraVolumeMounts',
    'extraVolumes',
    'hostAliases',
    'image',
    'initContainers',
    'installDir',
    'livenessProbe',
    'nodeSelector',
    'pdb',
    'podAnnotations',
    'podLabels',
    'podSecurityContext',
    'readinessProbe',
    'replicas',
    'resources',
    'revisionHistoryLimit',
    'startupProbe',
    'strategy',
    'tolerations',
    'topologySpreadConstraints',
  ],
  'backstage.image': [
    'registry',
    'repository',
    'tag',
    'digest',
    'pullPolicy',
    'pullSecrets',
  ],
  'backstage.pdb': ['create', 'minAvailable', 'maxUnavailable'],
  'backstage.autoscaling': [
    'enabled',
    'minReplicas',
    'maxReplicas',
    'targetCPUUtilizationPercentage',
    'targetMemoryUtilizationPercentage',
  ],
  'backstage.containerPorts': ['backend'],
  ingress: [
    'enabled',
    'className',
    'annotations',
    'host',
    'extraHosts',
    'path',
    'tls',
    'extraTls',
  ],
  'ingress.tls': ['enabled', 'secretName'],
  serviceAccount: [
    'create',
    'name',
    'labels',
    'annotations',
    'automountServiceAccountToken',
  ],
};

describe('Helm values for the upstream Backstage chart (deploy/helm/values.yaml)', () => {
  const values = readYaml('deploy/helm/values.yaml');
  const at = (path: string): any =>
    path === '' ? values : path.split('.').reduce((o, k) => o?.[k], values);

  test('use only keys the chart has', () => {
    for (const [path, keys] of Object.entries(CHART_KEYS)) {
      const node = at(path);
      if (node === undefined) continue;
      const unknown = Object.keys(node).filter(k => !keys.includes(k));
      assert.deepEqual(unknown, [], `unknown keys under ${path || 'the top'}`);
    }
  });

  test('Atrium’s image, at least two replicas, a PodDisruptionBudget and an autoscaler, no bundled PostgreSQL', () => {
    const b = values.backstage;
    assert.ok(b.image.registry && b.image.repository && b.image.tag);
    assert.notEqual(b.image.repository, 'backstage/backstage');
    assert.equal(b.replicas, 2);
    // With autoscaling on, the chart leaves replicas to the autoscaler: its floor is what counts.
    assert.equal(b.autoscaling.enabled, true);
    assert.ok(b.autoscaling.minReplicas >= 2);
    assert.ok(b.autoscaling.maxReplicas > b.autoscaling.minReplicas);
    assert.ok(b.autoscaling.targetCPUUtilizationPercentage > 0);
    assert.deepEqual(b.pdb, { create: true, minAvailable: 1 });
    assert.equal(b.strategy.rollingUpdate.maxUnavailable, 0);
    assert.equal(values.postgresql.enabled, false);
    assert.equal(values.serviceAccount.automountServiceAccountToken, false);
  });

  test('probes on the health endpoints at the backend’s port, resources, non-root', () => {
    const b = values.backstage;
    assert.equal(b.readinessProbe.httpGet.path, READINESS);
    assert.equal(b.livenessProbe.httpGet.path, LIVENESS);
    assert.equal(b.startupProbe.httpGet.path, LIVENESS);
    for (const probe of [b.readinessProbe, b.livenessProbe, b.startupProbe]) {
      assert.equal(probe.httpGet.port, b.containerPorts.backend);
    }
    assert.equal(b.containerPorts.backend, 7007);
    assert.ok(b.resources.requests.cpu && b.resources.requests.memory);
    assert.ok(b.resources.limits.memory);
    assert.equal(b.podSecurityContext.runAsNonRoot, true);
    assert.notEqual(b.podSecurityContext.runAsUser, 0);
    assert.equal(b.containerSecurityContext.readOnlyRootFilesystem, true);
    assert.equal(b.containerSecurityContext.allowPrivilegeEscalation, false);
    const tmp = b.extraVolumeMounts.find((m: Obj) => m.mountPath === '/tmp');
    assert.ok(
      b.extraVolumes.find((v: Obj) => v.name === tmp?.name)?.emptyDir,
      '/tmp is an emptyDir',
    );
  });

  test('the production config, Redis as backend.cache, and every variable from an example Secret', () => {
    const b = values.backstage;
    assert.deepEqual(b.command, ['node', 'packages/backend']);
    assert.deepEqual(b.args, [
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ]);
    for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
      accessSync(resolve(ROOT, file), constants.R_OK);
    }
    // backend.cache as @backstage/backend-defaults' schema has it: store 'redis' with a connection string.
    const schema = JSON.parse(
      readFileSync(
        resolve(
          ROOT,
          'node_modules/@backstage/backend-defaults/config.schema.json',
        ),
        'utf8',
      ),
    );
    const redis = schema.properties.backend.properties.cache.anyOf.find(
      (s: Obj) => s.properties.store.const === 'redis',
    );
    assert.ok(
      redis?.properties.connection,
      'backend-defaults takes a Redis connection',
    );
    assert.equal(b.appConfig.backend.cache.store, 'redis');
    assert.match(b.appConfig.backend.cache.connection, /^\$\{[A-Z_]+\}$/);

    const provided = new Set<string>(b.extraEnvVars.map((e: Obj) => e.name));
    for (const name of b.extraEnvVarsSecrets) {
      const keys = SECRETS.get(name);
      assert.ok(keys, `Secret ${name} is in secrets.example.yaml`);
      keys.forEach(k => provided.add(k));
    }
    const required = requiredVars(
      `${PRODUCTION_CONFIG}\n${JSON.stringify(b.appConfig)}`,
    );
    assert.ok(required.has('AUTH_SESSION_SECRET') && required.has('REDIS_URL'));
    assert.deepEqual(missingFrom(required, provided), []);
  });
});
