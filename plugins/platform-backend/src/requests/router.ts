import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  PlatformRequestDetail,
  PlatformRequestListResponse,
  PlatformRequestSummary,
  platformRequestReadPermission,
  RequestListScope,
} from '@internal/plugin-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { toNewRequest, trackRequestBody } from './input';
import { RequestQuery } from './permissionRules';
import { RequestTracker } from './RequestTracker';
import { RequestStore, TrackedRequest } from './RequestStore';
import { describeRequest } from './timeline';

export interface RequestsRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  store: RequestStore;
  tracker: RequestTracker;
  ruleset: PermissionRuleset<TrackedRequest, RequestQuery>;
  /** Entity refs of the platform team, who read every request. */
  platformTeam: string[];
  /** True when an `integrations.github` entry serves this host. */
  isGithubHost: (host: string) => boolean;
  entityLink?: (entityRef: string) => string | undefined;
  now?: () => Date;
}

/** The only caller allowed to record requests: the scaffolder's action. */
const SCAFFOLDER_SUBJECT = 'plugin:scaffolder';

const listQuery = z.strictObject({
  scope: z
    .enum(['mine', 'team', 'all'], { error: 'must be one of mine, team, all' })
    .optional(),
  entityRef: z.string().max(255).optional(),
  open: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(
    `Invalid ${result.error.issues
      .map(issue =>
        issue.code === 'unrecognized_keys'
          ? `unknown ${where} parameter ${issue.keys.join(', ')}`
          : `${where} parameter ${issue.path.join('.') || '(value)'}: ${
              issue.message
            }`,
      )
      .join('; ')}`,
  );
}

export function toSummary(r: TrackedRequest): PlatformRequestSummary {
  return {
    id: r.id,
    taskId: r.taskId,
    template: r.template,
    requester: r.requester,
    owner: r.owner,
    repository: r.repository,
    host: r.host,
    number: r.number,
    pullRequestUrl: r.facts.pull?.htmlUrl ?? r.pullRequestUrl,
    title: r.title,
    entityRef: r.entityRef,
    entityKind: r.entityKind,
    stage: r.stage,
    ended: r.ended,
    endReason: r.endReason,
    stuck: r.stuck,
    failed: r.failed,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Requests REST API.
 *
 * POST /requests      record a pull request a template opened (the scaffolder only)
 * GET  /requests      ?scope=mine|team|all&entityRef=&open=true|false, newest first
 * GET  /requests/:id  one request with its timeline
 */
export function createRequestsRouter(
  options: RequestsRouterOptions,
): express.Router {
  const { httpAuth, permissions, userInfo, store, tracker } = options;
  const now = options.now ?? (() => new Date());
  const authorizeConditions = createConditionAuthorizer(options.ruleset);
  const platformTeam = new Set(
    options.platformTeam.map(r => r.toLocaleLowerCase('en-US')),
  );

  /** What the caller may read, and the refs that make a request "mine" or "my team's". */
  async function readAccess(credentials: BackstageCredentials) {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: platformRequestReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `Not allowed: ${platformRequestReadPermission.name}`,
      );
    }
    let userRef: string | undefined;
    let refs: string[] = [];
    if ((credentials.principal as { type?: string }).type === 'user') {
      const info = await userInfo.getUserInfo(credentials);
      userRef = info.userEntityRef.toLocaleLowerCase('en-US');
      refs = info.ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'));
    }
    const teamRefs = refs.filter(r => r !== userRef);
    const isPlatformTeam = refs.some(r => platformTeam.has(r));
    const mine = (r: TrackedRequest) => !!userRef && r.requester === userRef;
    const teams = (r: TrackedRequest) =>
      !!r.owner && teamRefs.includes(r.owner);
    const canRead = (r: TrackedRequest): boolean => {
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        return authorizeConditions(decision, r);
      }
      // ALLOW: services and the platform team read all; everyone else their own
      // and their teams' requests, whatever the policy allows beyond that.
      if (!userRef || isPlatformTeam) return true;
      return mine(r) || teams(r);
    };
    return { canRead, mine, teams };
  }

  const router = Router();
  router.use(express.json());

  router.post('/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    if (credentials.principal.subject !== SCAFFOLDER_SUBJECT) {
      throw new NotAllowedError(
        `Only the scaffolder records requests (platform:request:track); ${credentials.principal.subject} may not`,
      );
    }
    const body = parse(trackRequestBody, req.body, 'body');
    const input = toNewRequest(body);
    if (!options.isGithubHost(input.host)) {
      throw new InputError(
        `Invalid body parameter pullRequestUrl: no integrations.github entry for host ${input.host}`,
      );
    }
    const request = await tracker.track(input);
    res.status(201).json(toSummary(request));
  });

  router.get('/requests', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(listQuery, req.query, 'query');
    const access = await readAccess(credentials);
    const scope: RequestListScope = query.scope ?? 'all';
    const all = await store.list({
      entityRef: query.entityRef,
      open: query.open === undefined ? undefined : query.open === 'true',
    });
    const items = all.filter(r => {
      if (!access.canRead(r)) return false;
      if (scope === 'mine') return access.mine(r);
      if (scope === 'team') return access.mine(r) || access.teams(r);
      return true;
    });
    const body: PlatformRequestListResponse = { items: items.map(toSummary) };
    res.json(body);
  });

  router.get('/requests/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { id } = parse(
      z.object({
        id: z.uuid({ error: 'must be a request id (a UUID)' }),
      }),
      req.params,
      'path',
    );
    const access = await readAccess(credentials);
    const request = await store.get(id);
    // Unreadable and unknown look the same, so ids reveal nothing.
    if (!request || !access.canRead(request)) {
      throw new NotFoundError(`No request ${id}`);
    }
    const description = describeRequest(
      request.facts,
      now(),
      options.entityLink?.(request.entityRef),
    );
    const body: PlatformRequestDetail = {
      ...toSummary(request),
      // Recomputed so waits ("waiting 26 h for prod approval") are current.
      stuck: request.ended ? request.stuck : description.stuck,
      timeline: description.timeline,
      observedAt: request.observedAt?.toISOString(),
    };
    res.json(body);
  });

  return router;
}
