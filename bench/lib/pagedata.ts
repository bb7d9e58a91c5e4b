// The data behind a component page, as one unit of server work for the speed benchmark's latency and
// throughput rows.
//
// Stock Backstage's component page (its Overview tab, read from its network log in Chromium) asks the catalog
// for the entity by name, then, once it has it, for the entities its relations point at: the owner and system
// for the header and the About card, one `by-refs` lookup per relation card (provided and consumed APIs,
// depended-on components and resources, subcomponents), the entity's ancestry and every related entity for
// the relations graph. `catalogComponentData` issues those requests, de-duplicated (the page asks for some of
// them twice from different cards), the relation lookups in parallel as the page does.
//
// `atriumComponentData` is what Atrium's page needs for the same content: one request to the GraphQL gateway.

import { ENTITY_OVERVIEW_QUERY_TEXT } from '../../plugins/graphql-react/src/queryText.ts';

export interface PageData {
  /** HTTP requests the unit made. */
  requests: number;
  /** The component's title (or name), to check the unit read the right entity. */
  title: string;
}

interface Entity {
  kind: string;
  metadata: { name: string; namespace?: string; title?: string };
  relations?: Array<{ type: string; targetRef: string }>;
}

/** Splits `kind:namespace/name` into its parts (namespace `default` when absent). */
export function parseRef(ref: string): {
  kind: string;
  namespace: string;
  name: string;
} {
  const m = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(ref);
  if (!m) throw new Error(`not an entity ref: ${ref}`);
  return {
    kind: m[1].toLowerCase(),
    namespace: m[2] ?? 'default',
    name: m[3],
  };
}

/** The fields the page's entity links and presentation ask for. */
const PRESENTATION_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.profile.displayName',
  'spec.type',
];

function client(baseUrl: string, token: string) {
  let requests = 0;
  const call = async (path: string, init: RequestInit = {}) => {
    requests++;
    const res = await fetch(baseUrl + path, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
  const byRefs = async (entityRefs: string[], fields?: string[]) => {
    const body = await call('/api/catalog/entities/by-refs', {
      method: 'POST',
      body: JSON.stringify(fields ? { entityRefs, fields } : { entityRefs }),
    });
    return body.items; // null where a ref names no entity, as the page gets it
  };
  return { call, byRefs, count: () => requests };
}

/** The catalog requests stock Backstage's component page makes for its content (see the file comment). */
export async function catalogComponentData(
  baseUrl: string,
  token: string,
  ref: string,
): Promise<PageData> {
  const { kind, namespace, name } = parseRef(ref);
  const api = client(baseUrl, token);
  const path = `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`;
  const entity: Entity = await api.call(path);
  const relations = entity.relations ?? [];
  const targets = (type: string, targetKind?: string) =>
    relations
      .filter(r => r.type === type)
      .map(r => r.targetRef)
      .filter(t => !targetKind || t.startsWith(`${targetKind}:`));
  const lookups = [
    targets('providesApi'),
    targets('consumesApi'),
    targets('dependsOn', 'component'),
    targets('dependsOn', 'resource'),
    targets('hasPart'),
  ].filter(refs => refs.length > 0);
  await Promise.all([
    api.byRefs(
      [...targets('ownedBy'), ...targets('partOf')],
      PRESENTATION_FIELDS,
    ),
    ...lookups.map(refs => api.byRefs(refs)),
    api.call(`${path}/ancestry`),
    api.byRefs([...new Set(relations.map(r => r.targetRef))]),
  ]);
  return {
    requests: api.count(),
    title: entity.metadata.title ?? entity.metadata.name,
  };
}

/** Stock Backstage's component page data. */
export const stockComponentData = catalogComponentData;

/**
 * Atrium's component page data: the one GraphQL request its overview makes (the same query text the app and
 * the server-side rendering send), through the gateway with its per-user response cache. The overview shows
 * what stock's cards show (owner and members, system, relations with their targets) plus the workloads.
 */
export async function atriumComponentData(
  baseUrl: string,
  token: string,
  ref: string,
): Promise<PageData> {
  const { kind, namespace, name } = parseRef(ref);
  const res = await fetch(`${baseUrl}/api/graphql`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      operationName: 'AtriumEntityOverview',
      query: ENTITY_OVERVIEW_QUERY_TEXT,
      variables: { ref: `${kind}:${namespace}/${name}` },
    }),
  });
  const body = (await res.json()) as {
    data?: { entity?: { title?: string; name: string } | null };
    errors?: Array<{ message: string }>;
  };
  if (!res.ok || body.errors || !body.data?.entity) {
    throw new Error(
      `POST /api/graphql: ${res.status} ${JSON.stringify(body.errors ?? body)}`,
    );
  }
  return {
    requests: 1,
    title: body.data.entity.title ?? body.data.entity.name,
  };
}
