import '@testing-library/jest-dom';
import { ApolloProvider } from '@apollo/client/react';
import {
  fakeGatewayClient,
  gatewayEntityOverview,
} from '@atrium/plugin-graphql-react/testing';
import { renderForEntity, uniqueComponent } from '@atrium/ui/testing';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { alertApiRef, errorApiRef } from '@backstage/core-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';
import { catalogEntityRefreshPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { EntityOverviewCard } from './EntityOverviewCard';

/** A component of its own (see `uniqueComponent`) as the catalog has it, read from `location` if given. */
function component(location?: string): Entity {
  const entity = uniqueComponent();
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: location
        ? { 'backstage.io/managed-by-location': location }
        : {},
    },
  };
}

/**
 * The card of `entity` with its overview shown and the refresh permission answered: allowed unless `deny`.
 * The catalog's `refreshEntity` does as given (succeeds when not).
 */
async function renderCard(options: {
  entity: Entity;
  deny?: boolean;
  refreshEntity?: (ref: string) => Promise<void>;
  /** Whether to wait for the refresh question's answer (true), or only for the card. */
  awaitRefreshAnswer?: boolean;
}) {
  const awaitRefreshAnswer = options.awaitRefreshAnswer ?? true;
  const questions: string[] = [];
  const refreshEntity = jest.fn(options.refreshEntity ?? (async () => {}));
  const alertApi = mockApis.alert();
  const errorApi = mockApis.error({ collect: true });
  // The gateway's overview, the same whichever entity the card is of: the About card's title line is what is tested.
  const client = fakeGatewayClient(() => ({
    data: gatewayEntityOverview('payments-gateway'),
  }));
  // In act: the gateway's and the policy's answers arrive while the test app renders the card.
  await act(async () => {
    await renderForEntity(
      <ApolloProvider client={client}>
        <EntityOverviewCard />
      </ApolloProvider>,
      {
        entity: options.entity,
        allow: !options.deny,
        awaitPermission: awaitRefreshAnswer
          ? catalogEntityRefreshPermission
          : undefined,
        onAuthorize: name => questions.push(name),
        apis: [
          [catalogApiRef, { refreshEntity }],
          [alertApiRef, alertApi],
          [errorApiRef, errorApi],
        ],
      },
    );
  });
  await screen.findByRole('heading', { name: 'About' });
  if (awaitRefreshAnswer) await screen.findByTestId('permission-answered');
  return { refreshEntity, alertApi, errorApi, questions };
}

// Rendering the card and its APIs takes seconds on a loaded test machine.
jest.setTimeout(30_000);

describe('EntityOverviewCard', () => {
  it('offers a refresh at the title of its About card for an entity read from a location, to whom the policy allows', async () => {
    await renderCard({ entity: component('file:/demo/catalog.yaml') });
    const about = screen.getByRole('article', { name: 'About' });
    const button = within(about).getByRole('button', { name: 'Refresh' });
    expect(button).toBeInTheDocument();
    expect(button).toHaveAttribute('title', 'Schedule entity refresh');
  });

  it('offers no refresh to whom the policy denies it', async () => {
    await renderCard({
      entity: component(
        'url:https://git.example.com/payments/catalog-info.yaml',
      ),
      deny: true,
    });
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it.each([
    ['no location', undefined],
    ['the bootstrap location', 'bootstrap:bootstrap'],
  ])(
    'offers no refresh for an entity with %s, and asks no one whether it may',
    async (_what, location) => {
      // The policy would allow it: the entity has nowhere to be read again from. The card has rendered its
      // overview by the time the About heading shows, so a question it asked would have been asked by then.
      const { questions } = await renderCard({
        entity: component(location),
        awaitRefreshAnswer: false,
      });
      expect(
        screen.queryByRole('button', { name: 'Refresh' }),
      ).not.toBeInTheDocument();
      expect(questions).not.toContain(catalogEntityRefreshPermission.name);
    },
  );

  it('asks whether the caller may refresh an entity read from a location', async () => {
    const { questions } = await renderCard({
      entity: component(
        'url:https://git.example.com/payments/catalog-info.yaml',
      ),
      awaitRefreshAnswer: false,
    });
    await screen.findByRole('button', { name: 'Refresh' });
    expect(questions).toContain(catalogEntityRefreshPermission.name);
  });

  it('asks the catalog to refresh the entity and says a refresh is scheduled', async () => {
    const entity = component('file:/demo/catalog.yaml');
    const { refreshEntity, alertApi, errorApi } = await renderCard({ entity });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    // The app shows the alert.
    expect(await screen.findByText('Refresh scheduled')).toBeInTheDocument();
    expect(refreshEntity).toHaveBeenCalledTimes(1);
    expect(refreshEntity).toHaveBeenCalledWith(stringifyEntityRef(entity));
    expect(alertApi.getAlerts()).toEqual([
      { message: 'Refresh scheduled', severity: 'info', display: 'transient' },
    ]);
    expect(errorApi.getErrors()).toEqual([]);
  });

  it('shows a failed refresh as an error, and no "scheduled"', async () => {
    const { alertApi, errorApi } = await renderCard({
      entity: component('file:/demo/catalog.yaml'),
      refreshEntity: async () => {
        throw new Error('Refresh refused: not allowed');
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    const { error } = await errorApi.waitForError(/Refresh refused/);
    expect(error.message).toBe('Refresh refused: not allowed');
    expect(alertApi.getAlerts()).toEqual([]);
  });
});
