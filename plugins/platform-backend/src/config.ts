import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { availableParallelism } from 'node:os';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { DEFAULT_REPLICA_LAG } from './lib/checks/replicaLag';
import { CheckSettings } from './lib/observations';

/** How the AWS SDK clients behave. */
export interface AwsCallConfig {
  /** SDK attempts per call, first try included (retries use exponential backoff with jitter). */
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
  /** One HTTP attempt may take this long before it is abandoned (and retried). */
  requestTimeoutMs: number;
  /** The whole call, retries included, is aborted after this long. */
  callTimeoutMs: number;
  /** Opening the TCP connection may take this long. */
  connectionTimeoutMs: number;
}

/** How long history is kept at each resolution. */
export interface HistoryRetention {
  /** Every refresh is kept this long... */
  rawMs: number;
  /** ...then one entry per spoke and hour (the worst), until this age; then deleted. */
  hourlyMs: number;
}

/** `platform.health` read once at start-up, with defaults applied. */
export interface HealthConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Scheduler tasks the refresh is split into (`refresh.partitions`), one per partition. */
  partitions: number;
  /** AWS calls in flight at once, across all accounts. */
  concurrency: number;
  /** Worker threads the AWS calls are made in (`refresh.threads`); 0: the backend's own. */
  threads: number;
  history: HistoryRetention;
  /** Thresholds of the checks that people tune. */
  checks: CheckSettings;
  /** A snapshot older than this is flagged stale in the API. */
  staleAfterMs: number;
  /** Store calls from the API give up after this long and answer 503. */
  databaseTimeoutMs: number;
  /** One person may ask for a refresh by hand once per this long (429 before). */
  manualRefreshIntervalMs: number;
  /**
   * Listings that change rarely (node group, add-on and capability names, pending
   * maintenance, the account's secrets) are reused for this long by scheduled runs.
   */
  slowChangingTtlMs: number;
  aws: AwsCallConfig;
  /** `platform.registryDir`; undefined: `$PLATFORM_REGISTRY_DIR` or `infra/config` found upwards. */
  registryDir?: string;
  /** `platform.registryUrl`: the registry folder in a repository, read with the UrlReader. */
  registryUrl?: string;
}

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 4 },
  initialDelay: { seconds: 15 },
  scope: 'global',
};
/**
 * Four partitions: up to four replicas each get one, and a partition of a large estate
 * is still large enough that the calls shared by its spokes (hub listings, about 9 per
 * run) stay a small part of it. More partitions than replicas costs those shared calls
 * again per partition and gains nothing.
 */
export const DEFAULT_PARTITIONS = 4;
/**
 * Calls in flight per replica. A refresh of 500 spokes makes about 6,500 calls: at 50 ms
 * each, 64 in flight cannot finish under 5.1 s whatever the CPU, 128 under 2.6 s. The
 * calls spread over every spoke account, so each account still sees only a few at once.
 */
export const DEFAULT_CONCURRENCY = 128;
/**
 * A thread per core, up to one per partition: the SDK spends about a millisecond of
 * CPU per call, so a refresh of 500 spokes is seconds of CPU that one thread would
 * serialise and that would hold up every request the backend answers meanwhile.
 */
export const defaultThreads = (partitions: number): number =>
  Math.max(1, Math.min(availableParallelism(), partitions));
const DAY_MS = 24 * 60 * 60_000;
/** A week of every refresh to look into an incident; a quarter of hours for trends. */
export const DEFAULT_HISTORY_RETENTION: HistoryRetention = {
  rawMs: 7 * DAY_MS,
  hourlyMs: 90 * DAY_MS,
};
/** A person's refresh by hand costs a whole round of AWS calls: one per 30 s each. */
export const DEFAULT_MANUAL_REFRESH_INTERVAL_MS = 30_000;
/**
 * Names and listings that change rarely, reused for 30 minutes: a removal still shows at
 * once (describing a removed add-on fails, which lists again), an addition within this.
 */
export const DEFAULT_SLOW_CHANGING_TTL_MS = 30 * 60_000;
export const DEFAULT_AWS: AwsCallConfig = {
  maxAttempts: 3,
  retryMode: 'standard',
  requestTimeoutMs: 5_000,
  callTimeoutMs: 20_000,
  connectionTimeoutMs: 3_000,
};
export const DEFAULT_DATABASE_TIMEOUT_MS = 5_000;

function wholeNumber(
  config: Config,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (!config.has(key)) return fallback;
  const value = config.getNumber(key);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `Invalid config: platform.health.${key} must be a whole number from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
}

function durationMs(
  config: Config,
  key: string,
  fallback: number,
  minMs = 1,
): number {
  if (!config.has(key)) return fallback;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (e) {
    throw new Error(
      `Invalid config: platform.health.${key} must be a duration such as '30s', 'PT5M' or { minutes: 5 }: ${
        (e as Error).message
      }`,
    );
  }
  if (!(ms >= minMs)) {
    throw new Error(
      `Invalid config: platform.health.${key} must be at least ${minMs} ms, got ${ms} ms`,
    );
  }
  return ms;
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = {
  auroraReplicaLag: DEFAULT_REPLICA_LAG,
};

function readCheckSettings(config: Config): CheckSettings {
  const warningMs = durationMs(
    config,
    'checks.auroraReplicaLag.warning',
    DEFAULT_REPLICA_LAG.warningMs,
  );
  const criticalMs = durationMs(
    config,
    'checks.auroraReplicaLag.critical',
    DEFAULT_REPLICA_LAG.criticalMs,
  );
  if (criticalMs <= warningMs) {
    throw new Error(
      `Invalid config: platform.health.checks.auroraReplicaLag.critical (${criticalMs} ms) must be more than its warning (${warningMs} ms)`,
    );
  }
  return { auroraReplicaLag: { warningMs, criticalMs } };
}

function readHistoryRetention(config: Config): HistoryRetention {
  if (config.has('historyRetentionDays')) {
    throw new Error(
      'Invalid config: platform.health.historyRetentionDays is replaced by platform.health.history.rawRetention (every refresh, default 7 days) and platform.health.history.hourlyRetention (one entry per hour, default 90 days)',
    );
  }
  const rawMs = durationMs(
    config,
    'history.rawRetention',
    DEFAULT_HISTORY_RETENTION.rawMs,
    60 * 60_000,
  );
  const hourlyMs = durationMs(
    config,
    'history.hourlyRetention',
    DEFAULT_HISTORY_RETENTION.hourlyMs,
    60 * 60_000,
  );
  if (hourlyMs < rawMs) {
    throw new Error(
      'Invalid config: platform.health.history.hourlyRetention must be at least platform.health.history.rawRetention',
    );
  }
  return { rawMs, hourlyMs };
}

function frequencyMs(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number | undefined {
  const f = schedule.frequency as object;
  if ('cron' in f || 'trigger' in f) return undefined;
  if ('toMillis' in f && typeof f.toMillis === 'function') {
    return f.toMillis() as number;
  }
  return durationToMilliseconds(f as HumanDuration);
}

/**
 * Reads `platform.health` (and `platform.registryDir`). Every bad value stops
 * the backend at start-up with the key's name, instead of a refresh failing later.
 */
export function readHealthConfig(root: Config): HealthConfig {
  const config = root.getOptionalConfig('platform.health');
  const registryDir = root.getOptionalString('platform.registryDir');
  const registryUrl = root.getOptionalString('platform.registryUrl');
  if (registryDir && registryUrl) {
    throw new Error(
      'Invalid config: set either platform.registryDir or platform.registryUrl, not both',
    );
  }
  if (!config) {
    return {
      schedule: DEFAULT_SCHEDULE,
      partitions: DEFAULT_PARTITIONS,
      concurrency: DEFAULT_CONCURRENCY,
      threads: defaultThreads(DEFAULT_PARTITIONS),
      history: DEFAULT_HISTORY_RETENTION,
      checks: DEFAULT_CHECK_SETTINGS,
      staleAfterMs: 3 * frequencyMs(DEFAULT_SCHEDULE)!,
      databaseTimeoutMs: DEFAULT_DATABASE_TIMEOUT_MS,
      manualRefreshIntervalMs: DEFAULT_MANUAL_REFRESH_INTERVAL_MS,
      slowChangingTtlMs: DEFAULT_SLOW_CHANGING_TTL_MS,
      aws: DEFAULT_AWS,
      registryDir,
      registryUrl,
    };
  }
  let schedule = DEFAULT_SCHEDULE;
  if (config.has('schedule')) {
    try {
      schedule = {
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        ),
      };
    } catch (e) {
      throw new Error(
        `Invalid config: platform.health.schedule: ${(e as Error).message}`,
      );
    }
    if (schedule.scope === 'local') {
      throw new Error(
        "Invalid config: platform.health.schedule.scope must be 'global': one replica refreshes for all",
      );
    }
    schedule.scope = 'global';
  }
  const aws = config.getOptionalConfig('aws');
  const retryMode =
    aws?.getOptionalString('retryMode') ?? DEFAULT_AWS.retryMode;
  if (retryMode !== 'standard' && retryMode !== 'adaptive') {
    throw new Error(
      `Invalid config: platform.health.aws.retryMode must be 'standard' or 'adaptive', got '${retryMode}'`,
    );
  }
  const awsConfig: AwsCallConfig = {
    maxAttempts: wholeNumber(
      config,
      'aws.maxAttempts',
      DEFAULT_AWS.maxAttempts,
      1,
      10,
    ),
    retryMode,
    requestTimeoutMs: durationMs(
      config,
      'aws.requestTimeout',
      DEFAULT_AWS.requestTimeoutMs,
    ),
    callTimeoutMs: durationMs(
      config,
      'aws.callTimeout',
      DEFAULT_AWS.callTimeoutMs,
    ),
    connectionTimeoutMs: durationMs(
      config,
      'aws.connectionTimeout',
      DEFAULT_AWS.connectionTimeoutMs,
    ),
  };
  const everyMs = frequencyMs(schedule);
  const partitions = wholeNumber(
    config,
    'refresh.partitions',
    DEFAULT_PARTITIONS,
    1,
    64,
  );
  return {
    schedule,
    partitions,
    threads: wholeNumber(
      config,
      'refresh.threads',
      defaultThreads(partitions),
      0,
      64,
    ),
    concurrency: wholeNumber(
      config,
      'concurrency',
      DEFAULT_CONCURRENCY,
      1,
      256,
    ),
    history: readHistoryRetention(config),
    checks: readCheckSettings(config),
    staleAfterMs: durationMs(
      config,
      'staleAfter',
      everyMs ? 3 * everyMs : 30 * 60_000,
    ),
    databaseTimeoutMs: durationMs(
      config,
      'databaseTimeout',
      DEFAULT_DATABASE_TIMEOUT_MS,
    ),
    manualRefreshIntervalMs: durationMs(
      config,
      'manualRefreshInterval',
      DEFAULT_MANUAL_REFRESH_INTERVAL_MS,
      0,
    ),
    slowChangingTtlMs: durationMs(
      config,
      'slowChangingTtl',
      DEFAULT_SLOW_CHANGING_TTL_MS,
      0,
    ),
    aws: awsConfig,
    registryDir,
    registryUrl,
  };
}

/**
 * The role the portal assumes in an account, as `aws.accounts` / `aws.accountDefaults`
 * configure it for `@backstage/integration-aws-node`; only for naming it in
 * failure reasons (never the external id).
 */
export function roleArnResolver(
  root: Config,
): (accountId: string) => string | undefined {
  const aws = root.getOptionalConfig('aws');
  const accounts = new Map(
    (aws?.getOptionalConfigArray('accounts') ?? []).map(a => [
      a.getString('accountId'),
      a,
    ]),
  );
  const defaults = aws?.getOptionalConfig('accountDefaults');
  return accountId => {
    const account = accounts.get(accountId);
    const source = account ?? defaults;
    const roleName = source?.getOptionalString('roleName');
    if (!roleName) return undefined;
    const partition = source?.getOptionalString('partition') ?? 'aws';
    return `arn:${partition}:iam::${accountId}:role/${roleName}`;
  };
}
