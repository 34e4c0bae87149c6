import { Match } from 'aws-cdk-lib/assertions';
import { PORTAL_ACTIONS } from '../lib/constructs/portal-role';
import { sampleRegistry, synth } from './helpers';

const registry = sampleRegistry();
const { spoke } = synth(registry);
const t = spoke('dev');

const portalPolicy = () =>
  Object.values(t.findResources('AWS::IAM::Policy')).find(r =>
    r.Properties.Roles.some((role: any) => role.Ref.startsWith('PortalRole')),
  )!.Properties.PolicyDocument.Statement as any[];

describe('portal read-only role', () => {
  it('is assumed only by the hub account with the external id from the secret named in hub.yaml', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: registry.hub.portal.roleName,
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: {
                'sts:ExternalId': `{{resolve:secretsmanager:${registry.hub.portal.externalIdName}:SecretString:::}}`,
              },
            },
            Principal: {
              AWS: {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    `:iam::${registry.hub.account}:root`,
                  ],
                ],
              },
            },
          }),
        ],
      },
    });
  });

  it('allows exactly the Describe and List calls spoke health makes', () => {
    const actions = portalPolicy().flatMap(s => [s.Action].flat());
    expect([...actions].sort()).toEqual([...PORTAL_ACTIONS].sort());
    expect(
      actions.every(a => /^[a-z0-9]+:(Describe|List|Get|Search)/.test(a)),
    ).toBe(true);
    expect(portalPolicy().every(s => s.Effect === 'Allow')).toBe(true);
  });

  it('leaves the Transit Gateway and the EKS version calendar to the hub', () => {
    // Spoke health reads those once, in the hub account, for every spoke.
    const actions = portalPolicy().flatMap(s => [s.Action].flat());
    expect(actions.filter(a => a.startsWith('ec2:'))).toEqual([]);
    expect(actions).not.toContain('eks:DescribeClusterVersions');
  });

  it('scopes the cluster calls to this spoke cluster and the secret call to the Aurora master secret', () => {
    const eks = portalPolicy().find(s => s.Sid === 'EksCluster');
    expect(JSON.stringify(eks.Resource).includes(':cluster/dev')).toBe(true);
    const secret = portalPolicy().find(s => s.Sid === 'AuroraSecret');
    expect(secret.Resource).toEqual({
      'Fn::GetAtt': [
        expect.stringMatching(/^AuroraCluster/),
        'MasterUserSecret.SecretArn',
      ],
    });
  });

  it('reads the Argo CD capability of this spoke cluster only', () => {
    const eks = portalPolicy().find(s => s.Sid === 'EksCluster');
    expect(eks.Action).toEqual(
      expect.arrayContaining([
        'eks:ListCapabilities',
        'eks:DescribeCapability',
      ]),
    );
    expect(JSON.stringify(eks.Resource)).toContain(':capability/dev/*');
  });
});
