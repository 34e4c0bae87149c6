import { parse, stringify } from 'yaml';
import { hubResolverInboundIps } from './clusterPlatform';
import { fixtures } from './fixtures';
import { parseRegistry, RegistryFile } from './registry';
import { RegistryValidationError } from './RegistryValidationError';

type Doc = Record<string, any>;

function filesWith(path: string, edit: (doc: Doc) => void): RegistryFile[] {
  return fixtures.files().map(f => {
    if (f.path !== path) return f;
    const doc = parse(f.content);
    edit(doc);
    return { path: f.path, content: stringify(doc) };
  });
}

function issuesOf(files: RegistryFile[]): string[] {
  try {
    parseRegistry(files);
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryValidationError);
    return (e as RegistryValidationError).issues.map(
      i => `${i.file}:${i.field}:${i.rule}`,
    );
  }
  throw new Error('expected the registry to be rejected');
}

describe('hubResolverInboundIps', () => {
  it('puts one address at offset 10 of each hub private /20, in zone order', () => {
    expect(hubResolverInboundIps('10.0.0.0/16', 2)).toEqual([
      '10.0.0.10',
      '10.0.16.10',
    ]);
    expect(hubResolverInboundIps('172.16.0.0/18', 3)).toEqual([
      '172.16.0.10',
      '172.16.16.10',
      '172.16.32.10',
    ]);
  });

  it('rejects hub.yaml addresses the stack does not assign, naming the expected ones', () => {
    const files = filesWith('hub.yaml', d => {
      d.deployed.resolverInboundIps = ['10.0.0.10', '10.0.64.10'];
    });
    expect(issuesOf(files)).toEqual([
      'hub.yaml:deployed.resolverInboundIps:resolver-ips-planned',
    ]);
    expect(() => parseRegistry(files)).toThrow(/10\.0\.0\.10, 10\.0\.16\.10/);
  });
});

describe('cluster platform fields', () => {
  const access = (account: string) => ({
    platformTeamRoleArn: `arn:aws:iam::${account}:role/platform-team-admin`,
    teamRoleArns: {
      'group:default/payments-team': `arn:aws:iam::${account}:role/payments`,
    },
  });

  it('accepts public zones of the hub, access roles of the spoke account and Identity Center on the hub', () => {
    const files = filesWith('spokes/dev.yaml', d => {
      d.dns.publicZones = ['app.piksel.big.go.id'];
      d.eks.access = access(d.account);
    }).map(f =>
      f.path === 'hub.yaml'
        ? {
            ...f,
            content: `${f.content}identityCenter:
  instanceArn: arn:aws:sso:::instance/ssoins-0123456789abcdef
  region: ap-southeast-3
  argoCdAdminGroupIds: [9067a3c2b1-5f2e4a10-7b3c-4d1e-9a8f-0c1d2e3f4a5b]
`,
          }
        : f,
    );
    const registry = parseRegistry(files);
    const dev = registry.spokes.find(s => s.name === 'dev')!;
    expect(dev.dns.publicZones).toEqual(['app.piksel.big.go.id']);
    expect(dev.eks.access?.teamRoleArns).toEqual({
      'group:default/payments-team': 'arn:aws:iam::222233334444:role/payments',
    });
    expect(registry.hub.identityCenter?.argoCdAdminGroupIds).toHaveLength(1);
  });

  it('rejects a public zone the hub does not host', () => {
    expect(
      issuesOf(
        filesWith('spokes/dev.yaml', d => {
          d.dns.publicZones = ['elsewhere.example.com'];
        }),
      ),
    ).toEqual(['spokes/dev.yaml:dns.publicZones.0:known-public-zone']);
  });

  it('rejects access roles of another account and one role used twice', () => {
    expect(
      issuesOf(
        filesWith('spokes/dev.yaml', d => {
          d.eks.access = {
            platformTeamRoleArn: 'arn:aws:iam::999999999999:role/admin',
            teamRoleArns: {
              'group:default/a-team': `arn:aws:iam::${d.account}:role/shared`,
              'group:default/b-team': `arn:aws:iam::${d.account}:role/shared`,
            },
          };
        }),
      ),
    ).toEqual([
      'spokes/dev.yaml:eks.access.platformTeamRoleArn:role-in-spoke-account',
      'spokes/dev.yaml:eks.access.teamRoleArns.group:default/b-team:one-entry-per-role',
    ]);
  });

  it('rejects a malformed role ARN and team ref', () => {
    const issues = issuesOf(
      filesWith('spokes/dev.yaml', d => {
        d.eks.access = {
          platformTeamRoleArn: 'admin',
          teamRoleArns: { 'payments-team': 'arn:aws:iam::222233334444:role/p' },
        };
      }),
    );
    expect(issues).toEqual([
      'spokes/dev.yaml:eks.access.platformTeamRoleArn:format',
      'spokes/dev.yaml:eks.access.teamRoleArns.payments-team:invalid_key',
    ]);
  });
});
