import TextField from '@material-ui/core/TextField';
import { ownerLabel } from '../../lib/rows';

export interface OwnerFilterProps {
  /** Owners' entity refs, in the order to offer them. */
  owners: string[];
  /** The selected owner's entity ref; empty for all. */
  value: string;
  onChange(value: string): void;
}

/** The owning team, as a native select like the other filters. */
export function OwnerFilter(props: OwnerFilterProps) {
  const { owners, value, onChange } = props;
  return (
    <TextField
      select
      id="platform-owner"
      label="Owner"
      variant="outlined"
      size="small"
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 180 }}
    >
      <option value="">All</option>
      {owners.map(owner => (
        <option key={owner} value={owner}>
          {ownerLabel(owner)}
        </option>
      ))}
    </TextField>
  );
}
