import { render, screen } from '@testing-library/react';
import { StatusChip, toneOf } from './StatusChip';

describe('StatusChip', () => {
  it('shows the status as text, so it reads without its colour', () => {
    render(<StatusChip label="Running" data-testid="phase" />);
    expect(screen.getByText('Running')).toBeInTheDocument();
    expect(screen.getByTestId('phase')).toHaveTextContent(/^Running$/);
  });

  it.each([
    ['Running', 'ok'],
    ['Succeeded', 'ok'],
    ['Pending', 'pending'],
    ['Progressing', 'pending'],
    ['Degraded', 'warning'],
    ['Stale', 'warning'],
    ['Failed', 'error'],
    ['CrashLoopBackOff', 'error'],
    ['Whatever', 'neutral'],
  ])('colours %s as %s', (label, tone) => {
    render(<StatusChip label={label} data-testid="chip" />);
    expect(screen.getByTestId('chip')).toHaveAttribute('data-tone', tone);
    expect(toneOf(label)).toBe(tone);
  });

  it('takes a tone given over the one its word has, and a longer explanation as its tooltip', () => {
    render(
      <StatusChip
        label="2/3 ready"
        tone="warning"
        title="one pod is waiting: ImagePullBackOff"
        data-testid="chip"
      />,
    );
    const chip = screen.getByTestId('chip');
    expect(chip).toHaveAttribute('data-tone', 'warning');
    expect(chip).toHaveAttribute(
      'title',
      'one pod is waiting: ImagePullBackOff',
    );
  });
});
