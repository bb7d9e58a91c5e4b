import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { permissionApi } from '@atrium/ui/testing';
import { adoptionApiRef } from './api';
import { InsightsPage } from './components/InsightsPage';
import { fakeAdoptionApi } from './testing/fixtures';

describe('InsightsPage for a user without atrium.adoption.read (with a mocked adoption API)', () => {
  it('shows none of the insights and asks the API for none', async () => {
    const api = fakeAdoptionApi();
    await renderInTestApp(<InsightsPage />, {
      apis: [[adoptionApiRef, api], permissionApi(false)],
    });
    expect(
      await screen.findByTestId('adoption-insights-denied'),
    ).toHaveTextContent('Adoption insights are for platform admins');
    expect(
      screen.queryByTestId('adoption-section-active-users'),
    ).not.toBeInTheDocument();
    expect(api.getActiveUsers).not.toHaveBeenCalled();
    expect(api.getNps).not.toHaveBeenCalled();
  });
});
