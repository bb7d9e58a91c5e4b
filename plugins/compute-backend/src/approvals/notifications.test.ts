import { mockServices } from '@backstage/backend-test-utils';
import type { ApprovalRequest } from '@atrium/plugin-compute-common';
import { ApprovalNotifier } from './notifications';
import { TEST_REQUEST } from './testRequest';

const ALICE = 'user:default/alice.nakamura';
const MEI = 'user:default/mei.chen';

const REQUEST: ApprovalRequest = {
  ...TEST_REQUEST,
  id: 'req-1',
  reasons: [{ rule: 'reserved-tier', message: 'The App is reserved.' }],
  status: 'pending',
};

describe('ApprovalNotifier', () => {
  const setup = (
    displayNames: (refs: string[]) => Promise<Map<string, string>>,
  ) => {
    const send = jest.fn(async () => {});
    const notifier = new ApprovalNotifier({
      notifications: { send },
      logger: mockServices.logger.mock(),
      displayNames,
    });
    const payloads = () =>
      send.mock.calls.map(
        ([n]: any[]) => n.payload as { title: string; description?: string },
      );
    return { notifier, payloads };
  };

  it('names the requester and the approver by their display names, not their refs', async () => {
    const names = new Map([
      [ALICE, 'Alice Nakamura'],
      [MEI, 'Mei-Lin Chen'],
    ]);
    const { notifier, payloads } = setup(async refs => {
      expect(refs.every(r => names.has(r))).toBe(true);
      return names;
    });
    await notifier.requested(REQUEST);
    await notifier.decided({
      ...REQUEST,
      status: 'rejected',
      decidedBy: MEI,
      comment: 'Not during the freeze',
    });
    const [asked, rejected] = payloads();
    expect(asked.description).toBe(
      'Alice Nakamura asks for approval. The App is reserved.',
    );
    expect(rejected.title).toMatch(/^Rejected by Mei-Lin Chen: /);
    expect(rejected.description).toBe('Not during the freeze');
    expect(JSON.stringify(payloads())).not.toContain('user:default/');
  });

  it('calls people by the name in their ref when the catalog does not know them or cannot answer', async () => {
    const { notifier, payloads } = setup(async () => {
      throw new Error('catalog down');
    });
    await notifier.decided({ ...REQUEST, status: 'approved', decidedBy: MEI });
    expect(payloads()[0].title).toMatch(/^Approved by mei\.chen and applied: /);

    const empty = setup(async () => new Map());
    await empty.notifier.requested(REQUEST);
    expect(empty.payloads()[0].description).toMatch(
      /^alice\.nakamura asks for approval/,
    );
  });
});
