import { HealthStatus } from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import WarningIcon from '@material-ui/icons/Warning';
import { Cell } from '../../lib/rows';
import { STATUS_LABELS } from '../../lib/status';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', alignItems: 'flex-start', gap: theme.spacing(1) },
  icon: { flexShrink: 0, marginTop: 1 },
  ok: { color: theme.palette.status.ok },
  warning: { color: theme.palette.status.warning },
  critical: { color: theme.palette.status.error },
  unknown: { color: theme.palette.text.secondary },
  label: { fontWeight: theme.typography.fontWeightBold as number },
  summary: { color: theme.palette.text.secondary, overflowWrap: 'anywhere' },
}));

const ICONS: Record<HealthStatus, typeof CheckCircleIcon> = {
  ok: CheckCircleIcon,
  warning: WarningIcon,
  critical: ErrorIcon,
  unknown: HelpIcon,
};

export interface StatusIndicatorProps {
  status: HealthStatus;
  /** The one-line reason shown under the label. */
  summary?: string;
  /** Small variant for dense tables. */
  size?: 'small' | 'medium';
}

/**
 * A status as an icon, a word and its reason: shape and text carry the meaning,
 * colour only reinforces it.
 */
export function StatusIndicator(props: StatusIndicatorProps) {
  const { status, summary, size = 'small' } = props;
  const classes = useStyles();
  const Icon = ICONS[status];
  return (
    <Box className={classes.root} data-status={status}>
      <Icon
        className={`${classes.icon} ${classes[status]}`}
        aria-hidden="true"
        fontSize={size === 'small' ? 'small' : 'medium'}
      />
      <div>
        <Typography
          variant={size === 'small' ? 'body2' : 'body1'}
          className={classes.label}
          component="span"
        >
          {STATUS_LABELS[status]}
        </Typography>
        {summary && (
          <Typography variant="body2" className={classes.summary}>
            {summary}
          </Typography>
        )}
      </div>
    </Box>
  );
}

/** A table cell's content: a status, "not applicable" or "checking". */
export function CellIndicator(props: { cell: Cell }) {
  const { cell } = props;
  const classes = useStyles();
  if (cell.kind === 'status') {
    return <StatusIndicator status={cell.status} summary={cell.summary} />;
  }
  return (
    <Box className={classes.root} data-status={cell.kind}>
      {cell.kind === 'loading' ? (
        <CircularProgress
          size={16}
          className={classes.icon}
          aria-hidden="true"
        />
      ) : (
        <RemoveCircleOutlineIcon
          className={`${classes.icon} ${classes.unknown}`}
          aria-hidden="true"
          fontSize="small"
        />
      )}
      <div>
        <Typography variant="body2" className={classes.label} component="span">
          {cell.kind === 'loading' ? 'Checking' : 'Not applicable'}
        </Typography>
        <Typography variant="body2" className={classes.summary}>
          {cell.summary}
        </Typography>
      </div>
    </Box>
  );
}
