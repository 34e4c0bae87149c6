import {
  Content,
  ContentHeader,
  EmptyState,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import {
  PlatformRequestSummary,
  RequestListScope,
} from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import Alert from '@material-ui/lab/Alert';
import { useSearchParams } from 'react-router-dom';
import { useRequestList } from '../../hooks/useRequests';
import { STAGE_LABELS } from '../../lib/requests';
import { formatAge } from '../../lib/time';
import { requestRouteRef } from '../../routes';

const SCOPES: Array<{ value: RequestListScope; label: string }> = [
  { value: 'mine', label: 'Mine' },
  { value: 'team', label: "My team's" },
  { value: 'all', label: 'All I can see' },
];

/** Pull requests opened by templates, with where each one is and what it waits on. */
export function RequestsPage() {
  const requestLink = useRouteRef(requestRouteRef);
  const [params, setParams] = useSearchParams();
  const scope = (params.get('scope') as RequestListScope | null) ?? 'mine';
  const list = useRequestList(scope);
  const now = new Date();

  const columns: TableColumn<PlatformRequestSummary>[] = [
    {
      title: 'Request',
      field: 'entityRef',
      render: r => (
        <Link to={requestLink?.({ id: r.id }) ?? '#'}>
          {r.title ?? r.entityRef}
        </Link>
      ),
    },
    { title: 'Creates', field: 'entityRef' },
    {
      title: 'Stage',
      field: 'stage',
      render: r => <span data-testid="stage">{STAGE_LABELS[r.stage]}</span>,
    },
    {
      title: 'Waiting on',
      render: r =>
        r.ended ? (
          r.endReason ?? ''
        ) : (
          <Typography
            variant="body2"
            color={r.failed ? 'error' : 'textPrimary'}
          >
            {r.stuck ?? ''}
          </Typography>
        ),
    },
    {
      title: 'Pull request',
      render: r => (
        <Link to={r.pullRequestUrl}>
          {r.repository}#{r.number}
        </Link>
      ),
    },
    { title: 'Requested by', field: 'requester' },
    { title: 'Updated', render: r => formatAge(r.updatedAt, now) },
  ];

  let body: JSX.Element;
  if (!list.value) {
    body = list.error ? (
      <Alert severity="error">
        Requests could not be loaded: {list.error.message}
      </Alert>
    ) : (
      <Progress />
    );
  } else if (list.value.items.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No requests here"
        description="A request appears when a template (New environment, New service) opens a pull request; it is followed through checks, review, merge, deploy and health."
      />
    );
  } else {
    body = (
      <Table
        title="Requests"
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={list.value.items}
      />
    );
  }

  return (
    <Content>
      <ContentHeader
        title="Requests"
        description="Pull requests opened by templates, followed until what they asked for runs"
      >
        <ToggleButtonGroup
          exclusive
          size="small"
          value={scope}
          aria-label="Whose requests"
          onChange={(_e, value) => {
            if (value) setParams({ scope: value }, { replace: true });
          }}
        >
          {SCOPES.map(s => (
            <ToggleButton key={s.value} value={s.value}>
              {s.label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </ContentHeader>
      <Box>{body}</Box>
    </Content>
  );
}
