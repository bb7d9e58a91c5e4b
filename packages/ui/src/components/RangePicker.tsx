import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';

/** One choice of a range picker: its value, its text, and a longer accessible name where the text is short. */
export interface RangeOption<T> {
  value: T;
  label: string;
  ariaLabel?: string;
}

/**
 * The time range a section shows ("1h", "30 days"), as one group of toggle buttons with exactly one pressed
 * (`aria-pressed`): pressing the pressed one again keeps it.
 */
export function RangePicker<T extends string | number>(props: {
  value: T;
  options: ReadonlyArray<RangeOption<T>>;
  onChange: (value: T) => void;
  /** Each option's `data-testid`. */
  testId?: (value: T) => string;
  'aria-label'?: string;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      onChange={(_, value: T | null) => {
        if (value !== null) props.onChange(value);
      }}
      aria-label={props['aria-label'] ?? 'Range'}
    >
      {props.options.map(o => (
        <ToggleButton
          key={o.value}
          value={o.value}
          aria-label={o.ariaLabel}
          data-testid={props.testId?.(o.value)}
        >
          {o.label}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
