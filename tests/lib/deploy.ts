/**
 * Reading the deployment manifests (deploy/) for tests/deploy.test.ts and tests/deploy-helm.test.ts: YAML
 * documents, the environment variables a config reads, the example Secrets, and what every rendering of Atrium's
 * Deployment (the Kustomize base and each overlay) must be.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from './paths.ts';

export const READINESS = '/.backstage/health/v1/readiness';
export const LIVENESS = '/.backstage/health/v1/liveness';

export type Obj = Record<string, any>;

export const readYaml = (rel: string): any =>
  parse(readFileSync(resolve(ROOT, rel), 'utf8'));

export function parseDocs(text: string, source: string): Obj[] {
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

export const readDocs = (rel: string) =>
  parseDocs(readFileSync(resolve(ROOT, rel), 'utf8'), rel);

/**
 * The environment variables a config text reads without a default (`${VAR}`; `${VAR:-x}` has one). Comment lines
 * are not read: the production config documents optional settings in comments, with the variables they would take.
 */
export function requiredVars(text: string): Set<string> {
  const read = text.replace(/^\s*#.*$/gm, '');
  return new Set(
    [...read.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map(m => m[1]),
  );
}

export const PRODUCTION_CONFIG = readFileSync(
  resolve(ROOT, 'app-config.production.yaml'),
  'utf8',
);

/** The example Secrets: name -> keys. */
export const SECRETS = new Map<string, Set<string>>(
  readDocs('deploy/kustomize/secrets.example.yaml').map(s => {
    assert.equal(s.kind, 'Secret');
    return [
      s.metadata.name,
      new Set(Object.keys({ ...s.stringData, ...s.data })),
    ];
  }),
);

export function missingFrom(required: Set<string>, provided: Set<string>) {
  return [...required].filter(v => !provided.has(v)).sort();
}

export function only(objects: Obj[], kind: string, name?: string): Obj {
  const found = objects.filter(
    o => o.kind === kind && (name === undefined || o.metadata?.name === name),
  );
  assert.equal(found.length, 1, `one ${kind}${name ? ` ${name}` : ''}`);
  return found[0];
}

export const matches = (selector: Record<string, string>, labels: Obj) =>
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** The assertions shared by the base and every overlay: Atrium's Deployment and what goes with it. */
export function assertAtriumShape(objects: Obj[], expectedReplicas: number) {
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
