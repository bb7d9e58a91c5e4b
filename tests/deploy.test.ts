/**
 * The deployment manifests (deploy/): the Kustomize base and example overlay of Atrium itself, the workload
 * cluster's kustomization (deploy/kustomization.yaml: CRDs, PriorityClasses, compute's RBAC), each rendered with
 * `kubectl kustomize`; and the Helm values for the upstream Backstage chart, checked against the chart's keys
 * (helm is not installed here, so the chart itself is not rendered). Every environment variable the configs read
 * must come from a Secret of deploy/kustomize/secrets.example.yaml or a value set in the manifests. No server, no
 * cluster: a few seconds. The renders are skipped, saying so, where no kubectl with kustomize v4+ exists.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { KUBECTL, kubectlClientVersion } from './lib/kubectl.ts';
import { ROOT } from './lib/paths.ts';

const COMMAND_TIMEOUT_MS = 30_000;
const READINESS = '/.backstage/health/v1/readiness';
const LIVENESS = '/.backstage/health/v1/liveness';

type Obj = Record<string, any>;

const readYaml = (rel: string): any =>
  parse(readFileSync(resolve(ROOT, rel), 'utf8'));

function parseDocs(text: string, source: string): Obj[] {
  const docs = parseAllDocuments(text);
  const out: Obj[] = [];
  for (const doc of docs) {
    assert.deepEqual(
      doc.errors.map(e => e.message),
      [],
      `${source}: YAML errors`,
    );
    const value = doc.toJS();
    if (value) out.push(value);
  }
  return out;
}

const readDocs = (rel: string) =>
  parseDocs(readFileSync(resolve(ROOT, rel), 'utf8'), rel);

/** The environment variables a config text reads without a default (`${VAR}`; `${VAR:-x}` has one). */
function requiredVars(text: string): Set<string> {
  return new Set(
    [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map(m => m[1]),
  );
}

const PRODUCTION_CONFIG = readFileSync(
  resolve(ROOT, 'app-config.production.yaml'),
  'utf8',
);

/** The example Secrets: name -> keys. */
const SECRETS = new Map<string, Set<string>>(
  readDocs('deploy/kustomize/secrets.example.yaml').map(s => {
    assert.equal(s.kind, 'Secret');
    return [
      s.metadata.name,
      new Set(Object.keys({ ...s.stringData, ...s.data })),
    ];
  }),
);

function missingFrom(required: Set<string>, provided: Set<string>) {
  return [...required].filter(v => !provided.has(v)).sort();
}

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

function only(objects: Obj[], kind: string, name?: string): Obj {
  const found = objects.filter(
    o => o.kind === kind && (name === undefined || o.metadata?.name === name),
  );
  assert.equal(found.length, 1, `one ${kind}${name ? ` ${name}` : ''}`);
  return found[0];
}

const matches = (selector: Record<string, string>, labels: Obj) =>
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** The assertions shared by the base and every overlay: Atrium's Deployment and what goes with it. */
function assertAtriumShape(objects: Obj[], expectedReplicas: number) {
  const deployment = only(objects, 'Deployment');
  const pod = deployment.spec.template;
  const podLabels = pod.metadata.labels;
  const [container, ...others] = pod.spec.containers;
  assert.equal(others.length, 0, 'one container');

  assert.equal(deployment.spec.replicas, expectedReplicas);
  assert.ok(deployment.spec.replicas >= 2, 'at least two replicas');
  assert.ok(matches(deployment.spec.selector.matchLabels, podLabels));
  assert.equal(
    deployment.spec.strategy.rollingUpdate.maxUnavailable,
    0,
    'a rolling update takes no replica away before its successor is ready',
  );

  // Probes on Backstage's health endpoints, at a port the container declares.
  const portNames = new Map<string, number>(
    container.ports.map((p: Obj) => [p.name, p.containerPort]),
  );
  const probePort = (probe: Obj) =>
    typeof probe.httpGet.port === 'number'
      ? probe.httpGet.port
      : portNames.get(probe.httpGet.port);
  assert.equal(container.readinessProbe.httpGet.path, READINESS);
  assert.equal(container.livenessProbe.httpGet.path, LIVENESS);
  assert.ok(container.startupProbe, 'a startup probe covers the migrations');
  for (const probe of [
    container.readinessProbe,
    container.livenessProbe,
    container.startupProbe,
  ]) {
    assert.equal(probePort(probe), 7007);
  }
  const port = container.env.find((e: Obj) => e.name === 'ATRIUM_PORT');
  assert.equal(port?.value, '7007', 'Atrium listens where the probes ask');

  // Resources: requests for the scheduler and the autoscaler, a memory limit.
  assert.ok(container.resources.requests.cpu);
  assert.ok(container.resources.requests.memory);
  assert.ok(container.resources.limits.memory);

  // Not root, no privilege escalation, read-only root with a writable /tmp.
  assert.equal(pod.spec.securityContext.runAsNonRoot, true);
  assert.notEqual(pod.spec.securityContext.runAsUser, 0);
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
  const volumes = new Map<string, Obj>(
    pod.spec.volumes.map((v: Obj) => [v.name, v]),
  );
  const tmp = container.volumeMounts.find((m: Obj) => m.mountPath === '/tmp');
  assert.ok(volumes.get(tmp?.name)?.emptyDir, '/tmp is an emptyDir');

  // The service account exists and mounts no token (Atrium does not call this cluster's API).
  const account = only(objects, 'ServiceAccount', pod.spec.serviceAccountName);
  assert.equal(account.automountServiceAccountToken, false);
  assert.equal(pod.spec.automountServiceAccountToken, false);

  // Every reference resolves: ConfigMaps in the render, Secrets in the example Secrets, with their keys.
  const configMaps = new Map<string, Obj>(
    objects.filter(o => o.kind === 'ConfigMap').map(o => [o.metadata.name, o]),
  );
  const provided = new Set<string>();
  for (const env of container.env as Obj[]) {
    provided.add(env.name);
    const secretRef = env.valueFrom?.secretKeyRef;
    const configRef = env.valueFrom?.configMapKeyRef;
    if (secretRef) {
      assert.ok(
        SECRETS.get(secretRef.name)?.has(secretRef.key),
        `${env.name}: Secret ${secretRef.name} has ${secretRef.key}`,
      );
    } else if (configRef) {
      assert.ok(
        configMaps.get(configRef.name)?.data?.[configRef.key] !== undefined,
        `${env.name}: ConfigMap ${configRef.name} has ${configRef.key}`,
      );
    } else {
      assert.equal(typeof env.value, 'string', `${env.name} has a value`);
    }
  }
  for (const from of (container.envFrom ?? []) as Obj[]) {
    const keys = SECRETS.get(from.secretRef?.name);
    assert.ok(keys, `envFrom: Secret ${from.secretRef?.name} is an example`);
    keys.forEach(k => provided.add(k));
  }

  // The config files: the image's (relative, in the repository) and the mounted ones (keys of a ConfigMap).
  const command: string[] = container.command;
  const configFiles = command
    .map((arg, i) => (command[i - 1] === '--config' ? arg : undefined))
    .filter((f): f is string => f !== undefined);
  assert.deepEqual(configFiles.slice(0, 2), [
    'app-config.yaml',
    'app-config.production.yaml',
  ]);
  let configTexts = PRODUCTION_CONFIG;
  const merged: Obj = {};
  for (const file of configFiles.slice(2)) {
    const mount = container.volumeMounts.find((m: Obj) =>
      file.startsWith(`${m.mountPath}/`),
    );
    assert.ok(mount, `${file} is on a mounted volume`);
    const configMap = configMaps.get(volumes.get(mount.name)?.configMap?.name);
    const text = configMap?.data?.[file.slice(mount.mountPath.length + 1)];
    assert.equal(typeof text, 'string', `${file} is in the mounted ConfigMap`);
    configTexts += `\n${text}`;
    Object.assign(merged, parse(text));
  }
  assert.deepEqual(
    missingFrom(requiredVars(configTexts), provided),
    [],
    'every ${VAR} the configs read is set',
  );
  assert.equal(merged.backend?.cache?.store, 'redis');
  assert.match(merged.backend.cache.connection, /^\$\{[A-Z_]+\}$/);

  // The Service reaches the pods at the container's port.
  const service = only(objects, 'Service');
  assert.ok(matches(service.spec.selector, podLabels));
  for (const p of service.spec.ports) assert.ok(portNames.has(p.targetPort));

  // The PodDisruptionBudget keeps one of these pods.
  const pdb = only(objects, 'PodDisruptionBudget');
  assert.equal(pdb.apiVersion, 'policy/v1');
  assert.equal(pdb.spec.minAvailable, 1);
  assert.ok(matches(pdb.spec.selector.matchLabels, podLabels));

  // The autoscaler scales this Deployment, never below its replicas.
  const hpa = only(objects, 'HorizontalPodAutoscaler');
  assert.equal(hpa.apiVersion, 'autoscaling/v2');
  assert.deepEqual(hpa.spec.scaleTargetRef, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: deployment.metadata.name,
  });
  assert.equal(hpa.spec.minReplicas, expectedReplicas);
  assert.ok(hpa.spec.maxReplicas > hpa.spec.minReplicas);
  assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');

  return { deployment, container };
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

    test('compute’s service account with the roles of deploy/cluster/rbac.yaml, no verb beyond get, list, watch and update', () => {
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
          for (const verb of rule.verbs) {
            assert.ok(
              // watch: the compute backend's cache is fed by informers (list + watch).
              ['get', 'list', 'watch', 'update'].includes(verb),
              `${role.metadata.name}: ${verb}`,
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
