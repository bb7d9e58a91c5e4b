import http from 'node:http';
import { parse } from 'yaml';
import { ClusterState } from './cluster';
import { writerFor } from './dryRun';
import { readBodyText } from './body';
import { badRequest, StatusError } from './status';
import { apiVersionOf, deepCopy, KubeObject, ResourceType } from './types';

/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`), as far as Atrium's App and
 * Scaler need them. Written here because the only implementation is Kubernetes' own (Go,
 * structured-merge-diff); this one keeps its rules for maps and atomic lists:
 *
 * - the applied configuration's fields (every leaf: a scalar, a list, an empty map) become its manager's, in
 *   `metadata.managedFields` (`operation: Apply`, `fieldsV1`);
 * - a field another manager owns, applied with a different value, is a 409 Conflict naming the manager and the
 *   field, unless `force=true`, which moves the field to the applier; the same value shares it;
 * - a field the manager applied before and leaves out now is removed, unless another manager owns it too;
 * - a missing object is created.
 *
 * Not modelled: lists merged by key (`x-kubernetes-list-type: map`; the CRDs have none, lists are atomic),
 * ownership recorded for updates (PUT, merge/JSON patch and scale keep managedFields as they are), the
 * `before-first-apply` manager of objects created without one, and apply to subresources.
 */

export const APPLY_PATCH = 'application/apply-patch+yaml';

const MAX_DEPTH = 64;

type FieldPath = string[];

export const isApplyPatch = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0].trim().toLowerCase() === APPLY_PATCH;

/** Reads an apply body: YAML or JSON (JSON is YAML). */
export async function readApplyBody(
  req: http.IncomingMessage,
): Promise<unknown> {
  const text = await readBodyText(req);
  try {
    return parse(text);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Metadata the server owns; never a manager's field. */
const SERVER_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'selfLink',
]);

/** The leaves of an applied configuration (status and server-owned metadata left out). */
export function fieldsOf(config: Record<string, unknown>): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (value: unknown, path: FieldPath) => {
    if (path.length > MAX_DEPTH)
      throw badRequest('the apply configuration is nested too deeply');
    if (isMap(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value))
        walk(child, [...path, key]);
    } else out.push(path);
  };
  for (const [key, value] of Object.entries(config)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'status') continue;
    if (key === 'metadata' && isMap(value)) {
      for (const [m, child] of Object.entries(value))
        if (!SERVER_METADATA.has(m)) walk(child, ['metadata', m]);
      continue;
    }
    walk(value, [key]);
  }
  return out;
}

/** `fieldsV1`: a trie of `f:<field>` entries. */
export function toFieldsV1(fields: FieldPath[]): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const path of fields) {
    let node = root;
    for (const key of path) node = node[`f:${key}`] ??= {};
  }
  return root;
}

/** The leaves of a `fieldsV1` trie (`k:`/`v:`/`i:` entries, which this simulator never writes, end a path). */
export function fromFieldsV1(trie: unknown): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (node: unknown, path: FieldPath) => {
    const entries = isMap(node) ? Object.keys(node).filter(k => k !== '.') : [];
    if (entries.length === 0 || path.length > MAX_DEPTH) {
      if (path.length > 0) out.push(path);
      return;
    }
    for (const key of entries) {
      if (key.startsWith('f:'))
        walk((node as any)[key], [...path, key.slice(2)]);
      else if (path.length > 0) out.push(path);
    }
  };
  walk(trie, []);
  return out;
}

const keyOf = (path: FieldPath) => JSON.stringify(path);
const showPath = (path: FieldPath) => path.map(p => `.${p}`).join('');

function valueAt(object: unknown, path: FieldPath): unknown {
  let node = object;
  for (const key of path) node = isMap(node) ? node[key] : undefined;
  return node;
}

function removeAt(object: Record<string, unknown>, path: FieldPath) {
  let node: unknown = object;
  for (const key of path.slice(0, -1))
    node = isMap(node) ? node[key] : undefined;
  if (isMap(node)) delete node[path[path.length - 1]];
}

/** Maps merge; lists and scalars replace; null removes. */
function merge(target: unknown, applied: unknown): unknown {
  if (!isMap(applied) || !isMap(target)) return deepCopy(applied);
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(applied)) {
    if (value === null) delete out[key];
    else out[key] = merge(out[key], value);
  }
  return out;
}

interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

/** 409 in the API server's words: `Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas`. */
function conflictError(
  type: ResourceType,
  name: string,
  conflicts: Array<{ manager: string; path: FieldPath }>,
) {
  const managerName = (m: string) => `"${m}"`;
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${managerName(
      conflicts[0].manager,
    )}: ${showPath(conflicts[0].path)}`;
  } else {
    const lines: string[] = [];
    for (const manager of [...new Set(conflicts.map(c => c.manager))].sort()) {
      lines.push(`conflicts with ${managerName(manager)}:`);
      for (const c of conflicts.filter(x => x.manager === manager))
        lines.push(`- ${showPath(c.path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join(
      '\n',
    )}`;
  }
  return new StatusError(409, 'Conflict', message, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
    causes: conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${managerName(c.manager)}`,
      field: showPath(c.path),
    })),
  });
}

/** PATCH with `application/apply-patch+yaml` on an object of a type; answers 201 when it created the object. */
export function serverSideApply(
  cluster: ClusterState,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  body: unknown,
  query: URLSearchParams,
): { code: number; object: KubeObject } {
  const manager = query.get('fieldManager');
  if (!manager)
    throw new StatusError(
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [
          {
            reason: 'FieldValueRequired',
            field: 'fieldManager',
            message: 'Required value: is required for apply patch',
          },
        ],
      },
    );
  const force = query.get('force') === 'true';
  if (!isMap(body))
    throw badRequest('the apply configuration must be an object');
  const config = body as KubeObject;
  if (config.apiVersion !== apiVersionOf(type) || config.kind !== type.kind)
    throw badRequest(
      `the apply configuration must be apiVersion ${apiVersionOf(type)}, kind ${
        type.kind
      } (got ${config.apiVersion}, ${config.kind})`,
    );
  if (!isMap(config.metadata) || config.metadata.name !== name)
    throw badRequest(
      `the name of the object (${config.metadata?.name}) does not match the name on the URL (${name})`,
    );
  if (
    type.namespaced &&
    config.metadata.namespace &&
    config.metadata.namespace !== namespace
  )
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );

  const writer = writerFor(cluster, query);
  const current = cluster.store.get(type, namespace, name);
  const applied = fieldsOf(config);
  const appliedKeys = new Set(applied.map(keyOf));
  const entries = (
    (current?.metadata.managedFields ?? []) as ManagedFieldsEntry[]
  ).map(e => ({
    entry: e,
    fields: fromFieldsV1(e.fieldsV1),
  }));
  const isMine = (e: ManagedFieldsEntry) =>
    e.manager === manager && e.operation === 'Apply' && !e.subresource;

  const conflicts: Array<{ manager: string; path: FieldPath }> = [];
  for (const { entry, fields } of entries) {
    if (isMine(entry)) continue;
    for (const path of fields)
      if (
        appliedKeys.has(keyOf(path)) &&
        !sameValue(valueAt(current, path), valueAt(config, path))
      )
        conflicts.push({ manager: entry.manager, path });
  }
  if (conflicts.length > 0 && !force)
    throw conflictError(type, name, conflicts);
  const taken = new Set(conflicts.map(c => keyOf(c.path)));

  let result = (
    current ? deepCopy(current) : { metadata: { name } }
  ) as KubeObject;
  const previous = entries.find(e => isMine(e.entry))?.fields ?? [];
  const ownedByOthers = new Set(
    entries
      .filter(e => !isMine(e.entry))
      .flatMap(e => e.fields.filter(p => !taken.has(keyOf(p))).map(keyOf)),
  );
  for (const path of previous)
    if (!appliedKeys.has(keyOf(path)) && !ownedByOthers.has(keyOf(path)))
      removeAt(result, path);
  const { status: _ignored, ...withoutStatus } = config;
  result = merge(result, withoutStatus) as KubeObject;

  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const managedFields: ManagedFieldsEntry[] = [
    ...entries
      .filter(e => !isMine(e.entry))
      .map(({ entry, fields }) => {
        const kept = fields.filter(p => !taken.has(keyOf(p)));
        return kept.length === fields.length
          ? entry
          : { ...entry, fieldsV1: toFieldsV1(kept) };
      })
      .filter(e => fromFieldsV1(e.fieldsV1).length > 0),
    {
      manager,
      operation: 'Apply',
      apiVersion: apiVersionOf(type),
      time: now,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(applied),
    },
  ];
  result.apiVersion = apiVersionOf(type);
  result.kind = type.kind;
  result.metadata = {
    ...result.metadata,
    name,
    ...(type.namespaced ? { namespace } : {}),
    managedFields,
    // A resourceVersion in the configuration is a precondition; otherwise the version this was computed from.
    resourceVersion:
      (config.metadata.resourceVersion as string | undefined) ??
      current?.metadata.resourceVersion,
  };
  if (!current) {
    delete result.metadata.resourceVersion;
    return { code: 201, object: writer.create(type, namespace, result) };
  }
  return { code: 200, object: writer.replace(type, namespace, name, result) };
}
