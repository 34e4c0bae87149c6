import { useApi } from '@backstage/frontend-plugin-api';
import {
  PLATFORM_HEALTH_SIGNAL_CHANNEL,
  SpokeHistoryResponse,
} from '@internal/plugin-platform-common';
import { useCallback, useState } from 'react';
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

/** How many refreshes a history page holds (5-minute schedule: about a day). */
export const HISTORY_LIMIT = 288;

interface OlderPages {
  /** The first page these follow. */
  after?: SpokeHistoryResponse;
  pages: SpokeHistoryResponse[];
  loading: boolean;
  error?: Error;
}

const NONE: OlderPages = { pages: [], loading: false };

/**
 * `GET /spokes/:name/history`, newest page first; `version` re-reads it (e.g.
 * after a refresh). `loadOlder` appends the next page through its cursor.
 */
export function useSpokeHistory(name: string, version?: string) {
  const api = useApi(platformHealthApiRef);
  const first = useAsyncRetry(
    () => api.getSpokeHistory(name, { limit: HISTORY_LIMIT }),
    [api, name, version],
  );
  // Older pages belong to the first page they followed: a re-read drops them,
  // as the new first page may end elsewhere.
  const [older, setOlder] = useState<OlderPages>({ pages: [], loading: false });
  const current = first.value && older.after === first.value ? older : NONE;
  const pages = first.value ? [first.value, ...current.pages] : [];
  const cursor = pages[pages.length - 1]?.nextCursor;

  const loadOlder = useCallback(async () => {
    const after = first.value;
    if (!cursor || !after) return;
    const mine = (prev: OlderPages) => prev.after === after;
    setOlder(prev => ({
      after,
      pages: mine(prev) ? prev.pages : [],
      loading: true,
    }));
    try {
      const page = await api.getSpokeHistory(name, {
        limit: HISTORY_LIMIT,
        cursor,
      });
      setOlder(prev =>
        mine(prev)
          ? { after, pages: [...prev.pages, page], loading: false }
          : prev,
      );
    } catch (e) {
      setOlder(prev =>
        mine(prev) ? { ...prev, loading: false, error: e as Error } : prev,
      );
    }
  }, [api, name, cursor, first.value]);

  return {
    loading: first.loading,
    error: first.error,
    retry: first.retry,
    /** Every entry loaded so far, newest first; undefined before the first page. */
    items: first.value ? pages.flatMap(p => p.items) : undefined,
    hasOlder: Boolean(cursor),
    loadOlder,
    loadingOlder: current.loading,
    olderError: current.error,
  };
}
