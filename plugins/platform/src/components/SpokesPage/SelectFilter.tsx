import TextField from '@material-ui/core/TextField';

export interface SelectFilterProps {
  id: string;
  label: string;
  /** `[value, label]` pairs, in the order to offer them, after "All". */
  choices: ReadonlyArray<readonly [string, string]>;
  /** The selected value; empty for all. */
  value: string;
  onChange(value: string): void;
  minWidth: number;
}

/**
 * One filter of the Spokes page: a native select, so keyboard and screen-reader
 * behaviour come from the browser.
 */
export function SelectFilter(props: SelectFilterProps) {
  const { id, label, choices, value, onChange, minWidth } = props;
  return (
    <TextField
      select
      id={id}
      label={label}
      variant="outlined"
      size="small"
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth }}
    >
      <option value="">All</option>
      {choices.map(([choice, text]) => (
        <option key={choice} value={choice}>
          {text}
        </option>
      ))}
    </TextField>
  );
}
