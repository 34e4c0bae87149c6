import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ScheduleIcon from '@material-ui/icons/Schedule';
import { formatAge, formatDuration, formatTimestamp } from '../../lib/time';

const useStyles = makeStyles(theme => ({
  stale: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.status.warning,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  hint: { color: theme.palette.text.secondary },
}));

export interface RefreshedAtProps {
  /** ISO time of the snapshot; nothing is shown without it. */
  refreshedAt?: string;
  stale: boolean;
  /** The backend's stale age, to say what "stale" means. */
  staleAfterSeconds?: number;
  /** The clock; a prop so tests and the page agree on "now". */
  now?: Date;
}

/** When a snapshot was taken, and whether it is older than the backend's stale age. */
export function RefreshedAt(props: RefreshedAtProps) {
  const { refreshedAt, stale, staleAfterSeconds, now = new Date() } = props;
  const classes = useStyles();
  if (!refreshedAt) {
    return (
      <Typography variant="body2" className={classes.hint}>
        Not refreshed yet
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="body2" component="div">
        Refreshed{' '}
        <time dateTime={refreshedAt} title={formatTimestamp(refreshedAt)}>
          {formatAge(refreshedAt, now)}
        </time>
      </Typography>
      {stale && (
        <Typography variant="body2" component="div">
          <span className={classes.stale}>
            <ScheduleIcon fontSize="small" aria-hidden="true" />
            Stale
          </span>{' '}
          <span className={classes.hint}>
            {staleAfterSeconds
              ? `older than ${formatDuration(
                  staleAfterSeconds,
                )}: is the refresh schedule running?`
              : 'is the refresh schedule running?'}
          </span>
        </Typography>
      )}
    </Box>
  );
}
