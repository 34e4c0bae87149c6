import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { AwsLocal } from '../server';
import {
  clientConfig,
  clients,
  HUB,
  spoke,
  startLocal,
} from '../__testUtils__';

describe('sts', () => {
  let aws: AwsLocal;
  beforeAll(async () => {
    aws = await startLocal();
  });
  afterAll(() => aws.stop());

  it('answers GetCallerIdentity for plain credentials in the hub account', async () => {
    const out = await clients(aws).sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(HUB);
    expect(out.Arn).toBe(`arn:aws:iam::${HUB}:user/aws-local`);
    expect(out.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
  });

  it('treats a 12-digit access key id as that account', async () => {
    const out = await clients(aws, { accessKeyId: '999988887777' }).sts.send(
      new GetCallerIdentityCommand({}),
    );
    expect(out.Account).toBe('999988887777');
  });

  it('lets the default account be configured', async () => {
    const other = await startLocal({ defaultAccount: '555566667777' });
    try {
      const out = await clients(other).sts.send(
        new GetCallerIdentityCommand({}),
      );
      expect(out.Account).toBe('555566667777');
    } finally {
      await other.stop();
    }
  });

  it('issues AssumeRole credentials that act in the role account', async () => {
    const dev = spoke('dev');
    const roleArn = `arn:aws:iam::${dev.account}:role/platform-portal-readonly`;
    const { Credentials, AssumedRoleUser } = await clients(aws).sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'portal',
        ExternalId: 'local',
        DurationSeconds: 900,
      }),
    );
    expect(Credentials?.AccessKeyId).toMatch(new RegExp(`^ASIA${dev.account}`));
    expect(Credentials?.SecretAccessKey).toBeTruthy();
    expect(Credentials?.SessionToken).toBeTruthy();
    expect(Credentials?.Expiration!.getTime()).toBeGreaterThan(
      Date.now() + 800_000,
    );
    expect(AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${dev.account}:assumed-role/platform-portal-readonly/portal`,
    );

    const assumed = {
      ...clientConfig(aws),
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    };
    const me = await new STSClient(assumed).send(
      new GetCallerIdentityCommand({}),
    );
    expect(me.Account).toBe(dev.account);
    expect(me.Arn).toBe(AssumedRoleUser?.Arn);
    expect(me.UserId).toMatch(/^AROA[A-Z0-9]{17}:portal$/);

    const { cluster } = await new EKSClient(assumed).send(
      new DescribeClusterCommand({ name: 'dev' }),
    );
    expect(cluster?.arn).toContain(`:${dev.account}:cluster/dev`);
  });

  it('rejects a role ARN that is not one with ValidationError', async () => {
    await expect(
      clients(aws).sts.send(
        new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'x1' }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
