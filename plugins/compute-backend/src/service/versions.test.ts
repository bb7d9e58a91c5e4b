import { sortVersions } from './versions';

describe('sortVersions', () => {
  it('orders tags newest version first', () => {
    expect(
      sortVersions([
        '1.9.2',
        '1.10.0',
        '2.0.0-rc.1',
        '0.1.0',
        'latest',
        '2.0.0',
      ]),
    ).toEqual(['2.0.0', '2.0.0-rc.1', '1.10.0', '1.9.2', '0.1.0', 'latest']);
  });

  it('reads a leading v, orders pre-releases by their numbers, and leaves the input as it was', () => {
    const tags = ['v1.0.0-rc.2', 'v1.0.0-rc.10', 'v1.0.0', 'edge', 'canary'];
    expect(sortVersions(tags)).toEqual([
      'v1.0.0',
      'v1.0.0-rc.10',
      'v1.0.0-rc.2',
      'canary',
      'edge',
    ]);
    expect(tags[0]).toBe('v1.0.0-rc.2');
  });
});
