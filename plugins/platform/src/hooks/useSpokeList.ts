import { useApi } from '@backstage/frontend-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformHealthApiRef } from '../api';

/** `GET /spokes`; `retry` reloads it (the previous value stays while it does). */
export function useSpokeList() {
  const api = useApi(platformHealthApiRef);
  return useAsyncRetry(() => api.listSpokes(), [api]);
}
