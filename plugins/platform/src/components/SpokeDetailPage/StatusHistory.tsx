import { SpokeHealthHistoryEntry } from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  HISTORY_SERIES,
  HISTORY_SERIES_TITLES,
  HistorySeries,
  historyPoints,
  statusChanges,
} from '../../lib/history';
import { STATUS_BY_LEVEL, STATUS_LABELS } from '../../lib/status';
import { formatTimestamp } from '../../lib/time';

/** Dash patterns tell the lines apart without colour. */
const DASHES: Record<HistorySeries, string | undefined> = {
  overall: undefined,
  eks: '6 3',
  'tgw-attachment': '2 3',
  aurora: '10 3 2 3',
};

const levelLabel = (level: number) =>
  STATUS_LABELS[STATUS_BY_LEVEL[level]] ?? '';

const timeLabel = (time: number) => new Date(time).toISOString().slice(11, 16);
/** Past a day (older pages loaded) the time alone is ambiguous: the date too. */
const dateTimeLabel = (time: number) =>
  new Date(time).toISOString().slice(5, 16).replace('T', ' ');
const DAY_MS = 24 * 60 * 60 * 1000;

/** The spoke's status over time: a step chart, and the same as a list of changes. */
export function StatusHistory(props: { items: SpokeHealthHistoryEntry[] }) {
  const { items } = props;
  const theme = useTheme();
  if (items.length === 0) {
    return (
      <Typography variant="body2">
        No history yet: every refresh adds a point, the next one within the
        refresh schedule.
      </Typography>
    );
  }
  const points = historyPoints(items);
  const changes = statusChanges(items);
  const colors: Record<HistorySeries, string> = {
    overall: theme.palette.text.primary,
    eks: theme.palette.primary.main,
    'tgw-attachment': theme.palette.secondary.main,
    aurora: theme.palette.info.main,
  };
  const first = points[0];
  const last = points[points.length - 1];
  const hourly = items.some(i => i.samples !== undefined);
  const refreshes = items.reduce((n, i) => n + (i.samples ?? 1), 0);
  return (
    <Box>
      <figure style={{ margin: 0 }}>
        <div style={{ width: '100%', height: 260 }} aria-hidden="true">
          <ResponsiveContainer>
            <LineChart data={points} margin={{ top: 8, right: 16, left: 16 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="time"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={
                  last.time - first.time > DAY_MS ? dateTimeLabel : timeLabel
                }
              />
              <YAxis
                domain={[0, 3]}
                ticks={[0, 1, 2, 3]}
                tickFormatter={levelLabel}
                width={72}
              />
              <Tooltip
                labelFormatter={t =>
                  formatTimestamp(new Date(Number(t)).toISOString())
                }
                formatter={(value, name) => [levelLabel(Number(value)), name]}
              />
              <Legend />
              {HISTORY_SERIES.map(series => (
                <Line
                  key={series}
                  type="stepAfter"
                  dataKey={series}
                  name={HISTORY_SERIES_TITLES[series]}
                  stroke={colors[series]}
                  strokeDasharray={DASHES[series]}
                  strokeWidth={series === 'overall' ? 3 : 2}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <figcaption>
          <Typography variant="body2">
            {refreshes} refreshes from{' '}
            {formatTimestamp(new Date(first.time).toISOString())} to{' '}
            {formatTimestamp(new Date(last.time).toISOString())}.
            {hourly &&
              ' Past a week, each point is the worst refresh of its hour.'}
          </Typography>
        </figcaption>
      </figure>
      <Box mt={2}>
        <Typography variant="h6" component="h3">
          Status changes
        </Typography>
        {changes.length === 0 ? (
          <Typography variant="body2">
            No change over these refreshes: overall{' '}
            {STATUS_LABELS[items[0].status]} throughout.
          </Typography>
        ) : (
          <ul aria-label="Status changes">
            {changes.map(change => (
              <li key={`${change.at}:${change.series}`}>
                <Typography variant="body2">
                  <time dateTime={change.at}>{formatTimestamp(change.at)}</time>
                  : {HISTORY_SERIES_TITLES[change.series]}{' '}
                  {STATUS_LABELS[change.from]} → {STATUS_LABELS[change.to]}
                  {change.series === 'overall' ? ` (${change.summary})` : ''}
                </Typography>
              </li>
            ))}
          </ul>
        )}
      </Box>
    </Box>
  );
}
