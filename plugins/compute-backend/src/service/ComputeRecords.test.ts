import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { AppView } from '@atrium/plugin-compute-common';
import { ComputeRecords } from './ComputeRecords';

const credentials = {} as BackstageCredentials;

describe('ComputeRecords', () => {
  const list = jest.fn(async () => ({ items: [], nextBefore: undefined }));
  const listTags = jest.fn(async () => ['1.9.0', 'latest', '1.10.0']);
  const records = new ComputeRecords({
    reader: {
      componentEntityRef: async ref => {
        if (ref.name !== 'ledger') throw new NotFoundError('no component');
        return `component:${ref.namespace}/${ref.name}`;
      },
      app: async () =>
        ({ spec: { image: 'registry.test/payments/ledger' } } as AppView),
    },
    audit: { list },
    registry: { listTags },
  });

  beforeEach(() => jest.clearAllMocks());

  it("reads a component's activity by its entity ref, a page at a time", async () => {
    await records.componentActivity(
      { namespace: 'default', name: 'ledger' },
      credentials,
      { limit: 20, before: 7 },
    );
    expect(list).toHaveBeenCalledWith({
      entityRef: 'component:default/ledger',
      limit: 20,
      before: 7,
    });
  });

  it('reads no activity of a component the caller may not see', async () => {
    await expect(
      records.componentActivity(
        { namespace: 'default', name: 'hidden' },
        credentials,
        { limit: 50 },
      ),
    ).rejects.toThrow(NotFoundError);
    expect(list).not.toHaveBeenCalled();
  });

  it("answers the App's image and its tags, newest version first", async () => {
    expect(
      await records.appTags(
        { cluster: 'c', namespace: 'team-payments', name: 'ledger' },
        credentials,
      ),
    ).toEqual({
      image: 'registry.test/payments/ledger',
      tags: ['1.10.0', '1.9.0', 'latest'],
    });
    expect(listTags).toHaveBeenCalledWith('registry.test/payments/ledger');
  });
});
