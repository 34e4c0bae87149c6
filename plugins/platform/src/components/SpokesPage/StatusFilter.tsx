import TextField from '@material-ui/core/TextField';

/** Overall statuses, worst first, as the filter offers them. */
export const STATUS_CHOICES = [
  ['critical', 'Critical'],
  ['warning', 'Warning'],
  ['unknown', 'Unknown'],
  ['ok', 'OK'],
] as const;

export interface StatusFilterProps {
  /** The selected overall status; empty for all. */
  value: string;
  onChange(value: string): void;
}

/** A native select, like the environment class filter. */
export function StatusFilter(props: StatusFilterProps) {
  const { value, onChange } = props;
  return (
    <TextField
      select
      id="platform-status"
      label="Status"
      variant="outlined"
      size="small"
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 140 }}
    >
      <option value="">All</option>
      {STATUS_CHOICES.map(([status, label]) => (
        <option key={status} value={status}>
          {label}
        </option>
      ))}
    </TextField>
  );
}
