import { InfoCard } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import {
  HEALTH_COMPONENT_TITLES,
  SpokeListResponse,
} from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CheckAdvice } from '../components/CheckList';
import { RefreshedAt } from '../components/RefreshedAt';
import { StatusIndicator } from '../components/StatusIndicator';
import { useHubGateway } from '../hooks/useHubGateway';
import { useSpokeList } from '../hooks/useSpokeList';
import { HUB_ENVIRONMENT_CLASS } from '../lib/rows';
import { rootRouteRef } from '../routes';
import { CardLoadState } from './CardStates';
import { SpokeStatusItem, SpokeStatusList } from './SpokeStatusList';

/** What the hub card lists per spoke: its overall status, or its TGW attachment's. */
export type HubCardView = 'system' | 'transit-gateway';

export function hubSpokeItems(
  list: SpokeListResponse,
  view: HubCardView,
): SpokeStatusItem[] {
  return list.items
    .filter(i => i.environmentClass !== HUB_ENVIRONMENT_CLASS)
    .sort((a, b) => a.spoke.localeCompare(b.spoke))
    .map(spoke => {
      const tgw = spoke.components.find(c => c.component === 'tgw-attachment');
      const source = view === 'system' ? spoke : tgw;
      return {
        spoke: spoke.spoke,
        status: source?.status ?? 'unknown',
        summary: source?.summary ?? 'Not reported by the last refresh',
        refreshedAt: spoke.refreshedAt,
        stale: spoke.stale,
        known: true,
      };
    });
}

/**
 * On the hub's System and its Transit Gateway Resource: the hub TGW as the
 * latest spoke refresh saw it, and every spoke that depends on it.
 */
export function HubHealthCard(props: { view: HubCardView }) {
  const { view } = props;
  const list = useSpokeList();
  const { gateway, error } = useHubGateway(list.value);
  const listLink = useRouteRef(rootRouteRef);
  return (
    <InfoCard
      title={
        view === 'system' ? 'Hub and spoke health' : 'Transit Gateway health'
      }
      deepLink={
        listLink ? { title: 'All spokes', link: listLink() } : undefined
      }
    >
      <CardLoadState
        loading={list.loading}
        error={list.error}
        hasValue={!!list.value}
        onRetry={list.retry}
      />
      {list.value && (
        <>
          <Typography variant="subtitle2" component="h3">
            Hub Transit Gateway
          </Typography>
          {gateway === undefined && !error && (
            <Typography variant="body2">Reading the latest check…</Typography>
          )}
          {error && (
            <StatusIndicator
              status="unknown"
              summary={`Could not read the hub Transit Gateway check: ${error.message}`}
            />
          )}
          {gateway === null && !error && (
            <StatusIndicator
              status="unknown"
              summary="Not checked yet: it is checked with each spoke's refresh, and no spoke has been refreshed"
            />
          )}
          {gateway && (
            <>
              <StatusIndicator
                status={gateway.check.status}
                summary={gateway.check.summary}
              />
              <CheckAdvice check={gateway.check} />
              <RefreshedAt
                refreshedAt={gateway.refreshedAt}
                stale={gateway.stale}
              />
            </>
          )}
          <Box mt={2}>
            <SpokeStatusList
              items={hubSpokeItems(list.value, view)}
              label="Spokes attached to the hub"
              statusTitle={
                view === 'system'
                  ? 'Overall'
                  : HEALTH_COMPONENT_TITLES['tgw-attachment']
              }
            />
          </Box>
        </>
      )}
    </InfoCard>
  );
}
