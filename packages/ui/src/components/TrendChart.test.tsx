import { render, screen } from '@testing-library/react';
import { TrendChart } from './TrendChart';

const days = [
  { day: '2026-12-01', active: 9, new: 2 },
  { day: '2026-12-02', active: null, new: 1 },
  { day: '2026-12-03', active: 12, new: 3 },
];

describe('TrendChart', () => {
  it('draws one line per series, named in its legend', () => {
    const { container } = render(
      <TrendChart
        data={days}
        x="day"
        height={200}
        series={[
          { key: 'active', name: 'Active' },
          { key: 'new', name: 'New', colour: 'warning' },
        ]}
      />,
    );
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(2);
    expect(screen.getByText('Active')).toBeInTheDocument();
    expect(screen.getByText('New')).toBeInTheDocument();
  });

  it('has no legend for a single line', () => {
    const { container } = render(
      <TrendChart
        data={days}
        x="day"
        height={200}
        series={[{ key: 'active', name: 'Active' }]}
      />,
    );
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(1);
    expect(container.querySelector('.recharts-legend-wrapper')).toBeNull();
  });
});
