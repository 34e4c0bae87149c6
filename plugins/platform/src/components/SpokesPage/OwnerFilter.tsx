import { ownerLabel } from '../../lib/rows';
import { SelectFilter } from './SelectFilter';

export interface OwnerFilterProps {
  /** Owners' entity refs, in the order to offer them. */
  owners: string[];
  /** The selected owner's entity ref; empty for all. */
  value: string;
  onChange(value: string): void;
}

/** The owning team, shown by its short name. */
export function OwnerFilter(props: OwnerFilterProps) {
  const { owners, value, onChange } = props;
  return (
    <SelectFilter
      id="platform-owner"
      label="Owner"
      choices={owners.map(owner => [owner, ownerLabel(owner)] as const)}
      value={value}
      onChange={onChange}
      minWidth={180}
    />
  );
}
