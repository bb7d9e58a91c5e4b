import { ResponseError } from '@backstage/errors';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  callPluginAsService,
  OnBehalfClient,
  OnBehalfTokens,
  TOKEN_REUSE_MS,
  uncompressedFetchApi,
} from './pluginCalls';

describe('OnBehalfTokens', () => {
  const alice = { principal: { userEntityRef: 'user:default/alice' } } as any;
  const bob = { principal: { userEntityRef: 'user:default/bob' } } as any;

  function setup(fail = false) {
    const asked: Array<{ onBehalfOf: unknown; targetPluginId: string }> = [];
    const tokens = new OnBehalfTokens(
      {
        getPluginRequestToken: async o => {
          asked.push(o);
          if (fail && asked.length === 1) throw new Error('auth is down');
          return { token: `token-${asked.length}` };
        },
      },
      'operations',
    );
    return { tokens, asked };
  }

  afterEach(() => jest.useRealTimers());

  it('makes one token per credentials for the target plugin, and makes a new one after TOKEN_REUSE_MS', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T12:00:00Z') });
    const { tokens, asked } = setup();
    expect(await tokens.token(alice)).toEqual({ token: 'token-1' });
    expect(await tokens.token(alice)).toEqual({ token: 'token-1' });
    expect(await tokens.token(bob)).toEqual({ token: 'token-2' });
    expect(asked).toEqual([
      { onBehalfOf: alice, targetPluginId: 'operations' },
      { onBehalfOf: bob, targetPluginId: 'operations' },
    ]);
    jest.advanceTimersByTime(TOKEN_REUSE_MS);
    expect(await tokens.token(alice)).toEqual({ token: 'token-3' });
  });

  it('does not keep a token that could not be made', async () => {
    const { tokens } = setup(true);
    await expect(tokens.token(alice)).rejects.toThrow('auth is down');
    expect(await tokens.token(alice)).toEqual({ token: 'token-2' });
  });
});

describe('OnBehalfClient', () => {
  it("makes the plugin's client with uncompressed answers, and the caller's token for it", async () => {
    const made: unknown[] = [];
    class Client {
      constructor(options: unknown) {
        made.push(options);
      }
    }
    const discovery = {
      getBaseUrl: async (id: string) => `http://x/api/${id}`,
    };
    const calls = new OnBehalfClient(
      'reviews',
      Client,
      {
        getPluginRequestToken: async ({ targetPluginId }) => ({
          token: `for-${targetPluginId}`,
        }),
      },
      discovery,
    );
    expect(calls.client).toBeInstanceOf(Client);
    expect(made).toEqual([
      { discoveryApi: discovery, fetchApi: uncompressedFetchApi },
    ]);
    expect(
      await calls.as({ principal: { userEntityRef: 'user:default/a' } } as any),
    ).toEqual({ token: 'for-reviews' });
  });
});

describe('callPluginAsService', () => {
  /** A loopback server standing in for the target plugin: answers `status` with `body`, and keeps what it got. */
  async function target(status: number, body: object) {
    const got: Array<{ req: IncomingMessage; body: string }> = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', chunk => (text += chunk));
      req.on('end', () => {
        got.push({ req, body: text });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const asked: unknown[] = [];
    const deps = {
      auth: {
        getOwnServiceCredentials: async () =>
          ({ principal: { type: 'service', subject: 'plugin:me' } } as any),
        getPluginRequestToken: async (o: any) => {
          asked.push(o);
          return { token: `token-for-${o.targetPluginId}` };
        },
      },
      discovery: {
        getBaseUrl: async (id: string) => `http://127.0.0.1:${port}/api/${id}`,
      },
    };
    return { deps, got, asked, close: () => server.close() };
  }

  it("calls the target with a token for its own service credentials, keeping the caller's request", async () => {
    const t = await target(200, { accepted: 2 });
    try {
      const response = await callPluginAsService(
        t.deps,
        'adoption',
        '/server-events?x=1',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"events":[]}',
        },
      );
      expect(await response.json()).toEqual({ accepted: 2 });
      expect(t.asked).toEqual([
        {
          onBehalfOf: { principal: { type: 'service', subject: 'plugin:me' } },
          targetPluginId: 'adoption',
        },
      ]);
      expect(t.got).toHaveLength(1);
      const { req, body } = t.got[0];
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/api/adoption/server-events?x=1');
      expect(req.headers.authorization).toBe('Bearer token-for-adoption');
      expect(req.headers['content-type']).toBe('application/json');
      expect(body).toBe('{"events":[]}');
    } finally {
      t.close();
    }
  });

  it("rejects with the target's error, its status and message kept", async () => {
    const t = await target(403, {
      error: { name: 'NotAllowedError', message: 'services only' },
      response: { statusCode: 403 },
    });
    try {
      const call = callPluginAsService(t.deps, 'catalog', '/atrium/changes');
      await expect(call).rejects.toBeInstanceOf(ResponseError);
      await expect(call).rejects.toMatchObject({
        statusCode: 403,
        body: { error: { message: 'services only' } },
      });
    } finally {
      t.close();
    }
  });
});
