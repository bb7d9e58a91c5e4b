import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { permissionApi, responseError } from '@atrium/ui/testing';
import { adoptionApiRef, type AdoptionApi } from './api';
import { InsightsContent, InsightsPage } from './components/InsightsPage';
import { stackActions } from './components/insights/actions';
import { fakeAdoptionApi } from './testing/fixtures';
import { rangeQuery } from './lib/range';

// usePermission caches its answers for the test file: the denied reader is in InsightsPage.denied.test.tsx.
function render(
  api: jest.Mocked<AdoptionApi>,
  options: { ui?: JSX.Element } = {},
) {
  return renderInTestApp(options.ui ?? <InsightsPage />, {
    apis: [[adoptionApiRef, api], permissionApi(true)],
  });
}

const section = (id: string) => screen.findByTestId(`adoption-section-${id}`);

describe('InsightsPage (with a mocked adoption API)', () => {
  it('shows every section from its endpoint for the last 30 days', async () => {
    const api = fakeAdoptionApi();
    await render(api);

    const active = await section('active-users');
    await within(active).findByText('DAU');
    expect(active.querySelector('[data-stat="dau"]')).toHaveTextContent('6');
    expect(active.querySelector('[data-stat="wau"]')).toHaveTextContent('9');
    expect(active.querySelector('[data-stat="mau"]')).toHaveTextContent('12');
    expect(active.querySelector('[data-stat="stickiness"]')).toHaveTextContent(
      '50%',
    );
    const chart = within(active).getByTestId('adoption-chart-active-users');
    expect(JSON.parse(chart.dataset.points!)).toHaveLength(2);
    expect(chart.querySelector('.recharts-wrapper')).toBeInTheDocument();

    const { from, to } = rangeQuery(30);
    expect(api.getActiveUsers).toHaveBeenCalledWith({ from, to, grain: 'day' });
    expect(api.getTop).toHaveBeenCalledWith({
      from,
      to,
      kind: 'pages',
      limit: 10,
    });

    const teams = await section('teams');
    // Teams and services by the name the catalog gives them (here, with no catalog, their refs' names).
    expect(await within(teams).findByText('team-payments')).toBeInTheDocument();
    expect(teams.textContent).not.toContain('group:default/');
    expect(within(teams).getByText('80%')).toBeInTheDocument();

    const pages = await section('top-pages');
    expect(await within(pages).findByText('/catalog')).toBeInTheDocument();
    expect(
      await within(await section('top-entities')).findByText(
        'payments-gateway',
      ),
    ).toBeInTheDocument();

    const searches = await section('searches');
    expect(
      await within(searches).findByText('kafka rebalance'),
    ).toBeInTheDocument();

    const templates = await section('templates');
    expect(await within(templates).findByText('90%')).toBeInTheDocument();
    expect(within(templates).getByText('5 min')).toBeInTheDocument();
    // The funnel's last step: runs whose new service got its first alert rule, and the median time to it.
    expect(
      templates.querySelector('[data-stat="reached-alert-rule"]'),
    ).toHaveTextContent(/^Reached a first alert rule7$/);
    expect(
      templates.querySelector('[data-stat="time-to-alert-rule"]'),
    ).toHaveTextContent(/^Median time to a first alert rule2 h$/);

    const actions = await section('actions');
    const bars = await within(actions).findByTestId('adoption-chart-actions');
    expect(JSON.parse(bars.dataset.points!)).toEqual([
      { week: '2026-W48', deploy: 4, scale: 1 },
      { week: '2026-W49', deploy: 6 },
    ]);

    const nps = await section('nps');
    await waitFor(() =>
      expect(nps.querySelector('[data-stat="nps"]')).toHaveTextContent('+25'),
    );
    expect(nps.querySelector('[data-stat="dismissals"]')).toHaveTextContent(
      '2',
    );

    const comments = await section('nps-comments');
    expect(
      await within(comments).findByText(
        'The Operations tab saves me an hour a day',
      ),
    ).toBeInTheDocument();
  });

  it('links each section to its CSV, the same endpoint with format=csv', async () => {
    const api = fakeAdoptionApi();
    await render(api);
    const teams = await section('teams');
    const link = await within(teams).findByRole('link', {
      name: 'Download CSV',
    });
    await waitFor(() =>
      expect(link.getAttribute('href')).toMatch(
        /\/api\/adoption\/insights\/teams\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d&format=csv$/,
      ),
    );
    const top = await section('top-plugins');
    await waitFor(() =>
      expect(
        within(top)
          .getByRole('link', { name: 'Download CSV' })
          .getAttribute('href'),
      ).toContain('kind=plugins&limit=10&format=csv'),
    );

    // A click fetches it with the user's token rather than following the bare link.
    const createObjectURL = jest.fn(() => 'blob:csv');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    fireEvent.click(link);
    await waitFor(() =>
      expect(api.getCsv).toHaveBeenCalledWith('teams', rangeQuery(30)),
    );
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
  });

  it('asks every section again for the range picked', async () => {
    const api = fakeAdoptionApi();
    await render(api);
    await section('active-users');
    fireEvent.click(await screen.findByTestId('adoption-range-7'));
    const { from, to } = rangeQuery(7);
    await waitFor(() =>
      expect(api.getNps).toHaveBeenLastCalledWith({ from, to }),
    );
    expect(api.getActiveUsers).toHaveBeenLastCalledWith({
      from,
      to,
      grain: 'day',
    });
    expect(
      screen.getByTestId('adoption-range-7').getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('tells readers who are not admins that comments are for platform admins (403)', async () => {
    const forbidden = await responseError(403, 'platform admins only');
    const api = fakeAdoptionApi({
      getNpsComments: async () => {
        throw forbidden;
      },
    });
    await render(api);
    const comments = await section('nps-comments');
    expect(
      await within(comments).findByText(
        'Comments are visible to platform admins.',
      ),
    ).toBeInTheDocument();
    expect(
      within(comments).queryByRole('link', { name: 'Download CSV' }),
    ).not.toBeInTheDocument();
    // The other sections are unaffected.
    expect(
      await within(await section('nps')).findByText('Per team'),
    ).toBeInTheDocument();
  });

  it("shows a failing section's error in that section only", async () => {
    const error = await responseError(500, 'the events table is locked');
    const api = fakeAdoptionApi({
      getSearches: async () => {
        throw error;
      },
    });
    await render(api);
    expect(
      await screen.findByTestId('adoption-error-searches'),
    ).toHaveTextContent('Could not load searches: the events table is locked');
    expect(
      await within(await section('top-pages')).findByText('/catalog'),
    ).toBeInTheDocument();
    expect(
      document.querySelectorAll('[data-testid^="adoption-error-"]'),
    ).toHaveLength(1);
  });

  it('renders the content for a chosen starting range', async () => {
    await render(fakeAdoptionApi(), {
      ui: <InsightsContent initialRange={90} />,
    });
    expect(
      (await screen.findByTestId('adoption-range-90')).getAttribute(
        'aria-pressed',
      ),
    ).toBe('true');
  });
});

describe('stackActions', () => {
  it('adds up each kind per week, weeks in order', () => {
    expect(
      stackActions([
        { week: '2026-W49', kind: 'scale', count: 2 },
        { week: '2026-W48', kind: 'deploy', count: 1 },
        { week: '2026-W49', kind: 'scale', count: 1 },
      ]),
    ).toEqual({
      kinds: ['deploy', 'scale'],
      rows: [
        { week: '2026-W48', deploy: 1 },
        { week: '2026-W49', scale: 3 },
      ],
    });
  });
});
