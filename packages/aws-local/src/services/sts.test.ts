import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { AwsLocal } from '../server';
import { DEFAULT_PORTAL_EXTERNAL_ID } from './RoleTrusts';
import {
  clientConfig,
  clients,
  HUB,
  registry,
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
        ExternalId: DEFAULT_PORTAL_EXTERNAL_ID,
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

  describe("the spoke roles' trust: the external id", () => {
    const { roleName, secretWriterRoleName } = registry.hub.portal;
    const roleIn = (name: string, role = roleName) =>
      `arn:aws:iam::${spoke(name).account}:role/${role}`;
    const assume = (
      roleArn: string,
      externalId?: string,
      local: AwsLocal = aws,
    ) =>
      clients(local).sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'platform-portal',
          ExternalId: externalId,
        }),
      );

    it('is refused without it, as IAM refuses it: AccessDenied, 403, naming caller and role', async () => {
      const error = await assume(roleIn('dev')).catch(e => e);
      expect(error).toMatchObject({
        name: 'AccessDenied',
        message: `User: arn:aws:iam::${HUB}:user/aws-local is not authorized to perform: sts:AssumeRole on resource: ${roleIn(
          'dev',
        )}`,
        $metadata: { httpStatusCode: 403 },
      });
    });

    it('is refused with a wrong one, in every spoke account, for the read-only and the secret writer roles', async () => {
      for (const name of ['dev', 'staging', 'prod']) {
        for (const role of [roleName, secretWriterRoleName]) {
          await expect(
            assume(roleIn(name, role), 'not-the-external-id'),
          ).rejects.toMatchObject({
            name: 'AccessDenied',
            message: expect.stringContaining(
              `is not authorized to perform: sts:AssumeRole on resource: ${roleIn(
                name,
                role,
              )}`,
            ),
            $metadata: { httpStatusCode: 403 },
          });
          await expect(
            assume(roleIn(name, role), DEFAULT_PORTAL_EXTERNAL_ID),
          ).resolves.toMatchObject({
            AssumedRoleUser: {
              Arn: `arn:aws:sts::${
                spoke(name).account
              }:assumed-role/${role}/platform-portal`,
            },
          });
        }
      }
    });

    it('names an assumed-role caller by its session', async () => {
      const { Credentials } = await assume(
        roleIn('dev', 'platform-cicd-deploy'),
      );
      const error = await clients(aws, {
        accessKeyId: Credentials!.AccessKeyId!,
        sessionToken: Credentials!.SessionToken,
      })
        .sts.send(
          new AssumeRoleCommand({
            RoleArn: roleIn('prod'),
            RoleSessionName: 'portal',
            ExternalId: 'wrong',
          }),
        )
        .catch(e => e);
      expect(error.message).toBe(
        `User: arn:aws:sts::${
          spoke('dev').account
        }:assumed-role/platform-cicd-deploy/platform-portal is not authorized to perform: sts:AssumeRole on resource: ${roleIn(
          'prod',
        )}`,
      );
    });

    it('leaves other roles, and accounts that are no spoke, unconditioned', async () => {
      await expect(
        assume(roleIn('dev', 'platform-cicd-deploy')),
      ).resolves.toBeDefined();
      await expect(
        assume(`arn:aws:iam::${HUB}:role/${roleName}`),
      ).resolves.toBeDefined();
      await expect(
        assume('arn:aws:iam::999988887777:role/platform-portal-readonly'),
      ).resolves.toBeDefined();
    });

    it('takes the external id from the start options, and only that one', async () => {
      const other = await startLocal({ portalExternalId: 'rotated-id' });
      try {
        await expect(
          assume(roleIn('staging'), 'rotated-id', other),
        ).resolves.toBeDefined();
        await expect(
          assume(roleIn('staging'), DEFAULT_PORTAL_EXTERNAL_ID, other),
        ).rejects.toMatchObject({ name: 'AccessDenied' });
      } finally {
        await other.stop();
      }
    });
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
