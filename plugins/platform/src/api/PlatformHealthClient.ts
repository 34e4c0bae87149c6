import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ServiceSecretsResponse,
  SpokeHealthResponse,
  SpokeHistoryResponse,
  SpokeListResponse,
} from '@internal/plugin-platform-common';
import { PlatformHealthApi, SpokeHistoryOptions } from './PlatformHealthApi';

/** The backend plugin's id: its routes are under `/api/platform`. */
export const PLATFORM_BACKEND_PLUGIN_ID = 'platform';

/** {@link PlatformHealthApi} over HTTP, authenticated by the app's fetch API. */
export class PlatformHealthClient implements PlatformHealthApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listSpokes(): Promise<SpokeListResponse> {
    return this.request('GET', '/spokes');
  }

  getSpoke(name: string): Promise<SpokeHealthResponse> {
    return this.request('GET', `/spokes/${encodeURIComponent(name)}`);
  }

  getSpokeHistory(
    name: string,
    options: SpokeHistoryOptions = {},
  ): Promise<SpokeHistoryResponse> {
    const params = new URLSearchParams();
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    if (options.cursor !== undefined) params.set('cursor', options.cursor);
    const query = params.toString() ? `?${params}` : '';
    return this.request(
      'GET',
      `/spokes/${encodeURIComponent(name)}/history${query}`,
    );
  }

  async refresh(options: { spoke?: string } = {}): Promise<void> {
    const path = options.spoke
      ? `/spokes/${encodeURIComponent(options.spoke)}/refresh`
      : '/refresh';
    await this.request('POST', path);
  }

  getServiceSecrets(service: string): Promise<ServiceSecretsResponse> {
    return this.request(
      'GET',
      `/services/${encodeURIComponent(service)}/secrets`,
    );
  }

  private async request<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      PLATFORM_BACKEND_PLUGIN_ID,
    );
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) return undefined as T;
    const body = await response.text();
    return (body ? JSON.parse(body) : undefined) as T;
  }
}
