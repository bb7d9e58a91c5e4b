import '@testing-library/jest-dom';
import { ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { createAtriumApolloClient } from '@atrium/plugin-graphql-react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { alertApiRef, errorApiRef } from '@backstage/core-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { catalogEntityRefreshPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { Observable } from 'rxjs';
import { EntityOverviewCard } from './EntityOverviewCard';

const REF = 'component:default/payments-gateway';
let made = 0;

/**
 * A component as the catalog has it, read from `location` (no annotation when undefined). Each has its own
 * name: usePermission keeps one answer per question for the whole test file.
 */
function component(location?: string): Entity {
  made += 1;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `service-${made}`,
      namespace: 'default',
      annotations: location
        ? { 'backstage.io/managed-by-location': location }
        : {},
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
  };
}

/** The gateway's overview of the demo's payments gateway, which the card shows for every entity here. */
const overview = {
  data: {
    entity: {
      __typename: 'Entity',
      id: REF,
      ref: REF,
      kind: 'Component',
      namespace: 'default',
      name: 'payments-gateway',
      title: 'Payments Gateway',
      description: null,
      type: 'service',
      lifecycle: 'production',
      tags: [],
      links: [],
      source: null,
      owner: null,
      partOf: null,
      relations: [],
      compute: null,
    },
  },
};

/** The card for `entity`, the policy allowing the refresh unless `deny`. */
function renderCard(options: {
  entity: Entity;
  refreshEntity?: (ref: string) => Promise<void>;
  deny?: boolean;
}) {
  const refreshEntity = jest.fn(options.refreshEntity ?? (async () => {}));
  const alertApi = mockApis.alert();
  const errorApi = mockApis.error({ collect: true });
  const asked: EvaluatePermissionRequest[] = [];
  const permissionApi = mockApis.permission({
    authorize: request => {
      asked.push(request);
      return options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
    },
  });
  const client = createAtriumApolloClient({
    uri: 'unused',
    link: new ApolloLink(
      () =>
        new Observable(observer => {
          observer.next(overview as any);
          observer.complete();
        }),
    ),
  });
  render(
    <TestApiProvider
      apis={[
        [catalogApiRef, { refreshEntity }],
        [alertApiRef, alertApi],
        [errorApiRef, errorApi],
        permissionApi,
      ]}
    >
      <ApolloProvider client={client}>
        <MemoryRouter
          future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
        >
          <EntityProvider entity={options.entity}>
            <EntityOverviewCard />
            <PermissionAnswered entity={options.entity} />
          </EntityProvider>
        </MemoryRouter>
      </ApolloProvider>
    </TestApiProvider>,
  );
  return {
    ref: stringifyEntityRef(options.entity),
    refreshEntity,
    alertApi,
    errorApi,
    asked,
  };
}

/**
 * Shows `permission-answered` once the policy has answered the card's question about `entity`: usePermission
 * keeps one answer per question, so the card has it by then too.
 */
function PermissionAnswered(props: { entity: Entity }) {
  const { loading } = usePermission({
    permission: catalogEntityRefreshPermission,
    resourceRef: stringifyEntityRef(props.entity),
  });
  return loading ? null : <span data-testid="permission-answered" />;
}

/** The card has shown the overview and has the policy's answer. */
async function settled() {
  await screen.findByRole('heading', { name: 'About' });
  await screen.findByTestId('permission-answered');
}

// Rendering the card and its APIs takes seconds on a loaded test machine.
jest.setTimeout(30_000);

describe('EntityOverviewCard', () => {
  it('offers a refresh in its header for an entity read from a location, to whom the policy allows', async () => {
    const { ref, asked } = renderCard({
      entity: component('file:/demo/catalog.yaml'),
    });
    const button = await screen.findByRole('button', { name: 'Refresh' });
    expect(button).toBeInTheDocument();
    expect(button).toHaveAttribute('title', 'Schedule entity refresh');
    expect(
      screen.getByRole('heading', { name: 'Overview' }),
    ).toBeInTheDocument();
    // Asked for the catalog's refresh permission on this entity, so the policy can decide by its owner.
    expect(asked).toContainEqual(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'catalog.entity.refresh' }),
        resourceRef: ref,
      }),
    );
  });

  it('offers no refresh to whom the policy denies it', async () => {
    renderCard({
      entity: component(
        'url:https://git.example.com/payments/catalog-info.yaml',
      ),
      deny: true,
    });
    await settled();
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it.each([
    ['no location', undefined],
    ['the bootstrap location', 'bootstrap:bootstrap'],
  ])('offers no refresh for an entity with %s', async (_what, location) => {
    renderCard({ entity: component(location) });
    await settled();
    // The policy would allow it: the entity has nowhere to be read again from.
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it('asks the catalog to refresh the entity and says a refresh is scheduled', async () => {
    const { ref, refreshEntity, alertApi, errorApi } = renderCard({
      entity: component('file:/demo/catalog.yaml'),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh' }));
    await alertApi.waitForAlert(a => a.message === 'Refresh scheduled');
    expect(refreshEntity).toHaveBeenCalledTimes(1);
    expect(refreshEntity).toHaveBeenCalledWith(ref);
    expect(alertApi.getAlerts()).toEqual([
      { message: 'Refresh scheduled', severity: 'info', display: 'transient' },
    ]);
    expect(errorApi.getErrors()).toEqual([]);
  });

  it('shows a failed refresh as an error, and no "scheduled"', async () => {
    const { alertApi, errorApi } = renderCard({
      entity: component('file:/demo/catalog.yaml'),
      refreshEntity: async () => {
        throw new Error('Refresh refused: not allowed');
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh' }));
    const { error } = await errorApi.waitForError(/Refresh refused/);
    expect(error.message).toBe('Refresh refused: not allowed');
    expect(alertApi.getAlerts()).toEqual([]);
  });
});
