import { failure, healthyInput } from '../../__testUtils__/checkInput';
import { assessSpoke, runChecks } from '.';

describe('assessSpoke', () => {
  it('rates a healthy spoke ok in every check and component', () => {
    const health = assessSpoke(healthyInput());
    expect(health.status).toBe('ok');
    expect(
      health.components.flatMap(c => c.checks).filter(c => c.status !== 'ok'),
    ).toEqual([]);
    expect(health.components.map(c => c.component)).toEqual([
      'eks',
      'tgw-attachment',
      'aurora',
      'drift',
    ]);
    expect(health).toMatchObject({
      spoke: 'staging',
      entityRef: 'system:default/staging',
      accountId: '333344445555',
      refreshedAt: '2026-03-01T00:00:00.000Z',
    });
  });

  it('makes only the checks that need a failed call unknown', () => {
    const input = healthyInput();
    input.observations.eks.cluster = failure();
    const checks = runChecks(input);
    const unknown = checks.filter(c => c.status === 'unknown').map(c => c.id);
    expect(unknown).toEqual([
      'eks.cluster-status',
      'eks.cluster-health',
      'eks.version-support',
      'eks.nodegroup-versions',
      'eks.addon-compatibility',
      'drift.eks-version',
    ]);
    const health = assessSpoke(input);
    expect(health.components.map(c => [c.component, c.status])).toEqual([
      ['eks', 'unknown'],
      ['tgw-attachment', 'ok'],
      ['aurora', 'ok'],
      ['drift', 'unknown'],
    ]);
  });
});
