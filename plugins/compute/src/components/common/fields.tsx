import TextField from '@material-ui/core/TextField';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  helperText?: string;
  /** As wide as its container (the dialogs'), unless false. */
  fullWidth?: boolean;
}

/** A native select among `options` (each a value and what it shows), as the compute dialogs pick a version. */
export function SelectField({
  options,
  onChange,
  fullWidth = true,
  ...props
}: FieldProps & { options: Array<{ value: string; label: string }> }) {
  return (
    <TextField
      {...props}
      select
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      fullWidth={fullWidth}
    >
      {options.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}

/** What was typed into a WholeNumberField, as a number: NaN while it is empty (where `Number` would say 0). */
export const typedNumber = (text: string) =>
  text.trim() === '' ? NaN : Number(text);

/** A whole number from `min` to `max`, kept as typed (the caller parses it and says what is wrong). */
export function WholeNumberField({
  min,
  max,
  onChange,
  fullWidth = true,
  ...props
}: FieldProps & { min: number; max: number; error?: boolean }) {
  return (
    <TextField
      {...props}
      type="number"
      onChange={e => onChange(e.target.value)}
      inputProps={{ min, max, step: 1 }}
      fullWidth={fullWidth}
    />
  );
}
