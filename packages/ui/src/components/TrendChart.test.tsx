import { render, screen } from '@testing-library/react';
import { TrendChart, type TrendSeries } from './TrendChart';

const days = [
  { day: '2026-12-01', active: 9, new: 2 },
  { day: '2026-12-02', active: null, new: 1 },
  { day: '2026-12-03', active: 12, new: 3 },
];

/** The chart of `days` with `series`; its container. */
const draw = (series: TrendSeries[]) =>
  render(<TrendChart data={days} x="day" height={200} series={series} />)
    .container;

describe('TrendChart', () => {
  it('draws one line per series, named in its legend', () => {
    const chart = draw([
      { key: 'active', name: 'Active' },
      { key: 'new', name: 'New', colour: 'warning' },
    ]);
    expect(chart.querySelectorAll('.recharts-line')).toHaveLength(2);
    expect(screen.getByText('Active')).toBeInTheDocument();
    expect(screen.getByText('New')).toBeInTheDocument();
  });

  it('has no legend for a single line', () => {
    const chart = draw([{ key: 'active', name: 'Active' }]);
    expect(chart.querySelectorAll('.recharts-line')).toHaveLength(1);
    expect(chart.querySelector('.recharts-legend-wrapper')).toBeNull();
  });
});
