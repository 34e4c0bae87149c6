/**
 * Tracked requests: a pull request a template opened, followed until what it asked
 * for runs. Shapes shared by the platform backend (`/api/platform/requests`), the
 * scaffolder action `platform:request:track` and the frontend's Requests page.
 */

/** Where a request is, from the pull request's state to the portal's own evidence. */
export type RequestStage =
  | 'open'
  | 'draft'
  | 'changes-requested'
  | 'approved'
  | 'merged'
  | 'deploying'
  | 'deployed'
  | 'healthy'
  | 'closed';

/** Every stage, in the order a request passes through them (closed ends early). */
export const REQUEST_STAGES: readonly RequestStage[] = [
  'draft',
  'open',
  'changes-requested',
  'approved',
  'merged',
  'deploying',
  'deployed',
  'healthy',
  'closed',
];

/** The state of one timeline step. */
export type TimelineState =
  | 'done'
  | 'running'
  | 'waiting'
  | 'failed'
  | 'skipped';

/** One step of a request's timeline, with the deploy legs as children. */
export interface TimelineStep {
  /** opened | checks | reviews | merged | deployed | healthy, or a leg's name. */
  id: string;
  title: string;
  state: TimelineState;
  /** ISO 8601 time the step reached its state, when known. */
  at?: string;
  /** Where to look: the pull request, a check run, a workflow run, the entity. */
  url?: string;
  /** A sentence about the step, e.g. the failing check's title. */
  detail?: string;
  children?: TimelineStep[];
}

/** The kind of entity a request creates: a spoke's System or a service's Component. */
export type RequestEntityKind = 'System' | 'Component';

/** A tracked request as the list shows it. */
export interface PlatformRequestSummary {
  id: string;
  /** The scaffolder task that opened the pull request. */
  taskId?: string;
  /** The template's entity ref, e.g. template:default/new-environment. */
  template?: string;
  /** user entity ref of whoever ran the template. */
  requester: string;
  /** group entity ref of the team that will own the entity, when known. */
  owner?: string;
  /** `owner/repo` on the GitHub host. */
  repository: string;
  host: string;
  number: number;
  pullRequestUrl: string;
  title?: string;
  /** The entity the request creates, e.g. system:default/qa. */
  entityRef: string;
  entityKind: RequestEntityKind;
  stage: RequestStage;
  /** True once nothing more will happen: healthy, closed, deleted, moved. */
  ended: boolean;
  /** Why it ended, in words. */
  endReason?: string;
  /** What it waits on or what failed, in words; absent when it moves along. */
  stuck?: string;
  /** True when `stuck` names a failure rather than a wait. */
  failed: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One request with its timeline. */
export interface PlatformRequestDetail extends PlatformRequestSummary {
  timeline: TimelineStep[];
  /** When GitHub was last asked (or told through a webhook). */
  observedAt?: string;
}

/** `GET /requests`. */
export interface PlatformRequestListResponse {
  items: PlatformRequestSummary[];
}

/** Which requests the list shows: the caller's, their teams', or every readable one. */
export type RequestListScope = 'mine' | 'team' | 'all';

/** The notification topic of request steps. */
export const PLATFORM_REQUEST_NOTIFICATION_TOPIC = 'platform-request';

/** The scaffolder action that starts tracking a pull request. */
export const REQUEST_TRACK_ACTION_ID = 'platform:request:track';
