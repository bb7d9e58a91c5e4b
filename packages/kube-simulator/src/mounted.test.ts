import { Watch } from '@kubernetes/client-node';
import http from 'node:http';
import path from 'node:path';
import { createKubeSimulatorRouter } from './plugin';
import { createRegistrySimulator, loadRegistrySeed } from './registry';
import {
  createKubeSimulator,
  KubeSimulator,
  ListeningServer,
  listenOn,
} from './simulator';
import {
  clientsFor,
  GROUP,
  NS,
  TOKEN,
  VERSION,
  waitFor,
} from './__testUtils__/client';

jest.setTimeout(20_000);

const SEED = path.join(__dirname, '__fixtures__/test-cluster.yaml');
const REGISTRY_SEED = path.join(__dirname, '__fixtures__/registry.yaml');
const PREFIX = '/api/kube-simulator';

describe('the simulator mounted under a path prefix, as the backend plugin serves it', () => {
  let simulator: KubeSimulator;
  let server: ListeningServer;

  beforeAll(async () => {
    simulator = createKubeSimulator({
      token: TOKEN,
      clusters: [{ name: 'sim-eu-west', seed: [SEED] }],
      autoStart: false,
    });
    const registry = createRegistrySimulator(loadRegistrySeed(REGISTRY_SEED), {
      basePath: `${PREFIX}/registry`,
    });
    const router = createKubeSimulatorRouter(simulator, registry);
    // Like express mounting the plugin router at /api/kube-simulator: the prefix is stripped from req.url.
    server = await listenOn(
      (req: http.IncomingMessage, res: http.ServerResponse) => {
        if (!req.url?.startsWith(`${PREFIX}/`)) {
          res.writeHead(404).end();
          return;
        }
        req.url = req.url.slice(PREFIX.length);
        router(req, res);
      },
    );
  });

  afterAll(async () => {
    await simulator.stop();
    await server.close();
  });

  it('works with @kubernetes/client-node on a prefixed server URL: list, get, replace, watch', async () => {
    const { kc, core, custom } = clientsFor(
      `${server.url}${PREFIX}/clusters/sim-eu-west`,
    );
    const apps = {
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: 'apps',
    };
    const pods = await core.listNamespacedPod({ namespace: NS });
    expect(pods.items).toHaveLength(3);
    const app = await custom.getNamespacedCustomObject({
      ...apps,
      name: 'ledger-service',
    });
    expect(app.spec.version).toBe('1.27.5');

    const seen: string[] = [];
    const controller = await new Watch(kc).watch(
      `/apis/${GROUP}/${VERSION}/namespaces/${NS}/apps`,
      {
        resourceVersion: app.metadata.resourceVersion,
        fieldSelector: 'metadata.name=ledger-service',
      },
      (type, obj) => seen.push(`${type} ${obj.spec.replicas}`),
      () => {},
    );
    const replaced = await custom.replaceNamespacedCustomObject({
      ...apps,
      name: 'ledger-service',
      body: { ...app, spec: { ...app.spec, replicas: 3 } },
    });
    expect(replaced.metadata.generation).toBe(2);
    await waitFor(() => seen.length > 0);
    controller.abort();
    expect(seen).toEqual(['MODIFIED 3']);

    const unknown = await fetch(
      `${server.url}${PREFIX}/clusters/nope/api/v1/pods`,
    );
    expect(unknown.status).toBe(404);
  });

  it('serves the registry simulator with paging', async () => {
    const base = `${server.url}${PREFIX}/registry`;
    expect(await (await fetch(`${base}/v2/`)).json()).toEqual({});
    const catalog = await (await fetch(`${base}/v2/_catalog`)).json();
    expect(catalog.repositories).toEqual([
      'payments/ledger-service',
      'payments/payments-gateway',
      'platform/mesh-proxy',
    ]);

    const first = await fetch(
      `${base}/v2/payments/payments-gateway/tags/list?n=2`,
    );
    expect(await first.json()).toEqual({
      name: 'payments/payments-gateway',
      tags: ['2.3.0', '2.4.0'],
    });
    const link = first.headers.get('link');
    expect(link).toBe(
      `<${PREFIX}/registry/v2/payments/payments-gateway/tags/list?n=2&last=2.4.0>; rel="next"`,
    );
    const next = await fetch(`${server.url}${/<([^>]+)>/.exec(link!)![1]}`);
    expect((await next.json()).tags).toEqual(['2.4.1', '2.4.2']);
    const last = await fetch(
      `${base}/v2/payments/payments-gateway/tags/list?n=2&last=2.4.2`,
    );
    expect((await last.json()).tags).toEqual(['2.5.0-rc.1']);
    expect(last.headers.get('link')).toBeNull();

    const head = await fetch(
      `${base}/v2/payments/payments-gateway/manifests/2.4.1`,
      { method: 'HEAD' },
    );
    expect(head.status).toBe(200);
    const digest = head.headers.get('docker-content-digest');
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const byDigest = await fetch(
      `${base}/v2/payments/payments-gateway/manifests/${digest}`,
    );
    expect(byDigest.status).toBe(200);
    expect((await byDigest.json()).schemaVersion).toBe(2);

    const missing = await fetch(
      `${base}/v2/payments/payments-gateway/manifests/9.9.9`,
    );
    expect(missing.status).toBe(404);
    expect((await missing.json()).errors[0].code).toBe('MANIFEST_UNKNOWN');
    const unknownRepo = await fetch(`${base}/v2/payments/nope/tags/list`);
    expect((await unknownRepo.json()).errors[0].code).toBe('NAME_UNKNOWN');
  });

  it('answers 400, not 500, to names that are not valid percent-encoding (a lone surrogate)', async () => {
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    const cluster = await fetch(
      `${server.url}${PREFIX}/clusters/%ED%A0%80/version`,
      auth,
    );
    expect(cluster.status).toBe(400);
    expect((await cluster.json()).reason).toBe('BadRequest');
    const base = `${server.url}${PREFIX}/registry`;
    for (const suffix of [
      '/v2/%ED%A0%80/x/tags/list',
      '/v2/x/x/manifests/%ED%A0%80',
    ]) {
      const res = await fetch(`${base}${suffix}`);
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].code).toBe('NAME_INVALID');
    }
  });
});
