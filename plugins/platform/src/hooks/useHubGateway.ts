import { useApi } from '@backstage/frontend-plugin-api';
import { SpokeListResponse } from '@internal/plugin-platform-common';
import useAsync from 'react-use/esm/useAsync';
import { platformHealthApiRef } from '../api';
import { hubGatewayFromSpoke } from '../lib/hub';
import { HubGateway, newestSpoke } from '../lib/rows';

/**
 * The hub Transit Gateway check (`tgw.gateway`) from the newest spoke snapshot:
 * the backend checks the hub TGW with every spoke. `gateway` is `undefined`
 * while loading and `null` when no spoke snapshot has it.
 */
export function useHubGateway(
  list: SpokeListResponse | undefined,
  enabled = true,
): { gateway?: HubGateway | null; error?: Error } {
  const api = useApi(platformHealthApiRef);
  const source = list && enabled ? newestSpoke(list) : undefined;
  const version = list?.items.find(i => i.spoke === source)?.refreshedAt;
  const state = useAsync(async () => {
    if (!source) return null;
    return hubGatewayFromSpoke(await api.getSpoke(source));
  }, [api, source, version]);
  if (!list || state.loading) return {};
  if (state.error) return { gateway: null, error: state.error };
  return { gateway: state.value ?? null };
}
