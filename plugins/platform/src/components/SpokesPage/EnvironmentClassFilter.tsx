import { SelectFilter } from './SelectFilter';

export interface EnvironmentClassFilterProps {
  classes: string[];
  /** The selected class; empty for all. */
  value: string;
  onChange(value: string): void;
}

/** The environment class (prod, non-prod). */
export function EnvironmentClassFilter(props: EnvironmentClassFilterProps) {
  const { classes, value, onChange } = props;
  return (
    <SelectFilter
      id="platform-environment-class"
      label="Environment class"
      choices={classes.map(c => [c, c] as const)}
      value={value}
      onChange={onChange}
      minWidth={200}
    />
  );
}
