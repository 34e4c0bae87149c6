import { failure, healthyInput } from '../../__testUtils__/checkInput';
import { observed } from '../observations';
import {
  checkClusterHealth,
  checkClusterStatus,
  checkNodegroups,
  checkAddonCompatibility,
  checkNodegroupVersions,
  checkUpgradeInsights,
  checkVersionSupport,
} from './eks';
import { byId, valueOf } from './testHelpers';

const cluster = (i = healthyInput()) => valueOf(i.observations.eks.cluster)!;

describe('EKS cluster status', () => {
  it('is ok when the cluster is ACTIVE', () => {
    const r = checkClusterStatus(healthyInput());
    expect(r).toMatchObject({
      id: 'eks.cluster-status',
      component: 'eks',
      status: 'ok',
      summary: 'Cluster staging is ACTIVE',
    });
  });

  it('warns while the cluster is UPDATING', () => {
    const input = healthyInput();
    cluster(input).status = 'UPDATING';
    expect(checkClusterStatus(input).status).toBe('warning');
  });

  it('is critical when the cluster FAILED', () => {
    const input = healthyInput();
    cluster(input).status = 'FAILED';
    expect(checkClusterStatus(input)).toMatchObject({
      status: 'critical',
      summary: 'Cluster staging is FAILED',
    });
  });

  it('is critical when the cluster does not exist', () => {
    const input = healthyInput();
    input.observations.eks.cluster = observed(undefined);
    expect(checkClusterStatus(input)).toMatchObject({
      status: 'critical',
      summary:
        'Cluster staging not found in account 333344445555 (ap-southeast-3)',
    });
  });

  it('is unknown with the failed call as reason when DescribeCluster fails', () => {
    const input = healthyInput();
    input.observations.eks.cluster = failure();
    const r = checkClusterStatus(input);
    expect(r.status).toBe('unknown');
    expect(r.summary).toBe(
      'eks:DescribeCluster in account 333344445555 (ap-southeast-3) was denied: AccessDeniedException: User is not authorized',
    );
    expect(r.details.failure).toMatchObject({
      kind: 'access-denied',
      accountId: '333344445555',
    });
  });
});

describe('EKS cluster health issues', () => {
  it('is ok without issues', () => {
    expect(checkClusterHealth(healthyInput()).status).toBe('ok');
  });

  it('warns on a deleted subnet, which blocks control plane changes', () => {
    const input = healthyInput();
    cluster(input).health = {
      issues: [{ code: 'Ec2SubnetNotFound', message: 'subnet-1 is gone' }],
    };
    expect(checkClusterHealth(input)).toMatchObject({
      status: 'warning',
      summary: 'Ec2SubnetNotFound: subnet-1 is gone',
    });
  });

  it('is critical when the secrets encryption key is gone', () => {
    const input = healthyInput();
    cluster(input).health = { issues: [{ code: 'KmsKeyNotFound' }] };
    expect(checkClusterHealth(input).status).toBe('critical');
  });

  it('is unknown when the cluster could not be read or does not exist', () => {
    const input = healthyInput();
    input.observations.eks.cluster = failure();
    expect(checkClusterHealth(input).status).toBe('unknown');
    input.observations.eks.cluster = observed(undefined);
    expect(checkClusterHealth(input).status).toBe('unknown');
  });
});

describe('Kubernetes version support', () => {
  const versions = (i: ReturnType<typeof healthyInput>) =>
    valueOf(i.observations.eks.versions);

  it('is ok in standard support with more than 60 days left', () => {
    expect(checkVersionSupport(healthyInput())).toMatchObject({
      status: 'ok',
      summary: 'Kubernetes 1.35 is in standard support until 2027-03-27',
    });
  });

  it('warns when standard support ends within 60 days', () => {
    const input = healthyInput();
    input.now = new Date('2027-02-27T00:00:00Z');
    expect(checkVersionSupport(input)).toMatchObject({
      status: 'warning',
      summary:
        'Standard support for Kubernetes 1.35 ends 2027-03-27 (in 28 days); plan the upgrade',
    });
  });

  it('warns in extended support, which costs extra', () => {
    const input = healthyInput();
    versions(input)[0].versionStatus = 'EXTENDED_SUPPORT';
    expect(checkVersionSupport(input)).toMatchObject({
      status: 'warning',
      summary:
        'Kubernetes 1.35 is in extended support (extra cost) until 2028-03-27; standard support ended 2027-03-27. Upgrade before 2028-03-27',
    });
  });

  it('is critical once extended support ends within 60 days, naming the date EKS upgrades by itself', () => {
    const input = healthyInput();
    versions(input)[0].versionStatus = 'EXTENDED_SUPPORT';
    input.now = new Date('2028-03-01T00:00:00Z');
    expect(checkVersionSupport(input)).toMatchObject({
      status: 'critical',
      summary:
        'Extended support for Kubernetes 1.35 ends 2028-03-27 (in 26 days): EKS then upgrades the control plane by itself, add-ons and node groups untested. Upgrade the cluster now',
      details: { endOfExtendedSupport: '2028-03-27' },
    });
  });

  it('is critical when the version is no longer supported', () => {
    const input = healthyInput();
    versions(input)[0].versionStatus = 'UNSUPPORTED';
    expect(checkVersionSupport(input).status).toBe('critical');
  });

  it('reads the older lower-case status field when versionStatus is absent', () => {
    const input = healthyInput();
    delete versions(input)[0].versionStatus;
    versions(input)[0].status = 'extended-support';
    expect(checkVersionSupport(input).status).toBe('warning');
  });

  it('is unknown when EKS lists no dates for the version', () => {
    const input = healthyInput();
    cluster(input).version = '1.20';
    expect(checkVersionSupport(input)).toMatchObject({
      status: 'unknown',
      summary: 'EKS publishes no support dates for Kubernetes 1.20',
    });
  });

  it("falls back to the platform's EKS calendar when EKS's could not be read, saying so", () => {
    const input = healthyInput();
    input.observations.eks.versions = failure({
      operation: 'eks:DescribeClusterVersions',
      reason: 'eks:DescribeClusterVersions in the hub account timed out',
      kind: 'timeout',
    });
    expect(checkVersionSupport(input)).toMatchObject({
      status: 'ok',
      summary: 'Kubernetes 1.35 is in standard support until 2027-03-27',
      details: {
        source:
          'platform EKS calendar (eks:DescribeClusterVersions in the hub account timed out)',
      },
    });
    input.now = new Date('2027-04-01T00:00:00Z');
    expect(checkVersionSupport(input)).toMatchObject({
      status: 'warning',
      summary:
        'Kubernetes 1.35 is in extended support (extra cost) until 2028-03-27; standard support ended 2027-03-27. Upgrade before 2028-03-27',
    });
  });

  it('is unknown when the calendar could not be read and the platform calendar lacks the version', () => {
    const input = healthyInput();
    cluster(input).version = '1.20';
    input.observations.eks.versions = failure({
      operation: 'eks:DescribeClusterVersions',
      reason: 'eks:DescribeClusterVersions in the hub account timed out',
      kind: 'timeout',
    });
    expect(checkVersionSupport(input)).toMatchObject({
      status: 'unknown',
      summary: 'eks:DescribeClusterVersions in the hub account timed out',
    });
  });
});

describe('EKS node groups', () => {
  const ng = (i: ReturnType<typeof healthyInput>) =>
    valueOf(valueOf(i.observations.eks.nodegroups)[0].nodegroup);

  it('is ok for an ACTIVE node group without issues', () => {
    expect(checkNodegroups(healthyInput())).toEqual([
      expect.objectContaining({
        id: 'eks.nodegroup:system',
        status: 'ok',
        summary: 'ACTIVE, 2 nodes (min 2, max 4)',
      }),
    ]);
  });

  it('is critical when DEGRADED, naming the health issue', () => {
    const input = healthyInput();
    ng(input).status = 'DEGRADED';
    ng(input).health = {
      issues: [
        {
          code: 'AsgInstanceLaunchFailures',
          message: 'Could not launch On-Demand Instances.',
        },
      ],
    };
    expect(checkNodegroups(input)[0]).toMatchObject({
      status: 'critical',
      summary:
        'DEGRADED, 2 nodes (min 2, max 4); AsgInstanceLaunchFailures: Could not launch On-Demand Instances.',
    });
  });

  it('warns while UPDATING, with issues while ACTIVE, and when scaled to zero', () => {
    const updating = healthyInput();
    ng(updating).status = 'UPDATING';
    expect(checkNodegroups(updating)[0].status).toBe('warning');

    const issues = healthyInput();
    ng(issues).health = { issues: [{ code: 'Ec2LaunchTemplateNotFound' }] };
    expect(checkNodegroups(issues)[0].status).toBe('warning');

    const zero = healthyInput();
    ng(zero).scalingConfig = { minSize: 0, maxSize: 3, desiredSize: 0 };
    expect(checkNodegroups(zero)[0].summary).toContain('scaled to zero');
    expect(checkNodegroups(zero)[0].status).toBe('warning');
  });

  it('is critical when the cluster has no node group', () => {
    const input = healthyInput();
    input.observations.eks.nodegroups = observed([]);
    expect(checkNodegroups(input)[0]).toMatchObject({
      id: 'eks.nodegroups',
      status: 'critical',
    });
  });

  it('is unknown when listing fails, and only for the node group whose describe failed', () => {
    const listing = healthyInput();
    listing.observations.eks.nodegroups = failure({
      operation: 'eks:ListNodegroups',
    });
    expect(checkNodegroups(listing)[0]).toMatchObject({
      id: 'eks.nodegroups',
      status: 'unknown',
    });

    const one = healthyInput();
    valueOf(one.observations.eks.nodegroups).push({
      name: 'gpu',
      nodegroup: failure({ operation: 'eks:DescribeNodegroup' }),
    });
    const results = checkNodegroups(one);
    expect(byId(results, 'eks.nodegroup:system').status).toBe('ok');
    expect(byId(results, 'eks.nodegroup:gpu').status).toBe('unknown');
  });
});

describe('node groups on the control plane version', () => {
  const nodegroup = (i: ReturnType<typeof healthyInput>) =>
    valueOf(valueOf(i.observations.eks.nodegroups)[0].nodegroup);

  it('is ok when every node group runs the control plane version', () => {
    const input = healthyInput();
    nodegroup(input).version = '1.35';
    expect(checkNodegroupVersions(input)).toMatchObject({
      id: 'eks.nodegroup-versions',
      status: 'ok',
      summary: 'Every node group runs Kubernetes 1.35, as the control plane',
    });
  });

  it('warns when a node group is behind, with the date its version leaves standard support', () => {
    const input = healthyInput();
    nodegroup(input).version = '1.33';
    expect(checkNodegroupVersions(input)).toMatchObject({
      status: 'warning',
      summary:
        "Node group system (1.33) runs behind the control plane's 1.35: update it (UpdateNodegroupVersion) before 2026-07-29, when standard support for 1.33 ends",
      details: { behind: ['system=1.33'], endOfStandardSupport: '2026-07-29' },
    });
  });

  it('is critical past the supported kubelet skew', () => {
    const input = healthyInput();
    nodegroup(input).version = '1.31';
    expect(checkNodegroupVersions(input)).toMatchObject({
      status: 'critical',
      summary:
        "Node group system (1.31) is 4 minor versions behind the control plane's 1.35, past the supported skew of 3: update it now (UpdateNodegroupVersion)",
    });
  });

  it('is unknown when the node groups could not be listed', () => {
    const input = healthyInput();
    input.observations.eks.nodegroups = failure({ reason: 'list denied' });
    expect(checkNodegroupVersions(input)).toMatchObject({
      status: 'unknown',
      summary: 'list denied',
    });
  });
});

describe('upgrade readiness', () => {
  const insights = (i: ReturnType<typeof healthyInput>) =>
    valueOf(i.observations.eks.insights);

  it('is ok when every upgrade insight passes', () => {
    expect(checkUpgradeInsights(healthyInput())).toMatchObject({
      id: 'eks.upgrade-insights',
      status: 'ok',
      summary: '2 upgrade checks passing',
    });
  });

  it('warns on a failing insight, with what to fix and the date the upgrade is due', () => {
    const input = healthyInput();
    insights(input)[0].insightStatus = {
      status: 'ERROR',
      reason: 'Deprecated API usage detected within last 30 days.',
    };
    expect(checkUpgradeInsights(input)).toMatchObject({
      status: 'warning',
      summary:
        "Deprecated APIs removed in the next Kubernetes version: Deprecated API usage detected within last 30 days. Fix before upgrading, which is due by 2027-03-27 (end of standard support); see the cluster's Upgrade insights in the EKS console",
    });
  });

  it('is unknown before EKS assessed the cluster, or when the insights could not be read', () => {
    const input = healthyInput();
    input.observations.eks.insights = observed([]);
    expect(checkUpgradeInsights(input).status).toBe('unknown');
    input.observations.eks.insights = failure({ reason: 'insights denied' });
    expect(checkUpgradeInsights(input).summary).toBe('insights denied');
  });
});

describe('add-on compatibility', () => {
  const addon = (i: ReturnType<typeof healthyInput>, name: string) =>
    valueOf(
      valueOf(i.observations.eks.addons).find(a => a.name === name)!.addon,
    );

  it('is ok when every published add-on is at a compatible version', () => {
    expect(checkAddonCompatibility(healthyInput())).toMatchObject({
      id: 'eks.addon-compatibility',
      status: 'ok',
      summary:
        'Every add-on EKS publishes is at a version compatible with Kubernetes 1.35',
    });
  });

  it('warns on an add-on EKS does not list for the cluster version, naming the one to use', () => {
    const input = healthyInput();
    addon(input, 'vpc-cni').addonVersion = 'v1.12.0-eksbuild.1';
    expect(checkAddonCompatibility(input)).toMatchObject({
      status: 'warning',
      summary:
        'Not listed by EKS as compatible with Kubernetes 1.35: vpc-cni v1.12.0-eksbuild.1 (use v1.0.0-eksbuild.1). Update them (UpdateAddon) before they break or block the next upgrade',
    });
  });

  it('does not judge an add-on EKS does not publish', () => {
    const input = healthyInput();
    const versions = valueOf(input.observations.eks.addonVersions);
    input.observations.eks.addonVersions = observed(
      versions.filter(v => v.addonName !== 'external-dns'),
    );
    addon(input, 'external-dns').addonVersion = 'v0.1.0-custom';
    expect(checkAddonCompatibility(input).status).toBe('ok');
  });
});
