import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  HEALTH_COMPONENTS,
  HEALTH_STATUSES,
  HealthComponent,
  HealthStatus,
  platformHealthReadPermission,
  SpokeHealthResponse,
  SpokeHealthSummary,
} from '@internal/plugin-platform-common';
import type { z as zv3 } from 'zod/v3';
import { HealthStore } from '../db/HealthStore';
import { withDatabaseTimeout } from '../db/unavailable';
import {
  DNS_LABEL,
  SPOKE_NAME_RULE,
  toListItem,
  toSpokeResponse,
  unknownSpoke,
} from '../lib/healthViews';
import { requirePermission } from '../lib/requirePermission';

/**
 * Spoke health as actions in Backstage's actions registry, for AI assistants through
 * MCP and for other plugins. Read-only: they answer from the store the refresh fills,
 * never from AWS, and only to callers the policy lets read spoke health.
 */
export interface SpokeHealthActionsOptions {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  store: HealthStore;
  staleAfterMs: number;
  databaseTimeoutMs: number;
  now?: () => Date;
}

/** A spoke in `list-spokes`: who it is and its roll-up, without its AWS account. */
export interface SpokeListEntry {
  name: string;
  environmentClass?: string;
  region?: string;
  status: HealthStatus;
  summary: string;
  lastRefreshed: string;
  stale: boolean;
  components: {
    component: HealthComponent;
    status: HealthStatus;
    summary: string;
  }[];
}

/** One spoke in `get-spoke-health`: every check with its status and the reason. */
export interface SpokeHealthDetail extends Omit<SpokeListEntry, 'components'> {
  components: {
    component: HealthComponent;
    title: string;
    status: HealthStatus;
    summary: string;
    checks: {
      id: string;
      title: string;
      status: HealthStatus;
      reason: string;
    }[];
  }[];
}

/** The list entry an assistant gets: the account id stays in the portal. */
export function toSpokeListEntry(item: SpokeHealthSummary): SpokeListEntry {
  return {
    name: item.spoke,
    environmentClass: item.environmentClass,
    region: item.region,
    status: item.status,
    summary: item.summary,
    lastRefreshed: item.refreshedAt,
    stale: item.stale,
    components: item.components.map(c => ({
      component: c.component,
      status: c.status,
      summary: c.summary,
    })),
  };
}

/**
 * One spoke for an assistant: each check's verdict and the sentence saying why. The
 * checks' raw details (ARNs, ids, the failed call) stay on the portal's page.
 */
export function toSpokeHealthDetail(
  health: SpokeHealthResponse,
): SpokeHealthDetail {
  return {
    name: health.spoke,
    environmentClass: health.environmentClass,
    region: health.region,
    status: health.status,
    summary: health.summary,
    lastRefreshed: health.refreshedAt,
    stale: health.stale,
    components: health.components.map(c => ({
      component: c.component,
      title: c.title,
      status: c.status,
      summary: c.summary,
      checks: c.checks.map(check => ({
        id: check.id,
        title: check.title,
        status: check.status,
        reason: check.summary,
      })),
    })),
  };
}

/** Validates a spoke name here, not in the schema, so the refusal names the field. */
export function parseSpokeName(value: unknown): string {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    throw new InputError(
      `Invalid input name: ${SPOKE_NAME_RULE} such as staging (list-spokes gives every name), got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value;
}

const STATUS_MEANING =
  'ok; warning (works but needs attention); critical (broken); unknown (AWS could not be read, so health is not known)';

function statusSchema(z: typeof zv3) {
  return z.enum(HEALTH_STATUSES).describe(STATUS_MEANING);
}

function spokeFields(z: typeof zv3) {
  return {
    name: z.string().describe('The spoke, e.g. staging'),
    environmentClass: z
      .string()
      .optional()
      .describe('Its environment class, e.g. prod or non-prod'),
    region: z.string().optional().describe('Its AWS region'),
    status: statusSchema(z).describe(
      `The worst status of its checks: ${STATUS_MEANING}`,
    ),
    summary: z.string().describe('One sentence on its health'),
    lastRefreshed: z
      .string()
      .describe('When its checks last ran (ISO 8601 date-time)'),
    stale: z
      .boolean()
      .describe(
        'True when the last check is older than the portal expects: the health may be out of date',
      ),
  };
}

function componentFields(z: typeof zv3) {
  return {
    component: z
      .enum(HEALTH_COMPONENTS)
      .describe(
        'eks (the Kubernetes cluster), tgw-attachment (its Transit Gateway network link), aurora (its database), drift (differences from the platform registry)',
      ),
    status: statusSchema(z),
    summary: z.string(),
  };
}

/** Registers `list-spokes` and `get-spoke-health` in the plugin's actions registry. */
export function registerSpokeHealthActions(
  options: SpokeHealthActionsOptions,
): void {
  const { actionsRegistry, permissions, store, staleAfterMs } = options;
  const now = options.now ?? (() => new Date());
  const db = <T>(operation: () => Promise<T>) =>
    withDatabaseTimeout(operation, options.databaseTimeoutMs);
  const mayRead = (credentials: BackstageCredentials) =>
    requirePermission(permissions, credentials, platformHealthReadPermission);

  actionsRegistry.register({
    name: 'list-spokes',
    title: 'List spokes and their health',
    description: [
      'Lists every spoke (an application environment such as dev, staging or prod, each in its own AWS account, connected to the hub) with its overall health: ok, warning, critical or unknown.',
      'Use it to answer "is anything broken?", "which environments are unhealthy?" or "is staging healthy?", and to find spoke names for get-spoke-health.',
      'Answers from the portal\'s last health check (run every few minutes); "stale" means that check is older than expected.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          spokes: z.array(
            z.object({
              ...spokeFields(z),
              components: z
                .array(z.object(componentFields(z)))
                .describe('Each part of the spoke rolled up'),
            }),
          ),
          lastRefresh: z
            .string()
            .optional()
            .describe(
              'When the last health check of the spokes finished (ISO 8601)',
            ),
          staleAfterSeconds: z
            .number()
            .describe('A spoke checked longer ago than this is stale'),
        }),
    },
    action: async ({ credentials }) => {
      await mayRead(credentials);
      const [items, lastRun] = await Promise.all([
        db(() => store.listLatest()),
        db(() => store.lastRefresh()),
      ]);
      const at = now();
      return {
        output: {
          spokes: items.map(item =>
            toSpokeListEntry(toListItem(item, at, staleAfterMs)),
          ),
          lastRefresh: lastRun?.finishedAt,
          staleAfterSeconds: Math.round(staleAfterMs / 1000),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-spoke-health',
    title: 'Get the health of one spoke',
    description: [
      'Gives the health of one spoke (an application environment such as staging) with every check behind it: its EKS cluster, Transit Gateway attachment and routes, Aurora database, and drift from the platform registry, each with a status and the reason.',
      'Use it to answer "is staging healthy?" or "why is prod critical?". Get the spoke names from list-spokes.',
      'Answers from the portal\'s last health check; "stale" means that check is older than expected.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          name: z
            .string()
            .describe(
              'The spoke name as list-spokes gives it: lowercase letters, digits and -, e.g. staging',
            ),
        }),
      output: z =>
        z.object({
          ...spokeFields(z),
          components: z.array(
            z.object({
              ...componentFields(z),
              title: z.string(),
              checks: z.array(
                z.object({
                  id: z.string(),
                  title: z.string(),
                  status: statusSchema(z),
                  reason: z.string().describe('Why the check has its status'),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await mayRead(credentials);
      const name = parseSpokeName(input.name);
      const health = await db(() => store.getLatest(name));
      if (!health) throw unknownSpoke(name);
      return {
        output: toSpokeHealthDetail(
          toSpokeResponse(health, now(), staleAfterMs),
        ),
      };
    },
  });
}
