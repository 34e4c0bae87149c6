import {
  Content,
  ContentHeader,
  InfoCard,
  Link,
  Progress,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useParams } from 'react-router-dom';
import { useRequest } from '../../hooks/useRequests';
import { STAGE_LABELS } from '../../lib/requests';
import { formatTimestamp } from '../../lib/time';
import { RequestTimeline } from './RequestTimeline';

/** One request: where it is, what it waits on, and every step with time and link. */
export function RequestDetailPage() {
  const { id = '' } = useParams();
  const request = useRequest(id);

  if (!request.value) {
    return (
      <Content>
        {request.error ? (
          <Alert severity="error">
            Request {id} could not be loaded: {request.error.message}
          </Alert>
        ) : (
          <Progress />
        )}
      </Content>
    );
  }
  const r = request.value;
  return (
    <Content>
      <ContentHeader title={r.title ?? r.entityRef} description={r.entityRef} />
      <Box mb={2}>
        <Typography variant="h6" component="p">
          Stage:{' '}
          <span data-testid="request-stage">{STAGE_LABELS[r.stage]}</span>
        </Typography>
        {r.ended && r.endReason && (
          <Alert severity={r.stage === 'healthy' ? 'success' : 'info'}>
            Ended: {r.endReason}
          </Alert>
        )}
        {!r.ended && r.stuck && (
          <Alert severity={r.failed ? 'error' : 'warning'}>{r.stuck}</Alert>
        )}
      </Box>
      <InfoCard title="Timeline">
        <RequestTimeline steps={r.timeline} />
        <Typography variant="body2" color="textSecondary">
          <Link to={r.pullRequestUrl}>
            {r.repository}#{r.number}
          </Link>{' '}
          · requested by {r.requester}
          {r.owner ? ` for ${r.owner}` : ''}
          {r.observedAt
            ? ` · last read from GitHub ${formatTimestamp(r.observedAt)}`
            : ''}
        </Typography>
      </InfoCard>
    </Content>
  );
}
