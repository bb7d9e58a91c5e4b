import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { TimelineSource } from '@atrium/plugin-timeline-node';
import { Timeline } from './Timeline';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc' },
};
const at = (minute: number) =>
  new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();
const range = {
  from: new Date(Date.UTC(2026, 10, 20, 10, 0)),
  to: new Date(Date.UTC(2026, 10, 20, 11, 0)),
};

/** A fake source (named so) that answers with fixed events. */
const fake = (
  id: string,
  kinds: TimelineSource['kinds'],
  events: Array<{ id: string; kind: any; minute: number }>,
  seen: any[] = [],
): TimelineSource => ({
  id,
  kinds,
  async list(entityRef, query) {
    seen.push({ entityRef, kinds: query.kinds, limit: query.limit });
    return events.map(e => ({
      id: e.id,
      kind: e.kind,
      at: at(e.minute),
      title: `${id} ${e.id}`,
    }));
  },
});

describe('the timeline', () => {
  const list = (timeline: Timeline, kinds: any[], limit = 200) =>
    timeline.list(
      entity,
      'component:default/svc',
      { kinds, limit, ...range },
      mockCredentials.user(),
    );

  it('merges every source newest first, only the kinds asked and within the range, cut to the limit', async () => {
    const seenA: any[] = [];
    const seenB: any[] = [];
    const timeline = new Timeline(
      [
        fake(
          'a',
          ['deploy', 'scale'],
          [
            { id: '1', kind: 'deploy', minute: 5 },
            { id: '2', kind: 'scale', minute: 30 },
            { id: 'late', kind: 'scale', minute: 61 },
          ],
          seenA,
        ),
        fake(
          'b',
          ['catalog-change'],
          [
            { id: '1', kind: 'catalog-change', minute: 10 },
            // A kind it did not declare is dropped too.
            { id: 'x', kind: 'deploy', minute: 20 },
          ],
          seenB,
        ),
      ],
      { timeoutMs: 1000 },
    );
    const all = await list(timeline, ['deploy', 'scale', 'catalog-change']);
    expect(all.errors).toEqual([]);
    expect(all.items.map(e => e.id)).toEqual(['a:2', 'b:x', 'b:1', 'a:1']);
    expect(all.items[0]).toMatchObject({
      source: 'a',
      kind: 'scale',
      at: at(30),
    });

    const limited = await list(
      timeline,
      ['deploy', 'scale', 'catalog-change'],
      2,
    );
    expect(limited.items.map(e => e.id)).toEqual(['a:2', 'b:x']);

    seenB.length = 0;
    const scales = await list(timeline, ['scale']);
    expect(scales.items.map(e => e.id)).toEqual(['a:2']);
    // A source with none of the kinds asked is not asked; one that has is asked for those only.
    expect(seenB).toEqual([]);
    expect(seenA.at(-1)).toEqual({
      entityRef: 'component:default/svc',
      kinds: ['scale'],
      limit: 200,
    });
  });

  it('reports a failing and a slow source in errors, and still shows the others', async () => {
    let aborted = false;
    const timeline = new Timeline(
      [
        fake('ok', ['deploy'], [{ id: '1', kind: 'deploy', minute: 1 }]),
        {
          id: 'broken',
          kinds: ['deploy'],
          list: async () => {
            throw new Error('connection refused');
          },
        },
        {
          id: 'slow',
          kinds: ['alert-firing'],
          list: (_ref, query) =>
            new Promise(resolve => {
              query.signal.addEventListener('abort', () => {
                aborted = true;
              });
              setTimeout(() => resolve([]), 5000).unref();
            }),
        },
        {
          id: 'partial',
          kinds: ['deploy'],
          list: async () => ({
            items: [{ id: '9', kind: 'deploy', at: at(2), title: 'x' }],
            errors: ['cluster-b: Timeout: no answer'],
          }),
        },
      ],
      { timeoutMs: 200 },
    );
    const started = Date.now();
    const page = await list(timeline, ['deploy', 'alert-firing']);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(page.items.map(e => e.id)).toEqual(['partial:9', 'ok:1']);
    expect(page.errors).toEqual([
      { source: 'broken', message: 'connection refused' },
      { source: 'slow', message: 'did not answer within 200 ms' },
      { source: 'partial', message: 'cluster-b: Timeout: no answer' },
    ]);
    expect(aborted).toBe(true);
  });

  it('refuses sources with bad or repeated ids and unknown kinds', () => {
    expect(
      () => new Timeline([fake('A b', ['deploy'], [])], { timeoutMs: 1 }),
    ).toThrow(/lower-case/);
    expect(
      () =>
        new Timeline([fake('a', ['deploy'], []), fake('a', ['scale'], [])], {
          timeoutMs: 1,
        }),
    ).toThrow(/twice/);
    expect(
      () => new Timeline([fake('a', ['nope' as any], [])], { timeoutMs: 1 }),
    ).toThrow(/unknown kinds nope/);
  });
});
