import { ConfigReader } from '@backstage/config';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  createServer as createHttpServer,
  type Server as HttpServer,
} from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { RegistryClient, type RegistryClientOptions } from './RegistryClient';
import { RegistryCredentialsError } from './errors';
import {
  startPaginatingProxy,
  type PaginatingProxy,
} from './testing/paginatingProxy';
import {
  freeLoopbackPort,
  startRegistry,
  type RegistryServer,
} from './testing/registryServer';
import { startTokenServer, type TokenServer } from './testing/tokenServer';

// Tests against Debian's real docker-registry (distribution 2.8), started per describe block on loopback.
jest.setTimeout(60_000);

const HOST = 'registry.larkspur.example';
const APP = `${HOST}/team/app`;
const APP_TAGS = Array.from(
  { length: 30 },
  (_, i) => `1.${Math.floor(i / 10)}.${i % 10}`,
);

function clientFor(
  registry: Record<string, unknown>,
  options: Omit<RegistryClientOptions, 'registries'> = {},
): RegistryClient {
  return RegistryClient.fromConfig(
    new ConfigReader({
      compute: { registries: [{ host: HOST, ...registry }] },
    }),
    options,
  );
}

describe('RegistryClient with an anonymous registry', () => {
  let registry: RegistryServer;
  let proxy: PaginatingProxy;

  beforeAll(async () => {
    registry = await startRegistry();
    await registry.seedImage('team/app', APP_TAGS);
    await registry.seedImage('team/legacy', ['2024.1', 'latest'], {
      format: 'docker',
    });
    proxy = await startPaginatingProxy(registry.url);
  });

  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  it('lists all tags of an image (Debian registry 2.8 returns them in one page)', async () => {
    const client = clientFor({ url: registry.url }, { pageSize: 5 });
    const tags = await client.listTags(APP);
    expect([...tags].sort()).toEqual([...APP_TAGS].sort());
  });

  it('follows Link rel="next" pagination with a small page size', async () => {
    const client = clientFor({ url: proxy.url }, { pageSize: 7 });
    proxy.tagPageRequests.length = 0;
    const tags = await client.listTags(APP);
    expect(tags).toEqual([...APP_TAGS].sort());
    // 30 tags, 7 a page: 5 pages, the first without `last`.
    expect(proxy.tagPageRequests).toHaveLength(5);
    expect(proxy.tagPageRequests[0]).toBe('/v2/team/app/tags/list?n=7');
    expect(proxy.tagPageRequests[1]).toMatch(/[?&]last=1\.0\.6(&|$)/);
  });

  it('stops at maxPages and maxTags', async () => {
    const warn = jest.fn();
    const logger = {
      warn,
      info: jest.fn(),
      error: jest.fn(),
      debug: jest.fn(),
      child: jest.fn(),
    };
    const byPages = clientFor(
      { url: proxy.url },
      { pageSize: 4, maxPages: 2, logger },
    );
    expect(await byPages.listTags(APP)).toEqual(
      [...APP_TAGS].sort().slice(0, 8),
    );
    const byTags = clientFor(
      { url: proxy.url },
      { pageSize: 4, maxTags: 10, logger },
    );
    expect(await byTags.listTags(APP)).toEqual(
      [...APP_TAGS].sort().slice(0, 10),
    );
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('answers hasTag for OCI and Docker v2 manifests', async () => {
    const client = clientFor({ url: registry.url });
    await expect(client.hasTag(APP, '1.2.9')).resolves.toBe(true);
    await expect(client.hasTag(APP, '9.9.9')).resolves.toBe(false);
    await expect(client.hasTag(`${HOST}/team/legacy`, 'latest')).resolves.toBe(
      true,
    );
    await expect(client.hasTag(`${HOST}/team/legacy`, '2023.1')).resolves.toBe(
      false,
    );
    await expect(client.hasTag(`${HOST}/team/nothing`, 'latest')).resolves.toBe(
      false,
    );
    await expect(client.hasTag(APP, '../../x')).rejects.toThrow(InputError);
  });

  it('throws NotFoundError for an unknown repository', async () => {
    const client = clientFor({ url: registry.url });
    const error = await client.listTags(`${HOST}/team/unknown`).catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      `Image ${HOST}/team/unknown not found in artifact registry ${HOST}`,
    );
  });

  it('throws InputError for a host without registry and for invalid images', async () => {
    const client = clientFor({ url: registry.url });
    await expect(client.listTags('ghcr.io/team/app')).rejects.toThrow(
      new InputError(
        'No artifact registry configured for host ghcr.io (image ghcr.io/team/app); add it to compute.registries',
      ),
    );
    await expect(client.listTags(`${APP}:1.0.0`)).rejects.toThrow(InputError);
    await expect(client.listTags('app')).rejects.toThrow(InputError);
  });
});

describe('RegistryClient with token auth', () => {
  const USER = 'atrium';
  const PASSWORD = 'correct horse battery staple';
  let tokens: TokenServer;
  let registry: RegistryServer;

  beforeAll(async () => {
    tokens = await startTokenServer({
      users: { [USER]: PASSWORD, seeder: 'seed-pw' },
    });
    registry = await startRegistry({
      tokenAuth: {
        realm: tokens.realm,
        service: tokens.service,
        issuer: tokens.issuer,
        rootCertBundle: tokens.certFile,
      },
      seedCredentials: { username: 'seeder', password: 'seed-pw' },
    });
    await registry.seedImage('team/app', APP_TAGS.slice(0, 3));
  });

  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  it('gets a token with the configured credentials, caches it and lists tags', async () => {
    const client = clientFor({
      url: registry.url,
      auth: { type: 'basic', username: USER, password: PASSWORD },
    });
    tokens.requests.length = 0;
    expect([...(await client.listTags(APP))].sort()).toEqual(
      APP_TAGS.slice(0, 3),
    );
    await expect(client.hasTag(APP, APP_TAGS[1])).resolves.toBe(true);
    await expect(client.hasTag(APP, '0.0.0')).resolves.toBe(false);
    expect([...(await client.listTags(APP))].sort()).toEqual(
      APP_TAGS.slice(0, 3),
    );
    // One token for repository:team/app:pull, reused for the later requests.
    expect(tokens.requests).toEqual([
      { user: USER, scopes: ['repository:team/app:pull'], status: 200 },
    ]);
  });

  it('fetches a new token once the cached one expires', async () => {
    const client = clientFor({
      url: registry.url,
      auth: { type: 'basic', username: USER, password: PASSWORD },
    });
    tokens.requests.length = 0;
    tokens.setExpiresInSeconds(1);
    try {
      await client.listTags(APP);
      await client.listTags(APP);
      expect(tokens.requests).toHaveLength(1);
      // The client renews at 90% of the lifetime.
      await new Promise(resolve => setTimeout(resolve, 1_000));
      await client.listTags(APP);
      expect(tokens.requests).toHaveLength(2);
    } finally {
      tokens.setExpiresInSeconds(300);
    }
  });

  it("says the registry refused Atrium's credentials when they are wrong", async () => {
    const client = clientFor({
      url: registry.url,
      auth: { type: 'basic', username: USER, password: 'wrong' },
    });
    const error = await client.listTags(APP).catch(e => e);
    expect(error).toBeInstanceOf(RegistryCredentialsError);
    expect(error.message).toMatch(
      new RegExp(`^Artifact registry ${HOST} refused Atrium's credentials`),
    );
    expect(error.message).not.toMatch(/incorrect username or password/);
    expect(error.statusCode).toBe(502);
    await expect(client.hasTag(APP, APP_TAGS[0])).rejects.toThrow(
      RegistryCredentialsError,
    );
  });

  it('says credentials are needed when none are configured (anonymous token has no access)', async () => {
    const client = clientFor({ url: registry.url });
    const error = await client.listTags(APP).catch(e => e);
    expect(error).toBeInstanceOf(RegistryCredentialsError);
    expect(error.message).toBe(
      `Artifact registry ${HOST} requires credentials for ${APP} and compute.registries has none for it`,
    );
  });

  it('sends a configured static bearer token and reports its refusal', async () => {
    const client = clientFor({
      url: registry.url,
      auth: { type: 'bearer', token: 'not-a-jwt' },
    });
    await expect(client.listTags(APP)).rejects.toThrow(
      /refused Atrium's credentials/,
    );
  });
});

describe('RegistryClient when the registry is unavailable', () => {
  it('throws ServiceUnavailableError naming the host when the registry is stopped', async () => {
    const registry = await startRegistry();
    await registry.seedImage('team/app', ['1.0.0']);
    const client = clientFor({ url: registry.url, timeoutMs: 2_000 });
    await expect(client.hasTag(APP, '1.0.0')).resolves.toBe(true);
    await registry.stop();

    const started = Date.now();
    const error = await client.listTags(APP).catch(e => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    // CustomErrorBase appends the cause ("; caused by TypeError: fetch failed").
    expect(error.message).toMatch(
      new RegExp(
        `^Artifact registry ${HOST} is unreachable \\(ECONNREFUSED\\)`,
      ),
    );
  });

  it('times out a registry that accepts connections but never answers', async () => {
    const sockets = new Set<Socket>();
    const server: Server = createServer(socket => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    const port = await freeLoopbackPort();
    await new Promise<void>(resolve =>
      server.listen(port, '127.0.0.1', resolve),
    );
    try {
      const client = clientFor({
        url: `http://127.0.0.1:${port}`,
        timeoutMs: 300,
      });
      const started = Date.now();
      const error = await client.hasTag(APP, '1.0.0').catch(e => e);
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toMatch(
        new RegExp(`^Artifact registry ${HOST} did not answer within 300 ms`),
      );
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  });
});

describe('RegistryClient with a Basic challenge', () => {
  // Debian's registry does Basic auth only with bcrypt htpasswd files, which Node cannot write without an extra
  // package; this small loopback server speaks the same challenge.
  let server: HttpServer;
  let url: string;
  const seen: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      seen.push(req.headers.authorization);
      const expected = `Basic ${Buffer.from('ci:s3cret').toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, {
          'WWW-Authenticate': 'Basic realm="Registry Realm"',
          'Content-Type': 'application/json',
        });
        res.end(
          '{"errors":[{"code":"UNAUTHORIZED","message":"secret detail"}]}',
        );
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ name: 'team/app', tags: ['1.0.0', '1.1.0'] }));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${
      typeof address === 'object' && address ? address.port : 0
    }`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  });

  it('answers the challenge with the configured credentials, then sends them up front', async () => {
    const client = clientFor({
      url,
      auth: { type: 'basic', username: 'ci', password: 's3cret' },
    });
    seen.length = 0;
    await expect(client.listTags(APP)).resolves.toEqual(['1.0.0', '1.1.0']);
    await expect(client.listTags(APP)).resolves.toEqual(['1.0.0', '1.1.0']);
    expect(seen.map(h => h?.split(' ')[0])).toEqual([
      undefined,
      'Basic',
      'Basic',
    ]);
  });

  it('reports wrong and missing credentials without the response body', async () => {
    const wrong = clientFor({
      url,
      auth: { type: 'basic', username: 'ci', password: 'nope' },
    });
    const error = await wrong.listTags(APP).catch(e => e);
    expect(error).toBeInstanceOf(RegistryCredentialsError);
    expect(error.message).toBe(
      `Artifact registry ${HOST} refused Atrium's credentials for ${APP} (401); check compute.registries`,
    );
    await expect(clientFor({ url }).listTags(APP)).rejects.toThrow(
      /requires credentials/,
    );
  });
});
