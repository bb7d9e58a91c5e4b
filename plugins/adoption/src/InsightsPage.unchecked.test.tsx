import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { adoptionApiRef } from './api';
import { InsightsPage } from './components/InsightsPage';
import { fakeAdoptionApi } from './testing/fixtures';

// The permission backend cannot be taken down here: its API is a stand-in that fails as fetch does when the
// backend is unreachable.
describe('InsightsPage when the permission check fails (permission API mocked to fail)', () => {
  it('says it could not check, shows no insights, asks the adoption API for none, and does not call it a denial', async () => {
    const api = fakeAdoptionApi();
    const failing = {
      authorize: jest.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
      authorizeConditional: jest.fn(),
    };
    await renderInTestApp(
      <>
        <p>the rest of the app</p>
        <InsightsPage />
      </>,
      {
        apis: [
          [adoptionApiRef, api],
          [permissionApiRef, failing as any],
        ],
      },
    );
    expect(
      await screen.findByTestId('adoption-insights-unchecked'),
    ).toHaveTextContent(
      'Could not check your access to adoption insights: TypeError: Failed to fetch',
    );
    expect(screen.getByText('the rest of the app')).toBeInTheDocument();
    expect(
      screen.queryByTestId('adoption-insights-denied'),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('adoption-section-active-users'),
    ).not.toBeInTheDocument();
    expect(failing.authorize).toHaveBeenCalled();
    expect(api.getActiveUsers).not.toHaveBeenCalled();
  });
});
