import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kubeSimulatorPlugin } from './plugin';
import { listenOn } from './simulator';

/** Just enough of Backstage's Config for the plugin, over plain JSON. */
class JsonConfig {
  constructor(private readonly data: any) {}
  private at(key: string) {
    return key
      .split('.')
      .reduce((o, k) => (o === undefined ? undefined : o[k]), this.data);
  }
  getOptionalConfig(key: string) {
    const v = this.at(key);
    return v === undefined ? undefined : new JsonConfig(v);
  }
  getOptionalConfigArray(key: string) {
    return (this.at(key) as any[] | undefined)?.map(v => new JsonConfig(v));
  }
  getOptionalBoolean(key: string) {
    return this.at(key) as boolean | undefined;
  }
  getOptionalNumber(key: string) {
    return this.at(key) as number | undefined;
  }
  getOptionalString(key: string) {
    return this.at(key) as string | undefined;
  }
  getOptionalStringArray(key: string) {
    return this.at(key) as string[] | undefined;
  }
  getString(key: string) {
    const v = this.at(key);
    if (typeof v !== 'string')
      throw new Error(`Missing required config value at '${key}'`);
    return v;
  }
}

async function initPlugin(config: unknown) {
  const [registration] = (kubeSimulatorPlugin as any).getRegistrations();
  expect(registration.pluginId).toBe('kube-simulator');
  const logs: string[] = [];
  const logger = {
    info: (m: string) => logs.push(m),
    child: () => logger,
    warn: () => {},
    error: () => {},
    debug: () => {},
  };
  const routes: { handler?: any; policies: any[] } = { policies: [] };
  const hooks: Array<() => Promise<void>> = [];
  await registration.init.func({
    config: new JsonConfig(config),
    logger,
    httpRouter: {
      use: (h: any) => (routes.handler = h),
      addAuthPolicy: (p: any) => routes.policies.push(p),
    },
    lifecycle: {
      addShutdownHook: (h: () => Promise<void>) => hooks.push(h),
      addStartupHook: () => {},
    },
  });
  return { logs, routes, hooks };
}

describe('kubeSimulatorPlugin', () => {
  it('does nothing unless enabled', async () => {
    const { routes, logs } = await initPlugin({ atrium: {} });
    expect(routes.handler).toBeUndefined();
    expect(logs[0]).toContain('disabled');
  });

  it('refuses to start in production', async () => {
    await expect(
      initPlugin({
        auth: { environment: 'production' },
        atrium: { kubeSimulator: { enabled: true, token: 't', clusters: [] } },
      }),
    ).rejects.toThrow(/for development and tests only/);
  });

  it('serves the configured clusters and the registry under its router, the clusters over HTTPS, and stops on shutdown', async () => {
    const fixtures = path.join(__dirname, '__fixtures__');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-plugin-'));
    const { routes, logs, hooks } = await initPlugin({
      atrium: {
        kubeSimulator: {
          enabled: true,
          token: 'plugin-token',
          tickMs: 100,
          https: { port: 0, dataDir },
          clusters: [
            {
              name: 'sim-eu-west',
              seed: [path.join(fixtures, 'test-cluster.yaml')],
            },
          ],
          registry: { seed: path.join(fixtures, 'registry.yaml') },
        },
      },
    });
    expect(routes.policies).toEqual([{ path: '/', allow: 'unauthenticated' }]);
    expect(logs.join('\n')).toMatch(
      /simulator \(not a real cluster\): simulated cluster "sim-eu-west"/,
    );
    // Mounted as express would: the plugin prefix stripped.
    const server = await listenOn(
      (req: http.IncomingMessage, res: http.ServerResponse) => {
        req.url = req.url!.replace(/^\/api\/kube-simulator/, '');
        routes.handler(req, res, () => {});
      },
    );
    try {
      const base = `${server.url}/api/kube-simulator`;
      const pods = await fetch(
        `${base}/clusters/sim-eu-west/api/v1/namespaces/team-payments/pods`,
        {
          headers: { Authorization: 'Bearer plugin-token' },
        },
      );
      expect((await pods.json()).items).toHaveLength(3);
      expect(
        (await fetch(`${base}/clusters/sim-eu-west/api/v1/pods`)).status,
      ).toBe(401);
      const tagsUrl = `${base}/registry/v2/payments/ledger-service/tags/list`;
      // The registry simulator takes the clusters' token as its static bearer token.
      expect((await fetch(tagsUrl)).status).toBe(401);
      const tags = await fetch(tagsUrl, {
        headers: { Authorization: 'Bearer plugin-token' },
      });
      expect((await tags.json()).tags).toEqual(['1.27.4', '1.27.5']);

      // The HTTPS listener: its own port, the same clusters at /clusters/<name>, a CA in the data folder.
      const secure =
        /over HTTPS at (https:\/\/127\.0\.0\.1:\d+)\/clusters/.exec(
          logs.join('\n'),
        );
      expect(secure).not.toBeNull();
      const ca = fs.readFileSync(path.join(dataDir, 'ca.crt'), 'utf8');
      const get = (url: string, token: string) =>
        new Promise<{ status: number; body: any }>((resolve, reject) => {
          https
            .get(
              url,
              { ca, headers: { authorization: `Bearer ${token}` } },
              res => {
                let text = '';
                res.on('data', chunk => (text += chunk));
                res.on('end', () =>
                  resolve({ status: res.statusCode!, body: JSON.parse(text) }),
                );
              },
            )
            .on('error', reject);
        });
      const podsUrl = `${
        secure![1]
      }/clusters/sim-eu-west/api/v1/namespaces/team-payments/pods`;
      expect((await get(podsUrl, 'plugin-token')).body.items).toHaveLength(3);
      expect((await get(podsUrl, 'wrong')).status).toBe(401);
    } finally {
      await server.close();
      for (const hook of hooks) await hook();
      fs.rmSync(dataDir, { recursive: true });
    }
    expect(logs[logs.length - 1]).toBe('Kubernetes API simulator stopped');
  });
});
