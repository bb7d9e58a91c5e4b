import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  LIMITS,
  NAME_PATTERN,
  TAG_PATTERN,
  TIERS,
  formatMemory,
  type CreateAppRequest,
  type Tier,
} from '@atrium/plugin-compute-common';
import { quantity } from '../cluster/quantity';
import { quotedValue, wholeNumber } from '../service/validation';
import { scalerBounds } from './scalerBounds';

/** An image repository without tag, as the App resource's schema accepts it: `<registry>/<repository>`. */
const IMAGE_PATTERN =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+$/;
const CPU_PATTERN = /^[0-9]+(\.[0-9]+)?m?$/;
const MEMORY_PATTERN = /^[0-9]+(\.[0-9]+)?(k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const KEYS = new Set([
  'name',
  'component',
  'tier',
  'clusters',
  'replicas',
  'resources',
  'image',
  'tag',
  'scaler',
  'dryRun',
]);

/**
 * A creation request, checked: everything but what depends on the clusters (namespace, quota, name taken). The
 * request itself, with its `component` ref parsed into the name and the ref, and `dryRun` always given.
 */
export interface CreatePlan extends Omit<CreateAppRequest, 'dryRun'> {
  /** The component's name (in the default namespace); `componentRef` is its ref. */
  component: string;
  componentRef: string;
  dryRun: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a creation request's fields (`POST /teams/:namespace/:name/apps` and its `/check`), each with a message
 * that says what is wrong. ComputeCreation calls it, not the router: a request stored for approval is checked
 * again when it is approved. `knownClusters` are the
 * configured clusters' names.
 */
export function parseCreateRequest(
  body: unknown,
  knownClusters: string[],
): CreatePlan {
  if (!isObject(body)) throw new InputError('Send a JSON object');
  const unknown = Object.keys(body).filter(k => !KEYS.has(k));
  if (unknown.length) {
    throw new InputError(
      `Unknown field ${unknown.map(k => JSON.stringify(k)).join(', ')}`,
    );
  }
  const { name, component, tier, clusters, image, tag, scaler, dryRun } = body;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new InputError(
      `name ${quotedValue(
        name,
        80,
      )} is not a DNS label (lowercase letters, digits and dashes, at most 63, starting and ending with a letter or digit)`,
    );
  }
  let componentName: string;
  try {
    const ref = parseEntityRef(typeof component === 'string' ? component : '', {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    if (
      ref.kind.toLocaleLowerCase('en-US') !== 'component' ||
      ref.namespace !== 'default' ||
      !NAME_PATTERN.test(ref.name)
    ) {
      throw new Error();
    }
    componentName = ref.name;
  } catch {
    throw new InputError(
      `component ${quotedValue(
        component,
        130,
      )} is not component:default/<name> with a DNS label for a name`,
    );
  }
  if (!TIERS.includes(tier as Tier)) {
    throw new InputError(
      `tier ${quotedValue(tier, 40)} is unknown; the tiers are ${TIERS.join(
        ', ',
      )}`,
    );
  }
  if (
    !Array.isArray(clusters) ||
    clusters.length === 0 ||
    !clusters.every(c => typeof c === 'string')
  ) {
    throw new InputError(
      'clusters must be a list of one or more cluster names',
    );
  }
  const unknownClusters = clusters.filter(c => !knownClusters.includes(c));
  if (unknownClusters.length) {
    throw new InputError(
      `Unknown cluster ${unknownClusters
        .map(c => JSON.stringify(c.slice(0, 63)))
        .join(', ')}; the clusters are ${knownClusters.join(', ')}`,
    );
  }
  if (new Set(clusters).size !== clusters.length) {
    throw new InputError('clusters names a cluster more than once');
  }
  const replicas = wholeNumber(
    body.replicas,
    'replicas',
    0,
    LIMITS.maxReplicas,
  );
  const resources = parseResources(body.resources);
  if (typeof image !== 'string' || !IMAGE_PATTERN.test(image)) {
    throw new InputError(
      `image ${quotedValue(
        image,
        200,
      )} is not <registry>/<repository> without a tag`,
    );
  }
  if (
    tag !== undefined &&
    (typeof tag !== 'string' || !TAG_PATTERN.test(tag))
  ) {
    throw new InputError(`tag ${quotedValue(tag, 130)} is not an image tag`);
  }
  let bounds: CreatePlan['scaler'];
  if (scaler !== undefined) {
    if (!isObject(scaler)) {
      throw new InputError('scaler must be { minReplicas, maxReplicas }');
    }
    bounds = scalerBounds(scaler, 'scaler.');
    const { minReplicas: min, maxReplicas: max } = bounds;
    if (replicas < min || replicas > max) {
      throw new InputError(
        `replicas (${replicas}) must lie within the scaler's bounds ${min}–${max}`,
      );
    }
  }
  if (dryRun !== undefined && typeof dryRun !== 'boolean') {
    throw new InputError('dryRun must be true or false');
  }
  return {
    name,
    component: componentName,
    componentRef: `component:default/${componentName}`,
    tier: tier as Tier,
    clusters,
    replicas,
    resources,
    image,
    tag: tag as string | undefined,
    scaler: bounds,
    dryRun: dryRun === true,
  };
}

function parseResources(value: unknown): { cpu: string; memory: string } {
  if (!isObject(value)) {
    throw new InputError(
      'resources must be { cpu, memory }, e.g. { "cpu": "250m", "memory": "256Mi" }',
    );
  }
  const { cpu, memory } = value;
  if (typeof cpu !== 'string' || !CPU_PATTERN.test(cpu)) {
    throw new InputError(
      `resources.cpu ${quotedValue(
        cpu,
        40,
      )} is not a CPU quantity such as 250m or 1`,
    );
  }
  if (typeof memory !== 'string' || !MEMORY_PATTERN.test(memory)) {
    throw new InputError(
      `resources.memory ${quotedValue(
        memory,
        40,
      )} is not a memory quantity such as 256Mi`,
    );
  }
  const cores = quantity(cpu);
  if (!(cores > 0) || cores > LIMITS.maxCpuCores) {
    throw new InputError(
      `resources.cpu must be above 0 and at most ${LIMITS.maxCpuCores} (got ${cpu})`,
    );
  }
  const bytes = quantity(memory);
  if (!(bytes >= 1024 ** 2) || bytes > LIMITS.maxMemoryBytes) {
    throw new InputError(
      `resources.memory must be from 1Mi to ${formatMemory(
        LIMITS.maxMemoryBytes,
      )} (got ${memory})`,
    );
  }
  return { cpu, memory };
}
