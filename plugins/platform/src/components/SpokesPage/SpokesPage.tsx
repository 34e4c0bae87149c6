import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
} from '@backstage/core-components';
import { HealthRefreshRun } from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { platformHealthApiRef } from '../../api';
import { useHubInfo } from '../../hooks/useHubInfo';
import { useSpokeList } from '../../hooks/useSpokeList';
import { refreshAllAndWait } from '../../lib/refresh';
import { buildRows, environmentClasses, filterRows } from '../../lib/rows';
import { formatAge, formatDuration, formatTimestamp } from '../../lib/time';
import { HealthErrorPanel } from '../HealthErrorPanel';
import { RefreshButton } from '../RefreshButton';
import { EnvironmentClassFilter } from './EnvironmentClassFilter';
import { SpokesTable } from './SpokesTable';

/** The `?class=` search parameter keeps the filter in the URL, so it can be shared. */
const CLASS_PARAM = 'class';

function LastRefresh(props: {
  run?: HealthRefreshRun;
  staleAfterSeconds: number;
  now: Date;
}) {
  const { run, staleAfterSeconds, now } = props;
  const stale = `Snapshots older than ${formatDuration(
    staleAfterSeconds,
  )} are marked stale.`;
  if (!run) {
    return (
      <Typography variant="body2">
        No refresh has finished yet: the first one runs shortly after the
        backend starts. {stale}
      </Typography>
    );
  }
  const failed =
    run.failedCalls > 0
      ? `, ${run.failedCalls} of ${run.calls} AWS calls failed`
      : `, ${run.calls} AWS calls`;
  return (
    <Typography variant="body2">
      Last refresh{' '}
      <time dateTime={run.finishedAt} title={formatTimestamp(run.finishedAt)}>
        {formatAge(run.finishedAt, now)}
      </time>{' '}
      ({run.spokes} spoke{run.spokes === 1 ? '' : 's'}
      {run.trigger === 'manual' ? ' by hand' : ''},{' '}
      {(run.durationMs / 1000).toFixed(1)} s{failed}). {stale}
    </Typography>
  );
}

/** Every spoke at a glance: one row each, the hub first, with the reason for each status. */
export function SpokesPage() {
  const api = useApi(platformHealthApiRef);
  const list = useSpokeList();
  const { hub, error: hubError } = useHubInfo(list.value);
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedClass = searchParams.get(CLASS_PARAM) ?? '';
  const now = new Date();

  const rows = useMemo(
    () => (list.value ? buildRows(list.value, hub) : []),
    [list.value, hub],
  );
  const classes = environmentClasses(rows);
  const shown = filterRows(rows, selectedClass);

  const setClass = (value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(CLASS_PARAM, value);
    else next.delete(CLASS_PARAM);
    setSearchParams(next, { replace: true });
  };

  const refreshAll = async () => {
    const { finished } = await refreshAllAndWait(api, list.value);
    list.retry();
    return finished
      ? 'Every spoke refreshed.'
      : 'The refresh is still running; its results appear here when it finishes. Reload in a minute.';
  };

  let body: JSX.Element;
  if (!list.value) {
    body = list.error ? (
      <HealthErrorPanel error={list.error} onRetry={list.retry} />
    ) : (
      <Box>
        <Typography variant="body2">Loading spoke health…</Typography>
        <Progress />
      </Box>
    );
  } else if (list.value.items.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No spokes to show yet"
        description="Spokes come from the catalog: one System per file in infra/config/spokes/, written by the platform catalog module. Add a spoke with the New environment template; once its file is merged and the catalog has read it, its health appears after the next refresh."
      />
    );
  } else {
    body = (
      <>
        {list.error && (
          <Box mb={2}>
            <HealthErrorPanel error={list.error} onRetry={list.retry} />
          </Box>
        )}
        <Box mb={2}>
          <LastRefresh
            run={list.value.lastRefresh}
            staleAfterSeconds={list.value.staleAfterSeconds}
            now={now}
          />
        </Box>
        {hubError && (
          <Box mb={2}>
            <Alert severity="warning">
              The hub is not shown: the catalog did not answer (
              {hubError.message}). Reload the page to try again.
            </Alert>
          </Box>
        )}
        {shown.length > 0 ? (
          <SpokesTable
            rows={shown}
            staleAfterSeconds={list.value.staleAfterSeconds}
            now={now}
          />
        ) : (
          <Typography variant="body1">
            No spoke has the environment class {selectedClass}. Choose another
            class or All.
          </Typography>
        )}
      </>
    );
  }

  return (
    <Content>
      <ContentHeader
        title="Spoke health"
        description="EKS, Transit Gateway and Aurora of the hub and every spoke"
      >
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          {rows.length > 0 && (
            <EnvironmentClassFilter
              classes={classes}
              value={selectedClass}
              onChange={setClass}
            />
          )}
          <RefreshButton
            label="Refresh now"
            runningLabel="Refreshing every spoke…"
            onRefresh={refreshAll}
          />
        </Box>
      </ContentHeader>
      {body}
    </Content>
  );
}
