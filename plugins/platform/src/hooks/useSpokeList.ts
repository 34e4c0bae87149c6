import { useApi } from '@backstage/frontend-plugin-api';
import { PLATFORM_HEALTH_SIGNAL_CHANNEL } from '@internal/plugin-platform-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformHealthApiRef } from '../api';
import { useRefetchOnSignal } from './useRefetchOnSignal';

/**
 * `GET /spokes`, read again after each stored refresh (`platform:health`); `retry`
 * reloads it (the previous value stays while it does).
 */
export function useSpokeList() {
  const api = useApi(platformHealthApiRef);
  const list = useAsyncRetry(() => api.listSpokes(), [api]);
  useRefetchOnSignal(PLATFORM_HEALTH_SIGNAL_CHANNEL, list);
  return list;
}
