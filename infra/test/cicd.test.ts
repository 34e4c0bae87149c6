import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp, cicdStackName } from '../lib/app';
import { sampleRegistry } from './helpers';

const registry = sampleRegistry();
const built = buildApp(registry, { nag: false });
const assembly = built.app.synth();
const template = (name: string) =>
  Template.fromJSON(assembly.getStackByName(cicdStackName(name)).template);
const REPO = 'repo:piksel-ina/piksel-portal';

/** A role's trust policy and inline policies, by role name. */
function role(t: Template, roleName: string) {
  const [id, resource] = Object.entries(
    t.findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } }),
  )[0] as [string, any];
  const policies = Object.values(t.findResources('AWS::IAM::Policy')).filter(
    (p: any) => p.Properties.Roles.some((r: any) => r.Ref === id),
  ) as any[];
  return {
    trust: resource.Properties.AssumeRolePolicyDocument.Statement,
    managed: JSON.stringify(resource.Properties.ManagedPolicyArns ?? []),
    statements: policies.flatMap(p => p.Properties.PolicyDocument.Statement),
  };
}

describe('CI/CD access per account', () => {
  it('synthesizes one platform-cicd stack per account, in that account', () => {
    expect(Object.keys(built.cicd).sort()).toEqual([
      'dev',
      'hub',
      'prod',
      'staging',
    ]);
    expect(built.cicd.prod.account).toBe('444455556666');
    expect(built.cicd.hub.account).toBe(registry.hub.account);
  });

  it("trusts deploys only from this repository's environment for the account", () => {
    for (const env of ['hub', 'dev', 'prod']) {
      const { trust, statements } = role(template(env), 'platform-cicd-deploy');
      expect(trust).toEqual([
        {
          Action: 'sts:AssumeRoleWithWebIdentity',
          Effect: 'Allow',
          Principal: { Federated: expect.anything() },
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': `${REPO}:environment:${env}`,
            },
          },
        },
      ]);
      // It can only hand over to the CDK bootstrap roles.
      expect(statements).toEqual([
        expect.objectContaining({
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Effect: 'Allow',
        }),
      ]);
      expect(JSON.stringify(statements)).toMatch(/cdk-hnb659fds-deploy-role-/);
    }
  });

  it('lets pull requests and the default branch only read and preview', () => {
    const { trust, managed, statements } = role(
      template('dev'),
      'platform-cicd-diff',
    );
    expect(trust[0].Condition.StringEquals).toEqual({
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': [
        `${REPO}:pull_request`,
        `${REPO}:ref:refs/heads/main`,
      ],
    });
    expect(managed).toMatch(/ReadOnlyAccess/);
    const allowed = statements
      .filter(s => s.Effect === 'Allow')
      .flatMap(s => [s.Action].flat());
    expect(allowed.sort()).toEqual(
      [
        'cloudformation:CreateChangeSet',
        'cloudformation:DeleteChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:DetectStackDrift',
        'cloudformation:DetectStackResourceDrift',
        'sts:AssumeRole',
      ].sort(),
    );
    const denied = statements.find(s => s.Effect === 'Deny');
    expect(denied.Action).toEqual(
      expect.arrayContaining([
        'cloudformation:ExecuteChangeSet',
        'secretsmanager:GetSecretValue',
        'kms:Decrypt',
      ]),
    );
  });

  it("creates the GitHub OIDC provider in each spoke and reuses the hub stack's in the hub", () => {
    expect(template('dev').findResources('AWS::IAM::OIDCProvider')).not.toEqual(
      {},
    );
    expect(template('hub').findResources('AWS::IAM::OIDCProvider')).toEqual({});
  });

  it("gives the hub a handshake role that may read only the registered spokes' VPCs", () => {
    const { trust, statements } = role(
      template('hub'),
      'platform-cicd-handshake',
    );
    expect(trust[0].Condition.StringEquals).toMatchObject({
      'token.actions.githubusercontent.com:sub': `${REPO}:environment:hub`,
    });
    const assume = statements.find(s => s.Action === 'sts:AssumeRole');
    expect(assume.Resource.map((r: any) => JSON.stringify(r)).join()).toMatch(
      /222233334444:role\/platform-cicd-network-reader/,
    );
    expect(assume.Resource).toHaveLength(registry.spokes.length);
    const reader = role(template('dev'), 'platform-cicd-network-reader');
    expect(Object.keys(reader.trust[0].Condition)).toEqual(['ArnEquals']);
    expect(JSON.stringify(reader.trust[0].Condition.ArnEquals)).toContain(
      `:iam::${registry.hub.account}:role/platform-cicd-handshake`,
    );
    expect(JSON.stringify(reader.trust[0].Principal)).toContain(
      `:iam::${registry.hub.account}:root`,
    );
    expect(reader.statements).toEqual([
      expect.objectContaining({ Action: 'ec2:DescribeVpcs' }),
    ]);
  });

  it('has no unacknowledged cdk-nag findings', () => {
    for (const stack of Object.values(built.cicd)) {
      const report = new AwsSolutionsChecks().validateScope(stack);
      expect(
        report.violations.flatMap(v =>
          v.violatingResources.map(r => `${v.ruleName} at ${r.constructPath}`),
        ),
      ).toEqual([]);
    }
  });

  it('names the repository rule when the repository is malformed', () => {
    expect(() =>
      buildApp(
        {
          ...registry,
          hub: {
            ...registry.hub,
            github: { ...registry.hub.github, platformRepository: 'a/b' },
          },
        },
        { nag: false },
      ),
    ).toThrow(/CicdRoles: repository 'piksel-ina\/a\/b' must be owner\/name/);
  });
});
