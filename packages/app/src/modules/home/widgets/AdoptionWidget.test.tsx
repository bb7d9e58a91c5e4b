import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { usePermission } from '@backstage/plugin-permission-react';
import { adoptionApiRef, type AdoptionApi } from '@atrium/plugin-adoption';
import { fakeAdoptionApi, SUMMARY } from '@atrium/plugin-adoption/testing';
import { AdoptionWidget } from './AdoptionWidget';

// usePermission caches answers for the whole test file (SWR), so each test sets the answer it needs here.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));
const permission = usePermission as jest.MockedFunction<typeof usePermission>;

/** The widget on an adoption API answering the summary with `getSummary` (the fixed one unless given). */
async function renderWidget(getSummary?: AdoptionApi['getSummary']) {
  const api = fakeAdoptionApi(getSummary ? { getSummary } : {});
  await renderInTestApp(<AdoptionWidget />, {
    apis: [[adoptionApiRef, api]],
  });
  return api;
}

describe('the adoption widget (with a mocked adoption API)', () => {
  it("shows yesterday's DAU with its trend and this quarter's NPS against the last", async () => {
    permission.mockReturnValue({ loading: false, allowed: true });
    // A quarter's NPS with a decimal: the change is said to one decimal.
    await renderWidget(async () => ({ ...SUMMARY, quarterNps: 22.5 }));

    const widget = await screen.findByTestId('adoption-widget');
    expect(
      widget.querySelector('[data-stat="yesterday-dau"]'),
    ).toHaveTextContent('Active users yesterday7');
    const trend = screen.getByRole('img', {
      name: 'Daily active users, trend',
    });
    expect(JSON.parse(trend.dataset.points!)).toEqual(SUMMARY.dauTrend);
    expect(widget.querySelector('[data-stat="quarter-nps"]')).toHaveTextContent(
      'NPS this quarter+22.54 answers · ▲ 12.5 on last quarter (+10)',
    );
    expect(
      screen.getByRole('link', { name: 'Open adoption insights' }),
    ).toHaveAttribute('href', '/adoption-insights');
    expect(permission).toHaveBeenCalledWith({
      permission: expect.objectContaining({ name: 'atrium.adoption.read' }),
    });
  });

  it('says when a quarter has no answers yet', async () => {
    permission.mockReturnValue({ loading: false, allowed: true });
    await renderWidget(async () => ({
      ...SUMMARY,
      quarterNps: null,
      npsAnswers: 0,
    }));
    const widget = await screen.findByTestId('adoption-widget');
    expect(widget.querySelector('[data-stat="quarter-nps"]')).toHaveTextContent(
      'NPS this quarter—0 answers',
    );
  });

  it('says what went wrong when the summary cannot be read', async () => {
    permission.mockReturnValue({ loading: false, allowed: true });
    await renderWidget(async () => {
      throw new Error('adoption backend unavailable');
    });
    expect(
      await screen.findByTestId('adoption-widget-error'),
    ).toHaveTextContent(
      'Could not read the adoption summary: adoption backend unavailable',
    );
  });

  it('says it could not check when the permission check fails, and asks for no figures', async () => {
    permission.mockReturnValue({
      loading: false,
      allowed: false,
      error: new Error('permission backend unavailable'),
    });
    const api = await renderWidget();
    expect(
      await screen.findByTestId('adoption-widget-unchecked'),
    ).toHaveTextContent(
      'Could not check your access to adoption figures: permission backend unavailable',
    );
    expect(screen.queryByTestId('adoption-widget')).not.toBeInTheDocument();
    expect(api.getSummary).not.toHaveBeenCalled();
  });

  it('renders nothing, and asks for nothing, without atrium.adoption.read', async () => {
    permission.mockReturnValue({ loading: false, allowed: false });
    const api = await renderWidget();
    expect(screen.queryByTestId('adoption-widget')).not.toBeInTheDocument();
    expect(
      screen.queryByText('Active users yesterday'),
    ).not.toBeInTheDocument();
    expect(api.getSummary).not.toHaveBeenCalled();
  });
});
