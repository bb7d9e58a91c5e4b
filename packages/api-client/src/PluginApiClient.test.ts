import { ResponseError } from '@backstage/errors';
import { PluginApiClient, type PluginApiRequest } from './PluginApiClient';

class ThingsClient extends PluginApiClient {
  constructor(fetchImpl: typeof fetch) {
    super('things', {
      discoveryApi: {
        getBaseUrl: async id => `http://localhost:7007/api/${id}`,
      },
      fetchApi: { fetch: fetchImpl },
    });
  }

  send<T>(request: PluginApiRequest) {
    return this.request<T>(request);
  }
}

describe('PluginApiClient', () => {
  it("sends JSON with the caller's token to the plugin's base URL, and reads JSON back", async () => {
    const fetchImpl = jest.fn(
      async () =>
        new Response(JSON.stringify({ ok: 1 }), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    const client = new ThingsClient(fetchImpl);
    await expect(
      client.send({
        method: 'PUT',
        path: '/things/a',
        body: { done: true },
        token: 't0ken',
        headers: { 'x-extra': 'yes' },
      }),
    ).resolves.toEqual({ ok: 1 });
    expect(fetchImpl).toHaveBeenCalledWith(
      'http://localhost:7007/api/things/things/a',
      {
        method: 'PUT',
        headers: {
          authorization: 'Bearer t0ken',
          'content-type': 'application/json',
          'x-extra': 'yes',
        },
        body: '{"done":true}',
        signal: undefined,
      },
    );
  });

  it('sends a GET without a body or token by default, and answers undefined for 204', async () => {
    const fetchImpl = jest.fn(async () => new Response(null, { status: 204 }));
    const client = new ThingsClient(fetchImpl);
    await expect(client.send({ path: '/things' })).resolves.toBeUndefined();
    expect(fetchImpl).toHaveBeenCalledWith(
      'http://localhost:7007/api/things/things',
      { method: 'GET', headers: {}, body: undefined, signal: undefined },
    );
  });

  it('throws a ResponseError with the backend’s error for an answer that is not 2xx', async () => {
    const fetchImpl = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'no such thing' },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        ),
    );
    const client = new ThingsClient(fetchImpl);
    const error = (await client
      .send({ path: '/things/b' })
      .catch(e => e)) as ResponseError;
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(404);
    expect(error.body.error.message).toBe('no such thing');
  });
});
