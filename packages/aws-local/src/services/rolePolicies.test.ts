import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeClusterCommand,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import {
  GetSecretValueCommand,
  ListSecretsCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
} from '@aws-sdk/client-sts';
import { SPOKE_HEALTH_ROLE_ACTIONS } from '@internal/plugin-platform-common';
import { AwsLocal } from '../server';
import { DEFAULT_PORTAL_EXTERNAL_ID } from './RoleTrusts';
import { clients, registry, spoke, startLocal } from '../__testUtils__';

describe("assumed roles get only their policy's actions", () => {
  let aws: AwsLocal;
  beforeAll(async () => {
    aws = await startLocal();
  });
  afterAll(() => aws.stop());

  /** Clients holding credentials for `roleName` in dev, assumed from the hub. */
  async function asRole(roleName: string) {
    const { Credentials } = await clients(aws).sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${spoke('dev').account}:role/${roleName}`,
        RoleSessionName: 'platform-portal',
        ExternalId: DEFAULT_PORTAL_EXTERNAL_ID,
      }),
    );
    return clients(aws, {
      accessKeyId: Credentials!.AccessKeyId!,
      sessionToken: Credentials!.SessionToken,
    });
  }

  it('lets the portal read-only role make the spoke health calls', async () => {
    const dev = spoke('dev');
    const portal = await asRole(registry.hub.portal.roleName);
    await expect(
      portal.eks.send(new DescribeClusterCommand({ name: 'dev' })),
    ).resolves.toMatchObject({ cluster: { name: 'dev' } });
    await expect(
      portal.rds.send(new DescribeDBClustersCommand({})),
    ).resolves.toBeDefined();
    await expect(
      portal.secrets.send(new ListSecretsCommand({})),
    ).resolves.toBeDefined();
    await expect(
      portal.sts.send(new GetCallerIdentityCommand({})),
    ).resolves.toMatchObject({ Account: dev.account });
    expect(SPOKE_HEALTH_ROLE_ACTIONS).toContain('eks:DescribeCluster');
  });

  it('refuses it everything else, with each service’s own error', async () => {
    const portal = await asRole(registry.hub.portal.roleName);
    await expect(
      portal.eks.send(new ListClustersCommand({})),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        `assumed-role/${registry.hub.portal.roleName}/platform-portal is not authorized to perform: eks:ListClusters`,
      ),
    });
    await expect(
      portal.ec2.send(new DescribeVpcsCommand({})),
    ).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    await expect(
      portal.secrets.send(new GetSecretValueCommand({ SecretId: 'anything' })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('leaves roles without a pinned policy and plain credentials unrestricted', async () => {
    const other = await asRole('platform-cicd-deploy');
    await expect(
      other.ec2.send(new DescribeVpcsCommand({})),
    ).resolves.toBeDefined();
    await expect(
      clients(aws, { accessKeyId: spoke('dev').account }).eks.send(
        new ListClustersCommand({}),
      ),
    ).resolves.toBeDefined();
  });
});
