import { parseWorkloadsRequest } from './workloadsRequest';

describe('parseWorkloadsRequest', () => {
  it('takes a list of entity refs, an empty one too', () => {
    expect(
      parseWorkloadsRequest({ entityRefs: ['component:default/a', 'b'] }),
    ).toEqual(['component:default/a', 'b']);
    expect(parseWorkloadsRequest({ entityRefs: [] })).toEqual([]);
  });

  it('refuses what is not a list of refs of 1 to 512 characters', () => {
    for (const body of [
      undefined,
      null,
      {},
      { entityRefs: 'component:default/a' },
      { entityRefs: [1] },
      { entityRefs: [''] },
      { entityRefs: ['x'.repeat(513)] },
    ]) {
      expect(() => parseWorkloadsRequest(body)).toThrow(
        /^entityRefs must be a list of entity refs$/,
      );
    }
  });
});
