import { useApi } from '@backstage/frontend-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformHealthApiRef } from '../api';

/** `GET /spokes/:name`. */
export function useSpoke(name: string) {
  const api = useApi(platformHealthApiRef);
  return useAsyncRetry(() => api.getSpoke(name), [api, name]);
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
