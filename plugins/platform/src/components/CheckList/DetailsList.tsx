import {
  HealthDetails,
  HealthDetailValue,
} from '@internal/plugin-platform-common';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  list: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.25),
    fontSize: theme.typography.body2.fontSize,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
}));

function isPrimitive(value: HealthDetailValue): boolean {
  return value === null || typeof value !== 'object';
}

function primitiveText(value: HealthDetailValue): string {
  if (value === null) return '(none)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function Value(props: { value: HealthDetailValue }) {
  const { value } = props;
  if (isPrimitive(value)) return <>{primitiveText(value)}</>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <>(none)</>;
    if (value.every(isPrimitive))
      return <>{value.map(primitiveText).join(', ')}</>;
    return (
      <>
        {value.map((item, i) =>
          isPrimitive(item) || Array.isArray(item) ? (
            <div key={i}>
              <Value value={item} />
            </div>
          ) : (
            <DetailsList key={i} details={item as HealthDetails} />
          ),
        )}
      </>
    );
  }
  return <DetailsList details={value as HealthDetails} />;
}

/** A check's details (the facts behind its verdict) as a definition list. */
export function DetailsList(props: { details: HealthDetails }) {
  const classes = useStyles();
  const entries = Object.entries(props.details);
  if (entries.length === 0) return null;
  return (
    <dl className={classes.list}>
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>
            <Value value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
