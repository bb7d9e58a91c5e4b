import type {
  ActionResponse,
  AppView,
  ComponentWorkloads,
  ApprovalRequest,
  ComputeActionSignal,
  ComputeApi,
  TeamQuota,
  TeamWorkloads,
} from '@atrium/plugin-compute-common';
import type { Entity } from '@backstage/catalog-model';

export const groupEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

export function makeApp(overrides: Partial<AppView> = {}): AppView {
  return {
    cluster: 'sim-eu-west',
    namespace: 'team-payments',
    name: 'payments-gateway',
    resourceVersion: '100',
    generation: 4,
    component: 'payments-gateway',
    team: 'payments',
    spec: {
      image: 'registry.example.com/payments/payments-gateway',
      version: '2.3.1',
      replicas: 3,
      tier: 'on-demand',
      resources: { cpu: '250m', memory: '256Mi' },
    },
    status: {
      phase: 'Running',
      observedGeneration: 4,
      replicas: 3,
      readyReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: 3,
      revisions: [
        {
          revision: 1,
          image: 'x',
          version: '2.2.0',
          createdAt: '2024-01-01T00:00:00Z',
          changeCause: 'deploy',
        },
        {
          revision: 2,
          image: 'x',
          version: '2.3.0',
          createdAt: '2024-02-01T00:00:00Z',
          changeCause: 'deploy',
        },
        {
          revision: 3,
          image: 'x',
          version: '2.3.1',
          createdAt: '2024-03-01T00:00:00Z',
          changeCause: 'deploy',
        },
      ],
      conditions: [
        { type: 'Available', status: 'True' },
        { type: 'Progressing', status: 'True', reason: 'NewRevisionAvailable' },
      ],
    },
    pods: [
      {
        name: 'payments-gateway-3-abcde',
        namespace: 'team-payments',
        phase: 'Running',
        ready: true,
        restarts: 0,
        node: 'node-1',
        zone: 'eu-west-1a',
        image: 'registry.example.com/payments/payments-gateway:2.3.1',
        revision: 3,
        createdAt: '2024-03-01T00:00:00Z',
        containers: [
          {
            name: 'app',
            image: 'x:2.3.1',
            ready: true,
            restartCount: 0,
            state: 'running',
          },
          {
            name: 'mesh-proxy',
            image: 'proxy:1',
            ready: true,
            restartCount: 0,
            state: 'running',
          },
        ],
      },
    ],
    scaler: {
      name: 'payments-gateway',
      namespace: 'team-payments',
      resourceVersion: '55',
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'cpu', targetUtilization: 70 }],
      schedules: [],
      status: {
        desiredReplicas: 3,
        currentReplicas: 3,
        lastScaleReason: 'cpu below target',
      },
    },
    ...overrides,
  };
}

/** One cluster answers, the other timed out. */
export function partialWorkloads(app: AppView = makeApp()): ComponentWorkloads {
  return {
    entityRef: 'component:default/payments-gateway',
    clusters: [
      {
        cluster: { name: 'sim-eu-west', region: 'eu-west' },
        ok: true,
        apps: [app],
      },
      {
        cluster: { name: 'sim-us-east', region: 'us-east' },
        ok: false,
        error: {
          reason: 'Timeout',
          message: 'sim-us-east did not answer within 5s',
        },
      },
    ],
    excluded: [],
  };
}

/** What a cluster that stopped answering last reported, as the backend marks it. */
export const staleSince = {
  since: '2024-03-02T10:00:00.000Z',
  reason: 'Unreachable',
  message: 'connect ECONNREFUSED 127.0.0.1:6443',
};

export const teamQuota: TeamQuota = {
  entityRef: 'group:default/payments',
  namespace: 'team-payments',
  clusters: [
    {
      cluster: { name: 'sim-eu-west' },
      ok: true,
      tiers: [
        {
          tier: 'on-demand',
          hard: { cpu: 8, memory: 16 * 1024 ** 3 },
          used: { cpu: 0.75, memory: 768 * 1024 ** 2 },
        },
      ],
    },
  ],
};

export const actionResponse = (app: AppView): ActionResponse => ({
  record: {
    id: 1,
    occurredAt: '2024-03-02T00:00:00Z',
    actor: 'user:default/jane',
    action: 'scale',
    entityRef: 'component:default/payments-gateway',
    cluster: app.cluster,
    namespace: app.namespace,
    app: app.name,
    result: 'succeeded',
  },
  app,
});

/** The payments team's workloads, with these clusters' parts. */
export const teamWorkloads = (
  clusters: TeamWorkloads['clusters'],
): TeamWorkloads => ({
  entityRef: 'group:default/payments',
  namespace: 'team-payments',
  clusters,
});

/** A request to deploy 2.5.0 of payments-gateway (reserved tier), pending, as the action's 202 answers it. */
export function makeApproval(
  overrides: Partial<ApprovalRequest> = {},
): ApprovalRequest {
  return {
    id: 'apr-1',
    action: 'deploy',
    app: {
      cluster: 'sim-eu-west',
      namespace: 'team-payments',
      name: 'payments-gateway',
    },
    entityRef: 'component:default/payments-gateway',
    team: 'group:default/team-payments',
    change: { version: '2.5.0' },
    resourceVersion: '100',
    reasons: [
      {
        rule: 'reserved-tier',
        message: 'payments-gateway runs on the reserved tier.',
      },
    ],
    requestedBy: 'user:default/alice.nakamura',
    requestedAt: '2024-03-02T10:00:00Z',
    expiresAt: new Date(Date.now() + 4 * 3600_000).toISOString(),
    status: 'pending',
    ...overrides,
  };
}

/** A fake frontend ComputeApi: every method a jest mock with a harmless default answer. */
export function fakeComputeApi(
  overrides: Partial<ComputeApi> = {},
): jest.Mocked<ComputeApi> {
  const app = makeApp();
  const api: ComputeApi = {
    getComponentWorkloads: async () => partialWorkloads(),
    getComponentsWorkloads: async refs => refs.map(() => partialWorkloads()),
    getComponentEvents: async () => ({
      entityRef: 'component:default/payments-gateway',
      clusters: [],
    }),
    getComponentActivity: async () => ({ items: [] }),
    getTeamWorkloads: async () => teamWorkloads(partialWorkloads().clusters),
    getTeamQuota: async () => teamQuota,
    getApp: async () => app,
    getImageTags: async () => ({
      image: app.spec.image,
      tags: ['2.4.0', '2.3.1', '2.3.0'],
    }),
    getPodLogs: async (pod, q) => ({
      cluster: pod.cluster,
      namespace: pod.namespace,
      pod: pod.name,
      container: q.container ?? 'app',
      lines: ['started', 'listening on :8080'],
    }),
    scale: async () => actionResponse(app),
    setScalerBounds: async () => actionResponse(app),
    restart: async () => actionResponse(app),
    deploy: async () => actionResponse(app),
    rollback: async () => actionResponse(app),
    createApp: async () => ({ dryRun: false, apps: [], scalers: [] }),
    requestCreateApp: async () => ({ dryRun: false, apps: [], scalers: [] }),
    deleteApp: async () => undefined,
    checkAction: async () => ({ needsApproval: false, reasons: [] }),
    checkCreateApp: async () => ({ needsApproval: false, reasons: [] }),
    listApprovals: async () => ({ items: [] }),
    getApproval: async () => makeApproval(),
    approve: async () => ({
      approval: makeApproval({ status: 'approved' }),
    }),
    reject: async () => ({ approval: makeApproval({ status: 'rejected' }) }),
    ...overrides,
  };
  const mocked: Record<string, jest.Mock> = {};
  for (const [key, fn] of Object.entries(api)) {
    mocked[key] = jest.fn(fn as (...args: any[]) => any);
  }
  return mocked as unknown as jest.Mocked<ComputeApi>;
}

/**
 * A fake of Backstage's SignalApi (what the app's signals plugin provides over its WebSocket): it records the
 * subscriptions and delivers what a test emits on a channel.
 */
export function fakeSignalApi() {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  return {
    subscribe(channel: string, onMessage: (message: any) => void) {
      const set = subscribers.get(channel) ?? new Set();
      subscribers.set(channel, set.add(onMessage));
      return { unsubscribe: () => set.delete(onMessage) };
    },
    /** The channels someone listens on now, sorted. */
    channels: () =>
      [...subscribers.entries()]
        .filter(([, set]) => set.size > 0)
        .map(([channel]) => channel)
        .sort(),
    emit(channel: string, message: ComputeActionSignal) {
      subscribers.get(channel)?.forEach(onMessage => onMessage({ ...message }));
    },
  };
}

/** A signal as the backend sends it after a scale of payments-gateway. */
export const scaleSignal: ComputeActionSignal = {
  type: 'action',
  action: 'scale',
  entityRef: 'component:default/payments-gateway',
  cluster: 'sim-eu-west',
  namespace: 'team-payments',
  app: 'payments-gateway',
  actor: 'user:default/someone-else',
  auditId: 7,
  occurredAt: '2024-03-02T00:00:00Z',
};
