import { parseActiveAlertsRequest } from './activeAlertsRequest';

describe('parseActiveAlertsRequest', () => {
  it('normalizes 1 to 100 entity refs', () => {
    expect(
      parseActiveAlertsRequest({
        entityRefs: ['component:default/a', 'Component:b'],
      }),
    ).toEqual(['component:default/a', 'component:default/b']);
  });

  it('refuses what is not a list of 1 to 100 refs, naming a bad ref', () => {
    const refs = (n: number) =>
      Array.from({ length: n }, (_, i) => `component:default/c${i}`);
    for (const body of [
      undefined,
      {},
      { entityRefs: [] },
      { entityRefs: 'component:default/a' },
      { entityRefs: [1] },
      { entityRefs: refs(101) },
    ]) {
      expect(() => parseActiveAlertsRequest(body)).toThrow(
        /with 1 to 100 entity refs/,
      );
    }
    expect(() =>
      parseActiveAlertsRequest({ entityRefs: [':default/x'] }),
    ).toThrow(/":default\/x" is not an entity ref/);
    expect(parseActiveAlertsRequest({ entityRefs: refs(100) })).toHaveLength(
      100,
    );
  });
});
