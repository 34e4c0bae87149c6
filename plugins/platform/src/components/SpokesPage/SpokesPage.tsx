import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
} from '@backstage/core-components';
import { HealthRefreshRun } from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { platformHealthApiRef } from '../../api';
import { useHubInfo } from '../../hooks/useHubInfo';
import { useSpokeList } from '../../hooks/useSpokeList';
import { refreshAllAndWait } from '../../lib/refresh';
import {
  buildRows,
  environmentClasses,
  filterRows,
  ownerLabel,
  owners,
  pageOf,
  ROWS_PER_PAGE,
} from '../../lib/rows';
import { formatAge, formatDuration, formatTimestamp } from '../../lib/time';
import { HealthErrorPanel } from '../HealthErrorPanel';
import { RefreshButton } from '../RefreshButton';
import { EnvironmentClassFilter } from './EnvironmentClassFilter';
import { OwnerFilter } from './OwnerFilter';
import { StatusFilter } from './StatusFilter';
import { SpokesTable } from './SpokesTable';

/** The `?class=` search parameter keeps the filter in the URL, so it can be shared. */
const CLASS_PARAM = 'class';
const STATUS_PARAM = 'status';
const OWNER_PARAM = 'owner';
const PAGE_PARAM = 'page';

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
  const selectedStatus = searchParams.get(STATUS_PARAM) ?? '';
  const selectedOwner = searchParams.get(OWNER_PARAM) ?? '';
  const now = new Date();

  const rows = useMemo(
    () => (list.value ? buildRows(list.value, hub) : []),
    [list.value, hub],
  );
  const classes = environmentClasses(rows);
  const teams = owners(rows);
  const matching = filterRows(rows, {
    environmentClass: selectedClass,
    status: selectedStatus,
    owner: selectedOwner,
  });
  const { rows: shown, page } = pageOf(
    matching,
    Number(searchParams.get(PAGE_PARAM) ?? 1) - 1,
  );

  // Filters and the page live in the URL, so a filtered view can be shared.
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== PAGE_PARAM) next.delete(PAGE_PARAM);
    setSearchParams(next, { replace: true });
  };
  const setClass = (value: string) => setParam(CLASS_PARAM, value);

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
          <>
            <SpokesTable
              rows={shown}
              staleAfterSeconds={list.value.staleAfterSeconds}
              now={now}
            />
            {matching.length > ROWS_PER_PAGE && (
              <TablePagination
                component="div"
                count={matching.length}
                page={page}
                rowsPerPage={ROWS_PER_PAGE}
                rowsPerPageOptions={[ROWS_PER_PAGE]}
                onPageChange={(_e, next) =>
                  setParam(PAGE_PARAM, next > 0 ? String(next + 1) : '')
                }
              />
            )}
          </>
        ) : (
          <Typography variant="body1">
            No spoke matches{' '}
            {[
              selectedClass && `the environment class ${selectedClass}`,
              selectedStatus && `the status ${selectedStatus}`,
              selectedOwner && `the owner ${ownerLabel(selectedOwner)}`,
            ]
              .filter(Boolean)
              .join(' and ')}
            . Choose other filters or All.
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
          {rows.length > 0 && (
            <StatusFilter
              value={selectedStatus}
              onChange={value => setParam(STATUS_PARAM, value)}
            />
          )}
          {rows.length > 0 && (
            <OwnerFilter
              owners={teams}
              value={selectedOwner}
              onChange={value => setParam(OWNER_PARAM, value)}
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
