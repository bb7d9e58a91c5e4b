import '@testing-library/jest-dom';
import { ApolloProvider } from '@apollo/client/react';
import {
  fakeGatewayClient,
  gatewayEntity,
  type FakeGatewayAnswer,
} from '@atrium/plugin-graphql-react/testing';
import {
  configApiRef,
  errorApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { CatalogListPage } from './CatalogListPage';

const facets = {
  __typename: 'CatalogFacets',
  kind: [{ __typename: 'FacetCount', value: 'Component', count: 1 }],
  type: [
    { __typename: 'FacetCount', value: 'service', count: 1 },
    { __typename: 'FacetCount', value: 'website', count: 3 },
  ],
  owner: [],
  lifecycle: [],
  tags: [],
  mine: 0,
  starred: 0,
};

const answer = (starred: boolean) => ({
  data: {
    catalog: {
      __typename: 'CatalogList',
      totalCount: 1,
      nextCursor: null,
      prevCursor: null,
      items: [
        {
          __typename: 'CatalogItem',
          starred,
          entity: {
            ...gatewayEntity('Component', 'probe', { title: 'Probe' }),
            type: 'service',
            lifecycle: 'production',
            tags: [],
            owner: null,
          },
        },
      ],
      facets: { ...facets, starred: starred ? 1 : 0 },
    },
  },
});

function Search() {
  return <output data-testid="search">{useLocation().search}</output>;
}

/** The page with a gateway stand-in (`gateway` answers each request) and a catalog API stand-in. */
function renderPage(options: {
  gateway(variables: any): FakeGatewayAnswer;
  catalogApi?: object;
  path?: string;
}) {
  const sent: any[] = [];
  const client = fakeGatewayClient(operation => {
    sent.push(operation.variables);
    return options.gateway(operation.variables);
  });
  const starredApi = new MockStarredEntitiesApi();
  render(
    <TestApiProvider
      apis={[
        [
          configApiRef,
          mockApis.config({ data: { organization: { name: 'Acme' } } }),
        ],
        [catalogApiRef, options.catalogApi ?? {}],
        [starredEntitiesApiRef, starredApi],
        [errorApiRef, { post: jest.fn(), error$: jest.fn() }],
        [
          identityApiRef,
          {
            getBackstageIdentity: async () => ({
              type: 'user' as const,
              userEntityRef: 'user:default/alice',
              ownershipEntityRefs: ['user:default/alice'],
            }),
          },
        ],
      ]}
    >
      <ApolloProvider client={client}>
        <MemoryRouter initialEntries={[options.path ?? '/catalog']}>
          <CatalogListPage />
          <Search />
        </MemoryRouter>
      </ApolloProvider>
    </TestApiProvider>,
  );
  return { sent, starredApi };
}

// Rendering the page and its APIs takes seconds on a loaded test machine.
jest.setTimeout(30_000);

describe('CatalogListPage', () => {
  it('asks the gateway once per view, and puts a filter into the URL', async () => {
    const { sent } = renderPage({ gateway: () => answer(false) });
    await screen.findByRole('heading', { name: 'Acme Catalog' });
    expect(sent).toHaveLength(1);
    fireEvent.click(screen.getByRole('checkbox', { name: /website/ }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1].filter).toEqual({ kind: 'component', type: ['website'] });
    expect(screen.getByTestId('search')).toHaveTextContent('?type=website');
  });

  it('stars through the starred entities API, then reads the list again from the gateway', async () => {
    let starred = false;
    const { sent, starredApi } = renderPage({ gateway: () => answer(starred) });
    const button = await screen.findByRole('button', {
      name: 'Add Probe to favorites',
    });
    starred = true;
    fireEvent.click(button);
    await screen.findByRole('button', { name: 'Remove Probe from favorites' });
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual(sent[0]);
    let stars: Set<string> | undefined;
    const subscription = starredApi.starredEntitie$().subscribe({
      next: value => {
        stars = value;
      },
    });
    await waitFor(() =>
      expect([...(stars ?? [])]).toEqual(['component:default/probe']),
    );
    subscription.unsubscribe();
  });

  it('reads the catalog API when the gateway fails, and says so quietly', async () => {
    const catalogApi = {
      queryEntities: jest.fn(async () => ({
        items: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'from-rest', title: 'From REST' },
            spec: { type: 'service' },
          },
        ],
        totalItems: 1,
        pageInfo: {},
      })),
      getEntityFacets: jest.fn(async () => ({ facets: {} })),
    };
    const errors = jest.spyOn(console, 'error');
    renderPage({
      gateway: () => new Error('Failed to fetch'),
      catalogApi,
    });
    expect(
      await screen.findByRole('link', { name: 'From REST' }),
    ).toHaveAttribute('href', '/catalog/default/component/from-rest');
    expect(screen.getByText('Read from the catalog directly.')).toBeVisible();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});
