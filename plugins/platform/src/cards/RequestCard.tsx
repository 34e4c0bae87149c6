import { InfoCard, Link } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { platformRequestsApiRef } from '../api';
import { RequestTimeline } from '../components/RequestsPage/RequestTimeline';
import { REQUEST_REFRESH_MS, STAGE_LABELS } from '../lib/requests';
import { requestRouteRef } from '../routes';

/**
 * The open request that creates this spoke or service: its stage and timeline. Shows
 * nothing once the request has ended (healthy, closed) or when there is none.
 */
export function RequestCard() {
  const { entity } = useEntity();
  const api = useApi(platformRequestsApiRef);
  const requestLink = useRouteRef(requestRouteRef);
  const entityRef = stringifyEntityRef(entity);
  const open = useAsyncRetry(async () => {
    const { items } = await api.listRequests({ entityRef, open: true });
    return items[0] ? api.getRequest(items[0].id) : undefined;
  }, [api, entityRef]);
  useInterval(open.retry, open.value ? REQUEST_REFRESH_MS : null);

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
