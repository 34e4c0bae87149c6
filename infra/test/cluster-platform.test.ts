import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { ARGOCD_NAMESPACE } from '../lib/constructs/argocd';
import { ALB_INGRESS_CLASS } from '../lib/constructs/load-balancer-controller';
import {
  ADDON_VERSIONS,
  HELM_CHARTS,
  KARPENTER_AMI_ALIAS,
  KUBERNETES_COUPLED_ADDON_VERSIONS,
  addonVersion,
} from '../lib/constructs/cluster-versions';
import { InfraRegistry } from '../lib/registry';
import { resourcesOf, sampleRegistry, synth } from './helpers';

// The sample registry plus services owned by two teams (and one team without a role).
const base = sampleRegistry();
const registry: InfraRegistry = {
  ...base,
  services: [
    {
      name: 'orders',
      owner: 'group:default/payments-team',
      environments: ['dev', 'prod'],
    },
    {
      name: 'billing',
      owner: 'group:default/payments-team',
      environments: ['dev'],
    },
    {
      name: 'web',
      owner: 'group:default/storefront-team',
      environments: ['dev'],
    },
    {
      name: 'orphan',
      owner: 'group:default/nobody-team',
      environments: ['dev'],
    },
  ],
};
const app = synth(registry);
const dev = app.spoke('dev');
const prod = app.spoke('prod');
const devSpoke = registry.spokes.find(s => s.name === 'dev')!;
const prodSpoke = registry.spokes.find(s => s.name === 'prod')!;

const addons = (t = prod) =>
  Object.values(resourcesOf(t, 'AWS::EKS::Addon')).map(r => r.Properties);
const addon = (name: string, t = prod) =>
  addons(t).find(a => a.AddonName === name);
const logicalId = (t: typeof prod, type: string, pathPart: string) =>
  Object.entries(t.toJSON().Resources as Record<string, any>).find(
    ([id, r]) => r.Type === type && id.includes(pathPart),
  )?.[0];
const charts = (t = prod) =>
  Object.values(resourcesOf(t, 'Custom::AWSCDK-EKS-HelmChart')).map(
    r => r.Properties,
  );
const manifests = (t = prod) =>
  Object.values(resourcesOf(t, 'Custom::AWSCDK-EKS-KubernetesResource')).map(
    r => JSON.stringify(r.Properties.Manifest),
  );

describe('add-on versions', () => {
  it('pins every EKS add-on to the version in cluster-versions.ts for the spoke Kubernetes version', () => {
    const all = addons();
    // vpc-cni, kube-proxy, coredns, Pod Identity agent, EBS CSI, CloudWatch,
    // Secrets Store CSI, metrics-server, external-dns.
    expect(all).toHaveLength(9);
    for (const a of all) {
      expect(a.AddonVersion).toBe(
        addonVersion(a.AddonName, prodSpoke.eks.version),
      );
    }
  });

  it('has a kube-proxy and CoreDNS row for every Kubernetes version the sample registry uses', () => {
    for (const spoke of registry.spokes) {
      expect(
        KUBERNETES_COUPLED_ADDON_VERSIONS[spoke.eks.version],
      ).toBeDefined();
    }
    expect(() => addonVersion('kube-proxy', '1.20')).toThrow(
      /no kube-proxy version pinned for Kubernetes 1.20/,
    );
  });

  it('takes over add-ons EKS installed at creation', () => {
    for (const a of addons()) expect(a.ResolveConflicts).toBe('OVERWRITE');
  });
});

describe('node group', () => {
  it('waits for the VPC CNI add-on, so nodes start with prefix delegation and custom networking', () => {
    const vpcCni = logicalId(prod, 'AWS::EKS::Addon', 'VpcCni');
    const [group] = Object.values(resourcesOf(prod, 'AWS::EKS::Nodegroup'));
    expect(vpcCni).toBeDefined();
    expect(group.DependsOn).toContain(vpcCni);
  });

  it('has no fixed name, so an instance type change can replace it', () => {
    const [group] = Object.values(resourcesOf(prod, 'AWS::EKS::Nodegroup'));
    expect(group.Properties.NodegroupName).toBeUndefined();
  });
});

describe('cluster add-ons', () => {
  it('installs the Secrets Store CSI driver with the AWS provider and metrics-server as EKS add-ons', () => {
    expect(addon('aws-secrets-store-csi-driver-provider')?.AddonVersion).toBe(
      ADDON_VERSIONS['aws-secrets-store-csi-driver-provider'],
    );
    expect(addon('metrics-server')?.AddonVersion).toBe(
      ADDON_VERSIONS['metrics-server'],
    );
  });

  it('runs external-dns as the community add-on with its own Pod Identity role, never deleting records', () => {
    // Zones, filters and IAM scope: test/public-dns.test.ts.
    const dns = addon('external-dns')!;
    const config = JSON.stringify(dns.ConfigurationValues);
    expect(config).toContain('\\"policy\\":\\"upsert-only\\"');
    expect(config).toContain('\\"txtOwnerId\\":\\"prod\\"');
    expect(dns.PodIdentityAssociations).toEqual([
      expect.objectContaining({ ServiceAccount: 'external-dns' }),
    ]);
    prod.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'platform-external-dns',
    });
  });

  it('installs the AWS Load Balancer Controller chart (pinned) with the alb IngressClass and a Pod Identity role', () => {
    const alb = charts().find(c => c.Chart === 'aws-load-balancer-controller')!;
    expect(alb.Version).toBe(HELM_CHARTS.awsLoadBalancerController.version);
    expect(alb.Repository).toBe(
      HELM_CHARTS.awsLoadBalancerController.repository,
    );
    const values = JSON.stringify(alb.Values);
    expect(values).toContain('\\"ingressClass\\":\\"alb\\"');
    expect(values).toContain('\\"createIngressClassResource\\":true');
    prod.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Namespace: 'kube-system',
      ServiceAccount: 'aws-load-balancer-controller',
    });
    // Creating load balancers requires the controller's cluster tag.
    prod.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: [
              'elasticloadbalancing:CreateLoadBalancer',
              'elasticloadbalancing:CreateTargetGroup',
            ],
            Condition: {
              Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' },
            },
          }),
        ]),
      },
    });
  });
});

describe('karpenter', () => {
  it('installs the controller chart (pinned) bound to its Pod Identity role, on the system nodes', () => {
    const chart = charts().find(c => c.Chart === 'karpenter')!;
    expect(chart.Version).toBe(HELM_CHARTS.karpenter.version);
    expect(chart.Repository).toBe(HELM_CHARTS.karpenter.repository);
    expect(chart.Namespace).toBe('kube-system');
    const values = JSON.stringify(chart.Values);
    expect(values).toContain('\\"clusterName\\":\\"prod\\"');
    expect(values).toContain('interruptionQueue');
    expect(values).toContain('platform.io/pool');
  });

  it('creates the default EC2NodeClass and NodePool after the chart', () => {
    const all = manifests();
    const nodeClass = all.find(m => m.includes('EC2NodeClass'))!;
    const nodePool = all.find(m => m.includes('\\"kind\\":\\"NodePool\\"'))!;
    expect(nodeClass).toContain(KARPENTER_AMI_ALIAS);
    expect(nodeClass).toContain('\\"httpTokens\\":\\"required\\"');
    expect(nodeClass).toContain(
      '\\"securityGroupSelectorTerms\\":[{\\"tags\\":{\\"karpenter.sh/discovery\\":\\"prod\\"}}]',
    );
    expect(nodePool).toContain('\\"name\\":\\"default\\"');
    const resources = prod.toJSON().Resources as Record<string, any>;
    const chartId = logicalId(
      prod,
      'Custom::AWSCDK-EKS-HelmChart',
      'Karpenter',
    )!;
    const classId = Object.keys(resources).find(
      id =>
        resources[id].Type === 'Custom::AWSCDK-EKS-KubernetesResource' &&
        JSON.stringify(resources[id].Properties.Manifest).includes(
          'EC2NodeClass',
        ),
    )!;
    expect(resources[classId].DependsOn).toContain(chartId);
  });

  const controllerStatements = () => {
    const policy = Object.values(resourcesOf(prod, 'AWS::IAM::Policy')).find(
      p =>
        JSON.stringify(p.Properties.Roles).includes('KarpenterControllerRole'),
    )!;
    return policy.Properties.PolicyDocument.Statement as Array<{
      Action: string | string[];
      Resource: unknown;
      Condition?: Record<string, Record<string, unknown>>;
    }>;
  };
  const actionsOf = (s: { Action: string | string[] }) =>
    ([] as string[]).concat(s.Action);

  it('allows RunInstances, CreateTags and instance-profile changes only on scoped resources, never on *', () => {
    const guarded = [
      'ec2:RunInstances',
      'ec2:CreateFleet',
      'ec2:CreateTags',
      'ec2:CreateLaunchTemplate',
      'ec2:TerminateInstances',
      'iam:CreateInstanceProfile',
      'iam:AddRoleToInstanceProfile',
      'iam:RemoveRoleFromInstanceProfile',
      'iam:DeleteInstanceProfile',
      'iam:TagInstanceProfile',
    ];
    const statements = controllerStatements();
    const guardedResources = statements
      .filter(s => actionsOf(s).some(a => guarded.includes(a)))
      .flatMap(s => [].concat(s.Resource as never) as unknown[]);
    expect(guardedResources.length).toBeGreaterThan(10);
    expect(guardedResources).not.toContain('*');
    // `*` only for calls without resource-level permissions, all read-only.
    const unscoped = statements
      .filter(s => [].concat(s.Resource as never).includes('*' as never))
      .flatMap(actionsOf);
    for (const a of unscoped) {
      expect(a).toMatch(
        /^(ec2:Describe|pricing:GetProducts|iam:ListInstanceProfiles)/,
      );
    }
  });

  it("conditions every create and tag on this cluster's tags, as Karpenter's reference policy does", () => {
    const statements = controllerStatements();
    const owned = 'kubernetes.io/cluster/prod';
    const creates = statements.filter(s =>
      actionsOf(s).some(a =>
        [
          'ec2:CreateTags',
          'ec2:CreateLaunchTemplate',
          'iam:CreateInstanceProfile',
        ].includes(a),
      ),
    );
    expect(creates.length).toBeGreaterThanOrEqual(3);
    for (const s of creates) {
      const text = JSON.stringify(s.Condition ?? {});
      expect(text).toContain(owned);
    }
    const tagOnCreate = statements.find(s =>
      JSON.stringify(s.Condition ?? {}).includes('ec2:CreateAction'),
    )!;
    expect(tagOnCreate.Condition!.StringEquals['ec2:CreateAction']).toEqual([
      'RunInstances',
      'CreateFleet',
      'CreateLaunchTemplate',
    ]);
    const passRole = statements.find(s =>
      actionsOf(s).includes('iam:PassRole'),
    )!;
    expect(passRole.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' },
    });
  });
});

describe('argo cd', () => {
  it('runs Argo CD as the EKS capability in namespace argocd, signing in through Identity Center', () => {
    const ic = registry.hub.identityCenter!;
    prod.hasResourceProperties('AWS::EKS::Capability', {
      Type: 'ARGOCD',
      CapabilityName: 'argocd',
      DeletePropagationPolicy: 'RETAIN',
      Configuration: {
        ArgoCd: {
          Namespace: 'argocd',
          AwsIdc: { IdcInstanceArn: ic.instanceArn, IdcRegion: ic.region },
          RbacRoleMappings: Match.arrayWith([
            {
              Role: 'ADMIN',
              Identities: ic.argoCdAdminGroupIds.map(Id => ({
                Id,
                Type: 'SSO_GROUP',
              })),
            },
          ]),
        },
      },
    });
    prod.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Principal: { Service: 'capabilities.eks.amazonaws.com' },
          }),
        ],
      },
    });
  });

  it('skips Argo CD with a warning when hub.yaml has no Identity Center', () => {
    const { identityCenter: _, ...hub } = base.hub;
    const bare = synth({ hub, spokes: base.spokes.slice(0, 1) });
    const t = bare.spoke(base.spokes[0].name);
    t.resourceCountIs('AWS::EKS::Capability', 0);
    Annotations.fromStack(bare.built.spokes[base.spokes[0].name]).hasWarning(
      '*',
      Match.stringLikeRegexp('no identityCenter block'),
    );
  });
});

describe('access entries', () => {
  const entries = (t = dev) =>
    Object.values(resourcesOf(t, 'AWS::EKS::AccessEntry')).map(
      r => r.Properties,
    );
  const entryFor = (arn: string, t = dev) =>
    entries(t).find(e => e.PrincipalArn === arn);

  it('makes the platform team cluster admin with the role from the spoke file', () => {
    const e = entryFor(devSpoke.eks.access!.platformTeamRoleArn)!;
    expect(e.AccessPolicies).toEqual(
      [
        {
          PolicyArn: Match.anyValue() as never,
          AccessScope: { Type: 'cluster' },
        },
      ].map(p => expect.objectContaining({ AccessScope: p.AccessScope })),
    );
    expect(JSON.stringify(e.AccessPolicies)).toContain(
      'AmazonEKSClusterAdminPolicy',
    );
  });

  it('gives each service-owning team edit access to its services namespaces only', () => {
    const payments = entryFor(
      devSpoke.eks.access!.teamRoleArns!['group:default/payments-team'],
    )!;
    expect(payments.AccessPolicies).toEqual([
      expect.objectContaining({
        AccessScope: { Type: 'namespace', Namespaces: ['billing', 'orders'] },
      }),
    ]);
    expect(JSON.stringify(payments.AccessPolicies)).toContain(
      'AmazonEKSEditPolicy',
    );
    const storefront = entryFor(
      devSpoke.eks.access!.teamRoleArns!['group:default/storefront-team'],
    )!;
    expect(storefront.AccessPolicies).toEqual([
      expect.objectContaining({
        AccessScope: { Type: 'namespace', Namespaces: ['web'] },
      }),
    ]);
    // On prod, payments runs only orders; storefront runs nothing there.
    const prodPayments = entryFor(
      prodSpoke.eks.access!.teamRoleArns!['group:default/payments-team'],
      prod,
    )!;
    expect(prodPayments.AccessPolicies).toEqual([
      expect.objectContaining({
        AccessScope: { Type: 'namespace', Namespaces: ['orders'] },
      }),
    ]);
    expect(
      entryFor(
        prodSpoke.eks.access!.teamRoleArns!['group:default/storefront-team'],
        prod,
      ),
    ).toBeUndefined();
  });

  it('warns about a service whose team has no role on the spoke and grants nothing', () => {
    const warnings = Annotations.fromStack(app.built.spokes.dev).findWarning(
      '*',
      Match.stringLikeRegexp('group:default/nobody-team owns orphan'),
    );
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(entries())).not.toContain('nobody');
  });

  it('warns when a spoke file names no platform team role', () => {
    const [first, ...rest] = base.spokes;
    const { access: _, ...eks } = first.eks;
    const bare = synth({ hub: base.hub, spokes: [{ ...first, eks }, ...rest] });
    const warnings = Annotations.fromStack(
      bare.built.spokes[first.name],
    ).findWarning('*', Match.stringLikeRegexp('has no eks.access block'));
    expect(warnings).toHaveLength(1);
    expect(
      JSON.stringify(
        resourcesOf(bare.spoke(first.name), 'AWS::EKS::AccessEntry'),
      ),
    ).not.toContain('platform-team-admin');
  });

  it('gives the portal role the read-only view policy on the cluster', () => {
    const portal = entries().find(e =>
      JSON.stringify(e.PrincipalArn).includes('PortalRole'),
    )!;
    expect(JSON.stringify(portal.AccessPolicies)).toContain(
      'AmazonEKSViewPolicy',
    );
    expect(portal.AccessPolicies[0].AccessScope).toEqual({ Type: 'cluster' });
  });
});

describe('private image pulls', () => {
  it('gives every spoke ECR api and dkr interface endpoints with private DNS', () => {
    for (const t of [dev, prod]) {
      const endpoints = Object.values(
        resourcesOf(t, 'AWS::EC2::VPCEndpoint'),
      ).map(r => r.Properties);
      const names = endpoints.map(e => JSON.stringify(e.ServiceName));
      expect(names.some(n => n.includes('ecr.api'))).toBe(true);
      expect(names.some(n => n.includes('ecr.dkr'))).toBe(true);
      for (const e of endpoints.filter(
        x => x.VpcEndpointType === 'Interface',
      )) {
        expect(e.PrivateDnsEnabled).toBe(true);
      }
    }
  });

  it('routes image layers (S3) through a gateway endpoint on the node and pod route tables', () => {
    const gateway = Object.values(resourcesOf(prod, 'AWS::EC2::VPCEndpoint'))
      .map(r => r.Properties)
      .find(e => e.VpcEndpointType === 'Gateway')!;
    expect(JSON.stringify(gateway.ServiceName)).toContain('s3');
    const tables = JSON.stringify(gateway.RouteTableIds);
    const azs = prodSpoke.network.availabilityZones.length;
    expect(gateway.RouteTableIds).toHaveLength(2 * azs);
    expect(tables).toMatch(/privateSubnet1RouteTable/);
    expect(tables).toMatch(/Pod/);
  });
});

describe('security monitoring and logs', () => {
  it('enables GuardDuty with EKS audit logs and runtime monitoring (managed agent) in the hub and every spoke', () => {
    for (const t of [app.hub, dev, prod]) {
      t.hasResourceProperties('AWS::GuardDuty::Detector', {
        Enable: true,
        Features: [
          { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
          {
            Name: 'RUNTIME_MONITORING',
            Status: 'ENABLED',
            AdditionalConfiguration: [
              { Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' },
            ],
          },
        ],
      });
    }
  });

  it('records a multi-region, KMS-encrypted CloudTrail trail with log file validation in every account', () => {
    for (const t of [app.hub, dev, prod]) {
      t.hasResourceProperties('AWS::CloudTrail::Trail', {
        IsLogging: true,
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        KMSKeyId: Match.anyValue(),
        CloudWatchLogsLogGroupArn: Match.anyValue(),
      });
    }
  });

  it('sets retention on the EKS control plane and Aurora log groups, created before the resources that write them', () => {
    prod.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/eks/prod/cluster',
      RetentionInDays: 365,
    });
    dev.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/eks/dev/cluster',
      RetentionInDays: 90,
    });
    for (const type of ['audit', 'error', 'slowquery']) {
      prod.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/rds/cluster/prod-aurora/${type}`,
        RetentionInDays: 365,
      });
    }
    const [cluster] = Object.values(resourcesOf(prod, 'AWS::EKS::Cluster'));
    const eksLogs = logicalId(prod, 'AWS::Logs::LogGroup', 'ControlPlaneLogs');
    expect(cluster.DependsOn).toContain(eksLogs);
    const [db] = Object.values(resourcesOf(prod, 'AWS::RDS::DBCluster'));
    const auditLogs = logicalId(prod, 'AWS::Logs::LogGroup', 'Logsaudit');
    expect(db.DependsOn).toContain(auditLogs);
  });

  it('scans every hub image continuously with Amazon Inspector (ECR enhanced scanning)', () => {
    app.hub.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'ENHANCED',
      Rules: [
        {
          ScanFrequency: 'CONTINUOUS_SCAN',
          RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }],
        },
      ],
    });
  });
});

describe('what the New service chart relies on', () => {
  const skeleton = path.resolve(
    __dirname,
    '../../templates/new-service/skeleton',
  );
  const read = (...parts: string[]) =>
    fs.readFileSync(path.join(skeleton, ...parts), 'utf8');
  const chart = ['platform', 'charts', '${{ values.name }}', 'templates'];

  it('uses the IngressClass the load balancer controller creates', () => {
    expect(read(...chart, 'ingress.yaml')).toContain(
      `ingressClassName: ${ALB_INGRESS_CLASS}`,
    );
    const alb = charts().find(c => c.Chart === 'aws-load-balancer-controller')!;
    expect(JSON.stringify(alb.Values)).toContain(
      `\\"ingressClass\\":\\"${ALB_INGRESS_CLASS}\\"`,
    );
  });

  it('mounts secrets through the AWS provider of the Secrets Store CSI add-on', () => {
    const spc = read(...chart, 'secretproviderclass.yaml');
    expect(spc).toContain('provider: aws');
    expect(spc).toMatch(/usePodIdentity: "true"/);
    expect(addon('aws-secrets-store-csi-driver-provider')).toBeDefined();
  });

  it('puts its Argo CD Application in the namespace the capability watches', () => {
    const dir = path.join(skeleton, 'environment', 'argocd');
    const [file] = fs.readdirSync(dir);
    expect(fs.readFileSync(path.join(dir, file), 'utf8')).toContain(
      `namespace: ${ARGOCD_NAMESPACE}`,
    );
    prod.hasResourceProperties('AWS::EKS::Capability', {
      Configuration: {
        ArgoCd: Match.objectLike({ Namespace: ARGOCD_NAMESPACE }),
      },
    });
  });

  it('gets DNS records for its Ingress hosts from external-dns', () => {
    const config = JSON.stringify(addon('external-dns')!.ConfigurationValues);
    expect(config).toContain('\\"sources\\":[\\"service\\",\\"ingress\\"]');
  });
});
