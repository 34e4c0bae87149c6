import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  PlatformRequestDetail,
  PlatformRequestListResponse,
  RequestListScope,
} from '@internal/plugin-platform-common';

/** Which requests to list. */
export interface RequestListOptions {
  scope?: RequestListScope;
  entityRef?: string;
  /** Only requests still being followed. */
  open?: boolean;
}

/** Tracked requests as the platform backend (`/api/platform/requests`) serves them. */
export interface PlatformRequestsApi {
  listRequests(
    options?: RequestListOptions,
  ): Promise<PlatformRequestListResponse>;
  /** One request with its timeline; a `ResponseError` 404 when unknown or not readable. */
  getRequest(id: string): Promise<PlatformRequestDetail>;
}

export const platformRequestsApiRef = createApiRef<PlatformRequestsApi>({
  id: 'plugin.platform.requests',
});
