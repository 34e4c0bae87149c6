import { ConfigReader } from '@backstage/config';
import { availableParallelism } from 'node:os';
import {
  DEFAULT_AWS,
  DEFAULT_CONCURRENCY,
  readHealthConfig,
  roleArnResolver,
} from './config';

const read = (health?: object, platform: object = {}) =>
  readHealthConfig(
    new ConfigReader({
      platform: { ...platform, ...(health ? { health } : {}) },
    }),
  );

describe('readHealthConfig', () => {
  it('applies the defaults when nothing is configured', () => {
    const c = read();
    expect(c).toMatchObject({
      partitions: 4,
      concurrency: DEFAULT_CONCURRENCY,
      history: { rawMs: 7 * 86_400_000, hourlyMs: 90 * 86_400_000 },
      checks: { auroraReplicaLag: { warningMs: 1_000, criticalMs: 10_000 } },
      staleAfterMs: 15 * 60_000,
      databaseTimeoutMs: 5_000,
      manualRefreshIntervalMs: 30_000,
      aws: DEFAULT_AWS,
    });
    expect(c.schedule).toMatchObject({
      frequency: { minutes: 5 },
      scope: 'global',
    });
    expect(c.threads).toBe(Math.min(availableParallelism(), 4));
  });

  it('gives the refresh a collector thread per core, at most one per partition, or none', () => {
    expect(read({ refresh: { partitions: 1 } }).threads).toBe(1);
    expect(read({ refresh: { partitions: 64 } }).threads).toBe(
      availableParallelism(),
    );
    expect(read({ refresh: { threads: 3 } }).threads).toBe(3);
    expect(read({ refresh: { threads: 0 } }).threads).toBe(0);
  });

  it('reads every key, and the stale age follows the frequency', () => {
    const c = read(
      {
        schedule: { frequency: { minutes: 2 }, timeout: { minutes: 1 } },
        refresh: { partitions: 2 },
        concurrency: 8,
        history: { rawRetention: { days: 2 }, hourlyRetention: '30d' },
        checks: { auroraReplicaLag: { warning: '500ms', critical: '5s' } },
        databaseTimeout: '2s',
        manualRefreshInterval: { minutes: 1 },
        aws: {
          maxAttempts: 5,
          retryMode: 'adaptive',
          requestTimeout: { seconds: 3 },
          callTimeout: 'PT10S',
          connectionTimeout: '500ms',
        },
      },
      { registryDir: '../../infra/config' },
    );
    expect(c).toMatchObject({
      partitions: 2,
      concurrency: 8,
      history: { rawMs: 2 * 86_400_000, hourlyMs: 30 * 86_400_000 },
      checks: { auroraReplicaLag: { warningMs: 500, criticalMs: 5_000 } },
      staleAfterMs: 6 * 60_000,
      databaseTimeoutMs: 2_000,
      manualRefreshIntervalMs: 60_000,
      registryDir: '../../infra/config',
      aws: {
        maxAttempts: 5,
        retryMode: 'adaptive',
        requestTimeoutMs: 3_000,
        callTimeoutMs: 10_000,
        connectionTimeoutMs: 500,
      },
    });
    expect(c.schedule.scope).toBe('global');
    expect(read({ staleAfter: { hours: 1 } }).staleAfterMs).toBe(3_600_000);
  });

  it.each([
    [
      { concurrency: 0 },
      'platform.health.concurrency must be a whole number from 1 to 256, got 0',
    ],
    [
      { refresh: { partitions: 65 } },
      'platform.health.refresh.partitions must be a whole number from 1 to 64, got 65',
    ],
    [
      { refresh: { threads: -1 } },
      'platform.health.refresh.threads must be a whole number from 0 to 64, got -1',
    ],
    [
      { historyRetentionDays: 30 },
      'platform.health.historyRetentionDays is replaced by platform.health.history.rawRetention',
    ],
    [
      { checks: { auroraReplicaLag: { warning: '10s' } } },
      'platform.health.checks.auroraReplicaLag.critical (10000 ms) must be more than its warning (10000 ms)',
    ],
    [
      { history: { rawRetention: '30m' } },
      'platform.health.history.rawRetention must be at least 3600000 ms',
    ],
    [
      { history: { rawRetention: '10d', hourlyRetention: '9d' } },
      'platform.health.history.hourlyRetention must be at least platform.health.history.rawRetention',
    ],
    [
      { aws: { maxAttempts: 11 } },
      'platform.health.aws.maxAttempts must be a whole number from 1 to 10, got 11',
    ],
    [
      { aws: { retryMode: 'legacy' } },
      "platform.health.aws.retryMode must be 'standard' or 'adaptive', got 'legacy'",
    ],
    [
      { aws: { requestTimeout: 'soon' } },
      'platform.health.aws.requestTimeout must be a duration',
    ],
    [
      {
        schedule: {
          frequency: { minutes: 5 },
          timeout: { minutes: 1 },
          scope: 'local',
        },
      },
      "platform.health.schedule.scope must be 'global'",
    ],
    [{ schedule: { timeout: { minutes: 1 } } }, 'platform.health.schedule'],
  ])('fails at start-up naming the key for %j', (health, message) => {
    expect(() => read(health)).toThrow(message);
  });

  it('refuses both a registry folder and a registry URL', () => {
    expect(() =>
      read(undefined, { registryDir: 'a', registryUrl: 'https://x' }),
    ).toThrow(
      'set either platform.registryDir or platform.registryUrl, not both',
    );
  });
});

describe('roleArnResolver', () => {
  it('names the role of an account as integration-aws-node will assume it', () => {
    const roleFor = roleArnResolver(
      new ConfigReader({
        aws: {
          accounts: [
            { accountId: '111122223333' },
            {
              accountId: '222233334444',
              roleName: 'special',
              partition: 'aws-cn',
            },
          ],
          accountDefaults: {
            roleName: 'platform-portal-readonly',
            externalId: 'x',
          },
        },
      }),
    );
    expect(roleFor('111122223333')).toBeUndefined();
    expect(roleFor('222233334444')).toBe(
      'arn:aws-cn:iam::222233334444:role/special',
    );
    expect(roleFor('444455556666')).toBe(
      'arn:aws:iam::444455556666:role/platform-portal-readonly',
    );
    expect(
      roleArnResolver(new ConfigReader({}))('444455556666'),
    ).toBeUndefined();
  });
});
