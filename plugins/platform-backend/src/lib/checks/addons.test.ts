import { failure, healthyInput } from '../../__testUtils__/checkInput';
import { observed } from '../observations';
import { checkAddons } from './addons';
import { byId, valueOf } from './testHelpers';

const addon = (i: ReturnType<typeof healthyInput>, name: string) =>
  valueOf(valueOf(i.observations.eks.addons).find(a => a.name === name)!.addon);

describe('EKS add-ons', () => {
  it('is ok when every platform add-on is installed and ACTIVE', () => {
    const results = checkAddons(healthyInput());
    expect(results.map(r => r.id)).toEqual([
      'eks.addons',
      'eks.addon:vpc-cni',
      'eks.addon:coredns',
      'eks.addon:kube-proxy',
      'eks.addon:eks-pod-identity-agent',
      'eks.addon:aws-ebs-csi-driver',
      'eks.addon:aws-secrets-store-csi-driver-provider',
      'eks.addon:metrics-server',
      'eks.addon:external-dns',
    ]);
    expect(results.every(r => r.status === 'ok')).toBe(true);
    expect(byId(results, 'eks.addons').summary).toBe('8 add-ons installed');
    expect(byId(results, 'eks.addon:metrics-server').details).toEqual({
      kind: 'addon',
      name: 'metrics-server',
      state: 'ACTIVE',
      version: 'v1.0.0-eksbuild.1',
      core: false,
      issues: [],
    });
  });

  it('reports a DEGRADED add-on with its health issues: critical for a core add-on, a warning for others', () => {
    const input = healthyInput();
    addon(input, 'vpc-cni').status = 'DEGRADED';
    Object.assign(addon(input, 'external-dns'), {
      status: 'DEGRADED',
      health: {
        issues: [
          {
            code: 'InsufficientNumberOfReplicas',
            message: 'The add-on is unhealthy because it has 0 of 2 replicas',
            resourceIds: ['external-dns'],
          },
        ],
      },
    });
    const results = checkAddons(input);
    expect(byId(results, 'eks.addon:vpc-cni').status).toBe('critical');
    expect(byId(results, 'eks.addon:external-dns')).toMatchObject({
      status: 'warning',
      summary:
        'DEGRADED v1.0.0-eksbuild.1; InsufficientNumberOfReplicas: The add-on is unhealthy because it has 0 of 2 replicas',
      details: {
        state: 'DEGRADED',
        issues: [
          {
            code: 'InsufficientNumberOfReplicas',
            message: 'The add-on is unhealthy because it has 0 of 2 replicas',
            resourceIds: ['external-dns'],
          },
        ],
      },
    });
  });

  it('is critical when an update failed and warns on health issues of an ACTIVE add-on', () => {
    const input = healthyInput();
    addon(input, 'coredns').status = 'UPDATE_FAILED';
    addon(input, 'kube-proxy').health = {
      issues: [{ code: 'ConfigurationConflict', message: 'conflict' }],
    };
    const results = checkAddons(input);
    expect(byId(results, 'eks.addon:coredns').status).toBe('critical');
    expect(byId(results, 'eks.addon:kube-proxy')).toMatchObject({
      status: 'warning',
      summary: 'ACTIVE v1.0.0-eksbuild.1; ConfigurationConflict: conflict',
    });
  });

  it('names the platform add-ons the cluster lacks, core ones called out', () => {
    const input = healthyInput();
    input.observations.eks.addons = observed(
      valueOf(input.observations.eks.addons).filter(
        a => a.name !== 'coredns' && a.name !== 'metrics-server',
      ),
    );
    expect(byId(checkAddons(input), 'eks.addons')).toMatchObject({
      status: 'warning',
      summary:
        '2 platform add-ons not installed as EKS add-ons: coredns, metrics-server (EKS cannot report the health of core coredns)',
      details: { missing: ['coredns', 'metrics-server'] },
    });
  });

  it('is unknown when listing fails, and only for the add-on whose describe failed', () => {
    const listing = healthyInput();
    listing.observations.eks.addons = failure({ operation: 'eks:ListAddons' });
    expect(checkAddons(listing)).toEqual([
      expect.objectContaining({ id: 'eks.addons', status: 'unknown' }),
    ]);

    const one = healthyInput();
    valueOf(one.observations.eks.addons)[0].addon = failure({
      operation: 'eks:DescribeAddon',
      kind: 'throttled',
    });
    const results = checkAddons(one);
    expect(byId(results, 'eks.addon:vpc-cni').status).toBe('unknown');
    expect(byId(results, 'eks.addon:coredns').status).toBe('ok');
  });
});
