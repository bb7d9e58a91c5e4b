import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { RangePicker } from './RangePicker';

function Picker(props: { onChange: (days: number) => void }) {
  const [days, setDays] = useState(30);
  return (
    <RangePicker
      aria-label="Range"
      value={days}
      options={[7, 30, 90].map(d => ({
        value: d,
        label: `${d} days`,
        ariaLabel: `Last ${d} days`,
      }))}
      onChange={d => {
        setDays(d);
        props.onChange(d);
      }}
      testId={d => `range-${d}`}
    />
  );
}

describe('RangePicker', () => {
  it('has exactly the chosen range pressed, and says which was picked', () => {
    const onChange = jest.fn();
    render(<Picker onChange={onChange} />);
    const pressed = () =>
      screen
        .getAllByRole('button')
        .filter(b => b.getAttribute('aria-pressed') === 'true')
        .map(b => b.getAttribute('aria-label'));
    expect(pressed()).toEqual(['Last 30 days']);

    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    expect(onChange).toHaveBeenLastCalledWith(7);
    expect(pressed()).toEqual(['Last 7 days']);
    expect(screen.getByTestId('range-7')).toHaveTextContent('7 days');
  });

  it('keeps the range when the pressed one is pressed again', () => {
    const onChange = jest.fn();
    render(<Picker onChange={onChange} />);
    fireEvent.click(screen.getByRole('button', { name: 'Last 30 days' }));
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByTestId('range-30')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });
});
