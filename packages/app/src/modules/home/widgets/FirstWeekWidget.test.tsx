import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ApolloProvider } from '@apollo/client/react';
import type { Checklist, HomeLayoutApi } from '@atrium/plugin-home-common';
import { homeLayoutApiRef } from '../api';
import { FirstWeekWidget } from './FirstWeekWidget';
import { fakeGateway } from './__testUtils__/gateway';

const STEPS = [
  { id: 'team-page', title: "Find your team's page", url: '/catalog' },
  { id: 'first-deploy', title: 'Deploy to staging' },
];

/** The gateway, answering the checklist query with `checklist` (no network). */
function gatewayAnswering(checklist: Checklist) {
  return fakeGateway({
    viewer: {
      checklist: {
        __typename: 'Checklist',
        title: checklist.title,
        items: checklist.items.map(i => ({
          __typename: 'ChecklistItem',
          description: null,
          url: null,
          doneAt: null,
          ...i,
        })),
      },
    },
  });
}

async function renderWidget(checklist: Checklist, api: Partial<HomeLayoutApi>) {
  await renderInTestApp(
    <ApolloProvider client={gatewayAnswering(checklist)}>
      <FirstWeekWidget />
    </ApolloProvider>,
    { apis: [[homeLayoutApiRef, api as HomeLayoutApi]] },
  );
}

describe('the first-week checklist widget', () => {
  it('shows progress, and ticks a step off through the home backend', async () => {
    const setChecklistItem = jest.fn(async (id: string, done: boolean) => ({
      title: 'Week one',
      items: STEPS.map(s => ({
        ...s,
        done: s.id === id && done,
        ...(s.id === id && done ? { doneAt: '2026-11-28T10:00:00Z' } : {}),
      })),
    }));
    await renderWidget(
      { title: 'Week one', items: STEPS.map(s => ({ ...s, done: false })) },
      { setChecklistItem },
    );
    expect(await screen.findByText('0 of 2 done')).toBeInTheDocument();
    expect(
      screen.getByText("Find your team's page").closest('a'),
    ).toHaveAttribute('href', '/catalog');
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Deploy to staging' }),
    );
    await waitFor(() =>
      expect(screen.getByText('1 of 2 done')).toBeInTheDocument(),
    );
    expect(setChecklistItem).toHaveBeenCalledWith('first-deploy', true);
    expect(
      screen.getByRole('checkbox', { name: 'Deploy to staging' }),
    ).toBeChecked();
  });

  it('says what went wrong when a tick is not saved', async () => {
    await renderWidget(
      { title: 'Week one', items: STEPS.map(s => ({ ...s, done: false })) },
      {
        setChecklistItem: async () => {
          throw new Error('home backend unavailable');
        },
      },
    );
    fireEvent.click(
      await screen.findByRole('checkbox', { name: 'Deploy to staging' }),
    );
    expect(
      await screen.findByText(/Not saved: home backend unavailable/),
    ).toBeInTheDocument();
    expect(screen.getByText('0 of 2 done')).toBeInTheDocument();
  });

  it('says how to configure it when there are no steps', async () => {
    await renderWidget({ title: 'Week one', items: [] }, {});
    expect(
      await screen.findByText(/home\.checklist\.items/),
    ).toBeInTheDocument();
  });
});
