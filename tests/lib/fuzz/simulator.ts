// Requests to the Kubernetes API simulator the backend serves under /api/kube-simulator: reads with hostile
// selectors and paging, JSON patches and creates with prototype keys, its own endpoints and its registry.
import fc from 'fast-check';
import type { FuzzRequest } from './client.ts';
import { who } from './credentials.ts';
import {
  header,
  hostileJson,
  hostileString,
  jsonBuffer,
  own,
  pathSegment,
  pctEncode,
  wrongScalar,
} from './primitives.ts';

const SIM_RESOURCES = [
  'api/v1/namespaces',
  'api/v1/pods',
  'api/v1/nodes',
  'api/v1/events',
  'apis/compute.atrium.dev/v1alpha1/apps',
  'apis/compute.atrium.dev/v1alpha1/scalers',
  'api/v1/namespaces/team-payments/pods',
  'api/v1/namespaces/team-payments/resourcequotas',
  'apis/compute.atrium.dev/v1alpha1/namespaces/team-payments/apps',
  'apis/compute.atrium.dev/v1alpha1/namespaces/team-payments/scalers',
];

/**
 * Requests to the Kubernetes API simulator the backend serves under /api/kube-simulator (its own bearer token:
 * `who: 'user'` and `'admin'` send it, `anonymous` and `bogus` do not).
 */
export function simulatorRequests(): fc.Arbitrary<FuzzRequest> {
  const seg = pathSegment(
    ['payments-gateway', 'team-payments', 'default', 'x'],
    3,
  );
  const cluster = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('sim-eu-west', 'sim-us-east') },
    { weight: 1, arbitrary: seg },
  );
  const rest = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SIM_RESOURCES) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            ...SIM_RESOURCES.filter(r => r.includes('namespaces/')),
          ),
          seg,
        )
        .map(([r, s]) => `${r}/${s}`),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          seg,
          fc.constantFrom('apps', 'pods', 'scalers', 'resourcequotas'),
          seg,
          fc.constantFrom('', '/status', '/scale', '/log', '/x'),
        )
        .map(([ns, plural, name, sub]) =>
          plural === 'pods' || plural === 'resourcequotas'
            ? `api/v1/namespaces/${ns}/${plural}/${name}${sub}`
            : `apis/compute.atrium.dev/v1alpha1/namespaces/${ns}/${plural}/${name}${sub}`,
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'version',
        'api',
        'apis',
        'apis/compute.atrium.dev',
        'apis/compute.atrium.dev/v1alpha1',
        'healthz',
        'openapi/v2',
        'openapi/v3',
        'openapi/v3/api/v1',
        'openapi/v3/apis/compute.atrium.dev/v1alpha1',
        'openapi/v3/apis/%2e%2e/x',
        'openapi/v3/__proto__',
        '_simulator/bad-images',
        '_simulator/%ED%A0%80',
        'apis/%2e%2e/%2e%2e',
        'api/v1/namespaces/%ED%A0%80/pods',
        'api/v1/namespaces/__proto__/pods/constructor',
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(seg, seg, seg)
        .map(([a, b, c]) => `apis/${a}/${b}/${c}`),
    },
  );
  const selector = fc.oneof(
    hostileString,
    fc.constantFrom(
      'app=payments-gateway',
      'a in (b',
      'a in ()',
      'a notin (b,c),!d',
      '!',
      '=',
      '==x',
      'a=b,,c=d',
      '__proto__=x',
      'constructor.prototype=x',
      'metadata.name=__proto__',
      'metadata.__proto__.x=y',
      'metadata.labels.__proto__=x',
      'spec.a.b.c.d.e=1',
      'status.phase!=Running',
      `a${'=b,a'.repeat(2000)}`,
      '('.repeat(3000),
    ),
  );
  const query = fc
    .record(
      {
        labelSelector: selector,
        fieldSelector: selector,
        limit: fc.oneof(wrongScalar, fc.constantFrom('1', '2', '500')),
        continue: fc.oneof(
          hostileString,
          fc.constantFrom(
            Buffer.from('{"key":{"toString":1},"rv":1}').toString('base64url'),
            Buffer.from('{"__proto__":{"x":1}}').toString('base64url'),
            Buffer.from('null').toString('base64url'),
            Buffer.from('"str"').toString('base64url'),
            Buffer.from('[1,2]').toString('base64url'),
          ),
        ),
        resourceVersion: fc.oneof(wrongScalar, fc.constant('1')),
        container: hostileString,
        tailLines: wrongScalar,
        limitBytes: wrongScalar,
        sinceSeconds: wrongScalar,
        previous: fc.constantFrom('true', 'false', 'x'),
        watch: fc.constantFrom('false', '0', 'x'),
        n: wrongScalar,
        last: hostileString,
      },
      { requiredKeys: [] },
    )
    .map(q => {
      const parts = Object.entries(q).map(
        ([k, v]) => `${k}=${pctEncode(String(v))}`,
      );
      return parts.length ? `?${parts.join('&')}` : '';
    });
  const patchBody = fc.oneof(
    fc.constantFrom(
      [
        {
          op: 'add',
          path: '/metadata/labels/__proto__',
          value: { polluted: 'yes' },
        },
      ],
      [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }],
      [
        {
          op: 'replace',
          path: '/constructor/prototype/polluted',
          value: 'yes',
        },
      ],
      [{ op: 'add', path: '/metadata/annotations/constructor', value: 'x' }],
      [{ op: 'move', from: '/spec', path: '/spec/x' }],
      [{ op: 'copy', from: '/metadata', path: '/metadata/labels/x' }],
      [{ op: 'remove', path: '/' }],
      [{ op: 'remove', path: '' }],
      [{ op: 'test', path: '/spec/replicas', value: 'x' }],
      [{ op: 'add', path: '/spec/containers/-/x', value: 1 }],
      [{ op: 'add', path: '/spec/replicas/~2', value: 1 }],
      [{ op: 'bogus', path: '/spec' }],
      [{ path: '/spec' }],
      [null],
      { op: 'add', path: '/x', value: 1 },
    ),
    fc.constant(
      own(
        { metadata: own({ labels: {} }, '__proto__', { polluted: 'yes' }) },
        '__proto__',
        { polluted: 'yes' },
      ),
    ),
    fc.constant({
      metadata: { labels: { constructor: { prototype: { polluted: 'yes' } } } },
    }),
    fc.constant({ spec: { replicas: '3' } }),
    fc.constant({ spec: { replicas: -1, containers: null } }),
    hostileJson,
  );
  const createBody = fc.oneof(
    fc.constant({ metadata: { name: '__proto__' }, spec: {} }),
    fc.constant({
      metadata: { name: 'constructor', labels: own({}, '__proto__', { x: 1 }) },
    }),
    fc.constant({
      apiVersion: 'compute.atrium.dev/v1alpha1',
      kind: 'App',
      metadata: { name: 'fuzz-app' },
      spec: { image: 'x', version: 'y', replicas: 1e9 },
    }),
    fc.constant({ metadata: { name: 'x'.repeat(10000) } }),
    fc.constant({ metadata: null }),
    fc.constant({ metadata: { name: 1, namespace: {} } }),
    hostileJson,
  );
  const registryPath = fc.oneof(
    fc.constantFrom(
      '/api/kube-simulator/registry/v2/',
      '/api/kube-simulator/registry/v2/_catalog',
      '/api/kube-simulator/registry/v2/payments/payments-gateway/tags/list',
    ),
    fc
      .tuple(
        seg,
        seg,
        fc.constantFrom(
          'tags/list',
          'manifests/latest',
          'manifests/%ED%A0%80',
          'blobs/sha256:x',
        ),
      )
      .map(([a, b, c]) => `/api/kube-simulator/registry/v2/${a}/${b}/${c}`),
  );
  return fc
    .tuple(
      fc.nat(99),
      cluster,
      rest,
      query,
      patchBody,
      createBody,
      registryPath,
      fc.constantFrom(
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
        'application/apply-patch+yaml',
        'application/json',
        'text/plain',
        '',
      ),
      who,
    )
    .map(([dice, cl, r, q, patch, create, reg, ct, w]): FuzzRequest => {
      const base = `/api/kube-simulator/clusters/${cl}/${r}`;
      const common = { target: 'kube-simulator', who: w };
      if (dice < 40)
        return { ...common, method: 'GET', path: `${base}${q}`, headers: {} };
      if (dice < 58)
        return {
          ...common,
          method: 'PATCH',
          path: base,
          headers: header('content-type', ct),
          body: jsonBuffer(patch),
        };
      if (dice < 70)
        return {
          ...common,
          method: 'POST',
          path: base,
          headers: { 'content-type': 'application/json' },
          body: jsonBuffer(create),
        };
      if (dice < 78)
        return {
          ...common,
          method: 'PUT',
          path: base,
          headers: { 'content-type': 'application/json' },
          body: jsonBuffer(create),
        };
      if (dice < 82)
        return { ...common, method: 'DELETE', path: base, headers: {} };
      if (dice < 88)
        return {
          ...common,
          method: dice % 2 ? 'POST' : 'DELETE',
          path: `/api/kube-simulator/clusters/${cl}/_simulator/bad-images`,
          headers: { 'content-type': 'application/json' },
          body: jsonBuffer(
            dice % 3
              ? { image: create, version: patch }
              : own({ image: 'x', version: 'y' }, '__proto__', { bad: true }),
          ),
        };
      if (dice < 96)
        return { ...common, method: 'GET', path: `${reg}${q}`, headers: {} };
      return {
        ...common,
        method: 'GET',
        path: `/api/kube-simulator/${dice % 2 ? 'metrics' : 'clusters'}${q}`,
        headers: {},
      };
    });
}
