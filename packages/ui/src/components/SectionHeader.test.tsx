import { fireEvent, render, screen } from '@testing-library/react';
import { SectionHeader } from './SectionHeader';

describe('SectionHeader', () => {
  it('shows the title as a heading of its level, with its subtitle and status', () => {
    render(
      <SectionHeader
        title="sim-eu-west"
        subtitle="eu-west-1"
        meta={<span>2/2 Apps ready</span>}
        level={3}
      />,
    );
    expect(
      screen.getByRole('heading', { level: 3, name: 'sim-eu-west' }),
    ).toBeInTheDocument();
    expect(screen.getByText('eu-west-1')).toBeInTheDocument();
    expect(screen.getByText('2/2 Apps ready')).toBeInTheDocument();
  });

  it('offers its actions as buttons that do what they say', () => {
    const scale = jest.fn();
    const deploy = jest.fn();
    render(
      <SectionHeader
        title="payments-gateway"
        actions={[
          { label: 'Scale', onClick: scale, testId: 'scale' },
          {
            label: 'Deploy',
            onClick: deploy,
            ariaLabel: 'Deploy payments-gateway',
          },
          { label: 'Restart', onClick: jest.fn(), disabled: true },
        ]}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Scale' }));
    expect(scale).toHaveBeenCalledTimes(1);
    fireEvent.click(
      screen.getByRole('button', { name: 'Deploy payments-gateway' }),
    );
    expect(deploy).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Restart' })).toBeDisabled();
    expect(screen.getByTestId('scale')).toHaveTextContent('Scale');
  });

  it('has no buttons when it has no actions', () => {
    render(<SectionHeader title="Events" />);
    expect(
      screen.getByRole('heading', { level: 2, name: 'Events' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
