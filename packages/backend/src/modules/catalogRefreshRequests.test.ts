import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogRefreshRequestCheck } from './catalogRefreshRequests';

describe('catalogRefreshRequestCheck', () => {
  let server: Server;
  let baseUrl: string;
  /** What reached the handler after the check: the body it saw, or the error it passed on. */
  let seen: { body?: unknown; parsed?: boolean; error?: Error } | undefined;

  beforeAll(async () => {
    const check = catalogRefreshRequestCheck();
    server = createServer((req, res) => {
      check(req as any, res as any, (error?: unknown) => {
        if (error) {
          seen = { error: error as Error };
          res.statusCode = 400;
        } else {
          const r = req as { body?: unknown; _body?: boolean };
          seen = { body: r.body, parsed: r._body };
          res.statusCode = 200;
        }
        res.end();
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    seen = undefined;
  });

  const post = (path: string, body: string, contentType = 'application/json') =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  it('refuses an empty entityRef with an InputError (400; the catalog answered 500)', async () => {
    await post('/refresh', '{"entityRef":""}');
    expect(seen?.error?.name).toBe('InputError');
    expect(seen?.error?.message).toMatch(/entityRef must not be empty/);
  });

  it('passes any other body on, parsed and marked so for the catalog’s own parser', async () => {
    await post('/refresh', '{"entityRef":"component:default/a"}');
    expect(seen).toEqual({
      body: { entityRef: 'component:default/a' },
      parsed: true,
    });
    await post('/refresh', '{}');
    expect(seen).toEqual({ body: {}, parsed: true });
  });

  it('refuses a body that is not JSON as the catalog’s parser does (400)', async () => {
    await post('/refresh', '{"entityRef":');
    expect(seen?.error?.name).toBe('InputError');
    await post('/refresh', 'null');
    expect(seen?.error?.name).toBe('InputError');
  });

  it('leaves other routes, and bodies it does not read, untouched', async () => {
    await post('/locations', '{"entityRef":""}');
    expect(seen).toEqual({ body: undefined, parsed: undefined });
    await post('/refresh', 'entityRef=', 'application/x-www-form-urlencoded');
    expect(seen).toEqual({ body: undefined, parsed: undefined });
  });
});
