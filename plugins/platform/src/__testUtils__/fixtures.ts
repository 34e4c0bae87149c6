import { Entity } from '@backstage/catalog-model';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  ANNOTATION_PLATFORM_ACCOUNT_ID,
  ANNOTATION_PLATFORM_COMPONENT,
  ANNOTATION_PLATFORM_ENVIRONMENT_CLASS,
  ANNOTATION_PLATFORM_REGION,
  ANNOTATION_PLATFORM_SPOKE,
  ANNOTATION_PLATFORM_SPOKES,
  HealthCheckResult,
  healthFixtures,
  rollUpChecks,
  SpokeHealth,
  SpokeHealthResponse,
  SpokeHistoryResponse,
  SpokeListResponse,
} from '@internal/plugin-platform-common';
import { PlatformHealthApi } from '../api';

/** The hub TGW check as the backend adds it to every spoke's Transit Gateway component. */
export const gatewayCheck: HealthCheckResult = {
  id: 'tgw.gateway',
  component: 'tgw-attachment',
  title: 'Hub transit gateway',
  status: 'ok',
  summary: 'Transit gateway tgw-0123456789abcdef0 is available',
  details: { transitGatewayId: 'tgw-0123456789abcdef0', state: 'available' },
};

/** The AccessDenied the backend records when it cannot read Aurora in an account. */
export const accessDeniedCheck: HealthCheckResult = {
  id: 'aurora.cluster-status',
  component: 'aurora',
  title: 'Cluster status',
  status: 'unknown',
  summary:
    'rds:DescribeDBClusters in account 333344445555 (ap-southeast-3) was denied as arn:aws:iam::333344445555:role/portal-read-only: AccessDenied: not authorized',
  details: {
    failure: {
      kind: 'access-denied',
      operation: 'rds:DescribeDBClusters',
      accountId: '333344445555',
      region: 'ap-southeast-3',
      roleArn: 'arn:aws:iam::333344445555:role/portal-read-only',
      code: 'AccessDenied',
      message: 'not authorized',
    },
  },
};

/** A spoke's snapshot with the hub gateway check added, as the backend serves it. */
export function spokeDetail(
  health: SpokeHealth,
  overrides: {
    environmentClass?: string;
    owner?: string;
    stale?: boolean;
  } = {},
): SpokeHealthResponse {
  const checks = health.components.flatMap(c => c.checks);
  const withGateway = checks.some(c => c.id === gatewayCheck.id)
    ? checks
    : [gatewayCheck, ...checks];
  const identity = {
    spoke: health.spoke,
    entityRef: health.entityRef,
    environmentClass: overrides.environmentClass ?? health.environmentClass,
    owner: overrides.owner ?? health.owner,
    accountId: health.accountId,
    region: health.region,
  };
  return {
    ...rollUpChecks(identity, withGateway, health.refreshedAt),
    stale: overrides.stale ?? false,
  };
}

/**
 * dev (healthy), prod (healthy) and staging (route blackholed, Aurora AccessDenied),
 * owned as in the registry fixtures.
 */
export function sampleSpokes(): Record<string, SpokeHealthResponse> {
  const staging = healthFixtures.degraded('staging');
  const aurora = staging.components.find(c => c.component === 'aurora')!;
  aurora.checks = aurora.checks.map(c =>
    c.id === accessDeniedCheck.id ? accessDeniedCheck : c,
  );
  return {
    dev: spokeDetail(healthFixtures.healthy('dev'), {
      owner: 'group:default/platform-team',
    }),
    staging: spokeDetail(staging, { owner: 'group:default/storefront-team' }),
    prod: spokeDetail(healthFixtures.healthy('prod'), {
      environmentClass: 'prod',
      owner: 'group:default/payments-team',
    }),
  };
}

export function listOf(
  spokes: SpokeHealthResponse[],
  extra: Partial<SpokeListResponse> = {},
): SpokeListResponse {
  return {
    items: spokes.map(s => healthFixtures.summary(s, s.stale)),
    staleAfterSeconds: 900,
    lastRefresh: {
      id: 7,
      trigger: 'schedule',
      startedAt: '2026-11-23T09:59:58.000Z',
      finishedAt: healthFixtures.refreshedAt,
      durationMs: 1200,
      spokes: spokes.length,
      calls: 45,
      failedCalls: 1,
    },
    ...extra,
  };
}

/** An in-memory {@link PlatformHealthApi} whose methods are jest mocks. */
export function fakeHealthApi(
  spokes: Record<string, SpokeHealthResponse> = sampleSpokes(),
  history: Record<string, SpokeHistoryResponse> = {},
): jest.Mocked<PlatformHealthApi> {
  return {
    listSpokes: jest.fn(async () => listOf(Object.values(spokes))),
    getSpoke: jest.fn(async (name: string) => {
      const spoke = spokes[name];
      if (!spoke) throw notFound(`No spoke named ${name}`);
      return spoke;
    }),
    getSpokeHistory: jest.fn(async (name: string) => {
      return history[name] ?? { spoke: name, items: [] };
    }),
    refresh: jest.fn(async () => undefined),
    getServiceSecrets: jest.fn(async (service: string) => ({
      service,
      environments: [],
    })),
  };
}

/** A `ResponseError`-shaped error, as the client raises for an HTTP status. */
export function httpError(statusCode: number, message: string): Error {
  const error = new Error(message) as Error & { statusCode: number };
  error.name = 'ResponseError';
  error.statusCode = statusCode;
  return error;
}

export function notFound(message: string): Error {
  return httpError(404, message);
}

function entity(
  kind: string,
  name: string,
  annotations: Record<string, string>,
  spec: Entity['spec'] = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec,
  };
}

/** Catalog entities as the platform catalog module writes them. */
export const entities = {
  hub: entity(
    'System',
    'hub',
    {
      [ANNOTATION_PLATFORM_SPOKE]: 'hub',
      [ANNOTATION_PLATFORM_ENVIRONMENT_CLASS]: 'hub',
      [ANNOTATION_PLATFORM_ACCOUNT_ID]: '111122223333',
      [ANNOTATION_PLATFORM_REGION]: 'ap-southeast-3',
    },
    { owner: 'platform-team' },
  ),
  spokeSystem: (spoke: string) =>
    entity('System', spoke, {
      [ANNOTATION_PLATFORM_SPOKE]: spoke,
      [ANNOTATION_PLATFORM_ENVIRONMENT_CLASS]: 'non-prod',
    }),
  spokeResource: (spoke: string, component: string) =>
    entity('Resource', `${spoke}-${component}`, {
      [ANNOTATION_PLATFORM_SPOKE]: spoke,
      [ANNOTATION_PLATFORM_COMPONENT]: component,
      [ANNOTATION_PLATFORM_ENVIRONMENT_CLASS]: 'non-prod',
    }),
  hubTransitGateway: entity('Resource', 'hub-transit-gateway', {
    [ANNOTATION_PLATFORM_SPOKE]: 'hub',
    [ANNOTATION_PLATFORM_COMPONENT]: 'transit-gateway',
    [ANNOTATION_PLATFORM_ENVIRONMENT_CLASS]: 'hub',
  }),
  service: (spokes: string) =>
    entity('Component', 'payments', {
      [ANNOTATION_PLATFORM_SPOKES]: spokes,
    }),
};

type PermissionDecision = ReturnType<
  Extract<
    NonNullable<
      NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
    >,
    (...args: never[]) => unknown
  >
>;

/**
 * Permission decisions for `mockApis.permission`: `AuthorizeResult` is a string enum
 * of `@backstage/plugin-permission-common`, which this package does not declare.
 */
export const ALLOW = 'ALLOW' as PermissionDecision;
export const DENY = 'DENY' as PermissionDecision;
