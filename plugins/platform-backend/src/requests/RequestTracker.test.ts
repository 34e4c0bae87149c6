import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { setupServer } from 'msw/node';
import { createTestDatabases } from '../__testUtils__/databases';
import { API, GithubFake } from '../__testUtils__/githubFake';
import { OctokitGithubRequestsApi } from './github/GithubClient';
import {
  DatabaseRequestStore,
  NewRequest,
  TrackedRequest,
} from './RequestStore';
import { PortalEvidence, RequestTracker } from './RequestTracker';
import { publishRequestsSignal } from './signals';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const github = new GithubFake();
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com', apiBaseUrl: API, token: 'test-token' }],
    },
  }),
);

const HEAD = 'a'.repeat(40);
const MERGE = 'm'.repeat(40);
const MINUTE = 60_000;

const qa: NewRequest = {
  host: 'github.com',
  repository: 'acme/platform',
  number: 12,
  pullRequestUrl: 'https://github.com/acme/platform/pull/12',
  entityRef: 'system:default/qa',
  entityKind: 'System',
  requester: 'user:default/ana',
  owner: 'group:default/team-a',
  taskId: 'task-1',
  template: 'template:default/new-environment',
};

const passingChecks = () =>
  ['pr / synth', 'pr / charts', 'pr / workflows', 'pr / plan'].forEach(name =>
    github.check({
      name,
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'success',
      started_at: '2026-12-01T09:05:00Z',
      completed_at: '2026-12-01T09:20:00Z',
    }),
  );

describe.each(databases.eachSupportedId())('RequestTracker on %s', id => {
  let clock: Date;
  let sent: NotificationSendOptions[];
  let portal: Awaited<ReturnType<PortalEvidence>>;

  async function setup(
    knex?: Awaited<ReturnType<typeof databases.init>>,
    options: {
      webhooks?: boolean;
      onChange?: (requests: TrackedRequest[]) => Promise<void>;
    } = {},
  ) {
    const db = knex ?? (await databases.init(id));
    const store = await DatabaseRequestStore.create({
      database: mockServices.database({ knex: db }),
    });
    const api = new OctokitGithubRequestsApi(
      integrations,
      {
        getCredentials: async () => ({ type: 'token', token: 'test-token' }),
      },
      () => clock,
    );
    const logger = mockServices.logger.mock();
    const tracker = new RequestTracker({
      store,
      github: api,
      portal: async () => portal,
      notifications: { send: async n => void sent.push(n) },
      logger,
      now: () => clock,
      intervals: { pollMs: 2 * MINUTE, webhookPollMs: 30 * MINUTE },
      webhooks: options.webhooks ?? false,
      requestLink: rid => `http://portal/requests/${rid}`,
      onChange: options.onChange,
    });
    return { knex: db, store, tracker, api, logger };
  }

  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };

  beforeEach(() => {
    clock = new Date('2026-12-01T09:01:00Z');
    sent = [];
    portal = { inCatalog: false, spokes: [] };
    github.pulls.clear();
    github.reviews.clear();
    github.checkRuns = [];
    github.runs = [];
    github.calls = [];
    github.failAlways(undefined);
    server.resetHandlers(...github.handlers());
    github.openPull(12);
  });

  it('follows a pull request by polling through every step to healthy, notifying at each', async () => {
    const { tracker, store } = await setup();
    let request = await tracker.track(qa);
    expect(request).toMatchObject({
      stage: 'open',
      title: 'platform: add spoke qa (nonprod)',
      headSha: HEAD,
    });
    const stages = [request.stage];
    const step = async (change: () => void) => {
      change();
      advance(2 * MINUTE);
      await tracker.pollDue();
      request = (await store.get(request.id))!;
      stages.push(request.stage);
      return request;
    };

    await step(() => github.updatePull(12, { draft: true }));
    expect(request.stage).toBe('draft');

    await step(() => {
      github.updatePull(12, { draft: false });
      github.check({
        name: 'pr / synth',
        head_sha: HEAD,
        status: 'completed',
        conclusion: 'failure',
        completed_at: '2026-12-01T09:10:00Z',
        title: 'cdk-nag in platform-spoke-qa',
      });
    });
    expect(request).toMatchObject({
      stage: 'open',
      stuck: 'checks failing: cdk-nag in platform-spoke-qa',
      failed: true,
    });

    await step(() => {
      passingChecks();
      github.review(12, 'cy', 'CHANGES_REQUESTED', '2026-12-01T10:00:00Z');
    });
    expect(request).toMatchObject({
      stage: 'changes-requested',
      stuck: 'changes requested by cy',
      failed: false,
    });

    await step(() =>
      github.review(12, 'cy', 'APPROVED', '2026-12-01T11:00:00Z'),
    );
    expect(request.stage).toBe('approved');

    await step(() => github.merge(12, '2026-12-01T11:30:00Z', MERGE));
    expect(request).toMatchObject({ stage: 'merged', mergeSha: MERGE });

    await step(() => {
      github.check({
        name: 'deploy / platform-hub',
        head_sha: MERGE,
        status: 'completed',
        conclusion: 'success',
        completed_at: '2026-12-01T11:40:00Z',
      });
      github.check({
        name: 'deploy / platform-spoke-qa',
        head_sha: MERGE,
        status: 'waiting',
        conclusion: null,
        started_at: '2026-12-01T11:41:00Z',
      });
    });
    expect(request.stage).toBe('deploying');
    expect(request.stuck).toMatch(/^waiting \d+ min for qa approval$/);

    await step(() => {
      for (const name of ['deploy / platform-spoke-qa', 'handshake / qa']) {
        github.check({
          name,
          head_sha: MERGE,
          status: 'completed',
          conclusion: 'success',
          completed_at: '2026-12-01T12:00:00Z',
        });
      }
      github.check({
        name: 'deploy / summary',
        head_sha: MERGE,
        status: 'completed',
        conclusion: 'success',
        completed_at: '2026-12-01T12:01:00Z',
      });
    });
    expect(request).toMatchObject({
      stage: 'deployed',
      stuck: 'deployed, not in the catalog yet',
    });

    // From here only the portal is asked: GitHub gets no more requests.
    const callsBefore = github.count();
    await step(() => {
      portal = {
        inCatalog: true,
        spokes: [{ spoke: 'qa', status: 'ok', summary: 'all checks ok' }],
        owner: 'group:default/team-a',
      };
    });
    expect(github.count()).toBe(callsBefore);
    expect(request).toMatchObject({
      stage: 'healthy',
      ended: true,
      endReason: 'running and healthy',
    });

    expect(stages).toEqual([
      'open',
      'draft',
      'open',
      'changes-requested',
      'approved',
      'merged',
      'deploying',
      'deployed',
      'healthy',
    ]);
    // One notification per stage reached, to the requester; the failure to the team too.
    const byTitle = sent.map(n => [
      n.payload.title,
      (n.recipients as { entityRef: string[] }).entityRef,
      n.payload.topic,
    ]);
    expect(byTitle).toEqual([
      [
        'system:default/qa: pull request open',
        ['user:default/ana'],
        'platform-request',
      ],
      [
        'system:default/qa: pull request is a draft',
        ['user:default/ana'],
        'platform-request',
      ],
      [
        'system:default/qa: checks failing: cdk-nag in platform-spoke-qa',
        ['user:default/ana', 'group:default/team-a'],
        'platform-request',
      ],
      [
        'system:default/qa: changes requested',
        ['user:default/ana'],
        'platform-request',
      ],
      [
        'system:default/qa: pull request approved',
        ['user:default/ana'],
        'platform-request',
      ],
      ['system:default/qa: merged', ['user:default/ana'], 'platform-request'],
      [
        'system:default/qa: deploying',
        ['user:default/ana'],
        'platform-request',
      ],
      ['system:default/qa: deployed', ['user:default/ana'], 'platform-request'],
      [
        'system:default/qa: running and healthy',
        ['user:default/ana'],
        'platform-request',
      ],
    ]);
    expect(sent[0].payload.link).toBe(`http://portal/requests/${request.id}`);

    // Ended requests are no longer polled.
    advance(60 * MINUTE);
    expect(await tracker.pollDue()).toEqual({ refreshed: 0 });
  });

  it('sends If-None-Match and keeps the facts when GitHub answers 304', async () => {
    const { tracker, store } = await setup();
    passingChecks();
    const first = await tracker.track(qa);
    expect(github.calls.map(c => [c.path, c.status, c.etag])).toEqual([
      ['pulls/12', 200, undefined],
      ['pulls/12/reviews', 200, undefined],
      [`commits/${HEAD}/check-runs`, 200, undefined],
    ]);
    github.calls = [];
    advance(2 * MINUTE);
    await tracker.pollDue();
    expect(github.calls.map(c => c.status)).toEqual([304, 304, 304]);
    expect(github.calls.every(c => c.etag?.startsWith('W/"'))).toBe(true);
    const after = (await store.get(first.id))!;
    expect(after.facts).toEqual(first.facts);
    expect(after.stage).toBe('open');
    expect(after.facts.prChecks).toHaveLength(4);
  });

  it('reads every page of a long review list, and asks it whole again rather than trust the first page', async () => {
    const { tracker, store } = await setup();
    for (let i = 0; i < 120; i++) {
      github.review(12, `reader${i}`, 'COMMENTED', '2026-12-01T09:02:00Z');
    }
    const first = await tracker.track(qa);
    expect(first.stage).toBe('open');
    expect(github.calls.map(c => c.path)).toContain('pulls/12/reviews?page=2');

    // The approval lands on the second page; the first page alone is unchanged.
    github.review(12, 'reviewer', 'APPROVED', '2026-12-01T09:30:00Z');
    github.calls = [];
    advance(2 * MINUTE);
    await tracker.pollDue();
    const reviewCalls = github.calls.filter(c => c.path.includes('/reviews'));
    expect(reviewCalls.map(c => [c.path, c.status, c.etag])).toEqual([
      ['pulls/12/reviews', 200, undefined],
      ['pulls/12/reviews?page=2', 200, undefined],
    ]);
    expect((await store.get(first.id))!.stage).toBe('approved');
  });

  it('refreshes at once on webhooks and polls only as a safety net', async () => {
    const { store, tracker } = await setup(undefined, { webhooks: true });
    const request = await tracker.track(qa);
    const read = () => store.get(request.id);
    expect((await read())!.nextPollAt.getTime()).toBe(
      clock.getTime() + 30 * MINUTE,
    );

    const repository = {
      full_name: 'acme/platform',
      html_url: 'https://github.com/acme/platform',
    };
    github.review(12, 'cy', 'APPROVED', '2026-12-01T11:00:00Z');
    expect(
      await tracker.handleEvent({
        topic: 'github.pull_request_review',
        payload: {
          action: 'submitted',
          repository,
          pull_request: { number: 12 },
        },
      }),
    ).toBe(1);
    expect((await read())!.stage).toBe('approved');

    github.check({
      name: 'pr / synth',
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'failure',
      title: 'cdk-nag in platform-spoke-qa',
    });
    await tracker.handleEvent({
      topic: 'github.check_run',
      payload: {
        action: 'completed',
        repository,
        check_run: { head_sha: HEAD, pull_requests: [] },
      },
    });
    expect((await read())!.stuck).toBe(
      'checks failing: cdk-nag in platform-spoke-qa',
    );

    github.merge(12, '2026-12-01T11:30:00Z', MERGE);
    await tracker.handleEvent({
      topic: 'github.pull_request',
      payload: { action: 'closed', repository, pull_request: { number: 12 } },
    });
    expect((await read())!.stage).toBe('merged');

    github.run({
      id: 77,
      name: 'platform-deploy',
      head_sha: MERGE,
      status: 'waiting',
      conclusion: null,
      created_at: '2026-12-01T11:31:00Z',
      updated_at: '2026-12-01T11:35:00Z',
      pending: [{ environment: 'prod', since: '2026-12-01T11:35:00Z' }],
    });
    clock = new Date('2026-12-02T13:35:00Z');
    await tracker.handleEvent({
      topic: 'github.workflow_run',
      payload: {
        action: 'requested',
        repository,
        workflow_run: { head_sha: MERGE },
      },
    });
    expect((await read())!.stuck).toBe('waiting 26 h for prod approval');

    // Another repository's events touch nothing.
    const before = github.count();
    expect(
      await tracker.handleEvent({
        topic: 'github.pull_request',
        payload: {
          repository: {
            full_name: 'acme/other',
            html_url: 'https://github.com/acme/other',
          },
          pull_request: { number: 12 },
        },
      }),
    ).toBe(0);
    expect(github.count()).toBe(before);
  });

  it('backs off on a spent rate limit and on 5xx without losing the request', async () => {
    const { tracker, store } = await setup();
    const request = await tracker.track(qa);
    const resetAt = Math.floor(clock.getTime() / 1000) + 3600;

    advance(2 * MINUTE);
    github.failNext({ kind: 'rate-limit', resetEpochSeconds: resetAt });
    await tracker.pollDue();
    let stored = (await store.get(request.id))!;
    expect(stored.nextPollAt.getTime()).toBe(resetAt * 1000);
    expect(stored.ended).toBe(false);
    expect(tracker.rateLimitedUntil?.getTime()).toBe(resetAt * 1000);

    // Nothing is asked while the limit is spent, even for webhooks.
    const calls = github.count();
    advance(10 * MINUTE);
    await tracker.pollDue();
    await tracker.handleEvent({
      topic: 'github.pull_request',
      payload: {
        repository: {
          full_name: 'acme/platform',
          html_url: 'https://github.com/acme/platform',
        },
        pull_request: { number: 12 },
      },
    });
    expect(github.count()).toBe(calls);

    clock = new Date(resetAt * 1000 + 1000);
    github.updatePull(12, { title: 'platform: add spoke qa (edited)' });
    await tracker.pollDue();
    stored = (await store.get(request.id))!;
    expect(stored.title).toBe('platform: add spoke qa (edited)');
    expect(stored.attempts).toBe(0);

    // 502, 503: exponential backoff (2, 4 min); then a good answer resets it.
    advance(2 * MINUTE);
    github.failAlways({ kind: 'server-error', status: 502 });
    await tracker.pollDue();
    stored = (await store.get(request.id))!;
    expect(stored.attempts).toBe(1);
    expect(stored.nextPollAt.getTime()).toBe(clock.getTime() + 2 * MINUTE);
    advance(2 * MINUTE);
    await tracker.pollDue();
    stored = (await store.get(request.id))!;
    expect(stored.attempts).toBe(2);
    expect(stored.nextPollAt.getTime()).toBe(clock.getTime() + 4 * MINUTE);
    advance(MINUTE);
    expect(await tracker.pollDue()).toEqual({ refreshed: 0 });

    github.failAlways(undefined);
    github.failNext({ kind: 'retry-after', seconds: 90 });
    advance(3 * MINUTE);
    await tracker.pollDue();
    stored = (await store.get(request.id))!;
    expect(stored.nextPollAt.getTime()).toBe(clock.getTime() + 90_000);

    advance(2 * MINUTE);
    await tracker.pollDue();
    stored = (await store.get(request.id))!;
    expect(stored).toMatchObject({ attempts: 0, ended: false, stage: 'open' });
  });

  it('signals a new request and each change its pages show, to the requester, team and platform team', async () => {
    const publish = jest.fn(async () => {});
    const { tracker } = await setup(undefined, {
      onChange: publishRequestsSignal({ publish }, [
        'group:default/platform-team',
      ]),
    });
    const request = await tracker.track(qa);
    expect(publish.mock.calls).toEqual([
      [
        {
          recipients: {
            type: 'user',
            entityRef: [
              'group:default/platform-team',
              'group:default/team-a',
              'user:default/ana',
            ],
          },
          channel: 'platform:requests',
          // Ids only: the pages read the rest through the permission-checked API.
          message: { ids: [request.id] },
        },
      ],
    ]);

    // A look that finds nothing new is no change.
    advance(2 * MINUTE);
    await tracker.pollDue();
    expect(publish).toHaveBeenCalledTimes(1);

    advance(2 * MINUTE);
    github.updatePull(12, { draft: true });
    await tracker.pollDue();
    expect(publish).toHaveBeenCalledTimes(2);
    expect(publish.mock.calls[1]).toEqual([
      expect.objectContaining({ message: { ids: [request.id] } }),
    ]);
  });

  it('stores the change and logs when the signal cannot be published', async () => {
    const { tracker, store, logger } = await setup(undefined, {
      onChange: async () => {
        throw new Error('events bus down');
      },
    });
    const request = await tracker.track(qa);
    advance(2 * MINUTE);
    github.updatePull(12, { draft: true });
    const refreshed = await tracker.refresh(request);
    expect(refreshed.stage).toBe('draft');
    expect((await store.get(request.id))!.stage).toBe('draft');
    expect(logger.warn).toHaveBeenCalledWith(
      `Could not signal the change of request ${request.id}: Error: events bus down`,
    );
  });

  it('resumes after a restart with its ETags and without repeating notifications', async () => {
    const first = await setup();
    passingChecks();
    const request = await first.tracker.track(qa);
    expect(sent).toHaveLength(1);

    // A new store and tracker on the same database: what a restarted backend builds.
    const second = await setup(first.knex);
    github.calls = [];
    advance(2 * MINUTE);
    expect(await second.tracker.pollDue()).toEqual({ refreshed: 1 });
    expect(github.calls.map(c => c.status)).toEqual([304, 304, 304]);
    expect(sent).toHaveLength(1);

    github.review(12, 'cy', 'APPROVED', '2026-12-01T11:00:00Z');
    advance(2 * MINUTE);
    await second.tracker.pollDue();
    expect((await second.store.get(request.id))!.stage).toBe('approved');
    expect(sent.map(n => n.payload.title)).toEqual([
      'system:default/qa: pull request open',
      'system:default/qa: pull request approved',
    ]);
    // Tracking the same pull request again (a retried task) returns the same request.
    const again = await second.tracker.track(qa);
    expect(again.id).toBe(request.id);
  });

  it('sends a notification once when two replicas refresh the same request at once', async () => {
    const first = await setup();
    const second = await setup(first.knex);
    const request = await first.tracker.track(qa);
    github.review(12, 'cy', 'APPROVED', '2026-12-01T11:00:00Z');
    advance(2 * MINUTE);
    // Both read the request before either wrote it (the poller and a webhook).
    const [a, b] = await Promise.all([
      first.store.get(request.id),
      second.store.get(request.id),
    ]);
    await first.tracker.refresh(a!);
    await second.tracker.refresh(b!);
    expect(sent.map(n => n.payload.title)).toEqual([
      'system:default/qa: pull request open',
      'system:default/qa: pull request approved',
    ]);
    expect(await first.store.get(request.id)).toMatchObject({
      stage: 'approved',
      notified: ['stage:open', 'stage:approved'],
    });
  });

  it('ends a request closed unmerged, deleted (404) or moved (301), with the reason', async () => {
    const { tracker, store } = await setup();
    const closed = await tracker.track(qa);
    github.updatePull(12, {
      state: 'closed',
      closed_at: '2026-12-01T10:00:00Z',
    });
    advance(2 * MINUTE);
    await tracker.pollDue();
    expect(await store.get(closed.id)).toMatchObject({
      stage: 'closed',
      ended: true,
      endReason: 'closed without merging',
    });

    github.openPull(13);
    const deleted = await tracker.track({ ...qa, number: 13 });
    github.pulls.delete(13);
    advance(2 * MINUTE);
    await tracker.pollDue();
    expect(await store.get(deleted.id)).toMatchObject({
      stage: 'closed',
      ended: true,
      endReason: expect.stringContaining('GitHub answered 404'),
    });

    github.openPull(14);
    const moved = await tracker.track({ ...qa, number: 14 });
    github.failNext({
      kind: 'moved',
      location: `${API}/repositories/4242/pulls/14`,
    });
    advance(2 * MINUTE);
    await tracker.pollDue();
    expect(await store.get(moved.id)).toMatchObject({
      stage: 'closed',
      ended: true,
      endReason: expect.stringContaining(
        'the repository acme/platform was renamed or moved',
      ),
    });
    expect(
      sent
        .filter(n => n.payload.title.endsWith(': ended'))
        .map(n => n.payload.description),
    ).toEqual([
      'closed without merging',
      expect.stringContaining('404'),
      expect.stringContaining('renamed or moved'),
    ]);
  });

  it('still follows a pull request edited by hand: new title, new commits', async () => {
    const { tracker, store } = await setup();
    passingChecks();
    const request = await tracker.track(qa);
    expect((await store.get(request.id))!.facts.prChecks).toHaveLength(4);

    const pushed = 'b'.repeat(40);
    github.updatePull(12, { title: 'qa spoke, smaller VPC', head_sha: pushed });
    github.check({
      name: 'pr / synth',
      head_sha: pushed,
      status: 'in_progress',
      conclusion: null,
    });
    advance(2 * MINUTE);
    await tracker.pollDue();
    const stored = (await store.get(request.id))!;
    expect(stored).toMatchObject({
      title: 'qa spoke, smaller VPC',
      headSha: pushed,
      stage: 'open',
    });
    expect(stored.facts.prChecks.map(c => [c.name, c.status])).toEqual([
      ['pr / synth', 'in_progress'],
    ]);
    expect(Object.keys(stored.cache)).toEqual(
      expect.arrayContaining(['pull', 'reviews', `checks:${pushed}`]),
    );
    expect(Object.keys(stored.cache)).not.toContain(`checks:${HEAD}`);
  });
});
