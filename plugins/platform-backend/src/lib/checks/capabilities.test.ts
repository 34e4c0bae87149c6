import { failure, healthyInput } from '../../__testUtils__/checkInput';
import { observed } from '../observations';
import { checkCapabilities } from './capabilities';
import { byId, valueOf } from './testHelpers';

const argocd = (i: ReturnType<typeof healthyInput>) =>
  valueOf(
    valueOf(i.observations.eks.capabilities).find(c => c.name === 'argocd')!
      .capability,
  );

describe('EKS capabilities', () => {
  it('is ok when the Argo CD capability is ACTIVE', () => {
    const results = checkCapabilities(healthyInput());
    expect(results).toEqual([
      expect.objectContaining({
        id: 'eks.capabilities',
        status: 'ok',
        summary: '1 capability installed',
      }),
      {
        id: 'eks.capability:argocd',
        component: 'eks',
        title: 'Capability argocd',
        status: 'ok',
        summary: 'Argo CD ACTIVE v3.1.8-eks-1',
        details: {
          kind: 'capability',
          name: 'argocd',
          type: 'ARGOCD',
          state: 'ACTIVE',
          version: 'v3.1.8-eks-1',
          namespace: 'argocd',
          issues: [],
        },
      },
    ]);
  });

  it('is critical when the capability failed, with its issues', () => {
    const input = healthyInput();
    Object.assign(argocd(input), {
      status: 'CREATE_FAILED',
      health: {
        issues: [
          {
            code: 'AccessDenied',
            message: 'The capability role cannot be assumed by EKS',
          },
        ],
      },
    });
    expect(
      byId(checkCapabilities(input), 'eks.capability:argocd'),
    ).toMatchObject({
      status: 'critical',
      summary:
        'Argo CD CREATE_FAILED v3.1.8-eks-1; AccessDenied: The capability role cannot be assumed by EKS',
      details: {
        state: 'CREATE_FAILED',
        issues: [
          {
            code: 'AccessDenied',
            message: 'The capability role cannot be assumed by EKS',
            resourceIds: [],
          },
        ],
      },
    });
  });

  it('warns when the capability is DEGRADED or ACTIVE with issues', () => {
    const degraded = healthyInput();
    argocd(degraded).status = 'DEGRADED';
    expect(
      byId(checkCapabilities(degraded), 'eks.capability:argocd').status,
    ).toBe('warning');
    const withIssues = healthyInput();
    argocd(withIssues).health = {
      issues: [{ code: 'ClusterUnreachable', message: 'no route' }],
    };
    expect(
      byId(checkCapabilities(withIssues), 'eks.capability:argocd'),
    ).toMatchObject({
      status: 'warning',
      summary: 'Argo CD ACTIVE v3.1.8-eks-1; ClusterUnreachable: no route',
    });
  });

  it('warns when the platform capability is missing, naming what it is for', () => {
    const input = healthyInput();
    input.observations.eks.capabilities = observed([]);
    expect(checkCapabilities(input)).toEqual([
      expect.objectContaining({
        id: 'eks.capabilities',
        status: 'warning',
        summary:
          'Missing EKS capability argocd (Argo CD): GitOps delivery (Argo CD) is not available',
      }),
    ]);
  });

  it('is unknown only for the capability check when the calls fail', () => {
    const listing = healthyInput();
    listing.observations.eks.capabilities = failure({
      operation: 'eks:ListCapabilities',
      kind: 'access-denied',
      reason: 'eks:ListCapabilities was denied',
    });
    expect(checkCapabilities(listing)).toEqual([
      expect.objectContaining({
        id: 'eks.capabilities',
        status: 'unknown',
        summary: 'eks:ListCapabilities was denied',
      }),
    ]);
    const describe = healthyInput();
    valueOf(describe.observations.eks.capabilities)[0].capability = failure({
      operation: 'eks:DescribeCapability',
    });
    expect(
      byId(checkCapabilities(describe), 'eks.capability:argocd').status,
    ).toBe('unknown');
  });
});
