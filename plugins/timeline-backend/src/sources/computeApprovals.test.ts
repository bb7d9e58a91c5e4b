import type { ComputeAuditRecord } from '@atrium/plugin-compute-common';
import type { ComputeService } from '@atrium/plugin-compute-node';
import { computeSource } from './compute';

const at = (minutesAgo: number) =>
  new Date(Date.now() - minutesAgo * 60_000).toISOString();

const step = (
  id: number,
  minutesAgo: number,
  event: NonNullable<ComputeAuditRecord['approval']>['event'],
  actor: string,
  message: string,
  action: ComputeAuditRecord['action'] = 'deploy',
  after: Record<string, unknown> = { version: '2.5.0' },
): ComputeAuditRecord => ({
  id,
  occurredAt: at(minutesAgo),
  actor,
  action,
  entityRef: 'component:default/payments-gateway',
  cluster: 'eu',
  namespace: 'team-payments',
  app: 'payments-gateway',
  after,
  result: event === 'failed' ? 'failed' : 'succeeded',
  message,
  approval: { id: `r-${action}`, event },
});

/** The compute service as the source reads it: the audit below and no Apps (a stand-in, named so). */
const fakeCompute = (records: ComputeAuditRecord[]) =>
  ({
    getComponentsWorkloads: async (refs: string[]) =>
      refs.map(entityRef => ({ entityRef, clusters: [], excluded: [] })),
    getComponentActivity: async () => ({ items: records }),
  } as unknown as ComputeService);

describe('the compute source: steps of requests for approval (with a stand-in compute service)', () => {
  it('shows each step as an action that reads well, with who took it and why, and claims no revision', async () => {
    const records = [
      step(
        6,
        1,
        'expired',
        'user:default/alice.nakamura',
        'Expired without a decision',
        'restart',
        {},
      ),
      step(
        5,
        2,
        'rejected',
        'user:default/mei.chen',
        'Rejected: not now',
        'scale',
        { replicas: 4 },
      ),
      step(4, 3, 'approved', 'user:default/mei.chen', 'Approved and applied'),
      step(
        3,
        4,
        'failed',
        'user:default/mei.chen',
        'App changed since',
        'rollback',
        { revision: 2 },
      ),
      step(
        1,
        5,
        'requested',
        'user:default/alice.nakamura',
        'Approval requested: reserved.',
      ),
    ];
    const result = await computeSource(fakeCompute(records)).list(
      'component:default/payments-gateway',
      {
        from: new Date(Date.now() - 3600_000),
        to: new Date(),
        limit: 50,
        kinds: ['action'],
        credentials: {} as any,
        entity: {} as any,
        signal: new AbortController().signal,
      },
    );
    const items = Array.isArray(result) ? result : result.items;
    expect(
      items.map(e => [e.kind, e.title, e.actor, e.result, e.detail]),
    ).toEqual([
      [
        'action',
        'Request for restarting payments-gateway in eu expired without a decision',
        'user:default/alice.nakamura',
        'succeeded',
        'Expired without a decision',
      ],
      [
        'action',
        'Rejected scaling payments-gateway in eu to 4 replicas',
        'user:default/mei.chen',
        'succeeded',
        'Rejected: not now',
      ],
      [
        'action',
        'Approved deploying 2.5.0 to payments-gateway in eu',
        'user:default/mei.chen',
        'succeeded',
        'Approved and applied',
      ],
      [
        'action',
        'Approved rolling payments-gateway in eu back to revision 2, but applying it failed',
        'user:default/mei.chen',
        'failed',
        'App changed since',
      ],
      [
        'action',
        'Approval requested for deploying 2.5.0 to payments-gateway in eu',
        'user:default/alice.nakamura',
        'succeeded',
        'Approval requested: reserved.',
      ],
    ]);
  });
});
