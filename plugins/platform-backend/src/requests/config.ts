import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { DEFAULT_INTERVALS, TrackerIntervals } from './RequestTracker';

/** `platform.requests` read once at start-up, with defaults applied. */
export interface RequestsConfig {
  /** How often the poller looks for due requests (each request has its own interval). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  intervals: TrackerIntervals;
  /** True when GitHub webhooks reach the events system: polling slows to a safety net. */
  webhooks: boolean;
  /** Entity refs of the platform team (`platform.permissions.platformTeam`). */
  platformTeam: string[];
  /** The app's address, for links to the Requests page; '' gives relative links. */
  appBaseUrl: string;
}

/** The same key and default the permission policy and the scaffolder module read. */
export const PLATFORM_TEAM_CONFIG_KEY = 'platform.permissions.platformTeam';
export const DEFAULT_PLATFORM_TEAM = ['group:default/platform-team'];

function duration(config: Config | undefined, key: string, fallback: number) {
  if (!config?.has(key)) return fallback;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (e) {
    throw new Error(
      `Invalid config: platform.requests.${key} must be a duration such as '2m', 'PT30M' or { minutes: 2 }: ${
        (e as Error).message
      }`,
    );
  }
  if (!(ms >= 1000)) {
    throw new Error(
      `Invalid config: platform.requests.${key} must be at least 1 second, got ${ms} ms`,
    );
  }
  return ms;
}

/** Reads `platform.requests`; a bad value stops start-up naming the key. */
export function readRequestsConfig(root: Config): RequestsConfig {
  const config = root.getOptionalConfig('platform.requests');
  const githubWebhooks = (
    root.getOptionalStringArray('events.http.topics') ?? []
  ).includes('github');
  const webhooks = config?.getOptionalBoolean('webhooks') ?? githubWebhooks;
  const checkEveryMs = duration(config, 'checkEvery', 15_000);
  return {
    schedule: {
      frequency: { milliseconds: checkEveryMs },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 10 },
      scope: 'global',
    },
    intervals: {
      pollMs: duration(config, 'pollInterval', DEFAULT_INTERVALS.pollMs),
      webhookPollMs: duration(
        config,
        'webhookPollInterval',
        DEFAULT_INTERVALS.webhookPollMs,
      ),
      maxBackoffMs: duration(
        config,
        'maxBackoff',
        DEFAULT_INTERVALS.maxBackoffMs,
      ),
    },
    webhooks,
    platformTeam: (
      root.getOptionalStringArray(PLATFORM_TEAM_CONFIG_KEY) ??
      DEFAULT_PLATFORM_TEAM
    ).map(r => r.toLocaleLowerCase('en-US')),
    appBaseUrl: root.getOptionalString('app.baseUrl') ?? '',
  };
}
