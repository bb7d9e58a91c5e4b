import type { NewApprovalRequest } from './ApprovalStore';

/**
 * The request the approvals' unit tests start from: Alice's deploy of 2.5.0 to team-payments' payments-gateway,
 * seen at resourceVersion 41, needing approval for the reserved tier. Each test spreads it and changes what it is
 * about. For tests only.
 */
export const TEST_REQUEST: NewApprovalRequest = {
  action: 'deploy',
  app: { cluster: 'eu', namespace: 'team-payments', name: 'payments-gateway' },
  entityRef: 'component:default/payments-gateway',
  team: 'group:default/team-payments',
  change: { resourceVersion: '41', version: '2.5.0' },
  resourceVersion: '41',
  reasons: [{ rule: 'reserved-tier', message: 'Reserved.' }],
  requestedBy: 'user:default/alice.nakamura',
  requestedAt: '2026-12-06T12:00:00.000Z',
  expiresAt: '2026-12-07T12:00:00.000Z',
};
