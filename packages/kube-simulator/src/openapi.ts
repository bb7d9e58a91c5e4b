import { createHash } from 'node:crypto';
import { ClusterState } from './cluster';
import {
  API_VERSION_FIELD,
  CORE_PREFIX,
  CORE_SCHEMAS,
  KIND_FIELD,
  META,
  META_SCHEMAS,
  OBJECT_META_FIELD,
} from './openapiTypes';
import { toSwagger } from './openapiV2';
import { StatusError } from './status';
import { apiVersionOf, ResourceType } from './types';

/**
 * The OpenAPI documents kubectl reads (`explain`, and `apply`/`diff` to learn that the server validates fields
 * itself): `/openapi/v3` (an index of group versions), `/openapi/v3/<api/v1 | apis/<group>/<version>>` (OpenAPI
 * 3.0), and `/openapi/v2` (Swagger 2.0, JSON only), built from the CRDs' `openAPIV3Schema` and the built-in
 * schemas of `openapiTypes.ts`.
 */

type Schema = Record<string, any>;
export interface GroupVersionDoc {
  key: string;
  doc: Schema;
  hash: string;
}

const reverseDomain = (group: string) => group.split('.').reverse().join('.');

/** The component name of a kind: `io.k8s.api.core.v1.Pod`, `dev.atrium.compute.v1alpha1.App`. */
export const schemaName = (
  type: Pick<ResourceType, 'group' | 'version'>,
  kind: string,
) =>
  type.group
    ? `${reverseDomain(type.group)}.${type.version}.${kind}`
    : `${CORE_PREFIX}.${kind}`;

const gvk = (type: ResourceType, kind = type.kind) => ({
  group: type.group,
  version: type.version,
  kind,
});
const refTo = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({
  content: { 'application/json': { schema }, 'application/yaml': { schema } },
});
const queryParam = (name: string, description: string, type = 'string') => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});

const DRY_RUN = queryParam(
  'dryRun',
  'All: validate and answer, but do not persist.',
);
const FIELD_MANAGER = queryParam(
  'fieldManager',
  'The name of the actor making the change; required for apply.',
);
const FIELD_VALIDATION = queryParam(
  'fieldValidation',
  'Ignore, Warn or Strict: what to do with fields the schema does not declare.',
);
const FORCE = queryParam(
  'force',
  'Apply: take fields other managers own.',
  'boolean',
);
const LIST_PARAMS = [
  queryParam('labelSelector', 'Select objects by label.'),
  queryParam('fieldSelector', 'Select objects by field.'),
  queryParam('limit', 'At most this many items per chunk.', 'integer'),
  queryParam('continue', 'The continue token of the previous chunk.'),
  queryParam('resourceVersion', 'Watch changes after this version.'),
  queryParam('timeoutSeconds', 'End the watch after this long.', 'integer'),
  queryParam('watch', 'Stream changes as watch events.', 'boolean'),
];
const pathParam = (name: string) => ({
  name,
  in: 'path',
  required: true,
  description: `the ${name}`,
  schema: { type: 'string', uniqueItems: true },
});

/** The published schema of a custom resource: its CRD schema with ObjectMeta and the GVK extension. */
function customSchema(type: ResourceType, schema: Schema): Schema {
  const copy = structuredClone(schema);
  copy.properties = {
    ...copy.properties,
    apiVersion: API_VERSION_FIELD,
    kind: KIND_FIELD,
    metadata: OBJECT_META_FIELD,
  };
  return { ...copy, 'x-kubernetes-group-version-kind': [gvk(type)] };
}

function listSchema(type: ResourceType): Schema {
  return {
    type: 'object',
    required: ['items'],
    description: `A list of ${type.kind} objects.`,
    properties: {
      apiVersion: API_VERSION_FIELD,
      kind: KIND_FIELD,
      metadata: { allOf: [refTo(`${META}.ListMeta`)] },
      items: { type: 'array', items: refTo(schemaName(type, type.kind)) },
    },
    'x-kubernetes-group-version-kind': [gvk(type, `${type.kind}List`)],
  };
}

/** The path items of one resource type, its verbs only. */
function resourcePaths(
  type: ResourceType,
  subresources: string[],
): Record<string, Schema> {
  const prefix = type.group
    ? `/apis/${type.group}/${type.version}`
    : `/api/${type.version}`;
  const base = type.namespaced
    ? `${prefix}/namespaces/{namespace}/${type.plural}`
    : `${prefix}/${type.plural}`;
  const object = refTo(schemaName(type, type.kind));
  const status = refTo(`${META}.Status`);
  const id = (verb: string, suffix = '') =>
    `${verb}${
      type.group ? reverseDomain(type.group).replace(/\./g, '') : 'Core'
    }${type.version}${type.namespaced ? 'Namespaced' : ''}${
      type.kind
    }${suffix}`;
  const op = (
    verb: string,
    action: string,
    response: Schema,
    extra: Schema = {},
    kind = type,
  ) => ({
    operationId: id(verb),
    tags: [type.group || 'core_v1'],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(kind),
    responses: { '200': { description: 'OK', ...json(response) } },
    ...extra,
  });
  const has = (verb: string) => type.verbs.includes(verb);
  const nsParams = type.namespaced ? [pathParam('namespace')] : [];
  const patchBody = {
    required: true,
    content: Object.fromEntries(
      [
        'application/apply-patch+yaml',
        'application/json-patch+json',
        'application/merge-patch+json',
        ...(type.group ? [] : ['application/strategic-merge-patch+json']),
      ].map(t => [t, { schema: refTo(`${META}.Patch`) }]),
    ),
  };
  const writeParams = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
  const collection: Schema = { parameters: nsParams };
  if (has('list'))
    collection.get = op(
      'list',
      'list',
      refTo(schemaName(type, `${type.kind}List`)),
      {
        parameters: LIST_PARAMS,
      },
    );
  if (has('create'))
    collection.post = op('create', 'post', object, {
      parameters: writeParams,
      requestBody: { required: true, ...json(object) },
    });
  const item: Schema = { parameters: [pathParam('name'), ...nsParams] };
  if (has('get')) item.get = op('read', 'get', object);
  if (has('update'))
    item.put = op('replace', 'put', object, {
      parameters: writeParams,
      requestBody: { required: true, ...json(object) },
    });
  if (has('patch'))
    item.patch = op('patch', 'patch', object, {
      parameters: [...writeParams, FORCE],
      requestBody: patchBody,
    });
  if (has('delete'))
    item.delete = op('delete', 'delete', status, {
      parameters: [DRY_RUN],
      requestBody: json(refTo(`${META}.DeleteOptions`)),
    });
  const paths: Record<string, Schema> = {
    [base]: collection,
    [`${base}/{name}`]: item,
  };
  if (type.namespaced && has('list'))
    paths[`${prefix}/${type.plural}`] = {
      get: { ...collection.get, operationId: id('list', 'ForAllNamespaces') },
    };
  for (const sub of subresources) {
    const scale = sub === 'scale';
    const target = scale ? refTo('io.k8s.api.autoscaling.v1.Scale') : object;
    const kind = scale
      ? { ...type, group: 'autoscaling', version: 'v1', kind: 'Scale' }
      : type;
    paths[`${base}/{name}/${sub}`] = {
      parameters: item.parameters,
      get: {
        ...op('read', 'get', target, {}, kind),
        operationId: id('read', sub),
      },
      put: {
        ...op(
          'replace',
          'put',
          target,
          {
            parameters: writeParams,
            requestBody: { required: true, ...json(target) },
          },
          kind,
        ),
        operationId: id('replace', sub),
      },
      patch: {
        ...op(
          'patch',
          'patch',
          target,
          { parameters: [...writeParams, FORCE], requestBody: patchBody },
          kind,
        ),
        operationId: id('patch', sub),
      },
    };
  }
  if (type.group === '' && type.plural === 'pods')
    paths[`${base}/{name}/log`] = {
      parameters: item.parameters,
      get: {
        operationId: id('read', 'Log'),
        tags: ['core_v1'],
        'x-kubernetes-action': 'get',
        'x-kubernetes-group-version-kind': gvk(type),
        responses: {
          '200': {
            description: 'OK',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    };
  return paths;
}

/** One OpenAPI 3.0 document per group version the cluster serves. */
function buildDocuments(cluster: ClusterState): GroupVersionDoc[] {
  const byGv = new Map<string, ResourceType[]>();
  for (const t of cluster.types) {
    const gv = apiVersionOf(t);
    byGv.set(gv, [...(byGv.get(gv) ?? []), t]);
  }
  return [...byGv.entries()].map(([gv, types]) => {
    const schemas: Record<string, Schema> = { ...META_SCHEMAS };
    let paths: Record<string, Schema> = {};
    for (const type of types) {
      const cr = cluster.customResource(type);
      const schema = cr
        ? customSchema(type, cr.schema)
        : {
            ...CORE_SCHEMAS[type.kind],
            'x-kubernetes-group-version-kind': [gvk(type)],
          };
      schemas[schemaName(type, type.kind)] = schema;
      schemas[schemaName(type, `${type.kind}List`)] = listSchema(type);
      const subs = [
        ...(type.subresources?.status ? ['status'] : []),
        ...(type.subresources?.scale ? ['scale'] : []),
      ];
      paths = { ...paths, ...resourcePaths(type, subs) };
    }
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes (Atrium kube-simulator)', version: 'v1.31.0' },
      paths,
      components: {
        schemas,
        securitySchemes: {
          BearerToken: { type: 'apiKey', name: 'authorization', in: 'header' },
        },
      },
      security: [{ BearerToken: [] }],
    };
    const key = gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
    const hash = createHash('sha512')
      .update(JSON.stringify(doc))
      .digest('hex')
      .toUpperCase();
    return { key, doc, hash };
  });
}

const cache = new WeakMap<
  ClusterState,
  { v3: GroupVersionDoc[]; v2?: Schema }
>();

function documents(cluster: ClusterState) {
  let entry = cache.get(cluster);
  if (!entry) {
    entry = { v3: buildDocuments(cluster) };
    cache.set(cluster, entry);
  }
  return entry;
}

/**
 * The OpenAPI document at a path (`/openapi/v2`, `/openapi/v3`, `/openapi/v3/apis/<group>/<version>`), or
 * undefined for other paths. Only JSON: a request that accepts nothing but protobuf gets 406 Not Acceptable.
 */
export function openApiDocument(
  cluster: ClusterState,
  path: string,
  accept: string | undefined,
): unknown {
  if (
    path !== '/openapi/v2' &&
    path !== '/openapi/v3' &&
    !path.startsWith('/openapi/v3/')
  )
    return undefined;
  const types = (accept ?? '*/*').split(',').map(t => t.split(';')[0].trim());
  if (
    !types.some(
      t => t === '*/*' || t === 'application/*' || t === 'application/json',
    )
  )
    throw new StatusError(
      406,
      'NotAcceptable',
      `only the following media types are accepted: application/json`,
      {},
    );
  const entry = documents(cluster);
  if (path === '/openapi/v2') return (entry.v2 ??= toSwagger(entry.v3));
  if (path === '/openapi/v3')
    return {
      paths: Object.fromEntries(
        entry.v3.map(d => [
          d.key,
          { serverRelativeURL: `/openapi/v3/${d.key}?hash=${d.hash}` },
        ]),
      ),
    };
  const found = entry.v3.find(d => path === `/openapi/v3/${d.key}`);
  if (!found)
    throw new StatusError(
      404,
      'NotFound',
      `the server could not find the requested resource`,
      {},
    );
  return found.doc;
}
