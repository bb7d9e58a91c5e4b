import { screen, within } from '@testing-library/react';
import { identityApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { CatalogOverviewWidget } from './CatalogOverviewWidget';
import { SYSTEMS_SHOWN, SystemsWidget } from './SystemsWidget';
import { greeting } from './WelcomeWidget';

const component = (
  name: string,
  owner: string,
  description: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', description },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

const entities: Entity[] = [
  component('payments-gateway', 'team-payments', 'Takes card payments'),
  component('fleet-telemetry', 'team-fleet', 'Collects van telemetry'),
  system('payments', 'team-payments', 'commerce'),
];

function system(name: string, owner: string, domain?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name, namespace: 'default' },
    spec: { owner, ...(domain ? { domain } : {}) },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/** The identity of a member of team-payments. */
const paymentsMember = mockApis.identity({
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: ['user:default/alice', 'group:default/team-payments'],
});

// Entity links need the catalog's entity page mounted somewhere.
const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('Home widgets', () => {
  it('counts the catalog per kind', async () => {
    await renderInTestApp(<CatalogOverviewWidget />, {
      apis: [catalogApiMock({ entities })],
    });
    const components = await screen.findByText('Components');
    expect(components.closest('div')).toHaveTextContent('2Components');
    expect(screen.getByText('Systems').closest('div')).toHaveTextContent(
      '1Systems',
    );
    expect(screen.getByText('Teams').closest('div')).toHaveTextContent(
      '0Teams',
    );
  });

  it("lists the systems of the viewer's teams with domain and owner, not other teams'", async () => {
    await renderInTestApp(<SystemsWidget />, {
      mountedRoutes,
      apis: [
        catalogApiMock({
          entities: [...entities, system('fleet-management', 'team-fleet')],
        }),
        [identityApiRef, paymentsMember],
      ],
    });
    const table = await screen.findByRole('table', { name: 'Systems' });
    expect(within(table).getByText('payments')).toBeInTheDocument();
    expect(within(table).getByText('commerce')).toBeInTheDocument();
    expect(within(table).getByText('team-payments')).toBeInTheDocument();
    expect(screen.queryByText('fleet-management')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^All / })).toBeNull();
  });

  it('lists a few systems, and links the catalog list of all of them', async () => {
    const many = Array.from({ length: SYSTEMS_SHOWN + 2 }, (_, i) =>
      system(`system-${String(i).padStart(2, '0')}`, 'team-payments'),
    );
    await renderInTestApp(<SystemsWidget />, {
      mountedRoutes,
      apis: [
        catalogApiMock({ entities: many }),
        [identityApiRef, paymentsMember],
      ],
    });
    const table = await screen.findByRole('table', { name: 'Systems' });
    // A header row and one row per system shown, the first by name.
    expect(within(table).getAllByRole('row')).toHaveLength(SYSTEMS_SHOWN + 1);
    expect(within(table).getByText('system-00')).toBeInTheDocument();
    expect(within(table).queryByText('system-11')).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: `All ${SYSTEMS_SHOWN + 2} of your teams' systems`,
      }),
    ).toHaveAttribute('href', '/catalog?kind=system&mine=1');
  });

  it('says so when the viewer and their teams own no system', async () => {
    await renderInTestApp(<SystemsWidget />, {
      mountedRoutes,
      apis: [
        catalogApiMock({
          entities: [system('fleet-management', 'team-fleet')],
        }),
        [identityApiRef, paymentsMember],
      ],
    });
    expect(
      await screen.findByText('You and your teams own no systems.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('greets by the time of day', () => {
    expect(greeting(8)).toBe('Good morning');
    expect(greeting(13)).toBe('Good afternoon');
    expect(greeting(21)).toBe('Good evening');
    expect(greeting(2)).toBe('Good evening');
  });
});
