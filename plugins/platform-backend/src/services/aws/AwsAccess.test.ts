import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { DEFAULT_AWS } from '../../config';
import { AwsAccess } from './AwsAccess';

function manager(provider: () => Promise<any>): AwsCredentialsManager {
  return {
    getCredentialProvider: async ({ accountId } = {}) => ({
      accountId,
      sdkCredentialProvider: provider,
    }),
  };
}

const creds = (expiresInMs = 3_600_000) => ({
  accessKeyId: 'AKIA',
  secretAccessKey: 's',
  expiration: new Date(Date.now() + expiresInMs),
});

describe('AwsAccess', () => {
  it('assumes the role once per account and reuses the credentials across refreshes', async () => {
    const provider = jest.fn(async () => creds());
    const access = AwsAccess.create({
      credentialsManager: manager(provider),
      config: DEFAULT_AWS,
      concurrency: 4,
      roleArnFor: a => `arn:aws:iam::${a}:role/r`,
    });
    const first = access.scope();
    await Promise.all([
      first.clients('222233334444', 'ap-southeast-3'),
      first.clients('222233334444', 'ap-southeast-3'),
    ]);
    const second = access.scope();
    const clients = await second.clients('222233334444', 'ap-southeast-3');
    access.close();
    expect(clients.ok).toBe(true);
    expect(provider).toHaveBeenCalledTimes(1);
    expect(first.getStats().byOperation['sts:AssumeRole']).toBe(1);
    expect(second.getStats().calls).toBe(0);
  });

  it('renews credentials that are about to expire, and retries after a failure', async () => {
    const provider = jest
      .fn()
      .mockRejectedValueOnce(
        Object.assign(new Error('denied'), { name: 'AccessDenied' }),
      )
      .mockResolvedValueOnce(creds(60_000))
      .mockResolvedValueOnce(creds());
    const access = AwsAccess.create({
      credentialsManager: manager(provider),
      config: DEFAULT_AWS,
      concurrency: 4,
      roleArnFor: a => `arn:aws:iam::${a}:role/r`,
    });
    const denied = await access
      .scope()
      .clients('444455556666', 'ap-southeast-3');
    expect(denied).toMatchObject({
      ok: false,
      failure: {
        kind: 'access-denied',
        reason:
          'AccessDenied assuming arn:aws:iam::444455556666:role/r in account 444455556666: denied',
      },
    });
    // Expires within the renewal margin: fetched again on the next use.
    expect(
      (await access.scope().clients('444455556666', 'ap-southeast-3')).ok,
    ).toBe(true);
    expect(
      (await access.scope().clients('444455556666', 'ap-southeast-3')).ok,
    ).toBe(true);
    access.close();
    expect(provider).toHaveBeenCalledTimes(3);
  });

  it('gives up on a call that does not answer within the call timeout', async () => {
    const access = AwsAccess.create({
      credentialsManager: manager(async () => creds()),
      config: { ...DEFAULT_AWS, callTimeoutMs: 50 },
      concurrency: 4,
    });
    const scope = access.scope();
    const clients = await scope.clients('222233334444', 'ap-southeast-3');
    if (!clients.ok) throw new Error('no clients');
    let aborted = false;
    const result = await scope.call(
      clients.value,
      'eks:DescribeCluster',
      signal => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
        return new Promise(() => {});
      },
    );
    access.close();
    expect(aborted).toBe(true);
    expect(result).toMatchObject({
      ok: false,
      failure: {
        kind: 'timeout',
        reason:
          'eks:DescribeCluster in account 222233334444 (ap-southeast-3) did not answer within 50 ms',
      },
    });
    expect(scope.getStats()).toMatchObject({ calls: 1, failed: 1 });
  });

  it('never has more calls in flight than the concurrency allows', async () => {
    const access = AwsAccess.create({
      credentialsManager: manager(async () => creds()),
      config: DEFAULT_AWS,
      concurrency: 2,
    });
    const scope = access.scope();
    const clients = await scope.clients('222233334444', 'ap-southeast-3');
    if (!clients.ok) throw new Error('no clients');
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        scope.call(clients.value, 'eks:ListAddons', async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await new Promise(r => setTimeout(r, 10));
          inFlight -= 1;
          return { $metadata: { attempts: 1 } };
        }),
      ),
    );
    access.close();
    expect(peak).toBe(2);
    expect(scope.getStats().byOperation['eks:ListAddons']).toBe(8);
  });

  it('turns "does not exist" into a value when the caller says so', async () => {
    const access = AwsAccess.create({
      credentialsManager: manager(async () => creds()),
      config: DEFAULT_AWS,
      concurrency: 2,
    });
    const scope = access.scope();
    const clients = await scope.clients('222233334444', 'ap-southeast-3');
    if (!clients.ok) throw new Error('no clients');
    const result = await scope.call(
      clients.value,
      'eks:DescribeCluster',
      async () => {
        throw Object.assign(new Error('No cluster found'), {
          name: 'ResourceNotFoundException',
        });
      },
      {
        notFound: {
          matches: e => (e as Error).name === 'ResourceNotFoundException',
          value: undefined,
        },
      },
    );
    access.close();
    expect(result).toEqual({ ok: true, value: undefined });
    expect(scope.getStats().failed).toBe(0);
  });
});
