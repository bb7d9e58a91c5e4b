import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ApolloProvider } from '@apollo/client/react';
import { gatewayEntity } from '@atrium/plugin-graphql-react/testing';
import { RecentDeploysWidget } from './RecentDeploysWidget';
import { fakeGateway } from './__testUtils__/gateway';

const revision = (
  service: string,
  n: number,
  createdAt: string,
  changeCause: string,
  kind: string,
) => ({
  __typename: 'ComputeRevision',
  id: `eu/team-a/${service}#${n}`,
  cluster: 'eu',
  app: service,
  revision: n,
  version: `1.${n}.0`,
  createdAt,
  changeCause,
  kind,
});

const service = (name: string, revisions: object[]) => ({
  ...gatewayEntity('Component', name),
  compute: { __typename: 'ComputeSummary', recentRevisions: revisions },
});

/** The gateway answering the recent deploys query with `items` as the viewer's services (no network). */
const gateway = (items: object[]) =>
  fakeGateway({
    viewer: {
      owned: { __typename: 'EntityPage', totalItems: items.length, items },
    },
  });

describe('the recent deploys widget', () => {
  it("lists my services' newest rollouts across services, newest first, linking to their Compute tab", async () => {
    await renderInTestApp(
      <ApolloProvider
        client={gateway([
          service('ledger', [
            revision(
              'ledger',
              4,
              '2026-11-28T09:00:00Z',
              'deploy 1.4.0',
              'deploy',
            ),
          ]),
          service('gateway', [
            revision(
              'gateway',
              9,
              '2026-11-28T10:00:00Z',
              'rollback to revision 7',
              'rollback',
            ),
            revision('gateway', 8, '2026-11-27T10:00:00Z', 'update', 'other'),
          ]),
          service('quiet', []),
        ])}
      >
        <RecentDeploysWidget />
      </ApolloProvider>,
    );
    const rows = await screen.findAllByRole('row');
    const cells = rows.slice(1).map(r => r.textContent);
    expect(cells[0]).toContain('gateway');
    expect(cells[0]).toContain('rollback');
    expect(cells[1]).toContain('ledger');
    expect(cells[2]).toContain('rollout');
    expect(screen.getAllByRole('link', { name: 'gateway' })[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/gateway/compute',
    );
  });

  it('says so when nothing was rolled out', async () => {
    await renderInTestApp(
      <ApolloProvider client={gateway([service('quiet', [])])}>
        <RecentDeploysWidget />
      </ApolloProvider>,
    );
    expect(
      await screen.findByText('No rollouts of your services yet.'),
    ).toBeInTheDocument();
  });
});
