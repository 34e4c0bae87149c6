import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  platformHealthReadPermission,
  platformHealthRefreshPermission,
  SpokeHealthResponse,
  SpokeHistoryResponse,
  SpokeListResponse,
  ServiceSecretsResponse,
} from '@internal/plugin-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { HealthStore, StoredSummary } from './db/HealthStore';
import { toServiceUnavailable, withDatabaseTimeout } from './db/unavailable';
import {
  DNS_LABEL,
  SPOKE_NAME_RULE,
  toListItem,
  toSpokeResponse,
  unknownSpoke,
} from './lib/healthViews';
import { decodeHistoryCursor, encodeHistoryCursor } from './lib/historyCursor';
import { IntervalLimiter } from './lib/rateLimit';
import { requirePermission } from './lib/requirePermission';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: HealthStore;
  /**
   * Queues a refresh of one spoke (behind any run going) and resolves once it is
   * accepted; rejects with NotFoundError for a spoke the catalog does not know.
   */
  requestSpokeRefresh: (spoke: string) => Promise<void>;
  /**
   * Asks the scheduler to run the refresh of every partition now (each one runner
   * across replicas); ConflictError when all of them are running already.
   */
  triggerRefresh: () => Promise<void>;
  /**
   * A service's runbook secrets (metadata only) in its spokes, read with the caller's
   * credentials for the catalog: `undefined` when the caller cannot see the service.
   */
  readServiceSecrets?: (
    service: string,
    credentials: BackstageCredentials,
  ) => Promise<ServiceSecretsResponse | undefined>;
  staleAfterMs: number;
  databaseTimeoutMs: number;
  /** One refresh by hand per person per this long; 429 before. */
  manualRefreshIntervalMs: number;
  now?: () => Date;
}

export const HISTORY_DEFAULT_LIMIT = 100;
export const HISTORY_MAX_LIMIT = 1000;

const spokeParams = z.object({
  name: z.string().regex(DNS_LABEL, { error: SPOKE_NAME_RULE }),
});

const serviceParams = z.object({
  name: z.string().regex(DNS_LABEL, {
    error: 'must be a service name: a DNS label of a-z, 0-9 and -',
  }),
});

const historyQuery = z.strictObject({
  since: z.iso
    .datetime({
      offset: true,
      error: 'must be an ISO 8601 date-time such as 2026-11-23T10:00:00Z',
    })
    .optional(),
  limit: z
    .string()
    .regex(/^\d+$/, {
      error: `must be a whole number from 1 to ${HISTORY_MAX_LIMIT}`,
    })
    .transform(Number)
    .refine(n => n >= 1 && n <= HISTORY_MAX_LIMIT, {
      error: `must be a whole number from 1 to ${HISTORY_MAX_LIMIT}`,
    })
    .optional(),
  cursor: z
    .string()
    .max(200, { error: 'must be the nextCursor of the previous page' })
    .optional(),
});

/** Parses request input with zod; failures are 400s naming the field and the rule. */
function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues
    .map(issue => {
      if (issue.code === 'unrecognized_keys') {
        return `unknown ${where} parameter ${issue.keys.join(', ')}`;
      }
      const field = issue.path.join('.') || '(value)';
      return `${where} parameter ${field}: ${issue.message}`;
    })
    .join('; ');
  throw new InputError(`Invalid ${message}`);
}

/**
 * The spoke health REST API, served from the store only (AWS is never called
 * while a page waits, except for an explicit single-spoke refresh).
 *
 * GET  /spokes                      the list with roll-ups, last refresh, stale flags
 * GET  /spokes/:name                one spoke with every check
 * GET  /spokes/:name/history        ?since=<ISO date-time>&limit=<1..1000>&cursor=<nextCursor>,
 *                                   newest first; nextCursor while older entries remain
 * POST /spokes/:name/refresh        queue a refresh of one spoke (202), one per person per interval
 * POST /refresh                     refresh every spoke now (through the scheduler; 202)
 * GET  /services/:name/secrets      a service's runbook secrets per spoke (never a value)
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, store, staleAfterMs, databaseTimeoutMs } =
    options;
  const now = options.now ?? (() => new Date());
  const db = <T>(operation: () => Promise<T>) =>
    withDatabaseTimeout(operation, databaseTimeoutMs);

  async function authorize(req: express.Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req);
    await requirePermission(permissions, credentials, permission);
    return credentials;
  }

  // A refresh by hand costs a round of AWS calls: one per person per interval.
  const manualRefreshes = new IntervalLimiter(options.manualRefreshIntervalMs);
  /** The caller's turn to refresh (release it if refused), or undefined after answering 429. */
  function takeRefreshTurn(
    req: express.Request,
    res: express.Response,
    credentials: BackstageCredentials,
  ): { release: () => void } | undefined {
    const { principal } = credentials as BackstageCredentials<{
      type: string;
      userEntityRef?: string;
      subject?: string;
    }>;
    const who =
      principal.userEntityRef ?? `${principal.type}:${principal.subject ?? ''}`;
    const at = now().getTime();
    const turn = manualRefreshes.take(who, at);
    if (turn.ok) return { release: () => manualRefreshes.release(who, at) };
    const seconds = Math.ceil(turn.retryAfterMs / 1000);
    res
      .status(429)
      .set('Retry-After', String(seconds))
      .json({
        error: {
          name: 'TooManyRequestsError',
          message: `You asked for a refresh less than ${Math.round(
            options.manualRefreshIntervalMs / 1000,
          )} s ago; try again in ${seconds} s (the scheduled refresh keeps running)`,
        },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 429 },
      });
    return undefined;
  }

  const router = Router();
  router.use(express.json());

  // The list changes only when a refresh run is recorded (every write bumps the
  // store's change version, on any replica), so the version tells whether the cached
  // list is current. The serialized answer is kept too, until the next time a spoke
  // turns stale.
  let listCache:
    | {
        version: number;
        items: StoredSummary[];
        lastRefresh?: SpokeListResponse['lastRefresh'];
        body?: { json: string; validUntil: number };
      }
    | undefined;

  router.get('/spokes', async (req, res) => {
    await authorize(req, platformHealthReadPermission);
    const version = await db(() => store.changeVersion());
    if (listCache?.version !== version) {
      const [items, lastRefresh] = await db(() =>
        Promise.all([store.listLatest(), store.lastRefresh()]),
      );
      listCache = { version, items, lastRefresh };
    }
    const cache = listCache;
    const at = now().getTime();
    if (!cache.body || at >= cache.body.validUntil) {
      const body: SpokeListResponse = {
        items: cache.items.map(item => toListItem(item, now(), staleAfterMs)),
        lastRefresh: cache.lastRefresh,
        staleAfterSeconds: Math.round(staleAfterMs / 1000),
      };
      // The answer holds until the next fresh snapshot crosses the stale age.
      const flips = cache.items
        .map(item => Date.parse(item.refreshedAt) + staleAfterMs + 1)
        .filter(t => t > at);
      cache.body = {
        json: JSON.stringify(body),
        validUntil: flips.length ? Math.min(...flips) : Infinity,
      };
    }
    res.type('application/json').send(cache.body.json);
  });

  router.get('/services/:name/secrets', async (req, res) => {
    const { name } = parse(serviceParams, req.params, 'path');
    if (!options.readServiceSecrets) {
      throw new NotFoundError('Service secrets are not served by this backend');
    }
    const credentials = await httpAuth.credentials(req);
    const body = await options.readServiceSecrets(name, credentials);
    if (!body) {
      throw new NotFoundError(`No service named ${name} in the catalog`);
    }
    res.json(body);
  });

  router.get('/spokes/:name', async (req, res) => {
    await authorize(req, platformHealthReadPermission);
    const { name } = parse(spokeParams, req.params, 'path');
    const health = await db(() => store.getLatest(name));
    if (!health) throw unknownSpoke(name);
    const body: SpokeHealthResponse = toSpokeResponse(
      health,
      now(),
      staleAfterMs,
    );
    res.json(body);
  });

  router.get('/spokes/:name/history', async (req, res) => {
    await authorize(req, platformHealthReadPermission);
    const { name } = parse(spokeParams, req.params, 'path');
    const query = parse(historyQuery, req.query, 'query');
    const after =
      query.cursor !== undefined
        ? decodeHistoryCursor(query.cursor)
        : undefined;
    const page = await db(() =>
      store.getHistory(name, {
        since: query.since ? new Date(query.since) : undefined,
        limit: query.limit ?? HISTORY_DEFAULT_LIMIT,
        after,
      }),
    );
    if (
      page.items.length === 0 &&
      !after &&
      !(await db(() => store.knows(name)))
    ) {
      throw unknownSpoke(name);
    }
    const body: SpokeHistoryResponse = { spoke: name, items: page.items };
    if (page.next) body.nextCursor = encodeHistoryCursor(page.next);
    res.json(body);
  });

  router.post('/spokes/:name/refresh', async (req, res) => {
    const credentials = await authorize(req, platformHealthRefreshPermission);
    const { name } = parse(spokeParams, req.params, 'path');
    const turn = takeRefreshTurn(req, res, credentials);
    if (!turn) return;
    await options.requestSpokeRefresh(name).catch(e => {
      // An unknown spoke or a failed catalog read costs no turn.
      turn.release();
      throw toServiceUnavailable(e);
    });
    res.status(202).json({
      status: 'accepted',
      message: `The refresh of ${name} is queued behind any refresh already running; its result appears on the page when it finishes`,
    });
  });

  router.post('/refresh', async (req, res) => {
    const credentials = await authorize(req, platformHealthRefreshPermission);
    const turn = takeRefreshTurn(req, res, credentials);
    if (!turn) return;
    try {
      await db(() => options.triggerRefresh());
    } catch (e) {
      turn.release();
      if ((e as Error).name === ConflictError.name) {
        throw new ConflictError(
          'A refresh of all spokes is already running; its results appear when it finishes',
        );
      }
      throw e;
    }
    res.status(202).json({
      status: 'triggered',
      message: 'The refresh of all spokes starts within seconds',
    });
  });

  return router;
}
