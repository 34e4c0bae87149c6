import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_PLATFORM_ENVIRONMENT_CLASS,
  SpokeListResponse,
} from '@internal/plugin-platform-common';
import useAsync from 'react-use/esm/useAsync';
import { hubInfoFromEntity } from '../lib/hub';
import { HUB_ENVIRONMENT_CLASS, HubInfo } from '../lib/rows';
import { useHubGateway } from './useHubGateway';

/**
 * The hub's row when the health API lists spokes only: the hub System from the
 * catalog, and its Transit Gateway check from the newest spoke snapshot. Nothing
 * is fetched when the API lists the hub itself.
 */
export function useHubInfo(list: SpokeListResponse | undefined): {
  hub?: HubInfo;
  error?: Error;
} {
  const catalogApi = useApi(catalogApiRef);
  const listed =
    list?.items.some(i => i.environmentClass === HUB_ENVIRONMENT_CLASS) ??
    false;
  const needed = !!list && !listed;

  const entity = useAsync(async () => {
    if (!needed) return undefined;
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'System',
        [`metadata.annotations.${ANNOTATION_PLATFORM_ENVIRONMENT_CLASS}`]:
          HUB_ENVIRONMENT_CLASS,
      },
    });
    return items[0];
  }, [catalogApi, needed]);
  const { gateway, error } = useHubGateway(list, needed);

  if (!entity.value) return { error: entity.error };
  return {
    hub: {
      ...hubInfoFromEntity(entity.value),
      gateway,
      gatewayError: error?.message,
    },
  };
}
