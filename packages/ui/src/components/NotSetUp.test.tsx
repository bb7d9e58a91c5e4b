import { render, screen, within } from '@testing-library/react';
import { NotSetUp } from './NotSetUp';

describe('NotSetUp', () => {
  it('says what is not set up and how to set it up, as a note', () => {
    render(
      <NotSetUp
        data-testid="alerts-not-set-up"
        title="Alerts are not set up"
        howTo={
          <>
            Set <code>operations.alertmanager.baseUrl</code> in the app config.
          </>
        }
      >
        <button type="button">Sign in</button>
      </NotSetUp>,
    );
    const note = screen.getByRole('note');
    expect(note).toBe(screen.getByTestId('alerts-not-set-up'));
    expect(within(note).getByText('Alerts are not set up')).toBeInTheDocument();
    expect(note).toHaveTextContent(
      'Set operations.alertmanager.baseUrl in the app config.',
    );
    expect(
      within(note).getByRole('button', { name: 'Sign in' }),
    ).toBeInTheDocument();
  });

  it('has only its title when there is no how-to', () => {
    render(<NotSetUp title="Metrics are not set up" />);
    expect(screen.getByRole('note')).toHaveTextContent(
      /^Metrics are not set up$/,
    );
  });
});
