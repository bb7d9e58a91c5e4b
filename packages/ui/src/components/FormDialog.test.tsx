import { fireEvent, render, screen, within } from '@testing-library/react';
import { ChangeSummary, FormDialog } from './FormDialog';

describe('FormDialog and ChangeSummary', () => {
  it('shows the title, the inputs, what they will do and why not yet, and the buttons', () => {
    const onClose = jest.fn();
    render(
      <FormDialog
        title="Scale payments-gateway"
        onClose={onClose}
        data-testid="dialog"
        actions={<button onClick={onClose}>Cancel</button>}
      >
        <input aria-label="Replicas" />
        <ChangeSummary
          heading="What will change"
          testId="change"
          problem="Replicas can't be negative"
        >
          Nothing yet.
        </ChangeSummary>
      </FormDialog>,
    );
    const dialog = screen.getByTestId('dialog');
    expect(within(dialog).getByRole('dialog')).toHaveTextContent(
      'Scale payments-gateway',
    );
    expect(within(dialog).getByLabelText('Replicas')).toBeInTheDocument();
    expect(screen.getByText('What will change')).toBeInTheDocument();
    expect(screen.getByTestId('change')).toHaveTextContent('Nothing yet.');
    expect(screen.getByText("Replicas can't be negative")).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('says no problem while there is none', () => {
    render(
      <ChangeSummary heading="What will be silenced" testId="summary">
        HighErrorRate for 1 hour
      </ChangeSummary>,
    );
    expect(screen.getByTestId('summary').parentElement?.children).toHaveLength(
      2,
    );
  });
});
