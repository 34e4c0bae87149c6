import { EMPTY_FACTS } from './facts';
import { TrackedRequest } from './RequestStore';
import { changedForPages, requestsSignal } from './signals';

const base: TrackedRequest = {
  id: '0b6f3c1e-4d7a-4a55-9e0b-6a1f0c2d3e4f',
  requester: 'user:default/ana',
  owner: 'group:default/team-a',
  host: 'github.com',
  repository: 'acme/platform',
  number: 12,
  pullRequestUrl: 'https://github.com/acme/platform/pull/12',
  entityRef: 'system:default/qa',
  entityKind: 'System',
  stage: 'deployed',
  ended: false,
  failed: false,
  facts: {
    ...EMPTY_FACTS,
    portal: { inCatalog: true, spokes: [], checkedAt: '2026-12-01T09:00:00Z' },
  },
  cache: {},
  notified: [],
  nextPollAt: new Date('2026-12-01T09:02:00Z'),
  attempts: 0,
  version: 3,
  createdAt: new Date('2026-12-01T09:00:00Z'),
  updatedAt: new Date('2026-12-01T09:00:00Z'),
};

describe('changedForPages', () => {
  it('ignores when the request was looked at and when it is due next', () => {
    expect(
      changedForPages(base, {
        ...base,
        observedAt: new Date('2026-12-01T09:04:00Z'),
        nextPollAt: new Date('2026-12-01T09:06:00Z'),
        version: 4,
        facts: {
          ...base.facts,
          portal: { ...base.facts.portal!, checkedAt: '2026-12-01T09:04:00Z' },
        },
      }),
    ).toBe(false);
  });

  it('sees a new stage, reason or timeline fact', () => {
    expect(changedForPages(base, { ...base, stage: 'healthy' })).toBe(true);
    expect(changedForPages(base, { ...base, stuck: 'waiting' })).toBe(true);
    expect(
      changedForPages(base, {
        ...base,
        facts: {
          ...base.facts,
          portal: {
            ...base.facts.portal!,
            spokes: [{ spoke: 'qa', status: 'ok' }],
          },
        },
      }),
    ).toBe(true);
  });
});

describe('requestsSignal', () => {
  it('carries only ids, to the requester, the owning team and the platform team', () => {
    expect(
      requestsSignal(
        [
          base,
          { ...base, id: 'x', requester: 'user:default/Bo', owner: undefined },
        ],
        ['Group:default/platform-team'],
      ),
    ).toEqual({
      recipients: {
        type: 'user',
        entityRef: [
          'group:default/platform-team',
          'group:default/team-a',
          'user:default/ana',
          'user:default/bo',
        ],
      },
      channel: 'platform:requests',
      message: { ids: [base.id, 'x'] },
    });
  });

  it('sends nothing for no request', () => {
    expect(requestsSignal([], ['group:default/platform-team'])).toBeUndefined();
  });
});
