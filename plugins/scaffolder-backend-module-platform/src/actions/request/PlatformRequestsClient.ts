import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';

/** What the action sends to the platform backend's `POST /requests`. */
export interface RecordRequestBody {
  pullRequestUrl: string;
  entityRef: string;
  requester: string;
  owner?: string;
  taskId?: string;
  template?: string;
}

/** Records a request; returns its id. */
export type RecordRequest = (
  body: RecordRequestBody,
) => Promise<{ id: string }>;

/**
 * `POST /api/platform/requests` as the scaffolder plugin's own service identity: the
 * platform backend accepts requests from the scaffolder only, so people cannot
 * make the portal follow arbitrary pull requests.
 */
export function platformRequestsClient(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): RecordRequest {
  return async body => {
    const baseUrl = await options.discovery.getBaseUrl('platform');
    const { token } = await options.auth.getPluginRequestToken({
      onBehalfOf: await options.auth.getOwnServiceCredentials(),
      targetPluginId: 'platform',
    });
    const response = await fetch(`${baseUrl}/requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(body),
    });
    if (response.status === 400) {
      const error = await ResponseError.fromResponse(response);
      throw new InputError(error.body.error.message);
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const created = (await response.json()) as { id: string };
    return { id: created.id };
  };
}
