import { SelectFilter } from './SelectFilter';

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

/** The overall status, worst first. */
export function StatusFilter(props: StatusFilterProps) {
  const { value, onChange } = props;
  return (
    <SelectFilter
      id="platform-status"
      label="Status"
      choices={STATUS_CHOICES}
      value={value}
      onChange={onChange}
      minWidth={140}
    />
  );
}
