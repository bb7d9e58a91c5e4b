import { KubeSimulator, ListeningServer } from './simulator';
import { startTestCluster, TOKEN } from './__testUtils__/client';

const GV = 'apis/compute.atrium.dev/v1alpha1';
const APP = 'dev.atrium.compute.v1alpha1.App';

/** Every `$ref` in a document points at a schema it defines. */
function danglingRefs(
  doc: any,
  prefix: string,
  defined: Record<string, unknown>,
): string[] {
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map(
    m => m[1],
  );
  expect(refs.length).toBeGreaterThan(10);
  return refs.filter(
    r => !r.startsWith(prefix) || !(r.slice(prefix.length) in defined),
  );
}

describe('OpenAPI documents from the CRDs', () => {
  let simulator: KubeSimulator;
  let server: ListeningServer;
  const get = async (path: string, accept = 'application/json') => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}`, accept },
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    ({ simulator, server } = await startTestCluster());
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('indexes /openapi/v3 by group version, with a hash in each URL', async () => {
    const { status, body } = await get('/openapi/v3', 'application/json, */*');
    expect(status).toBe(200);
    expect(Object.keys(body.paths).sort()).toEqual(['api/v1', GV]);
    expect(body.paths[GV].serverRelativeURL).toMatch(
      new RegExp(`^/openapi/v3/${GV}\\?hash=[0-9A-F]{128}$`),
    );
    const again = await get(body.paths[GV].serverRelativeURL);
    expect(again.status).toBe(200);
    expect(again.body.openapi).toBe('3.0.0');
  });

  it("publishes the App schema from the CRD's openAPIV3Schema, with ObjectMeta and its group-version-kind", async () => {
    const { body } = await get(`/openapi/v3/${GV}`);
    const schemas = body.components.schemas;
    const app = schemas[APP];
    expect(app['x-kubernetes-group-version-kind']).toEqual([
      { group: 'compute.atrium.dev', version: 'v1alpha1', kind: 'App' },
    ]);
    expect(app.required).toEqual(['spec']);
    expect(app.properties.spec.properties.replicas).toMatchObject({
      type: 'integer',
      minimum: 0,
    });
    expect(app.properties.spec.properties.tier.enum).toEqual([
      'reserved',
      'on-demand',
      'preemptible',
    ]);
    expect(app.properties.metadata.allOf).toEqual([
      {
        $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      },
    ]);
    expect(
      schemas['dev.atrium.compute.v1alpha1.Scaler'][
        'x-kubernetes-group-version-kind'
      ][0].kind,
    ).toBe('Scaler');
    expect(
      schemas['dev.atrium.compute.v1alpha1.AppList'].properties.items.items,
    ).toEqual({
      $ref: `#/components/schemas/${APP}`,
    });
    expect(danglingRefs(body, '#/components/schemas/', schemas)).toEqual([]);
  });

  it('declares PATCH with apply and fieldValidation for Apps (kubectl then validates on the server)', async () => {
    const { body } = await get(`/openapi/v3/${GV}`);
    const item =
      body.paths[
        '/apis/compute.atrium.dev/v1alpha1/namespaces/{namespace}/apps/{name}'
      ];
    expect(Object.keys(item).sort()).toEqual([
      'delete',
      'get',
      'parameters',
      'patch',
      'put',
    ]);
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'compute.atrium.dev',
      version: 'v1alpha1',
      kind: 'App',
    });
    expect(item.patch.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining([
        'fieldManager',
        'fieldValidation',
        'force',
        'dryRun',
      ]),
    );
    expect(Object.keys(item.patch.requestBody.content)).toContain(
      'application/apply-patch+yaml',
    );
    expect(
      body.paths[
        '/apis/compute.atrium.dev/v1alpha1/namespaces/{namespace}/apps/{name}/scale'
      ],
    ).toBeDefined();
    expect(
      body.paths['/apis/compute.atrium.dev/v1alpha1/apps'].get[
        'x-kubernetes-action'
      ],
    ).toBe('list');
  });

  it('describes the core kinds it serves, with only the verbs it has', async () => {
    const { body } = await get('/openapi/v3/api/v1');
    for (const kind of ['Pod', 'Namespace', 'Node', 'Event', 'ResourceQuota'])
      expect(
        body.components.schemas[`io.k8s.api.core.v1.${kind}`][
          'x-kubernetes-group-version-kind'
        ],
      ).toEqual([{ group: '', version: 'v1', kind }]);
    const pod = body.paths['/api/v1/namespaces/{namespace}/pods/{name}'];
    expect(Object.keys(pod).sort()).toEqual(['delete', 'get', 'parameters']);
    expect(
      body.paths['/api/v1/namespaces/{namespace}/pods/{name}/log'].get,
    ).toBeDefined();
    expect(
      danglingRefs(body, '#/components/schemas/', body.components.schemas),
    ).toEqual([]);
  });

  it('serves /openapi/v2 as Swagger 2.0 JSON, and 406 to a client that accepts only protobuf', async () => {
    const { status, body } = await get('/openapi/v2');
    expect(status).toBe(200);
    expect(body.swagger).toBe('2.0');
    expect(
      body.definitions[APP]['x-kubernetes-group-version-kind'][0].kind,
    ).toBe('App');
    expect(danglingRefs(body, '#/definitions/', body.definitions)).toEqual([]);
    const patch =
      body.paths[
        '/apis/compute.atrium.dev/v1alpha1/namespaces/{namespace}/apps/{name}'
      ].patch;
    expect(patch.consumes).toContain('application/apply-patch+yaml');
    expect(patch.parameters.find((p: any) => p.in === 'body').schema).toEqual({
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
    });
    const proto = await get(
      '/openapi/v2',
      'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    );
    expect(proto.status).toBe(406);
    expect(proto.body).toMatchObject({
      kind: 'Status',
      reason: 'NotAcceptable',
      code: 406,
    });
  });

  it('answers 404 for a group version it does not serve', async () => {
    expect((await get('/openapi/v3/apis/apps/v1')).status).toBe(404);
  });
});
