import TextField from '@material-ui/core/TextField';

export interface EnvironmentClassFilterProps {
  classes: string[];
  /** The selected class; empty for all. */
  value: string;
  onChange(value: string): void;
}

/** A native select: keyboard and screen-reader behaviour come from the browser. */
export function EnvironmentClassFilter(props: EnvironmentClassFilterProps) {
  const { classes, value, onChange } = props;
  return (
    <TextField
      select
      id="platform-environment-class"
      label="Environment class"
      variant="outlined"
      size="small"
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 200 }}
    >
      <option value="">All</option>
      {classes.map(c => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </TextField>
  );
}
