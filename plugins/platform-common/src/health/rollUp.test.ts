import {
  compareStatusSeverity,
  rollUpChecks,
  rollUpComponent,
  rollUpSpoke,
  worstStatus,
} from './rollUp';
import { healthFixtures } from './fixtures';
import { HealthCheckResult, HealthStatus, isHealthStatus } from './types';

const check = (
  id: string,
  status: HealthStatus,
  component: HealthCheckResult['component'] = 'eks',
): HealthCheckResult => ({
  id,
  component,
  title: id,
  status,
  summary: `${id} is ${status}`,
  details: {},
});

const identity = { spoke: 'dev', entityRef: 'system:default/dev' };

describe('worstStatus', () => {
  it('ranks critical over warning over unknown over ok', () => {
    expect(worstStatus(['ok', 'unknown', 'warning', 'critical'])).toBe(
      'critical',
    );
    expect(worstStatus(['ok', 'unknown', 'warning'])).toBe('warning');
    expect(worstStatus(['ok', 'unknown'])).toBe('unknown');
    expect(worstStatus(['ok', 'ok'])).toBe('ok');
  });

  it('says unknown when nothing was checked', () => {
    expect(worstStatus([])).toBe('unknown');
  });

  it('sorts worst first', () => {
    const sorted: HealthStatus[] = ['ok', 'critical', 'unknown', 'warning'];
    expect(sorted.sort(compareStatusSeverity)).toEqual([
      'critical',
      'warning',
      'unknown',
      'ok',
    ]);
  });

  it('recognises only the four statuses', () => {
    expect(isHealthStatus('warning')).toBe(true);
    expect(isHealthStatus('degraded')).toBe(false);
  });
});

describe('rollUpComponent', () => {
  it('is ok with a count when every check is ok', () => {
    const c = rollUpComponent('eks', [check('a', 'ok'), check('b', 'ok')]);
    expect(c.status).toBe('ok');
    expect(c.title).toBe('EKS');
    expect(c.summary).toBe('All 2 checks ok');
  });

  it('names the worst checks and counts the unknown ones', () => {
    const c = rollUpComponent('aurora', [
      check('writer', 'critical'),
      check('rotation', 'unknown'),
      check('readers', 'warning'),
    ]);
    expect(c.status).toBe('critical');
    expect(c.summary).toBe('writer: writer is critical; 1 check unknown');
  });

  it('is unknown when a check could not run and the rest are ok', () => {
    const c = rollUpComponent('eks', [check('a', 'ok'), check('b', 'unknown')]);
    expect(c.status).toBe('unknown');
    expect(c.summary).toBe('b: b is unknown');
  });

  it('is unknown when no check ran', () => {
    const c = rollUpComponent('drift', []);
    expect(c.status).toBe('unknown');
    expect(c.summary).toBe('No checks ran');
  });
});

describe('rollUpSpoke', () => {
  it('rolls components up to the spoke and keeps its identity', () => {
    const spoke = rollUpSpoke(
      identity,
      [
        rollUpComponent('eks', [check('a', 'ok')]),
        rollUpComponent('tgw-attachment', [
          check('route', 'critical', 'tgw-attachment'),
        ]),
      ],
      '2026-11-23T10:00:00.000Z',
    );
    expect(spoke).toMatchObject({
      spoke: 'dev',
      entityRef: 'system:default/dev',
      status: 'critical',
      summary: 'Transit Gateway: route: route is critical',
      refreshedAt: '2026-11-23T10:00:00.000Z',
    });
  });

  it('groups checks into every health component, in order', () => {
    const spoke = rollUpChecks(
      identity,
      [check('x', 'ok', 'aurora'), check('y', 'warning', 'eks')],
      '2026-11-23T10:00:00.000Z',
    );
    expect(spoke.components.map(c => [c.component, c.status])).toEqual([
      ['eks', 'warning'],
      ['tgw-attachment', 'unknown'],
      ['aurora', 'ok'],
      ['drift', 'unknown'],
    ]);
    expect(spoke.status).toBe('warning');
  });
});

describe('healthFixtures', () => {
  it('has a healthy and a degraded spoke, and list entries without checks', () => {
    expect(healthFixtures.healthy().status).toBe('ok');
    const degraded = healthFixtures.degraded();
    expect(degraded.status).toBe('critical');
    const summary = healthFixtures.summary(degraded, true);
    expect(summary.stale).toBe(true);
    expect(summary.components[0]).not.toHaveProperty('checks');
    expect(healthFixtures.healthy()).not.toBe(healthFixtures.healthy());
  });
});
