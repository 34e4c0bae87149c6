import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ServiceSecretsResponse,
  SpokeHealthResponse,
  SpokeHistoryResponse,
  SpokeListResponse,
} from '@internal/plugin-platform-common';

/** Options of {@link PlatformHealthApi.getSpokeHistory}. */
export interface SpokeHistoryOptions {
  /** At most this many entries, newest first. */
  limit?: number;
  /** The previous page's `nextCursor`: the page of entries older than it. */
  cursor?: string;
}

/** Spoke health as the platform backend (`/api/platform`) serves it. */
export interface PlatformHealthApi {
  /** Every spoke's latest roll-up. */
  listSpokes(): Promise<SpokeListResponse>;
  /** One spoke's latest snapshot with every check; a `ResponseError` 404 for an unknown spoke. */
  getSpoke(name: string): Promise<SpokeHealthResponse>;
  /** One spoke's past refreshes, newest first. */
  getSpokeHistory(
    name: string,
    options?: SpokeHistoryOptions,
  ): Promise<SpokeHistoryResponse>;
  /** Refreshes every spoke now, or just `spoke`; resolves when the backend accepted it. */
  refresh(options?: { spoke?: string }): Promise<void>;
  /** A service's runbook secrets per spoke: names, tags and dates, never a value. */
  getServiceSecrets(service: string): Promise<ServiceSecretsResponse>;
}

export const platformHealthApiRef = createApiRef<PlatformHealthApi>({
  id: 'plugin.platform.health',
});
