import { executeContribution } from '@atrium/backend-test-utils';
// The query exactly as Home's widget sends it; only this test reads the frontend library.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { OPEN_ALERTS_QUERY } from '@atrium/plugin-graphql-react';
import type {
  ActiveAlertsResponse,
  Alert,
} from '@atrium/plugin-operations-common';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  OPEN_ALERTS_MAX_AGE_SECONDS,
  openAlertsSchema,
  type OpenAlertsSource,
} from './schema';

/**
 * The module's schema run on its own (`executeContribution`) with the widget's query; the catalog is a
 * stand-in of `queryEntities` that records the filter asked.
 */
const service = (name: string, title?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', title },
  spec: { owner: 'team-payments' },
});

const alert = (
  fingerprint: string,
  severity: string,
  startsAt: string,
  silencedBy: string[] = [],
): Alert => ({
  fingerprint,
  name: `Alert${fingerprint}`,
  severity,
  state: silencedBy.length ? 'suppressed' : 'active',
  startsAt,
  summary: `summary of ${fingerprint}`,
  labels: {},
  silencedBy,
});

async function run(options: {
  source: OpenAlertsSource;
  services?: Entity[];
  ownershipEntityRefs?: string[];
}) {
  const queries: unknown[] = [];
  const contribution = openAlertsSchema({
    catalog: {
      queryEntities: (async (request: unknown) => {
        queries.push(request);
        const items = options.services ?? [];
        return { items, totalItems: items.length, pageInfo: {} };
      }) as any,
    },
    source: options.source,
  });
  const executed = await executeContribution({
    contribution,
    query: OPEN_ALERTS_QUERY,
    ownershipEntityRefs: options.ownershipEntityRefs ?? [
      'user:default/alice',
      'group:default/team-payments',
    ],
  });
  return { ...executed, queries };
}

describe('Viewer.openAlerts in the gateway', () => {
  it("lists the alerts of the viewer's services (as Home lists them), most severe first, with each service", async () => {
    const getActiveAlerts = jest.fn(
      async (): Promise<ActiveAlertsResponse> => ({
        configured: true,
        items: [
          {
            entityRef: 'component:default/ledger',
            alerts: [alert('aa', 'warning', '2026-12-01T09:00:00Z')],
          },
          null,
          {
            entityRef: 'component:default/payments-gateway',
            alerts: [
              alert('bb', 'critical', '2026-12-01T10:00:00Z', ['s1']),
              alert('cc', 'warning', '2026-12-01T08:00:00Z'),
            ],
          },
        ],
      }),
    );
    const { result, maxAges, owned, queries } = await run({
      source: { getActiveAlerts },
      services: [
        service('ledger'),
        service('gone'),
        service('payments-gateway', 'Payments Gateway'),
      ],
    });
    expect(result.errors).toBeUndefined();
    expect(maxAges).toEqual([OPEN_ALERTS_MAX_AGE_SECONDS]);
    // Home's "My services": components owned by the viewer and their teams, the first 50 by name.
    expect(owned).toEqual([
      ['user:default/alice', 'group:default/team-payments'],
    ]);
    expect(queries).toEqual([
      expect.objectContaining({
        filter: {
          'relations.ownedBy': [
            'user:default/alice',
            'group:default/team-payments',
          ],
          kind: 'component',
        },
        limit: 50,
      }),
    ]);
    expect(getActiveAlerts).toHaveBeenCalledWith(
      [
        'component:default/ledger',
        'component:default/gone',
        'component:default/payments-gateway',
      ],
      { principal: { userEntityRef: 'user:default/alice' } },
    );
    const openAlerts = (result.data as any).viewer.openAlerts;
    expect(openAlerts).toMatchObject({
      configured: true,
      howTo: null,
      totalCount: 3,
    });
    expect(openAlerts.items).toEqual([
      {
        id: 'component:default/payments-gateway#bb',
        fingerprint: 'bb',
        name: 'Alertbb',
        severity: 'critical',
        state: 'suppressed',
        startsAt: '2026-12-01T10:00:00Z',
        summary: 'summary of bb',
        silenced: true,
        // The service the alert fires on, as the gateway's Entity (a stand-in here).
        entity: expect.objectContaining({
          ref: 'component:default/payments-gateway',
          title: 'Payments Gateway',
        }),
      },
      expect.objectContaining({
        id: 'component:default/payments-gateway#cc',
        silenced: false,
        entity: expect.objectContaining({ name: 'payments-gateway' }),
      }),
      expect.objectContaining({
        id: 'component:default/ledger#aa',
        entity: expect.objectContaining({ name: 'ledger', title: null }),
      }),
    ]);
  });

  it('answers "not configured" with the how-to as data, not as an error', async () => {
    const { result } = await run({
      source: {
        getActiveAlerts: async () => ({
          configured: false,
          howTo: 'Set operations.alertmanager.baseUrl',
        }),
      },
      services: [service('ledger')],
    });
    expect(result.errors).toBeUndefined();
    expect((result.data as any).viewer.openAlerts).toEqual({
      configured: false,
      howTo: 'Set operations.alertmanager.baseUrl',
      totalCount: 0,
      items: [],
    });
  });

  it('does not ask the operations backend for a viewer who owns no service', async () => {
    const getActiveAlerts = jest.fn();
    const { result } = await run({
      source: { getActiveAlerts },
      services: [],
      ownershipEntityRefs: [],
    });
    expect(result.errors).toBeUndefined();
    expect((result.data as any).viewer.openAlerts.items).toEqual([]);
    expect(getActiveAlerts).not.toHaveBeenCalled();
  });

  it("reports Alertmanager down with the operations backend's message and a code", async () => {
    const message =
      'Alertmanager at http://127.0.0.1:9093 is unreachable: ECONNREFUSED';
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'ServiceUnavailableError', message },
          request: { method: 'POST', url: '/api/operations/alerts/active' },
          response: { statusCode: 503 },
        }),
        { status: 503, headers: { 'content-type': 'application/json' } },
      ) as any,
    );
    const { result } = await run({
      source: {
        getActiveAlerts: async () => {
          throw error;
        },
      },
      services: [service('ledger')],
    });
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].message).toBe(message);
    expect(result.errors![0].extensions).toEqual({
      code: 'ALERTMANAGER_UNAVAILABLE',
    });
  });
});
