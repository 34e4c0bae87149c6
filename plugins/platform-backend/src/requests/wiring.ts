import {
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import express from 'express';
import { HealthStore } from '../db/HealthStore';
import { readRequestsConfig } from './config';
import { OctokitGithubRequestsApi } from './github/GithubClient';
import { requestPermissionRules, requestResourceRef } from './permissionRules';
import { catalogAndHealthEvidence } from './portalEvidence';
import { DatabaseRequestStore } from './RequestStore';
import { RequestTracker } from './RequestTracker';
import { createRequestsRouter } from './router';
import { publishRequestsSignal } from './signals';

export const REQUEST_POLL_TASK_ID = 'platform-request-poll';

/** The webhook topics the tracker listens to (published by the GitHub events module). */
export const REQUEST_EVENT_TOPICS = [
  'github.pull_request',
  'github.pull_request_review',
  'github.check_run',
  'github.workflow_run',
];

/** Links of the Requests page and the catalog, as the frontend plugin serves them. */
export function requestLinks(appBaseUrl: string) {
  const base = appBaseUrl.replace(/\/$/, '');
  return {
    request: (id: string) => `${base}/requests/${id}`,
    entity: (entityRef: string) => {
      const m = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
      return m ? `${base}/catalog/${m[2]}/${m[1]}/${m[3]}` : undefined;
    },
  };
}

/**
 * Starts request tracking inside the platform backend: store, GitHub adapter,
 * poller on the scheduler, webhook subscriber, permission rules; returns the routes.
 */
export async function startRequestTracking(deps: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  userInfo: UserInfoService;
  catalog: CatalogService;
  events: EventsService;
  notifications: NotificationService;
  signals: SignalsService;
  healthStore: HealthStore;
}): Promise<express.Router> {
  const settings = readRequestsConfig(deps.config);
  const logger = deps.logger.child({ area: 'requests' });
  const links = requestLinks(settings.appBaseUrl);
  const store = await DatabaseRequestStore.create({ database: deps.database });
  const integrations = ScmIntegrations.fromConfig(deps.config);
  const tracker = new RequestTracker({
    store,
    github: OctokitGithubRequestsApi.fromIntegrations(integrations),
    portal: catalogAndHealthEvidence({
      catalog: deps.catalog,
      auth: deps.auth,
      health: deps.healthStore,
    }),
    notifications: deps.notifications,
    logger,
    intervals: settings.intervals,
    webhooks: settings.webhooks,
    requestLink: links.request,
    // Open Requests pages and cards refetch on this nudge (ids only, to who reads them).
    onChange: publishRequestsSignal(deps.signals, settings.platformTeam),
  });

  deps.permissionsRegistry.addResourceType({
    resourceRef: requestResourceRef,
    rules: requestPermissionRules,
    getResources: async ids => Promise.all(ids.map(id => store.get(id))),
  });

  await deps.scheduler.scheduleTask({
    id: REQUEST_POLL_TASK_ID,
    ...settings.schedule,
    fn: async () => {
      await tracker.pollDue();
    },
  });

  // Subscribed whether or not webhooks are configured: without them nothing arrives.
  await deps.events.subscribe({
    id: 'platform-requests',
    topics: REQUEST_EVENT_TOPICS,
    onEvent: async params => {
      await tracker
        .handleEvent({ topic: params.topic, payload: params.eventPayload })
        .catch(e => logger.warn(`Webhook ${params.topic} not applied: ${e}`));
    },
  });

  return createRequestsRouter({
    httpAuth: deps.httpAuth,
    permissions: deps.permissions,
    userInfo: deps.userInfo,
    store,
    tracker,
    ruleset: deps.permissionsRegistry.getPermissionRuleset(requestResourceRef),
    platformTeam: settings.platformTeam,
    isGithubHost: host => !!integrations.github.byHost(host),
    entityLink: links.entity,
  });
}
