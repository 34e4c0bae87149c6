import {
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_PORTAL_EXTERNAL_ID } from '@internal/aws-local';
import { fixtures } from '@internal/plugin-platform-common';
import { LocalAws, startLocalAws } from '../__testUtils__/awsLocal';
import { testAwsAccess } from '../__testUtils__/collect';
import { ServiceSecretsReader } from './ServiceSecretsReader';

jest.setTimeout(30_000);

const registry = fixtures.registry();
const spoke = (name: string) => registry.spokes.find(s => s.name === name)!;
const VALUE = 'https://hooks.slack.com/services/T0AAAA/B0BBBB/valuevaluevalue';
let local: LocalAws;
beforeAll(async () => {
  local = await startLocalAws(registry);
});
afterAll(() => local.stop());
beforeEach(() => local.reset());

/** Creates a secret in a spoke account as someone there would (any role will do locally). */
async function createIn(
  spokeName: string,
  name: string,
  tags: Record<string, string>,
) {
  const { account, region } = spoke(spokeName);
  const sts = new STSClient({ region });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/platform-secret-writer`,
      RoleSessionName: 'test',
      ExternalId: DEFAULT_PORTAL_EXTERNAL_ID,
    }),
  );
  const client = new SecretsManagerClient({
    region,
    credentials: {
      accessKeyId: c!.AccessKeyId!,
      secretAccessKey: c!.SecretAccessKey!,
      sessionToken: c!.SessionToken,
    },
  });
  await client.send(
    new CreateSecretCommand({
      Name: name,
      SecretString: VALUE,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
}

function reader() {
  const aws = testAwsAccess();
  return new ServiceSecretsReader(aws, async () => registry);
}

const TAGS = {
  Project: 'piksel',
  Service: 'phl-store',
  Environment: 'dev',
  Owner: 'payments-team',
  Tenant: 'Slack',
};

describe('ServiceSecretsReader', () => {
  it("lists a service's secrets per spoke with their tags, by the Service tag, never a value", async () => {
    await createIn('dev', 'piksel/dev/phl-store/slack-alerts', TAGS);
    await createIn('dev', 'piksel/dev/phl-store-v2/other', {
      ...TAGS,
      Service: 'phl-store-v2',
    });
    await createIn('staging', 'piksel/staging/phl-store/partial', {
      Service: 'phl-store',
      Tenant: 'Auth0',
    });

    const result = await reader().read('phl-store', ['dev', 'staging']);

    expect(result.service).toBe('phl-store');
    const [dev, staging] = result.environments;
    expect(dev).toMatchObject({
      environment: 'dev',
      account: spoke('dev').account,
      status: 'ok',
      secrets: [
        {
          name: 'piksel/dev/phl-store/slack-alerts',
          arn: expect.stringMatching(/^arn:aws:secretsmanager:/),
          rotationEnabled: false,
          missingTags: [],
          tags: expect.arrayContaining([{ key: 'Tenant', value: 'Slack' }]),
        },
      ],
    });
    expect(staging.secrets).toEqual([
      expect.objectContaining({
        name: 'piksel/staging/phl-store/partial',
        missingTags: ['Project', 'Environment', 'Owner'],
      }),
    ]);
    expect(JSON.stringify(result)).not.toContain(VALUE);
  });

  it('says why one spoke could not be read while the others answer', async () => {
    await createIn('dev', 'piksel/dev/phl-store/slack-alerts', TAGS);
    local.aws.control.addFault({
      service: 'secretsmanager',
      operation: 'ListSecrets',
      account: spoke('staging').account,
      error: 'AccessDenied',
    });
    const result = await reader().read('phl-store', ['dev', 'staging']);
    expect(result.environments[0]).toMatchObject({ status: 'ok' });
    expect(result.environments[0].secrets).toHaveLength(1);
    expect(result.environments[1]).toMatchObject({
      environment: 'staging',
      status: 'unknown',
      reason: expect.stringContaining('secretsmanager:ListSecrets'),
      secrets: [],
    });
  });

  it('skips spokes the registry does not know', async () => {
    const result = await reader().read('phl-store', ['dev', 'ghost']);
    expect(result.environments.map(e => e.environment)).toEqual(['dev']);
  });
});
