import { CORE } from './coreTypes';
import { ObjectStore } from './store';
import { KubeObject, StoreEvent, StoredObject } from './types';

const pod = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: { app: name } },
  spec: { containers: [{ name: 'main', image: 'x:1' }] },
});

describe('ObjectStore', () => {
  let store: ObjectStore;

  beforeEach(() => {
    store = new ObjectStore();
    store.register(CORE.pods);
    store.create(CORE.pods, pod('b', 'one'));
    store.create(CORE.pods, pod('a', 'two'));
    store.create(CORE.pods, pod('a', 'one'));
  });

  it('scans the stored objects themselves, in list order, without copying', () => {
    const names = (objects: StoredObject[]) =>
      objects.map(o => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(names(store.scan(CORE.pods))).toEqual(names(store.list(CORE.pods)));
    expect(names(store.scan(CORE.pods))).toEqual(['a/one', 'a/two', 'b/one']);
    expect(names(store.scan(CORE.pods, 'a'))).toEqual(['a/one', 'a/two']);
    expect(store.scan(CORE.pods, 'none')).toEqual([]);

    // The same objects every time, equal to (but not) the copies `list` and `get` hand out.
    const [first] = store.scan(CORE.pods);
    expect(store.scan(CORE.pods)[0]).toBe(first);
    expect(store.peek(CORE.pods, 'a', 'one')).toBe(first);
    expect(store.peek(CORE.pods, 'a', 'missing')).toBeUndefined();
    expect(store.get(CORE.pods, 'a', 'one')).toEqual(first);
    expect(store.get(CORE.pods, 'a', 'one')).not.toBe(first);
    expect(store.list(CORE.pods)[0]).not.toBe(first);
  });

  it('keeps a scanned object as it was when the object is written: writes store a new object', () => {
    const events: StoreEvent[] = [];
    store.subscribe(CORE.pods, e => events.push(e));
    const before = store.peek(CORE.pods, 'a', 'one')!;
    const version = before.metadata.resourceVersion;
    const copy = store.get(CORE.pods, 'a', 'one')!;
    copy.metadata.labels = { app: 'changed' };
    const updated = store.update(CORE.pods, copy);

    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
      Number(version),
    );
    expect(events.map(e => e.type)).toEqual(['MODIFIED']);
    expect(before.metadata).toMatchObject({
      resourceVersion: version,
      labels: { app: 'one' },
    });
    const after = store.peek(CORE.pods, 'a', 'one')!;
    expect(after).not.toBe(before);
    expect(after.metadata.labels).toEqual({ app: 'changed' });

    store.delete(CORE.pods, 'a', 'one');
    expect(store.peek(CORE.pods, 'a', 'one')).toBeUndefined();
    expect(after.metadata.labels).toEqual({ app: 'changed' });
  });
});
