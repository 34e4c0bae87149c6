import { InfoCard, Link } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { RequestTimeline } from '../components/RequestsPage/RequestTimeline';
import { useOpenRequest } from '../hooks/useRequests';
import { STAGE_LABELS } from '../lib/requests';
import { requestRouteRef } from '../routes';

/**
 * The open request that creates this spoke or service: its stage and timeline. Shows
 * nothing once the request has ended (healthy, closed) or when there is none.
 */
export function RequestCard() {
  const { entity } = useEntity();
  const requestLink = useRouteRef(requestRouteRef);
  const open = useOpenRequest(stringifyEntityRef(entity));

  if (open.error || !open.value) return null;
  const r = open.value;
  return (
    <InfoCard
      title={`Request: ${STAGE_LABELS[r.stage]}`}
      subheader={
        <Link to={requestLink?.({ id: r.id }) ?? r.pullRequestUrl}>
          {r.title ?? `${r.repository}#${r.number}`}
        </Link>
      }
    >
      {r.stuck && (
        <Alert severity={r.failed ? 'error' : 'warning'}>{r.stuck}</Alert>
      )}
      <RequestTimeline steps={r.timeline} />
      <Typography variant="body2" color="textSecondary">
        Requested by {r.requester}
      </Typography>
    </InfoCard>
  );
}
