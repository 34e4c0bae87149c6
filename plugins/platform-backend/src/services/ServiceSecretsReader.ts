import {
  ListSecretsCommand,
  ListSecretsResponse,
  SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import {
  missingMandatoryTags,
  Registry,
  ServiceSecret,
  ServiceSecretsInEnvironment,
  ServiceSecretsResponse,
} from '@internal/plugin-platform-common';
import { AwsAccess } from './aws/AwsAccess';

/** At most this many secrets per service and spoke are listed (five pages of 100). */
const MAX_PAGES = 5;

const iso = (d?: Date) => (d ? new Date(d).toISOString() : undefined);

/** A ListSecrets entry as the portal shows it: metadata only. */
export function toServiceSecret(entry: SecretListEntry): ServiceSecret {
  return {
    name: entry.Name ?? '',
    arn: entry.ARN ?? '',
    description: entry.Description,
    tags: (entry.Tags ?? []).map(t => ({
      key: t.Key ?? '',
      value: t.Value ?? '',
    })),
    createdAt: iso(entry.CreatedDate),
    lastChangedAt: iso(entry.LastChangedDate),
    rotationEnabled: Boolean(entry.RotationEnabled),
    nextRotationAt: iso(entry.NextRotationDate),
    kmsKeyId: entry.KmsKeyId,
    missingTags: missingMandatoryTags(entry.Tags),
  };
}

/**
 * Lists a service's runbook secrets in each of its spokes through the portal's
 * read-only role, filtered by the `Service` tag. Values are never read (the role
 * cannot read them). A spoke whose listing fails says why; the others still answer.
 */
export class ServiceSecretsReader {
  constructor(
    private readonly aws: AwsAccess,
    private readonly loadRegistry: () => Promise<Registry>,
  ) {}

  async read(
    service: string,
    spokeNames: string[],
  ): Promise<ServiceSecretsResponse> {
    const registry = await this.loadRegistry();
    const scope = this.aws.scope();
    const environments = await Promise.all(
      spokeNames
        .map(name => registry.spokes.find(s => s.name === name))
        .filter((s): s is Registry['spokes'][number] => Boolean(s))
        .map(async (spoke): Promise<ServiceSecretsInEnvironment> => {
          const base = {
            environment: spoke.name,
            account: spoke.account,
            region: spoke.region,
          };
          const clients = await scope.clients(spoke.account, spoke.region);
          if (!clients.ok) {
            return {
              ...base,
              status: 'unknown',
              reason: clients.failure.reason,
              secrets: [],
            };
          }
          const entries: SecretListEntry[] = [];
          let nextToken: string | undefined;
          const listPage = (token: string | undefined) =>
            scope.call<ListSecretsResponse>(
              clients.value,
              'secretsmanager:ListSecrets',
              abortSignal =>
                clients.value.secretsManager.send(
                  new ListSecretsCommand({
                    Filters: [
                      { Key: 'tag-key', Values: ['Service'] },
                      { Key: 'tag-value', Values: [service] },
                    ],
                    MaxResults: 100,
                    NextToken: token,
                  }),
                  { abortSignal },
                ),
            );
          for (let page = 0; page < MAX_PAGES; page++) {
            const listed = await listPage(nextToken);
            if (!listed.ok) {
              return {
                ...base,
                status: 'unknown',
                reason: listed.failure.reason,
                secrets: [],
              };
            }
            entries.push(...(listed.value.SecretList ?? []));
            nextToken = listed.value.NextToken;
            if (!nextToken) break;
          }
          // The filters match prefixes and any tag's value: keep exact Service matches.
          const secrets = entries
            .filter(e =>
              (e.Tags ?? []).some(
                t => t.Key === 'Service' && t.Value === service,
              ),
            )
            .map(toServiceSecret)
            .sort((a, b) => a.name.localeCompare(b.name));
          return { ...base, status: 'ok', secrets };
        }),
    );
    return { service, environments };
  }
}
