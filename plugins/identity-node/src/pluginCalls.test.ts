import {
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
