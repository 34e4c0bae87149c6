import { InfoCard } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_PLATFORM_SPOKES,
  parseSpokesAnnotation,
  SpokeListResponse,
} from '@internal/plugin-platform-common';
import { useSpokeList } from '../hooks/useSpokeList';
import { rootRouteRef } from '../routes';
import { CardLoadState } from './CardStates';
import { SpokeStatusItem, SpokeStatusList } from './SpokeStatusList';

/** The named spokes' roll-ups, in annotation order; unknown names say how to fix them. */
export function serviceSpokeItems(
  names: string[],
  list: SpokeListResponse,
): SpokeStatusItem[] {
  return names.map(name => {
    const spoke = list.items.find(i => i.spoke === name);
    if (!spoke) {
      return {
        spoke: name,
        status: 'unknown',
        summary: `Spoke health knows no spoke named ${name}: check the ${ANNOTATION_PLATFORM_SPOKES} annotation of this component against the spokes page`,
        stale: false,
        known: false,
      };
    }
    return {
      spoke: name,
      status: spoke.status,
      summary: spoke.summary,
      refreshedAt: spoke.refreshedAt,
      stale: spoke.stale,
      known: true,
    };
  });
}

/** On a service's Component: the health of the spokes it runs on (`platform.io/spokes`). */
export function ServiceSpokesCard() {
  const { entity } = useEntity();
  const names = parseSpokesAnnotation(
    entity.metadata.annotations?.[ANNOTATION_PLATFORM_SPOKES],
  );
  const list = useSpokeList();
  const listLink = useRouteRef(rootRouteRef);
  return (
    <InfoCard
      title="Spokes it runs on"
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
        <SpokeStatusList
          items={serviceSpokeItems(names, list.value)}
          label="Spokes this component runs on"
        />
      )}
    </InfoCard>
  );
}
