/**
 * The stack of tests/compute-approvals.test.ts: the compute stack (tests/lib/computeStack.ts: two simulated
 * clusters of the demo, the registry, a backend reading them, users signed in) with approvals on, a change
 * freeze holding now (in Tokyo time) and a short expiry.
 */
import { startComputeStack, type ComputeStack } from './computeStack.ts';

/** Local time in Tokyo (UTC+9, no daylight saving) without an offset, as the config's start and end take it. */
const tokyo = (ms: number) =>
  new Date(ms + 9 * 3600_000).toISOString().slice(0, 19);

export type ApprovalsStack = ComputeStack;

export function startApprovalsStack(options: {
  users: readonly string[];
  expiresAfterSeconds: number;
}): Promise<ApprovalsStack> {
  const now = Date.now();
  return startComputeStack({
    name: 'compute-approvals',
    images: { 'payments/payments-gateway': ['2.4.1', '2.5.0'] },
    entities: [],
    requestTimeoutMs: 3000,
    users: [...options.users],
    compute: {
      approvals: {
        enabled: true,
        expiresAfter: `PT${options.expiresAfterSeconds}S`,
        expiryCheckInterval: 'PT2S',
        rules: {
          reservedTier: true,
          criticalAlert: true,
          freezeWindows: true,
          replicaShare: true,
        },
        freezeWindows: [
          {
            name: 'approvals-test',
            start: tokyo(now - 3600_000),
            end: tokyo(now + 3 * 3600_000),
            timeZone: 'Asia/Tokyo',
          },
        ],
      },
    },
  });
}
