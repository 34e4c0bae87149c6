import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PlatformRequestDetail,
  PlatformRequestListResponse,
} from '@internal/plugin-platform-common';
import { PLATFORM_BACKEND_PLUGIN_ID } from './PlatformHealthClient';
import { PlatformRequestsApi, RequestListOptions } from './PlatformRequestsApi';

/** {@link PlatformRequestsApi} over HTTP, authenticated by the app's fetch API. */
export class PlatformRequestsClient implements PlatformRequestsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  listRequests(
    options: RequestListOptions = {},
  ): Promise<PlatformRequestListResponse> {
    const query = new URLSearchParams();
    if (options.scope) query.set('scope', options.scope);
    if (options.entityRef) query.set('entityRef', options.entityRef);
    if (options.open !== undefined) query.set('open', String(options.open));
    const qs = query.toString();
    return this.get(`/requests${qs ? `?${qs}` : ''}`);
  }

  getRequest(id: string): Promise<PlatformRequestDetail> {
    return this.get(`/requests/${encodeURIComponent(id)}`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      PLATFORM_BACKEND_PLUGIN_ID,
    );
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
