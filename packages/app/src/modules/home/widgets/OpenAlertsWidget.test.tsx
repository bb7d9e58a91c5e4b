import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ApolloProvider } from '@apollo/client/react';
import { gatewayEntity } from '@atrium/plugin-graphql-react/testing';
import type { OpenAlertsData } from '@atrium/plugin-graphql-react';
import { OpenAlertsWidget } from './OpenAlertsWidget';
import { fakeGateway } from './__testUtils__/gateway';

type OpenAlerts = OpenAlertsData['viewer']['openAlerts'];

/** The gateway answering the open alerts query (no network): with `openAlerts`, or with a GraphQL error. */
function gateway(answer: { openAlerts?: OpenAlerts; error?: string }) {
  return fakeGateway(
    answer.openAlerts
      ? {
          viewer: {
            openAlerts: {
              __typename: 'OpenAlerts',
              ...answer.openAlerts,
              items: answer.openAlerts.items.map(a => ({
                __typename: 'OpenAlert',
                ...a,
              })),
            },
          },
        }
      : {
          errors: [
            {
              message: answer.error!,
              path: ['viewer', 'openAlerts'],
              extensions: { code: 'ALERTMANAGER_UNAVAILABLE' },
            },
          ],
        },
  );
}

async function renderWidget(answer: {
  openAlerts?: OpenAlerts;
  error?: string;
}) {
  await renderInTestApp(
    <ApolloProvider client={gateway(answer)}>
      <OpenAlertsWidget />
    </ApolloProvider>,
  );
}

const gatewayService = gatewayEntity('Component', 'payments-gateway', {
  title: 'Payments Gateway',
});

describe('the open alerts widget', () => {
  it("lists my services' alerts with severity, summary, since when and silence, linking to the Operations tab", async () => {
    await renderWidget({
      openAlerts: {
        configured: true,
        howTo: null,
        totalCount: 2,
        items: [
          {
            id: 'component:default/payments-gateway#aa',
            fingerprint: 'aa',
            name: 'PaymentsGatewayFailing',
            severity: 'critical',
            state: 'active',
            startsAt: new Date(Date.now() - 12 * 60_000).toISOString(),
            summary: 'payments-gateway answers 500',
            silenced: false,
            entity: gatewayService,
          },
          {
            id: 'component:default/ledger#bb',
            fingerprint: 'bb',
            name: 'LedgerSlow',
            severity: 'warning',
            state: 'suppressed',
            startsAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
            summary: 'p99 above 2 s',
            silenced: true,
            entity: gatewayEntity('Component', 'ledger'),
          },
        ],
      },
    });
    const rows = await screen.findAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('critical');
    expect(rows[0]).toHaveTextContent('PaymentsGatewayFailing');
    expect(rows[0]).toHaveTextContent('payments-gateway answers 500');
    expect(rows[0]).toHaveTextContent(/since 12 min/);
    expect(rows[0]).not.toHaveTextContent('Silenced');
    expect(rows[1]).toHaveTextContent('Silenced');
    expect(
      screen.getByRole('link', { name: 'Payments Gateway' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-gateway/operations',
    );
    // A service without a title shows its name.
    expect(screen.getByRole('link', { name: 'ledger' })).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger/operations',
    );
  });

  it('says so calmly when nothing fires', async () => {
    await renderWidget({
      openAlerts: { configured: true, howTo: null, totalCount: 0, items: [] },
    });
    expect(
      await screen.findByText('No open alerts on your services'),
    ).toBeInTheDocument();
  });

  it('says how to configure Alertmanager, without an error, when it is not', async () => {
    await renderWidget({
      openAlerts: {
        configured: false,
        howTo: 'Set operations.alertmanager.baseUrl in the app config',
        totalCount: 0,
        items: [],
      },
    });
    expect(
      await screen.findByText(
        'Set operations.alertmanager.baseUrl in the app config',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('open-alerts-error')).not.toBeInTheDocument();
  });

  it('says what went wrong when the alerts cannot be read', async () => {
    await renderWidget({
      error:
        'Alertmanager at http://127.0.0.1:9093 is unreachable: ECONNREFUSED',
    });
    expect(await screen.findByTestId('open-alerts-error')).toHaveTextContent(
      'Could not read the alerts of your services: Alertmanager at http://127.0.0.1:9093 is unreachable',
    );
  });
});
