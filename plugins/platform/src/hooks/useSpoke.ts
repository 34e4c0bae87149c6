import { useApi } from '@backstage/frontend-plugin-api';
import { PLATFORM_HEALTH_SIGNAL_CHANNEL } from '@internal/plugin-platform-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformHealthApiRef } from '../api';
import { useRefetchOnSignal } from './useRefetchOnSignal';

/** `GET /spokes/:name`, read again after each stored refresh (`platform:health`). */
export function useSpoke(name: string) {
  const api = useApi(platformHealthApiRef);
  const spoke = useAsyncRetry(() => api.getSpoke(name), [api, name]);
  useRefetchOnSignal(PLATFORM_HEALTH_SIGNAL_CHANNEL, spoke);
  return spoke;
}

/** How many refreshes the history chart shows (5-minute schedule: about a day). */
export const HISTORY_LIMIT = 288;

/** `GET /spokes/:name/history`; `version` re-reads it (e.g. after a refresh). */
export function useSpokeHistory(name: string, version?: string) {
  const api = useApi(platformHealthApiRef);
  return useAsyncRetry(
    () => api.getSpokeHistory(name, { limit: HISTORY_LIMIT }),
    [api, name, version],
  );
}
