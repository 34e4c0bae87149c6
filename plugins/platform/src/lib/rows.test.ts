import { healthFixtures } from '@internal/plugin-platform-common';
import {
  gatewayCheck,
  listOf,
  sampleSpokes,
  spokeDetail,
} from '../__testUtils__/fixtures';
import {
  buildRows,
  environmentClasses,
  filterRows,
  hubRow,
  ownerLabel,
  owners,
  HubInfo,
  newestSpoke,
  pageOf,
  spokeRow,
} from './rows';

const hub: HubInfo = {
  name: 'hub',
  entityRef: 'system:default/hub',
  owner: 'group:default/platform-team',
  accountId: '111122223333',
  region: 'ap-southeast-3',
  gateway: {
    check: gatewayCheck,
    spoke: 'dev',
    refreshedAt: healthFixtures.refreshedAt,
    stale: false,
  },
};

describe('spokeRow', () => {
  it("takes each component's status and reason from the summary", () => {
    const row = spokeRow(
      healthFixtures.summary(healthFixtures.degraded('staging')),
    );
    expect(row.components['tgw-attachment']).toEqual({
      kind: 'status',
      status: 'critical',
      summary: expect.stringContaining('blackhole'),
    });
    expect(row.components.aurora).toMatchObject({ status: 'unknown' });
    expect(row.overall).toMatchObject({ kind: 'status', status: 'critical' });
    expect(row.hasDetail).toBe(true);
  });

  it('marks a component the backend did not report as unknown, saying so', () => {
    const summary = healthFixtures.summary(healthFixtures.healthy('dev'));
    summary.components = summary.components.filter(c => c.component !== 'eks');
    expect(spokeRow(summary).components.eks).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('Not reported'),
    });
  });
});

describe('hubRow', () => {
  it('shows the hub TGW check as its Transit Gateway and overall status', () => {
    const row = hubRow(hub);
    expect(row.components['tgw-attachment']).toEqual({
      kind: 'status',
      status: 'ok',
      summary: gatewayCheck.summary,
    });
    expect(row.overall).toEqual(row.components['tgw-attachment']);
    expect(row.components.eks.kind).toBe('not-applicable');
    expect(row.components.aurora.kind).toBe('not-applicable');
    expect(row.hasDetail).toBe(false);
  });

  it('is loading while the check is read, unknown when no spoke has one', () => {
    expect(hubRow({ ...hub, gateway: undefined }).overall.kind).toBe('loading');
    expect(hubRow({ ...hub, gateway: null }).overall).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('no spoke has been refreshed'),
    });
  });

  it('says why when the check could not be read', () => {
    expect(
      hubRow({ ...hub, gateway: null, gatewayError: 'HTTP 503' }).overall,
    ).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('HTTP 503'),
    });
  });
});

describe('buildRows', () => {
  const spokes = sampleSpokes();
  const list = listOf([spokes.staging, spokes.prod, spokes.dev]);

  it('puts the hub first, then the spokes by name', () => {
    expect(buildRows(list, hub).map(r => r.name)).toEqual([
      'hub',
      'dev',
      'prod',
      'staging',
    ]);
  });

  it('uses the hub the API lists instead of the catalog one', () => {
    const listedHub = {
      ...healthFixtures.summary(healthFixtures.healthy('shared')),
      environmentClass: 'hub',
    };
    const rows = buildRows(listOf([spokes.dev]), hub);
    expect(rows[0].name).toBe('hub');
    const withListedHub = buildRows(
      {
        ...listOf([spokes.dev]),
        items: [listedHub, ...listOf([spokes.dev]).items],
      },
      hub,
    );
    expect(withListedHub.map(r => r.name)).toEqual(['shared', 'dev']);
    expect(withListedHub[0].isHub).toBe(true);
  });

  it('lists only spokes when there is no hub', () => {
    expect(buildRows(list, undefined).map(r => r.name)).toEqual([
      'dev',
      'prod',
      'staging',
    ]);
  });
});

describe('environment class filter', () => {
  const spokes = sampleSpokes();
  const rows = buildRows(listOf(Object.values(spokes)), hub);

  it('offers the classes present, hub first', () => {
    expect(environmentClasses(rows)).toEqual(['hub', 'non-prod', 'prod']);
  });

  it('keeps the rows of the chosen class, or all', () => {
    expect(
      filterRows(rows, { environmentClass: 'prod' }).map(r => r.name),
    ).toEqual(['prod']);
    expect(filterRows(rows, { environmentClass: '' })).toHaveLength(4);
  });

  it('keeps the rows of the chosen overall status, with the class', () => {
    expect(filterRows(rows, { status: 'critical' }).map(r => r.name)).toEqual([
      'staging',
    ]);
    expect(
      filterRows(rows, { environmentClass: 'non-prod', status: 'ok' }).map(
        r => r.name,
      ),
    ).toEqual(['dev']);
    expect(
      filterRows(rows, { environmentClass: 'prod', status: 'critical' }),
    ).toEqual([]);
  });

  it('offers the owners present by short name, and keeps the rows of one', () => {
    expect(owners(rows)).toEqual([
      'group:default/payments-team',
      'group:default/platform-team',
      'group:default/storefront-team',
    ]);
    expect(
      filterRows(rows, { owner: 'group:default/platform-team' }).map(
        r => r.name,
      ),
    ).toEqual(['hub', 'dev']);
    expect(
      filterRows(rows, {
        owner: 'group:default/platform-team',
        status: 'critical',
      }),
    ).toEqual([]);
  });

  it.each([
    ['group:default/payments-team', 'payments-team'],
    ['group:finance/payments-team', 'finance/payments-team'],
    ['user:default/ana', 'user:default/ana'],
    ['not-a-ref', 'not-a-ref'],
  ])('names the owner %s as %s', (ref, label) => {
    expect(ownerLabel(ref)).toBe(label);
  });
});

describe('pages', () => {
  const spokes = Array.from({ length: 120 }, (_, i) =>
    healthFixtures.healthy(`spoke-${String(i + 1).padStart(3, '0')}`),
  );
  const rows = buildRows(listOf(spokes.map(s => spokeDetail(s))), hub);

  it('shows 50 rows a page, the last page what remains', () => {
    expect(pageOf(rows, 0).rows).toHaveLength(50);
    const last = pageOf(rows, 2);
    expect(last.rows).toHaveLength(rows.length - 100);
    expect(last.page).toBe(2);
  });

  it('shows the last page for a page past the end, and the first for a negative one', () => {
    expect(pageOf(rows, 9).page).toBe(2);
    expect(pageOf(rows, -1).page).toBe(0);
    expect(pageOf([], 3)).toEqual({ rows: [], page: 0 });
  });
});

describe('newestSpoke', () => {
  it('picks the spoke with the newest snapshot', () => {
    const spokes = sampleSpokes();
    spokes.prod.refreshedAt = '2026-11-23T10:05:00.000Z';
    expect(newestSpoke(listOf(Object.values(spokes)))).toBe('prod');
  });

  it('has none when there are no spokes', () => {
    expect(newestSpoke(listOf([]))).toBeUndefined();
  });
});
