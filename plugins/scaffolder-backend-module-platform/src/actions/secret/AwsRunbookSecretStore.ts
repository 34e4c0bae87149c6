import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

/** Where a secret goes: one spoke account and region. */
export interface SecretAccount {
  environment: string;
  account: string;
  region: string;
}

/** What is known about a name in a spoke: absent, or present with its version ids. */
export type ExistingSecret = { arn: string; versionIds: string[] } | undefined;

/** The two calls the action makes in a spoke, with the write role's credentials. */
export interface SpokeSecretsManager {
  describe(name: string): Promise<ExistingSecret>;
  create(input: {
    name: string;
    description: string;
    kmsKeyId: string;
    tags: Array<{ Key: string; Value: string }>;
    secretString: string;
    token: string;
  }): Promise<{ arn: string }>;
}

/** Opens each spoke account's Secrets Manager; swapped for a fake in unit tests. */
export interface RunbookSecretStore {
  open(target: SecretAccount): Promise<SpokeSecretsManager>;
}

/** A failed AWS call, said in words a person can act on; never carries a value. */
export class SecretStoreError extends Error {
  constructor(
    message: string,
    readonly code: 'access-denied' | 'throttled' | 'timeout' | 'aws',
  ) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

const TIMEOUT_MS = 10_000;

function externalIdFor(config: Config, account: string): string | undefined {
  const accounts = config.getOptionalConfigArray('aws.accounts') ?? [];
  const own = accounts.find(a => a.getOptionalString('accountId') === account);
  return (
    own?.getOptionalString('externalId') ??
    config.getOptionalString('aws.accountDefaults.externalId')
  );
}

/** Turns an SDK failure into a {@link SecretStoreError} naming the call, spoke and role. */
export function describeSecretStoreError(
  error: unknown,
  what: string,
  target: SecretAccount,
  roleName: string,
): SecretStoreError {
  const e = error as { name?: string; message?: string };
  const where = `${what} in ${target.environment} (account ${target.account}, ${target.region})`;
  const said = e?.message ? `: ${e.message}` : '';
  if (
    /AccessDenied|UnauthorizedOperation|UnrecognizedClient|InvalidClientTokenId/.test(
      e?.name ?? '',
    )
  ) {
    return new SecretStoreError(
      `Access denied to ${where}${said}. The portal acts through the role ${roleName} in that account; check that the spoke stack is deployed and the external id matches.`,
      'access-denied',
    );
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(e?.name ?? '')) {
    return new SecretStoreError(
      `AWS throttled ${where}${said}. Nothing was created there; run the template again in a minute.`,
      'throttled',
    );
  }
  if (/Timeout|AbortError|TimedOut/.test(e?.name ?? '')) {
    return new SecretStoreError(
      `${where} timed out after ${
        TIMEOUT_MS / 1000
      } s. Run the template again: a repeated request never creates a second secret.`,
      'timeout',
    );
  }
  return new SecretStoreError(
    `${where} failed (${e?.name ?? 'error'})${said}`,
    'aws',
  );
}

/**
 * Reaches each spoke through the write role the spoke stack creates (hub.yaml
 * `portal.secretWriterRoleName`): the portal's own credentials
 * (`@backstage/integration-aws-node`'s main account) assume it with the external id,
 * through the spoke region's STS endpoint. The SDK's standard environment
 * (`AWS_ENDPOINT_URL`) decides where the calls go.
 */
export class AwsRunbookSecretStore implements RunbookSecretStore {
  private constructor(
    private readonly credentials: AwsCredentialsManager,
    private readonly config: Config,
    private readonly roleNameOf: () => string,
  ) {}

  /** `roleName` is read on each use, so a registry change needs no restart. */
  static fromConfig(
    config: Config,
    roleName: () => string,
  ): AwsRunbookSecretStore {
    return new AwsRunbookSecretStore(
      DefaultAwsCredentialsManager.fromConfig(config),
      config,
      roleName,
    );
  }

  async open(target: SecretAccount): Promise<SpokeSecretsManager> {
    const roleName = this.roleNameOf();
    const clientOptions = {
      region: target.region,
      maxAttempts: 3,
      requestHandler: { requestTimeout: TIMEOUT_MS, connectionTimeout: 3000 },
    };
    const { sdkCredentialProvider } =
      await this.credentials.getCredentialProvider();
    const sts = new STSClient({
      ...clientOptions,
      credentials: sdkCredentialProvider,
    });
    const roleArn = `arn:aws:iam::${target.account}:role/${roleName}`;
    let assumed;
    try {
      assumed = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'platform-portal-new-secret',
          ExternalId: externalIdFor(this.config, target.account),
          DurationSeconds: 900,
        }),
      );
    } catch (error) {
      throw describeSecretStoreError(
        error,
        `assuming ${roleArn}`,
        target,
        roleName,
      );
    } finally {
      sts.destroy();
    }
    const c = assumed.Credentials!;
    const client = new SecretsManagerClient({
      ...clientOptions,
      credentials: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      },
    });
    const fail = (what: string) => (error: unknown) => {
      throw describeSecretStoreError(error, what, target, roleName);
    };
    return {
      describe: async name => {
        try {
          const found = await client.send(
            new DescribeSecretCommand({ SecretId: name }),
          );
          return {
            arn: found.ARN!,
            versionIds: Object.keys(found.VersionIdsToStages ?? {}),
          };
        } catch (error) {
          if (error instanceof ResourceNotFoundException) return undefined;
          return fail(`DescribeSecret ${name}`)(error);
        }
      },
      create: async input => {
        const created = await client
          .send(
            new CreateSecretCommand({
              Name: input.name,
              Description: input.description,
              KmsKeyId: input.kmsKeyId,
              SecretString: input.secretString,
              Tags: input.tags,
              ClientRequestToken: input.token,
            }),
          )
          .catch(fail(`CreateSecret ${input.name}`));
        return { arn: created.ARN! };
      },
    };
  }
}
