import { useApi } from '@backstage/frontend-plugin-api';
import {
  PLATFORM_REQUESTS_SIGNAL_CHANNEL,
  RequestListScope,
} from '@internal/plugin-platform-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformRequestsApiRef } from '../api';
import { FALLBACK_POLL_MS, useRefetchOnSignal } from './useRefetchOnSignal';

/**
 * Request data, read again when the backend signals a change (`platform:requests`),
 * or every minute when the portal has no signals API.
 */

/** `GET /requests?scope=`. */
export function useRequestList(scope: RequestListScope) {
  const api = useApi(platformRequestsApiRef);
  const list = useAsyncRetry(() => api.listRequests({ scope }), [api, scope]);
  useRefetchOnSignal(PLATFORM_REQUESTS_SIGNAL_CHANNEL, list, {
    fallbackPollMs: FALLBACK_POLL_MS,
  });
  return list;
}

/** `GET /requests/:id`; an ended request changes no more, so it is not polled. */
export function useRequest(id: string) {
  const api = useApi(platformRequestsApiRef);
  const request = useAsyncRetry(() => api.getRequest(id), [api, id]);
  useRefetchOnSignal(PLATFORM_REQUESTS_SIGNAL_CHANNEL, request, {
    fallbackPollMs: request.value?.ended ? null : FALLBACK_POLL_MS,
  });
  return request;
}

/**
 * The open request that creates `entityRef`, with its timeline; `undefined` when
 * there is none. Without signals it is polled only while one is open.
 */
export function useOpenRequest(entityRef: string) {
  const api = useApi(platformRequestsApiRef);
  const open = useAsyncRetry(async () => {
    const { items } = await api.listRequests({ entityRef, open: true });
    return items[0] ? api.getRequest(items[0].id) : undefined;
  }, [api, entityRef]);
  useRefetchOnSignal(PLATFORM_REQUESTS_SIGNAL_CHANNEL, open, {
    fallbackPollMs: open.value ? FALLBACK_POLL_MS : null,
  });
  return open;
}
