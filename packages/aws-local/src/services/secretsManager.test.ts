import {
  CreateSecretCommand,
  DescribeSecretCommand,
  InvalidNextTokenException,
  ListSecretsCommand,
  paginateListSecrets,
  ResourceExistsException,
  ResourceNotFoundException,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { AwsLocal } from '../server';
import { clients, spoke, spokeClients, startLocal } from '../__testUtils__';

const VALUE = 'hunter2-super-secret-value';

describe('secrets manager', () => {
  let aws: AwsLocal;
  let secrets: ReturnType<typeof clients>['secrets'];
  const lines: string[] = [];
  const staging = spoke('staging');
  beforeAll(async () => {
    aws = await startLocal({ log: l => lines.push(l) });
    secrets = spokeClients(aws, 'staging').secrets;
  });
  afterEach(() => aws.control.reset());
  afterAll(() => aws.stop());

  const create = (Name: string, extra: Record<string, unknown> = {}) =>
    secrets.send(
      new CreateSecretCommand({
        Name,
        SecretString: VALUE,
        Description: `runbook secret ${Name}`,
        Tags: [
          { Key: 'Service', Value: 'grafana' },
          { Key: 'Tenant', Value: 'Auth0' },
        ],
        ...extra,
      }),
    );

  it('has the managed master secret of the Aurora cluster with rotation on', async () => {
    const { SecretList } = await secrets.send(
      new ListSecretsCommand({
        Filters: [{ Key: 'owning-service', Values: ['rds'] }],
      }),
    );
    expect(SecretList).toHaveLength(1);
    expect(SecretList![0]).toMatchObject({
      Name: expect.stringMatching(/^rds!cluster-/),
      RotationEnabled: true,
      OwningService: 'rds',
      Tags: expect.arrayContaining([
        {
          Key: 'aws:rds:primaryDBClusterArn',
          Value: `arn:aws:rds:${staging.region}:${staging.account}:cluster:staging-aurora`,
        },
      ]),
    });
    expect(SecretList![0].NextRotationDate!.getTime()).toBeGreaterThan(
      Date.now(),
    );
  });

  it('creates a secret and describes it by name and by ARN', async () => {
    const created = await create('grafana/oauth', {
      ClientRequestToken: '11111111-2222-4333-8444-555555555555',
    });
    expect(created.ARN).toMatch(
      new RegExp(
        `^arn:aws:secretsmanager:${staging.region}:${staging.account}:secret:grafana/oauth-[A-Za-z0-9]{6}$`,
      ),
    );
    expect(created.VersionId).toBe('11111111-2222-4333-8444-555555555555');
    for (const SecretId of [
      'grafana/oauth',
      created.ARN!,
      created.ARN!.slice(0, -7),
    ]) {
      const described = await secrets.send(
        new DescribeSecretCommand({ SecretId }),
      );
      expect(described).toMatchObject({
        ARN: created.ARN,
        Name: 'grafana/oauth',
        Description: 'runbook secret grafana/oauth',
        Tags: [
          { Key: 'Service', Value: 'grafana' },
          { Key: 'Tenant', Value: 'Auth0' },
        ],
        VersionIdsToStages: { [created.VersionId!]: ['AWSCURRENT'] },
      });
      expect(described.CreatedDate).toBeInstanceOf(Date);
    }
  });

  it('never keeps or logs the secret value', async () => {
    await create('slack/webhook');
    expect(JSON.stringify(aws.control.snapshot())).not.toContain(VALUE);
    expect(lines.join('\n')).not.toContain(VALUE);
    expect(lines.some(l => l.startsWith('secretsmanager:CreateSecret'))).toBe(
      true,
    );
  });

  it('raises ResourceExistsException for a name in use', async () => {
    await create('dup');
    await expect(create('dup')).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('ignores a retry with the same ClientRequestToken and value, as AWS does', async () => {
    const token = '99999999-2222-4333-8444-555555555555';
    const first = await create('retried', { ClientRequestToken: token });
    const second = await create('retried', { ClientRequestToken: token });
    expect(second).toMatchObject({ ARN: first.ARN, VersionId: token });
    const { SecretList } = await secrets.send(
      new ListSecretsCommand({
        Filters: [{ Key: 'name', Values: ['retried'] }],
      }),
    );
    expect(SecretList).toHaveLength(1);
    expect(JSON.stringify(aws.control.snapshot())).not.toContain(VALUE);
  });

  it('refuses the same ClientRequestToken with another value', async () => {
    const token = '88888888-2222-4333-8444-555555555555';
    await create('reused-token', { ClientRequestToken: token });
    await expect(
      create('reused-token', {
        ClientRequestToken: token,
        SecretString: 'another-value',
      }),
    ).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('raises ResourceNotFoundException for an unknown secret', async () => {
    const error = await secrets
      .send(new DescribeSecretCommand({ SecretId: 'missing' }))
      .catch(e => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe(
      "Secrets Manager can't find the specified secret.",
    );
  });

  it('keeps secrets per account and region', async () => {
    await create('only-in-staging');
    await expect(
      spokeClients(aws, 'dev').secrets.send(
        new DescribeSecretCommand({ SecretId: 'only-in-staging' }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      spokeClients(aws, 'staging', { region: 'eu-west-1' }).secrets.send(
        new DescribeSecretCommand({ SecretId: 'only-in-staging' }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('filters the list by name prefix, tags, description and negation', async () => {
    await create('grafana/oauth');
    await create('jupyter/oauth', {
      Tags: [{ Key: 'Service', Value: 'jupyter' }],
    });
    const names = async (Filters: Array<{ Key: any; Values: string[] }>) =>
      (await secrets.send(new ListSecretsCommand({ Filters })))
        .SecretList!.map(s => s.Name)
        .sort();
    expect(await names([{ Key: 'name', Values: ['grafana/'] }])).toEqual([
      'grafana/oauth',
    ]);
    expect(await names([{ Key: 'name', Values: ['Grafana/'] }])).toEqual([]);
    expect(await names([{ Key: 'tag-key', Values: ['Tenant'] }])).toEqual([
      'grafana/oauth',
    ]);
    expect(await names([{ Key: 'tag-value', Values: ['jup'] }])).toEqual([
      'jupyter/oauth',
    ]);
    expect(await names([{ Key: 'description', Values: ['RUNBOOK'] }])).toEqual([
      'grafana/oauth',
      'jupyter/oauth',
    ]);
    expect(
      await names([
        { Key: 'description', Values: ['runbook'] },
        { Key: 'name', Values: ['!grafana'] },
      ]),
    ).toEqual(['jupyter/oauth']);
    expect(await names([{ Key: 'all', Values: ['oauth'] }])).toEqual([
      'grafana/oauth',
      'jupyter/oauth',
    ]);
    await expect(
      names([{ Key: 'colour', Values: ['x'] }]),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('pages the list with NextToken', async () => {
    await create('a');
    await create('b');
    const first = await secrets.send(new ListSecretsCommand({ MaxResults: 1 }));
    expect(first.SecretList).toHaveLength(1);
    expect(first.NextToken).toBeTruthy();
    const all: string[] = [];
    for await (const page of paginateListSecrets(
      { client: secrets, pageSize: 1 },
      {},
    )) {
      all.push(...page.SecretList!.map(s => s.Name!));
    }
    expect(all).toHaveLength(3);
    await expect(
      secrets.send(new ListSecretsCommand({ NextToken: 'garbage' })),
    ).rejects.toBeInstanceOf(InvalidNextTokenException);
  });

  it('adds and replaces tags with TagResource', async () => {
    await create('tagged');
    await secrets.send(
      new TagResourceCommand({
        SecretId: 'tagged',
        Tags: [
          { Key: 'Tenant', Value: 'Slack' },
          { Key: 'Owner', Value: 'platform' },
        ],
      }),
    );
    const { Tags } = await secrets.send(
      new DescribeSecretCommand({ SecretId: 'tagged' }),
    );
    expect(Tags).toEqual([
      { Key: 'Service', Value: 'grafana' },
      { Key: 'Tenant', Value: 'Slack' },
      { Key: 'Owner', Value: 'platform' },
    ]);
  });
});
