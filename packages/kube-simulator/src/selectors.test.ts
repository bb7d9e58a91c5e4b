import {
  matchesFields,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';
import { StatusError } from './status';
import { KubeSimulator, ListeningServer } from './simulator';
import { NS, TOKEN, startTestCluster } from './__testUtils__/client';
import { KubeObject } from './types';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: NS },
  status: { phase: 'Running' },
} as KubeObject;

describe('field selectors', () => {
  it('match the fields Kubernetes supports', () => {
    expect(
      matchesFields(
        parseFieldSelector('status.phase=Running,metadata.name!=q'),
        pod,
      ),
    ).toBe(true);
    expect(
      matchesFields(parseFieldSelector('metadata.namespace==other'), pod),
    ).toBe(false);
  });

  it.each([
    '__proto__=x',
    'constructor=x',
    'toString=x',
    'hasOwnProperty!=x',
    'metadata.__proto__=x',
    'spec.unknown=x',
  ])('refuse the unknown field in %s with 400 BadRequest', selector => {
    let error: unknown;
    try {
      parseFieldSelector(selector);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).code).toBe(400);
    expect((error as StatusError).message).toContain(
      'is not a known field selector',
    );
  });
});

describe('label selectors', () => {
  it.each([
    '__proto__',
    '!__proto__',
    'a in (x y)',
    'a in (x,y',
    'a=b=c',
    '=b',
    'a notin ()x',
  ])('refuse the malformed %s with 400 BadRequest', selector => {
    expect(() => parseLabelSelector(selector)).toThrow(
      expect.objectContaining({ code: 400, reason: 'BadRequest' }),
    );
  });
});

describe('selectors through the REST API', () => {
  let simulator: KubeSimulator;
  let server: ListeningServer;

  beforeAll(async () => {
    ({ simulator, server } = await startTestCluster());
  });
  afterAll(() => simulator.stop());

  const list = (query: string) =>
    fetch(`${server.url}/api/v1/namespaces/${NS}/pods?${query}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });

  it.each([
    'fieldSelector=__proto__%3Dx',
    'fieldSelector=constructor%3Dx',
    'fieldSelector=valueOf!%3Dx',
    'labelSelector=__proto__',
    'labelSelector=a%20in%20(b',
    'limit=x',
    'continue=bm90IGpzb24',
    'continue=bnVsbA', // base64url of "null"
  ])('answers 400 BadRequest (never 500) to ?%s', async query => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('answers 400 to a path segment that is not valid percent-encoding', async () => {
    const res = await fetch(`${server.url}/api/v1/namespaces/%E0%A4%A/pods`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(400);
  });

  it('still filters with valid selectors', async () => {
    const res = await list(
      'fieldSelector=status.phase%3DRunning&labelSelector=compute.atrium.dev%2Fapp',
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) expect(item.status.phase).toBe('Running');
  });
});
