import { EMPTY_FACTS, PullFacts, RequestFacts } from './facts';
import { describeRequest, formatWait, legEnvironment } from './timeline';

const NOW = new Date('2026-12-03T12:00:00Z');

const pull = (over: Partial<PullFacts> = {}): PullFacts => ({
  state: 'open',
  draft: false,
  merged: false,
  title: 'platform: add spoke qa',
  htmlUrl: 'https://github.com/acme/platform/pull/12',
  headSha: 'a'.repeat(40),
  createdAt: '2026-12-01T09:00:00Z',
  updatedAt: '2026-12-01T09:00:00Z',
  baseRepository: 'acme/platform',
  ...over,
});

const merged = (over: Partial<PullFacts> = {}) =>
  pull({
    state: 'closed',
    merged: true,
    mergedAt: '2026-12-02T10:00:00Z',
    closedAt: '2026-12-02T10:00:00Z',
    mergeCommitSha: 'm'.repeat(40),
    ...over,
  });

const passing = [
  'pr / synth',
  'pr / charts',
  'pr / workflows',
  'pr / plan',
].map(name => ({
  name,
  status: 'completed',
  conclusion: 'success',
  completedAt: '2026-12-01T09:20:00Z',
  htmlUrl: `https://github.com/acme/platform/runs/${name}`,
}));

const facts = (over: Partial<RequestFacts>): RequestFacts => ({
  ...EMPTY_FACTS,
  ...over,
});

const step = (d: ReturnType<typeof describeRequest>, id: string) =>
  d.timeline.find(s => s.id === id);

describe('describeRequest', () => {
  it('is open with checks waiting before the pipeline reports', () => {
    const d = describeRequest(facts({ pull: pull() }), NOW);
    expect(d.stage).toBe('open');
    expect(d.ended).toBe(false);
    expect(d.timeline.map(s => [s.id, s.state])).toEqual([
      ['opened', 'done'],
      ['checks', 'waiting'],
      ['reviews', 'waiting'],
      ['merged', 'waiting'],
    ]);
    expect(step(d, 'opened')).toMatchObject({
      at: '2026-12-01T09:00:00Z',
      url: 'https://github.com/acme/platform/pull/12',
    });
  });

  it('is a draft while the pull request is one', () => {
    expect(
      describeRequest(facts({ pull: pull({ draft: true }) }), NOW).stage,
    ).toBe('draft');
  });

  it('names the failing check by the title the pipeline gave it', () => {
    const d = describeRequest(
      facts({
        pull: pull(),
        prChecks: [
          ...passing.filter(c => c.name !== 'pr / synth'),
          {
            name: 'pr / synth',
            status: 'completed',
            conclusion: 'failure',
            completedAt: '2026-12-01T09:15:00Z',
            htmlUrl: 'https://github.com/acme/platform/runs/77',
            title: 'cdk-nag in platform-spoke-qa',
          },
          { name: 'lint', status: 'completed', conclusion: 'failure' },
        ],
      }),
      NOW,
    );
    expect(d.stuck).toBe('checks failing: cdk-nag in platform-spoke-qa');
    expect(d.failed).toBe(true);
    expect(step(d, 'checks')).toMatchObject({
      state: 'failed',
      url: 'https://github.com/acme/platform/runs/77',
    });
    // Only the pipeline's own checks count.
    expect(step(d, 'checks')?.children?.map(c => c.id)).toHaveLength(4);
  });

  it('counts each reviewer’s latest verdict: changes requested, then approved', () => {
    const changes = describeRequest(
      facts({
        pull: pull(),
        prChecks: passing,
        reviews: [
          {
            user: 'bo',
            state: 'APPROVED',
            submittedAt: '2026-12-01T10:00:00Z',
          },
          {
            user: 'cy',
            state: 'CHANGES_REQUESTED',
            submittedAt: '2026-12-01T11:00:00Z',
          },
          {
            user: 'cy',
            state: 'COMMENTED',
            submittedAt: '2026-12-01T12:00:00Z',
          },
        ],
      }),
      NOW,
    );
    expect(changes.stage).toBe('changes-requested');
    expect(changes.stuck).toBe('changes requested by cy');
    expect(changes.failed).toBe(false);

    const approved = describeRequest(
      facts({
        pull: pull(),
        prChecks: passing,
        reviews: [
          {
            user: 'cy',
            state: 'CHANGES_REQUESTED',
            submittedAt: '2026-12-01T11:00:00Z',
          },
          {
            user: 'cy',
            state: 'APPROVED',
            submittedAt: '2026-12-01T13:00:00Z',
          },
        ],
      }),
      NOW,
    );
    expect(approved.stage).toBe('approved');
    expect(approved.stuck).toBeUndefined();
    expect(step(approved, 'checks')?.state).toBe('done');
    expect(step(approved, 'reviews')).toMatchObject({
      state: 'done',
      at: '2026-12-01T13:00:00Z',
      detail: 'approved by cy',
    });
  });

  it('ends a pull request closed without merging', () => {
    const d = describeRequest(
      facts({
        pull: pull({ state: 'closed', closedAt: '2026-12-02T08:00:00Z' }),
      }),
      NOW,
    );
    expect(d).toMatchObject({
      stage: 'closed',
      ended: true,
      endReason: 'closed without merging',
    });
    expect(step(d, 'merged')).toMatchObject({
      state: 'failed',
      at: '2026-12-02T08:00:00Z',
    });
  });

  it('ends with the reason when the pull request is gone', () => {
    const reason = 'the pull request is gone: GitHub answered 404';
    const d = describeRequest(
      facts({ pull: pull(), gone: { reason, at: NOW.toISOString() } }),
      NOW,
    );
    expect(d).toMatchObject({
      stage: 'closed',
      ended: true,
      endReason: reason,
    });
  });

  it('is merged until the deploy starts, with a link to the merge commit', () => {
    const d = describeRequest(
      facts({ pull: merged(), prChecks: passing }),
      NOW,
    );
    expect(d.stage).toBe('merged');
    expect(step(d, 'merged')).toMatchObject({
      state: 'done',
      at: '2026-12-02T10:00:00Z',
      url: `https://github.com/acme/platform/commit/${'m'.repeat(40)}`,
    });
    expect(step(d, 'deployed')?.detail).toBe('waiting for the deploy to start');
  });

  it('says how long a deploy has waited for an environment approval', () => {
    const d = describeRequest(
      facts({
        pull: merged(),
        deployChecks: [
          {
            name: 'deploy / platform-hub',
            status: 'completed',
            conclusion: 'success',
            completedAt: '2026-12-02T10:20:00Z',
          },
          {
            name: 'deploy / platform-spoke-prod',
            status: 'waiting',
            startedAt: '2026-12-02T10:00:00Z',
          },
        ],
      }),
      NOW,
    );
    expect(d.stage).toBe('deploying');
    expect(d.stuck).toBe('waiting 26 h for prod approval');
    expect(d.failed).toBe(false);
    expect(step(d, 'deployed')?.children?.map(c => [c.id, c.state])).toEqual([
      ['deploy / platform-hub', 'done'],
      ['deploy / platform-spoke-prod', 'waiting'],
    ]);
  });

  it('names the stack where the deploy failed', () => {
    const d = describeRequest(
      facts({
        pull: merged(),
        deployChecks: [
          {
            name: 'deploy / platform-hub',
            status: 'completed',
            conclusion: 'failure',
            htmlUrl: 'https://github.com/acme/platform/runs/9',
          },
          {
            name: 'deploy / summary',
            status: 'completed',
            conclusion: 'failure',
          },
        ],
      }),
      NOW,
    );
    expect(d).toMatchObject({
      stage: 'deploying',
      stuck: 'deploy failed at platform-hub',
      failed: true,
    });
    expect(step(d, 'deployed')?.url).toBe(
      'https://github.com/acme/platform/runs/9',
    );
  });

  it('is deployed only once the summary job passed, then healthy with the portal’s evidence', () => {
    const legs = [
      {
        name: 'deploy / platform-spoke-qa',
        status: 'completed',
        conclusion: 'success',
        completedAt: '2026-12-02T10:30:00Z',
      },
      {
        name: 'handshake / qa',
        status: 'completed',
        conclusion: 'success',
        completedAt: '2026-12-02T10:40:00Z',
      },
    ];
    const running = describeRequest(
      facts({ pull: merged(), deployChecks: legs }),
      NOW,
    );
    expect(running.stage).toBe('deploying');
    expect(running.deployFinished).toBe(false);

    const summary = {
      name: 'deploy / summary',
      status: 'completed',
      conclusion: 'success',
      completedAt: '2026-12-02T10:41:00Z',
    };
    const notInCatalog = describeRequest(
      facts({
        pull: merged(),
        deployChecks: [...legs, summary],
        portal: { inCatalog: false, spokes: [], checkedAt: NOW.toISOString() },
      }),
      NOW,
    );
    expect(notInCatalog.stage).toBe('deployed');
    expect(notInCatalog.deployFinished).toBe(true);
    expect(notInCatalog.stuck).toBe('deployed, not in the catalog yet');
    expect(step(notInCatalog, 'deployed')?.at).toBe('2026-12-02T10:41:00Z');

    const critical = describeRequest(
      facts({
        pull: merged(),
        deployChecks: [...legs, summary],
        portal: {
          inCatalog: true,
          spokes: [
            { spoke: 'qa', status: 'critical', summary: 'EKS unreachable' },
          ],
          checkedAt: NOW.toISOString(),
        },
      }),
      NOW,
    );
    expect(critical).toMatchObject({
      stage: 'deployed',
      stuck: 'spoke qa is critical: EKS unreachable',
      failed: true,
      ended: false,
    });

    const healthy = describeRequest(
      facts({
        pull: merged(),
        deployChecks: [...legs, summary],
        portal: {
          inCatalog: true,
          spokes: [{ spoke: 'qa', status: 'ok' }],
          checkedAt: NOW.toISOString(),
        },
      }),
      NOW,
      'http://portal/catalog/default/system/qa',
    );
    expect(healthy).toMatchObject({
      stage: 'healthy',
      ended: true,
      endReason: 'running and healthy',
      failed: false,
    });
    expect(step(healthy, 'healthy')).toMatchObject({
      state: 'done',
      at: NOW.toISOString(),
      url: 'http://portal/catalog/default/system/qa',
    });
  });

  it('follows workflow runs per environment when there are no deploy check runs', () => {
    const run = {
      id: 1,
      name: 'service-promote',
      htmlUrl: 'https://github.com/acme/platform/actions/runs/1',
      createdAt: '2026-12-02T10:00:00Z',
      updatedAt: '2026-12-02T11:00:00Z',
    };
    const waiting = describeRequest(
      facts({
        pull: merged(),
        deployRuns: [
          {
            ...run,
            status: 'waiting',
            waitingFor: [
              { environment: 'staging', since: '2026-12-03T11:30:00Z' },
            ],
          },
        ],
      }),
      NOW,
    );
    expect(waiting.stuck).toBe('waiting 30 min for staging approval');
    const done = describeRequest(
      facts({
        pull: merged(),
        deployRuns: [{ ...run, status: 'completed', conclusion: 'success' }],
      }),
      NOW,
    );
    expect(done.stage).toBe('deployed');
    const failed = describeRequest(
      facts({
        pull: merged(),
        deployRuns: [{ ...run, status: 'completed', conclusion: 'failure' }],
      }),
      NOW,
    );
    expect(failed.stuck).toBe('deploy failed at service-promote');
  });
});

describe('formatWait', () => {
  it('uses minutes, hours, then days', () => {
    expect(formatWait('2026-12-03T11:48:00Z', NOW)).toBe('12 min');
    expect(formatWait('2026-12-02T10:00:00Z', NOW)).toBe('26 h');
    expect(formatWait('2026-11-29T12:00:00Z', NOW)).toBe('4 d');
    expect(formatWait(undefined, NOW)).toBe('a while');
  });
});

describe('legEnvironment', () => {
  it('maps the platform’s stack names to GitHub environments', () => {
    expect(legEnvironment('deploy / platform-hub')).toBe('hub');
    expect(legEnvironment('deploy / platform-spoke-prod')).toBe('prod');
    expect(legEnvironment('deploy / platform-cicd-dev')).toBe('dev');
    expect(legEnvironment('handshake / staging')).toBe('staging');
    expect(legEnvironment('deploy / plan')).toBeUndefined();
  });
});
