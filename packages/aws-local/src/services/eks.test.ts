import {
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  ListInsightsCommand,
  DescribeCapabilityCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  InvalidParameterException,
  ListAddonsCommand,
  ListCapabilitiesCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
  paginateListAddons,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { AwsLocal } from '../server';
import { clients, spoke, spokeClients, startLocal } from '../__testUtils__';

describe('eks', () => {
  let aws: AwsLocal;
  let eks: ReturnType<typeof clients>['eks'];
  beforeAll(async () => {
    aws = await startLocal({ now: () => new Date('2026-11-20T00:00:00Z') });
    eks = spokeClients(aws, 'prod').eks;
  });
  afterAll(() => aws.stop());

  it('describes the seeded ACTIVE cluster with the registry version', async () => {
    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: 'prod' }),
    );
    expect(cluster).toMatchObject({
      name: 'prod',
      arn: `arn:aws:eks:ap-southeast-3:${spoke('prod').account}:cluster/prod`,
      status: 'ACTIVE',
      version: '1.35',
      health: { issues: [] },
      tags: { 'platform.io/spoke': 'prod' },
    });
    expect(cluster?.createdAt).toBeInstanceOf(Date);
  });

  it('lists the clusters of the calling account only', async () => {
    const { clusters } = await eks.send(new ListClustersCommand({}));
    expect(clusters).toEqual(['prod']);
  });

  it('raises ResourceNotFoundException for a cluster of another account', async () => {
    const error = await eks
      .send(new DescribeClusterCommand({ name: 'dev' }))
      .catch(e => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe('No cluster found for name: dev.');
    expect(error.clusterName).toBe('dev');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('lists and describes the node group with the registry scaling', async () => {
    const { nodegroups } = await eks.send(
      new ListNodegroupsCommand({ clusterName: 'prod' }),
    );
    expect(nodegroups).toEqual(['system']);
    const { nodegroup } = await eks.send(
      new DescribeNodegroupCommand({
        clusterName: 'prod',
        nodegroupName: 'system',
      }),
    );
    expect(nodegroup).toMatchObject({
      status: 'ACTIVE',
      version: '1.35',
      instanceTypes: ['m6i.large'],
      scalingConfig: { minSize: 2, maxSize: 4, desiredSize: 2 },
      health: { issues: [] },
    });
  });

  it('raises ResourceNotFoundException for an unknown node group', async () => {
    await expect(
      eks.send(
        new DescribeNodegroupCommand({
          clusterName: 'prod',
          nodegroupName: 'gpu',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      nodegroupName: 'gpu',
    });
  });

  it('lists the standard add-ons page by page', async () => {
    const first = await eks.send(
      new ListAddonsCommand({ clusterName: 'prod', maxResults: 4 }),
    );
    expect(first.addons).toHaveLength(4);
    expect(first.nextToken).toBeTruthy();
    const all: string[] = [];
    for await (const page of paginateListAddons(
      { client: eks, pageSize: 2 },
      { clusterName: 'prod' },
    )) {
      expect(page.addons!.length).toBeLessThanOrEqual(2);
      all.push(...page.addons!);
    }
    expect(all.sort()).toEqual([
      'aws-ebs-csi-driver',
      'aws-secrets-store-csi-driver-provider',
      'coredns',
      'eks-pod-identity-agent',
      'external-dns',
      'kube-proxy',
      'metrics-server',
      'vpc-cni',
    ]);
  });

  it('describes an add-on', async () => {
    const { addon } = await eks.send(
      new DescribeAddonCommand({
        clusterName: 'prod',
        addonName: 'kube-proxy',
      }),
    );
    expect(addon).toMatchObject({
      addonName: 'kube-proxy',
      clusterName: 'prod',
      status: 'ACTIVE',
      addonVersion: 'v1.35.0-eksbuild.2',
      health: { issues: [] },
    });
  });

  it('raises ResourceNotFoundException for an add-on the cluster lacks', async () => {
    await expect(
      eks.send(
        new DescribeAddonCommand({
          clusterName: 'prod',
          addonName: 'istio',
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('raises InvalidParameterException for a bad maxResults or nextToken', async () => {
    await expect(
      eks.send(new ListAddonsCommand({ clusterName: 'prod', maxResults: 0 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      eks.send(
        new ListAddonsCommand({ clusterName: 'prod', nextToken: 'bogus' }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('lists and describes the Argo CD capability, ACTIVE in namespace argocd', async () => {
    const { capabilities } = await eks.send(
      new ListCapabilitiesCommand({ clusterName: 'prod' }),
    );
    expect(capabilities).toEqual([
      expect.objectContaining({
        capabilityName: 'argocd',
        type: 'ARGOCD',
        status: 'ACTIVE',
      }),
    ]);
    const { capability } = await eks.send(
      new DescribeCapabilityCommand({
        clusterName: 'prod',
        capabilityName: 'argocd',
      }),
    );
    expect(capability).toMatchObject({
      capabilityName: 'argocd',
      clusterName: 'prod',
      type: 'ARGOCD',
      status: 'ACTIVE',
      configuration: { argoCd: { namespace: 'argocd' } },
      health: { issues: [] },
    });
    expect(capability?.createdAt).toBeInstanceOf(Date);
  });

  it('reports a capability failed through the control API, and a missing one as not found', async () => {
    aws.control.update(
      { kind: 'eks-capability', id: 'prod/argocd' },
      {
        status: 'CREATE_FAILED',
        health: {
          issues: [
            {
              code: 'AccessDenied',
              message: 'The capability role cannot be assumed',
            },
          ],
        },
      },
    );
    try {
      const { capability } = await eks.send(
        new DescribeCapabilityCommand({
          clusterName: 'prod',
          capabilityName: 'argocd',
        }),
      );
      expect(capability?.status).toBe('CREATE_FAILED');
      expect(capability?.health?.issues).toEqual([
        {
          code: 'AccessDenied',
          message: 'The capability role cannot be assumed',
        },
      ]);
    } finally {
      aws.control.reset();
    }
    await expect(
      eks.send(
        new DescribeCapabilityCommand({
          clusterName: 'prod',
          capabilityName: 'kro',
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('reports version support from the calendar on the configured date', async () => {
    const { clusterVersions } = await eks.send(
      new DescribeClusterVersionsCommand({ clusterVersions: ['1.33', '1.30'] }),
    );
    expect(
      clusterVersions?.map(v => [v.clusterVersion, v.versionStatus]),
    ).toEqual([
      ['1.33', 'EXTENDED_SUPPORT'],
      ['1.30', 'UNSUPPORTED'],
    ]);
    expect(clusterVersions?.[0].endOfStandardSupportDate).toEqual(
      new Date('2026-07-29T00:00:00Z'),
    );
  });

  it('leaves unsupported versions out unless includeAll is set', async () => {
    const supported = await eks.send(new DescribeClusterVersionsCommand({}));
    const all = await eks.send(
      new DescribeClusterVersionsCommand({ includeAll: true }),
    );
    expect(supported.clusterVersions!.map(v => v.versionStatus)).not.toContain(
      'UNSUPPORTED',
    );
    expect(all.clusterVersions!.length).toBeGreaterThan(
      supported.clusterVersions!.length,
    );
  });

  it('filters versions by status and default, and pages them', async () => {
    const standard = await eks.send(
      new DescribeClusterVersionsCommand({ versionStatus: 'STANDARD_SUPPORT' }),
    );
    expect(standard.clusterVersions!.map(v => v.clusterVersion)).toEqual([
      '1.36',
      '1.35',
      '1.34',
    ]);
    const defaults = await eks.send(
      new DescribeClusterVersionsCommand({ defaultOnly: true }),
    );
    expect(defaults.clusterVersions!.map(v => v.defaultVersion)).toEqual([
      true,
    ]);
    const first = await eks.send(
      new DescribeClusterVersionsCommand({ includeAll: true, maxResults: 3 }),
    );
    const second = await eks.send(
      new DescribeClusterVersionsCommand({
        includeAll: true,
        maxResults: 3,
        nextToken: first.nextToken,
      }),
    );
    expect(first.clusterVersions!.map(v => v.clusterVersion)).toEqual([
      '1.36',
      '1.35',
      '1.34',
    ]);
    expect(second.clusterVersions![0].clusterVersion).toBe('1.33');
  });

  it('lists upgrade-readiness insights per cluster, filtered by status, changeable through the control API', async () => {
    const { insights } = await eks.send(
      new ListInsightsCommand({
        clusterName: 'prod',
        filter: { categories: ['UPGRADE_READINESS'] },
      }),
    );
    expect(insights!.map(i => [i.name, i.insightStatus?.status])).toEqual([
      ['Deprecated APIs removed in Kubernetes v1.36', 'PASSING'],
      ['Kubelet version skew', 'PASSING'],
    ]);
    aws.control.update(
      { kind: 'eks-insight', id: `prod/${insights![1].id}` },
      { insightStatus: { status: 'ERROR', reason: 'Kubelet skew found.' } },
    );
    const failing = await eks.send(
      new ListInsightsCommand({
        clusterName: 'prod',
        filter: { statuses: ['ERROR'] },
      }),
    );
    expect(failing.insights!.map(i => i.name)).toEqual([
      'Kubelet version skew',
    ]);
    aws.control.reset();
    await expect(
      eks.send(new ListInsightsCommand({ clusterName: 'nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('lists the add-on versions compatible with a Kubernetes version', async () => {
    const { addons } = await eks.send(
      new DescribeAddonVersionsCommand({ kubernetesVersion: '1.35' }),
    );
    const kubeProxy = addons!.find(a => a.addonName === 'kube-proxy')!;
    expect(kubeProxy.addonVersions).toEqual([
      expect.objectContaining({
        addonVersion: 'v1.35.0-eksbuild.2',
        compatibilities: [
          expect.objectContaining({
            clusterVersion: '1.35',
            defaultVersion: true,
          }),
        ],
      }),
    ]);
    const { addon } = await eks.send(
      new DescribeAddonCommand({
        clusterName: 'prod',
        addonName: 'kube-proxy',
      }),
    );
    expect(addon!.addonVersion).toBe('v1.35.0-eksbuild.2');
    const one = await eks.send(
      new DescribeAddonVersionsCommand({ addonName: 'vpc-cni' }),
    );
    expect(one.addons!.map(a => a.addonName)).toEqual(['vpc-cni']);
  });
});
