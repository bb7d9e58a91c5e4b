import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { CatalogOverviewWidget } from './CatalogOverviewWidget';
import { SystemsWidget } from './SystemsWidget';
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
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'team-payments', domain: 'commerce' },
  },
];

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

  it('lists systems with domain and owner', async () => {
    await renderInTestApp(<SystemsWidget />, {
      mountedRoutes,
      apis: [catalogApiMock({ entities })],
    });
    expect(await screen.findByText('payments')).toBeInTheDocument();
    expect(screen.getByText('commerce')).toBeInTheDocument();
    expect(screen.getByText('team-payments')).toBeInTheDocument();
  });

  it('greets by the time of day', () => {
    expect(greeting(8)).toBe('Good morning');
    expect(greeting(13)).toBe('Good afternoon');
    expect(greeting(21)).toBe('Good evening');
    expect(greeting(2)).toBe('Good evening');
  });
});
