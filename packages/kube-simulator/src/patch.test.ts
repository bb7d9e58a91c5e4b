import { applyJsonPatch, applyMergePatch } from './patch';
import { StatusError } from './status';
import { KubeSimulator, ListeningServer } from './simulator';
import {
  GROUP,
  NS,
  TOKEN,
  VERSION,
  startTestCluster,
} from './__testUtils__/client';

const APP = `/apis/${GROUP}/${VERSION}/namespaces/${NS}/apps/payments-gateway`;

/** What a failed patch answers: its code, and the Kubernetes Status object. */
function statusOfThrown(fn: () => unknown): { code: number; status: any } {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return { code: e.code, status: e.toStatus() };
    throw e;
  }
  throw new Error('expected the patch to fail');
}

const polluted = () =>
  (({} as Record<string, unknown>).polluted !== undefined ||
  ({} as Record<string, unknown>).isAdmin !== undefined);

afterEach(() => {
  // A failing run must not poison the tests after it.
  delete (Object.prototype as any).polluted;
  delete (Object.prototype as any).isAdmin;
});

describe('JSON patch (RFC 6902) with Kubernetes semantics', () => {
  const doc = () => ({
    metadata: { name: 'a', labels: { x: '1' } },
    spec: { list: [1, 2, 3], nested: { v: 'old' } },
  });

  it('applies add, remove, replace, move, copy and test, without touching its input', () => {
    const input = doc();
    const out = applyJsonPatch(input, [
      { op: 'test', path: '/spec/nested', value: { v: 'old' } },
      { op: 'add', path: '/spec/list/-', value: 4 },
      { op: 'add', path: '/spec/list/0', value: 0 },
      { op: 'remove', path: '/spec/list/1' },
      { op: 'replace', path: '/spec/nested/v', value: 'new' },
      { op: 'copy', from: '/spec/nested', path: '/spec/copied' },
      { op: 'move', from: '/metadata/labels/x', path: '/metadata/labels/y' },
      { op: 'add', path: '/metadata/annotations', value: { a: 'b' } },
    ]);
    expect(out).toEqual({
      metadata: { name: 'a', labels: { y: '1' }, annotations: { a: 'b' } },
      spec: {
        list: [0, 2, 3, 4],
        nested: { v: 'new' },
        copied: { v: 'new' },
      },
    });
    expect(input).toEqual(doc());
    expect(applyJsonPatch(input, [{ op: 'replace', path: '', value: 7 }])).toBe(
      7,
    );
  });

  it.each([
    [
      'a test that fails',
      { op: 'test', path: '/spec/nested/v', value: 'other' },
      'testing value /spec/nested/v failed',
    ],
    [
      'a remove of a missing key',
      { op: 'remove', path: '/spec/missing' },
      'remove operation does not apply: doc is missing path: /spec/missing',
    ],
    [
      'a replace of a missing key',
      { op: 'replace', path: '/spec/missing', value: 1 },
      'replace operation does not apply: doc is missing key: /spec/missing',
    ],
    [
      'an add under a missing parent',
      { op: 'add', path: '/spec/missing/deeper', value: 1 },
      'add operation does not apply: doc is missing path: /spec/missing/deeper',
    ],
    [
      'an add past the end of an array',
      { op: 'add', path: '/spec/list/9', value: 1 },
      'add operation does not apply: index out of range: /spec/list/9',
    ],
    [
      'a move from a missing key',
      { op: 'move', from: '/spec/missing', path: '/spec/x' },
      'move operation does not apply: doc is missing from path: /spec/missing',
    ],
    [
      'a remove of an inherited property',
      { op: 'remove', path: '/spec/toString' },
      'remove operation does not apply: doc is missing path: /spec/toString',
    ],
  ])('answers 422 Invalid for %s', (_what, op, message) => {
    const { code, status } = statusOfThrown(() => applyJsonPatch(doc(), [op]));
    expect(code).toBe(422);
    expect(status).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      message,
    });
  });

  it('answers 400 BadRequest for a body that is not a patch, an unknown op or a bad pointer', () => {
    expect(
      statusOfThrown(() => applyJsonPatch(doc(), { op: 'add' })),
    ).toMatchObject({
      code: 400,
      status: { reason: 'BadRequest' },
    });
    expect(
      statusOfThrown(() =>
        applyJsonPatch(doc(), [{ op: 'frobnicate', path: '/a' }]),
      ),
    ).toMatchObject({
      code: 400,
      status: { message: 'Unexpected kind: frobnicate' },
    });
    expect(
      statusOfThrown(() =>
        applyJsonPatch(doc(), [{ op: 'add', path: 'a', value: 1 }]),
      ),
    ).toMatchObject({
      code: 400,
      status: { message: 'invalid JSON pointer "a"' },
    });
  });

  it.each([
    ['/__proto__/polluted', 'add'],
    ['/spec/__proto__/polluted', 'add'],
    ['/constructor/prototype/polluted', 'add'],
    ['/spec/constructor', 'replace'],
    ['/spec/prototype', 'add'],
    ['/spec/list/__proto__', 'remove'],
  ])(
    'refuses %s (%s) with 422 naming the path, and changes nothing',
    (path, op) => {
      const input = doc();
      const { code, status } = statusOfThrown(() =>
        applyJsonPatch(input, [
          { op: 'add', path: '/spec/first', value: 1 },
          { op, path, value: { polluted: true } },
        ]),
      );
      expect(code).toBe(422);
      expect(status).toMatchObject({ reason: 'Invalid' });
      expect(status.message).toContain(path);
      expect(status.details.causes).toEqual([
        expect.objectContaining({ reason: 'FieldValueForbidden', field: path }),
      ]);
      expect(polluted()).toBe(false);
      expect(input).toEqual(doc());
    },
  );

  it('refuses prototype keys in a move or copy source', () => {
    for (const from of ['/__proto__', '/spec/constructor', '/prototype']) {
      const { code, status } = statusOfThrown(() =>
        applyJsonPatch(doc(), [{ op: 'copy', from, path: '/spec/stolen' }]),
      );
      expect(code).toBe(422);
      expect(status.message).toContain(from);
    }
  });

  it('refuses prototype keys inside an added value', () => {
    const value = JSON.parse('{"ok": 1, "__proto__": {"polluted": true}}');
    const { code, status } = statusOfThrown(() =>
      applyJsonPatch(doc(), [{ op: 'add', path: '/spec/value', value }]),
    );
    expect(code).toBe(422);
    expect(status.message).toContain('/spec/value/__proto__');
    expect(polluted()).toBe(false);
  });
});

describe('merge patch (RFC 7386)', () => {
  it('merges, removes keys set to null, and leaves its input alone', () => {
    const input = { a: 1, b: { c: 2, d: 3 } };
    expect(applyMergePatch(input, { b: { c: null, e: 4 } })).toEqual({
      a: 1,
      b: { d: 3, e: 4 },
    });
    expect(input).toEqual({ a: 1, b: { c: 2, d: 3 } });
  });

  it.each([
    ['{"__proto__": {"polluted": true}}', '/__proto__'],
    ['{"spec": {"__proto__": {"polluted": true}}}', '/spec/__proto__'],
    [
      '{"spec": {"constructor": {"prototype": {"polluted": true}}}}',
      '/spec/constructor',
    ],
    [
      '{"metadata": {"labels": {"prototype": "x"}}}',
      '/metadata/labels/prototype',
    ],
  ])('refuses %s with 422 naming %s', (body, path) => {
    const target = { spec: { a: 1 }, metadata: { labels: {} } };
    const { code, status } = statusOfThrown(() =>
      applyMergePatch(target, JSON.parse(body)),
    );
    expect(code).toBe(422);
    expect(status.message).toContain(path);
    expect(polluted()).toBe(false);
    expect(target).toEqual({ spec: { a: 1 }, metadata: { labels: {} } });
  });
});

describe('patches through the REST API', () => {
  let simulator: KubeSimulator;
  let server: ListeningServer;

  beforeEach(async () => {
    ({ simulator, server } = await startTestCluster());
  });
  afterEach(() => simulator.stop());

  const patch = (contentType: string, body: unknown) =>
    fetch(`${server.url}${APP}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': contentType,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const read = async () =>
    (
      await fetch(`${server.url}${APP}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json();

  it('answers 422 for a JSON patch through __proto__, leaves Object.prototype and the App alone', async () => {
    const before = await read();
    const res = await patch('application/json-patch+json', [
      { op: 'add', path: '/__proto__/polluted', value: 'yes' },
    ]);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      code: 422,
      message: expect.stringContaining('/__proto__/polluted'),
    });
    expect(polluted()).toBe(false);
    expect(await read()).toEqual(before);
  });

  it('answers 422 for constructor/prototype paths and merge patches with prototype keys', async () => {
    const before = await read();
    const json = await patch('application/json-patch+json', [
      { op: 'add', path: '/spec/constructor/prototype/isAdmin', value: true },
    ]);
    expect(json.status).toBe(422);
    const merge = await patch(
      'application/merge-patch+json',
      '{"spec": {"__proto__": {"isAdmin": true}}}',
    );
    expect(merge.status).toBe(422);
    expect((await merge.json()).message).toContain('/spec/__proto__');
    expect(polluted()).toBe(false);
    expect(await read()).toEqual(before);
  });

  it('still applies ordinary JSON and merge patches', async () => {
    const json = await patch('application/json-patch+json', [
      { op: 'test', path: '/spec/replicas', value: 2 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/metadata/labels/extra', value: 'yes' },
    ]);
    expect(json.status).toBe(200);
    const merged = await patch('application/merge-patch+json', {
      metadata: { labels: { extra: null } },
    });
    expect(merged.status).toBe(200);
    const app = await merged.json();
    expect(app.spec.replicas).toBe(3);
    expect(app.metadata.labels.extra).toBeUndefined();
  });
});
