import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  platform?: {
    /**
     * Folder holding the platform registry (hub.yaml and spokes/). Relative paths
     * resolve from the backend's working directory.
     * Default: $PLATFORM_REGISTRY_DIR, else the first infra/config found walking up.
     */
    registryDir?: string;
    /**
     * URL of the registry folder in a repository, read through Backstage's UrlReader
     * with the matching `integrations` entry (production, where the backend image has
     * no infra/config), e.g. https://github.com/org/repo/tree/main/infra/config.
     * Set at most one of registryDir and registryUrl.
     */
    registryUrl?: string;

    /** Spoke health (`@internal/plugin-platform-backend`). */
    health?: {
      /**
       * How often spoke health is refreshed from AWS, and how long a refresh may
       * take. The task always runs with scope `global`: one replica refreshes
       * for all of them.
       * Default: { frequency: { minutes: 5 }, timeout: { minutes: 4 }, initialDelay: { seconds: 15 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      refresh?: {
        /**
         * The refresh is split into this many partitions, each its own scheduler task
         * (`platform-health-refresh-<i>-of-<n>`, scope `global`, on `schedule`); a spoke
         * belongs to one by a hash of its name. Replicas run different partitions at
         * the same time, each at most its share (partitions / replicas alive).
         * Whole number from 1 to 64. Default: 4.
         */
        partitions?: number;
        /**
         * Worker threads the refresh's AWS calls are made in, beside the backend's event
         * loop (the SDK spends about a millisecond of CPU per call); each spoke always
         * goes to the same thread. 0: in the backend's own thread (less memory: each
         * thread loads the AWS SDK again and has its own heap). Whole number from 0 to
         * 64. Default: the CPUs Node reports (`os.availableParallelism()`, which follows
         * the container's CPU quota), at most one per partition.
         */
        threads?: number;
      };
      /**
       * Upper bound on AWS calls in flight at once in a replica, across every account
       * and partition. Whole number from 1 to 256. Default: 128.
       */
      concurrency?: number;
      /**
       * How long health history is kept. An hourly housekeeping task (one replica
       * for all) merges entries older than `rawRetention` into one per spoke and
       * hour, keeping the worst status of the hour, and deletes entries older than
       * `hourlyRetention`, with refresh runs of that age.
       */
      history?: {
        /** Every refresh is kept this long. At least 1 hour. Default: { days: 7 }. */
        rawRetention?: string | HumanDuration;
        /** Hourly entries are kept until this age; at least rawRetention. Default: { days: 90 }. */
        hourlyRetention?: string | HumanDuration;
      };
      /**
       * A snapshot older than this is flagged `stale` by the API (the refresh is
       * not running, or failing). Default: three times the schedule's frequency
       * (30 minutes for a cron schedule).
       */
      staleAfter?: string | HumanDuration;
      /**
       * API requests give up on the database after this long and answer 503.
       * Default: '5s'.
       */
      databaseTimeout?: string | HumanDuration;
      /**
       * One person may ask for a refresh by hand (one spoke or all) once per this
       * long; earlier requests answer 429 with Retry-After. 0 turns the limit off
       * (tests against aws-local). Default: '30s'.
       */
      manualRefreshInterval?: string | HumanDuration;
      /**
       * Scheduled refreshes reuse listings that change rarely for this long: node
       * group, add-on and capability names (a removed one is noticed at once, as
       * describing it fails), pending maintenance, the account's secrets. A refresh
       * of one spoke by hand always reads everything. 0 reads everything every time.
       * Default: '30m'.
       */
      slowChangingTtl?: string | HumanDuration;
      /** Thresholds of health checks. */
      checks?: {
        /**
         * Aurora replica lag (CloudWatch AuroraReplicaLag, the highest one-minute
         * maximum over the last 5 minutes) from which a replica is a warning, and
         * critical. Default: { warning: '1s', critical: '10s' }.
         */
        auroraReplicaLag?: {
          warning?: string | HumanDuration;
          critical?: string | HumanDuration;
        };
      };
      /** How the AWS SDK clients call AWS. Credentials come from the `aws` block. */
      aws?: {
        /** Attempts per call, the first included; retries back off exponentially with jitter. Whole number from 1 to 10. Default: 3. */
        maxAttempts?: number;
        /** SDK retry mode. Default: 'standard'. */
        retryMode?: 'standard' | 'adaptive';
        /** One HTTP attempt is abandoned (and retried) after this long. Default: '5s'. */
        requestTimeout?: string | HumanDuration;
        /** The whole call, retries included, is aborted after this long. Default: '20s'. */
        callTimeout?: string | HumanDuration;
        /** Opening a connection to AWS may take this long. Default: '3s'. */
        connectionTimeout?: string | HumanDuration;
      };
    };

    /**
     * Request tracking: pull requests opened by templates (`platform:request:track`),
     * followed through checks, review, merge, deploy and health. GitHub is read with
     * the `integrations.github` credentials, conditionally (ETags).
     */
    requests?: {
      /**
       * True when GitHub webhooks reach the events system (topics github.pull_request,
       * github.pull_request_review, github.check_run, github.workflow_run): polling
       * slows to `webhookPollInterval`. Default: true when `events.http.topics`
       * includes `github`.
       */
      webhooks?: boolean;
      /** How often an open request is read from GitHub without webhooks. Default: '2m'. */
      pollInterval?: string | HumanDuration;
      /** How often it is read anyway with webhooks, as a safety net. Default: '30m'. */
      webhookPollInterval?: string | HumanDuration;
      /** Longest wait between tries after GitHub errors (5xx). Default: '30m'. */
      maxBackoff?: string | HumanDuration;
      /** How often the scheduler looks for due requests (one replica at a time). Default: '15s'. */
      checkEvery?: string | HumanDuration;
    };
  };
}
