import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import {
  PORTAL_ACTIONS,
  PortalReadOnlyRole,
} from '../lib/constructs/portal-role';
import { sampleRegistry, synth } from './helpers';

const registry = sampleRegistry();
const { spoke } = synth(registry);
const t = spoke('dev');

const portalPolicy = () =>
  Object.values(t.findResources('AWS::IAM::Policy')).find(r =>
    r.Properties.Roles.some((role: any) => role.Ref?.startsWith('PortalRole')),
  )!.Properties.PolicyDocument.Statement as any[];

describe('portal read-only role', () => {
  it("is assumed only by the portal's own hub role, by ARN, with the external id from the secret named in hub.yaml", () => {
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
                    `:iam::${registry.hub.account}:role/${registry.hub.portal.hosting.roleName}`,
                  ],
                ],
              },
            },
          }),
        ],
      },
    });
  });

  it('never trusts the hub account root or any other principal', () => {
    const role = Object.values(t.findResources('AWS::IAM::Role')).find(
      r => r.Properties.RoleName === registry.hub.portal.roleName,
    )!;
    const statements = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements)).not.toContain(':root');
    expect(Object.keys(statements[0].Principal)).toEqual(['AWS']);
    expect(Object.keys(statements[0].Condition)).toEqual(['StringEquals']);
  });

  it('refuses a portal role that is not an account and role name', () => {
    const stack = new Stack(new App(), 'S');
    const props = (portalRole: { account: string; roleName: string }) => ({
      portalRole,
      externalId: 'external-id',
      clusterName: 'dev',
      dbClusterIdentifier: 'dev',
      dbSecretArn:
        'arn:aws:secretsmanager:ap-southeast-3:222222222222:secret:x',
    });
    expect(
      () =>
        new PortalReadOnlyRole(
          stack,
          'A',
          props({ account: '1111', roleName: 'platform-portal' }),
        ),
    ).toThrow(/portalRole.account must be 12 digits/);
    expect(
      () =>
        new PortalReadOnlyRole(
          stack,
          'B',
          props({ account: '111122223333', roleName: 'a role' }),
        ),
    ).toThrow(/portalRole.roleName 'a role' is not an IAM role name/);
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
