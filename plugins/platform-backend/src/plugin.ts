import { randomUUID } from 'node:crypto';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  ANNOTATION_PLATFORM_SPOKES,
  parseSpokesAnnotation,
  platformPermissions,
} from '@internal/plugin-platform-common';
import { registerSpokeHealthActions } from './actions/spokeHealthActions';
import { readHealthConfig } from './config';
import { DatabaseHealthStore } from './db/HealthStore';
import { DatabaseReplicas } from './db/Replicas';
import { partitionTaskId } from './lib/partitions';
import { createRouter } from './router';
import { AwsAccess } from './services/aws/AwsAccess';
import { collectorFromConfig } from './services/aws/collectorFromConfig';
import { HealthRefresher } from './services/HealthRefresher';
import {
  HISTORY_HOUSEKEEPING_SCHEDULE,
  HISTORY_HOUSEKEEPING_TASK_ID,
  keepHistory,
} from './services/historyHousekeeping';
import { PartitionShare } from './services/PartitionShare';
import { schedulePartitionTasks } from './services/partitionTasks';
import { ServiceSecretsReader } from './services/ServiceSecretsReader';
import { notifyOwners } from './services/notifyOwners';
import { publishHealthSignal } from './services/healthSignals';
import { registryFromDir, registryFromUrl } from './services/RegistryReader';
import { startRequestTracking } from './requests/wiring';

/**
 * The scheduler tasks that refresh the spokes, one per partition:
 * `platform-health-refresh-<i>-of-<n>` (see {@link partitionTaskId}).
 */
export const HEALTH_REFRESH_TASK_ID = 'platform-health-refresh';
export { partitionTaskId };

/** The scheduler task that polls tracked requests that are due. */
export { REQUEST_POLL_TASK_ID } from './requests/wiring';

/**
 * Spoke health: refreshes EKS, Transit Gateway and Aurora health of every spoke
 * on the scheduler (one task per partition of the spokes, each with one runner
 * across replicas), stores snapshots and history,
 * and serves them at `/api/platform`.
 */
export const platformPlugin = createBackendPlugin({
  pluginId: 'platform',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        urlReader: coreServices.urlReader,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const health = readHealthConfig(config);
        deps.permissionsRegistry.addPermissions(platformPermissions);

        const store = await DatabaseHealthStore.create({
          database: deps.database,
        });
        const aws = AwsAccess.fromConfig(config, {
          config: health.aws,
          concurrency: health.concurrency,
          slowChangingTtlMs: health.slowChangingTtlMs,
        });
        deps.lifecycle.addShutdownHook(() => aws.close());
        const loadRegistry = health.registryUrl
          ? registryFromUrl(deps.urlReader, health.registryUrl)
          : registryFromDir(health.registryDir);
        const secretsReader = new ServiceSecretsReader(aws, loadRegistry);
        // A random id per process: which replica ran a partition, and who is alive.
        const runner = randomUUID();
        const collector = collectorFromConfig({ config, health, aws, logger });
        deps.lifecycle.addShutdownHook(() => collector.close());
        const refresher = HealthRefresher.create({
          catalog: deps.catalog,
          auth: deps.auth,
          store,
          collector,
          logger,
          loadRegistry,
          checkSettings: health.checks,
          partitions: health.partitions,
          runner,
          // Without the notifications backend the send fails; the refresh logs it and goes on.
          notify: notifyOwners(deps.notifications),
          // Open pages refetch on this nudge (a failed publish is logged, the refresh stands).
          onStored: publishHealthSignal(deps.signals),
        });
        deps.lifecycle.addShutdownHook(() => refresher.close());

        const share = new PartitionShare({
          replicas: new DatabaseReplicas(await deps.database.getClient()),
          id: runner,
          partitions: health.partitions,
          trigger: id => scheduler.triggerTask(id),
          logger,
        });
        await share.start();
        deps.lifecycle.addShutdownHook(() => share.stop());

        const { triggerAll } = await schedulePartitionTasks({
          scheduler,
          schedule: health.schedule,
          partitions: health.partitions,
          refresher,
          share,
        });

        await scheduler.scheduleTask({
          id: HISTORY_HOUSEKEEPING_TASK_ID,
          ...HISTORY_HOUSEKEEPING_SCHEDULE,
          fn: async abortSignal => {
            await keepHistory({
              store,
              retention: health.history,
              logger,
              signal: abortSignal,
            });
          },
        });

        // list-spokes and get-spoke-health for AI assistants (MCP) and other plugins.
        registerSpokeHealthActions({
          actionsRegistry: deps.actionsRegistry,
          permissions: deps.permissions,
          store,
          staleAfterMs: health.staleAfterMs,
          databaseTimeoutMs: health.databaseTimeoutMs,
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            store,
            requestSpokeRefresh: spoke => refresher.requestRefresh(spoke),
            triggerRefresh: triggerAll,
            readServiceSecrets: async (name, credentials) => {
              // The caller's own catalog view decides whether the service exists for them.
              const entity = await deps.catalog.getEntityByRef(
                { kind: 'component', namespace: 'default', name },
                { credentials },
              );
              if (!entity) return undefined;
              return secretsReader.read(
                entity.metadata.name,
                parseSpokesAnnotation(
                  entity.metadata.annotations?.[ANNOTATION_PLATFORM_SPOKES],
                ),
              );
            },
            staleAfterMs: health.staleAfterMs,
            databaseTimeoutMs: health.databaseTimeoutMs,
            manualRefreshIntervalMs: health.manualRefreshIntervalMs,
          }),
        );

        // Pull requests opened by templates, followed until what they asked for runs.
        deps.httpRouter.use(
          await startRequestTracking({ ...deps, healthStore: store }),
        );
      },
    });
  },
});
