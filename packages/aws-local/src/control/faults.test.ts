import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import {
  AccessDeniedException,
  DescribeClusterCommand,
  EKSClient,
  ListFargateProfilesCommand,
} from '@aws-sdk/client-eks';
import {
  DescribeTransitGatewaysCommand,
  DescribeSubnetsCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeDBClustersCommand,
  DescribeDBSnapshotsCommand,
} from '@aws-sdk/client-rds';
import {
  GetSecretValueCommand,
  ListSecretsCommand,
} from '@aws-sdk/client-secrets-manager';
import { AwsLocal } from '../server';
import { DEFAULT_PORTAL_EXTERNAL_ID } from '../services/RoleTrusts';
import {
  clients,
  controlRequest,
  spoke,
  spokeClients,
  startLocal,
} from '../__testUtils__';

type Clients = ReturnType<typeof clients>;

/** One cheap read per service, each supported and seeded in every spoke. */
const reads: Record<
  string,
  (c: Clients, spokeName?: string) => Promise<unknown>
> = {
  sts: c => c.sts.send(new GetCallerIdentityCommand({})),
  eks: (c, spokeName = 'prod') =>
    c.eks.send(new DescribeClusterCommand({ name: spokeName })),
  ec2: c => c.ec2.send(new DescribeTransitGatewaysCommand({})),
  rds: c => c.rds.send(new DescribeDBClustersCommand({})),
  secretsmanager: c => c.secrets.send(new ListSecretsCommand({})),
};

const expectedErrors: Record<string, Record<string, [string, number]>> = {
  AccessDenied: {
    sts: ['AccessDenied', 403],
    eks: ['AccessDeniedException', 403],
    ec2: ['UnauthorizedOperation', 403],
    rds: ['AccessDenied', 403],
    secretsmanager: ['AccessDeniedException', 400],
  },
  Throttling: {
    sts: ['Throttling', 400],
    eks: ['ThrottlingException', 429],
    ec2: ['RequestLimitExceeded', 503],
    rds: ['Throttling', 400],
    secretsmanager: ['ThrottlingException', 400],
  },
  InternalError: {
    sts: ['InternalFailure', 500],
    eks: ['ServerException', 500],
    ec2: ['InternalError', 500],
    rds: ['InternalFailure', 500],
    secretsmanager: ['InternalServiceError', 500],
  },
};

describe('control API faults', () => {
  let aws: AwsLocal;
  const prod = spoke('prod');
  beforeAll(async () => {
    aws = await startLocal();
  });
  afterEach(() => controlRequest(aws, 'POST', '/reset'));
  afterAll(() => aws.stop());

  const cases = Object.entries(expectedErrors).flatMap(([kind, byService]) =>
    Object.entries(byService).map(
      ([service, [code, status]]) => [kind, service, code, status] as const,
    ),
  );

  it.each(cases)(
    'injects %s into %s as %s (HTTP %d) in that service protocol',
    async (kind, service, code, status) => {
      const added = await controlRequest(aws, 'POST', '/faults', {
        service,
        account: prod.account,
        error: kind,
      });
      expect(added.status).toBe(201);
      const error: any = await reads[service](spokeClients(aws, 'prod')).catch(
        e => e,
      );
      expect(error.name).toBe(code);
      expect(error.$metadata.httpStatusCode).toBe(status);
      expect(error.message).toContain(`aws-local injected ${kind}`);
      // Another account is untouched.
      await expect(
        reads[service](spokeClients(aws, 'dev'), 'dev'),
      ).resolves.toBeTruthy();
    },
  );

  it('raises the typed EKS AccessDeniedException for one operation only', async () => {
    await controlRequest(aws, 'POST', '/faults', {
      service: 'eks',
      operation: 'DescribeCluster',
      error: 'AccessDenied',
      message: 'User is not authorized to perform eks:DescribeCluster',
    });
    const { eks } = spokeClients(aws, 'prod');
    const error = await eks
      .send(new DescribeClusterCommand({ name: 'prod' }))
      .catch(e => e);
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.message).toBe(
      'User is not authorized to perform eks:DescribeCluster',
    );
  });

  it('denies AssumeRole into one account while others still work', async () => {
    await controlRequest(aws, 'POST', '/faults', {
      service: 'sts',
      operation: 'AssumeRole',
      account: prod.account,
      error: 'AccessDenied',
    });
    const { sts } = clients(aws);
    const assume = (account: string) =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${account}:role/platform-portal-readonly`,
          RoleSessionName: 'portal',
          ExternalId: DEFAULT_PORTAL_EXTERNAL_ID,
        }),
      );
    await expect(assume(prod.account)).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(assume(spoke('dev').account)).resolves.toBeTruthy();
  });

  it('adds latency to the chosen operation only', async () => {
    // The waits are recorded, not timed: a loaded machine would blur a timing.
    const waits: number[] = [];
    const timed = await startLocal({
      sleep: async ms => {
        waits.push(ms);
      },
    });
    try {
      await controlRequest(timed, 'POST', '/faults', {
        operation: 'DescribeDBClusters',
        latencyMs: 300,
      });
      const c = spokeClients(timed, 'prod');
      await reads.rds(c);
      expect(waits).toEqual([300]);
      await reads.eks(c);
      expect(waits).toEqual([300]);
    } finally {
      await timed.stop();
    }
  });

  it('hangs until the client gives up', async () => {
    await controlRequest(aws, 'POST', '/faults', {
      service: 'rds',
      error: 'Hang',
    });
    const error: any = await reads
      .rds(spokeClients(aws, 'prod', { requestTimeout: 300 }))
      .catch(e => e);
    expect(error.name).toBe('TimeoutError');
  });

  it('stops even with a request hanging', async () => {
    const other = await startLocal();
    other.control.addFault({ error: 'Hang' });
    const pending = reads
      .eks(spokeClients(other, 'prod', { requestTimeout: 5000 }))
      .catch(e => e);
    await new Promise(r => setTimeout(r, 50));
    await other.stop();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('applies a rule only as many times as asked', async () => {
    await controlRequest(aws, 'POST', '/faults', {
      service: 'ec2',
      error: 'Throttling',
      times: 1,
    });
    const c = clients(aws);
    await expect(reads.ec2(c)).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
    });
    await expect(reads.ec2(c)).resolves.toBeTruthy();
    expect((await controlRequest(aws, 'GET', '/faults')).body.faults).toEqual(
      [],
    );
  });

  it('lets the SDK retry injected throttling by default', async () => {
    await controlRequest(aws, 'POST', '/faults', {
      service: 'eks',
      error: 'Throttling',
      times: 1,
    });
    const retrying = new EKSClient({
      endpoint: aws.url,
      region: prod.region,
      credentials: { accessKeyId: prod.account, secretAccessKey: 'x' },
      maxAttempts: 2,
    });
    const out = await retrying.send(
      new DescribeClusterCommand({ name: 'prod' }),
    );
    expect(out.$metadata.attempts).toBe(2);
  });

  it('removes one rule or all of them', async () => {
    const a = await controlRequest(aws, 'POST', '/faults', {
      service: 'eks',
      error: 'AccessDenied',
    });
    await controlRequest(aws, 'POST', '/faults', {
      service: 'rds',
      error: 'AccessDenied',
    });
    expect(
      (await controlRequest(aws, 'DELETE', `/faults/${a.body.id}`)).status,
    ).toBe(200);
    await expect(reads.eks(spokeClients(aws, 'prod'))).resolves.toBeTruthy();
    await expect(reads.rds(spokeClients(aws, 'prod'))).rejects.toBeTruthy();
    await controlRequest(aws, 'DELETE', '/faults');
    await expect(reads.rds(spokeClients(aws, 'prod'))).resolves.toBeTruthy();
  });

  it('rejects a malformed rule with the field at fault', async () => {
    const bad = await controlRequest(aws, 'POST', '/faults', { error: 'Boom' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/error must be one of AccessDenied/);
    const unknown = await controlRequest(aws, 'POST', '/faults', {
      error: 'Hang',
      acount: '1',
    });
    expect(unknown.body.error).toMatch(/Unknown fault rule field\(s\): acount/);
  });
});

describe('unsupported operations', () => {
  let aws: AwsLocal;
  beforeAll(async () => {
    aws = await startLocal();
  });
  afterAll(() => aws.stop());

  it.each([
    [
      'sts',
      (c: Clients) => c.sts.send(new GetSessionTokenCommand({})),
      'InvalidAction',
      'sts:GetSessionToken',
    ],
    [
      'eks',
      (c: Clients) =>
        c.eks.send(new ListFargateProfilesCommand({ clusterName: 'prod' })),
      'UnknownOperationException',
      'eks:ListFargateProfiles',
    ],
    [
      'ec2',
      (c: Clients) => c.ec2.send(new DescribeSubnetsCommand({})),
      'InvalidAction',
      'ec2:DescribeSubnets',
    ],
    [
      'rds',
      (c: Clients) => c.rds.send(new DescribeDBSnapshotsCommand({})),
      'InvalidAction',
      'rds:DescribeDBSnapshots',
    ],
    [
      'secretsmanager',
      (c: Clients) =>
        c.secrets.send(new GetSecretValueCommand({ SecretId: 'x' })),
      'UnknownOperationException',
      'secretsmanager:GetSecretValue',
    ],
  ])(
    'names the %s operation it does not support',
    async (_s, call, code, named) => {
      const error: any = await call(spokeClients(aws, 'prod')).catch(e => e);
      expect(error.name).toBe(code);
      expect(error.message).toBe(`aws-local does not support ${named}`);
    },
  );
});
