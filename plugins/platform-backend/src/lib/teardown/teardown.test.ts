import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { RDSClient } from '@aws-sdk/client-rds';
import { AwsLocal, start } from '@internal/aws-local';
import { fixtures, SpokeConfig } from '@internal/plugin-platform-common';
import { inspectSpokeForTeardown } from '../../services/aws/TeardownInspector';
import { formatTeardownPlan, teardownPlan, TeardownItem } from './teardownPlan';

/** The plan for one spoke, read from the local AWS endpoint through the SDK. */
describe('what blocks removing a spoke, read from AWS', () => {
  const registry = fixtures.registry();
  let aws: AwsLocal;
  beforeAll(async () => {
    aws = await start({ registry });
  });
  afterEach(() => aws.control.reset());
  afterAll(() => aws.stop());

  const spoke = (name: string) => registry.spokes.find(s => s.name === name)!;
  function clients(s: SpokeConfig) {
    const config = {
      endpoint: aws.url,
      region: s.region,
      credentials: { accessKeyId: s.account, secretAccessKey: 'x' },
      maxAttempts: 1,
    };
    return {
      eks: new EKSClient(config),
      ec2: new EC2Client(config),
      rds: new RDSClient(config),
    };
  }
  async function plan(name: string): Promise<TeardownItem[]> {
    const s = spoke(name);
    return teardownPlan(await inspectSpokeForTeardown(s, clients(s)));
  }
  const vpcOf = (name: string) =>
    aws.control.snapshot().regions[
      `${spoke(name).account}/${spoke(name).region}`
    ].eks.clusters[0].resourcesVpcConfig as { vpcId: string };
  const blockers = (items: TeardownItem[]) =>
    items.filter(i => i.kind !== 'step').map(i => `${i.phase}: ${i.subject}`);

  it('finds nothing in the way of a freshly seeded non-prod spoke, and lists the steps in order', async () => {
    const items = await plan('dev');
    expect(blockers(items)).toEqual([]);
    expect(items.map(i => `${i.phase}: ${i.subject}`)).toEqual([
      'workloads: Argo CD applications',
      'workloads: Capability argocd (ARGOCD)',
      'spoke: Final snapshot of dev-aurora',
      'spoke: Stack platform-spoke-dev',
      'hub: Registry file spokes/dev.yaml',
    ]);
    expect(formatTeardownPlan('dev', items)).toContain(
      'Nothing blocks deletion; follow the steps in order.',
    );
  });

  it("names deletion protection, auto-scaled readers, controllers' load balancers and leftover ENIs", async () => {
    const s = spoke('prod');
    const { vpcId } = vpcOf('prod');
    const where = { account: s.account, region: s.region };
    aws.control.create({
      kind: 'rds-instance',
      ...where,
      resource: {
        DBInstanceIdentifier: 'application-autoscaling-5f2a9c1e',
        DBClusterIdentifier: 'prod-aurora',
        DBInstanceClass: 'db.r6g.large',
        DBInstanceStatus: 'available',
        Engine: 'aurora-mysql',
      },
    });
    const eni = (id: string, over: Record<string, unknown>) =>
      aws.control.create({
        kind: 'network-interface',
        ...where,
        resource: {
          NetworkInterfaceId: id,
          VpcId: vpcId,
          SubnetId: 'subnet-0a',
          Status: 'in-use',
          InterfaceType: 'interface',
          ...over,
        },
      });
    eni('eni-0lb1', {
      Description: 'ELB app/k8s-shop-web-7f3a/50dc6c495c0c9188',
      RequesterId: 'amazon-elb',
      RequesterManaged: true,
    });
    eni('eni-0lb2', {
      Description: 'ELB app/k8s-shop-web-7f3a/50dc6c495c0c9188',
      RequesterId: 'amazon-elb',
      RequesterManaged: true,
    });
    eni('eni-0cni', {
      Description: 'aws-K8S-i-0123456789abcdef0',
      Status: 'available',
    });
    eni('eni-0nat', { InterfaceType: 'nat_gateway', Status: 'available' });

    const items = await plan('prod');
    expect(blockers(items)).toEqual([
      'workloads: Load balancer app/k8s-shop-web-7f3a/50dc6c495c0c9188',
      'spoke: Deletion protection on prod-aurora',
      'spoke: 1 auto-scaled Aurora reader(s): application-autoscaling-5f2a9c1e',
      'spoke: Detached interface eni-0cni (aws-K8S-i-0123456789abcdef0)',
    ]);
    const text = formatTeardownPlan('prod', items);
    expect(text).toContain('4 blocker(s) and 0 unchecked item(s)');
    expect(text).toContain('its 2 interface(s) (eni-0lb1, eni-0lb2)');
    expect(text).toContain('a prod spoke keeps it on by registry rule');
    expect(text.indexOf('## 1. Workloads')).toBeLessThan(
      text.indexOf('## 2. The spoke stack'),
    );
    expect(text.indexOf('## 2. The spoke stack')).toBeLessThan(
      text.indexOf("## 3. The hub's share"),
    );
  });

  it('marks only the part whose call failed as unchecked', async () => {
    aws.control.addFault({
      service: 'ec2',
      operation: 'DescribeNetworkInterfaces',
      account: spoke('staging').account,
      error: 'AccessDenied',
    });
    const items = await plan('staging');
    expect(blockers(items)).toEqual([
      `workloads: Network interfaces in ${vpcOf('staging').vpcId}`,
    ]);
    expect(items[0]).toMatchObject({
      kind: 'unknown',
      action: expect.stringMatching(
        /^Could not be checked: ec2:DescribeNetworkInterfaces in account 333344445555 \(ap-southeast-3\) was denied/,
      ),
    });
  });

  it('treats a cluster and an Aurora cluster that are already gone as done', async () => {
    const s = spoke('dev');
    aws.control.remove({ kind: 'eks-cluster', id: 'dev' });
    aws.control.remove({ kind: 'rds-cluster', id: 'dev-aurora' });
    const items = await plan('dev');
    expect(items.map(i => `${i.kind}: ${i.subject}`)).toEqual([
      `unknown: Network interfaces in the VPC`,
      'step: Stack platform-spoke-dev',
      'step: Registry file spokes/dev.yaml',
    ]);
    expect(items[0].action).toContain(
      `no deployed.vpcId in spokes/${s.name}.yaml`,
    );
  });
});
