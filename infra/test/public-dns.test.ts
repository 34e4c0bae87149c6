import { Match } from 'aws-cdk-lib/assertions';
import { buildApp } from '../lib/app';
import { InfraRegistry } from '../lib/registry';
import { resourcesOf, sampleRegistry, synth } from './helpers';

// Spoke public subdomains, their delegation and certificates (docs/adr/0041).
const registry = sampleRegistry();
const app = synth(registry);
const dev = app.spoke('dev');
const prod = app.spoke('prod');
const devSpoke = registry.spokes.find(s => s.name === 'dev')!;
const prodSpoke = registry.spokes.find(s => s.name === 'prod')!;
const hubAccount = registry.hub.account;

const hubRole = (roleName: string) =>
  Object.entries(resourcesOf(app.hub, 'AWS::IAM::Role')).find(
    ([, r]) => r.Properties.RoleName === roleName,
  )!;
const hubPolicyOf = (roleId: string) =>
  Object.values(resourcesOf(app.hub, 'AWS::IAM::Policy')).find(p =>
    JSON.stringify(p.Properties.Roles).includes(roleId),
  )!.Properties.PolicyDocument.Statement as any[];
const zoneRef = (zoneName: string) => {
  const [id] = Object.entries(
    resourcesOf(app.hub, 'AWS::Route53::HostedZone'),
  ).find(([, z]) => z.Properties.Name === `${zoneName}.`)!;
  return id;
};

describe('spoke public subdomains and certificates', () => {
  it('gives each spoke a hub delegation role trusted by that spoke account only', () => {
    const [, role] = hubRole('platform-dns-delegation-dev');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: {
          AWS: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                `:iam::${devSpoke.account}:root`,
              ],
            ],
          },
        },
      },
    ]);
  });

  it('lets the delegation role change only NS records named after the spoke subdomain, in its parent zone', () => {
    const [id] = hubRole('platform-dns-delegation-prod');
    const changes = hubPolicyOf(id).filter(
      s => s.Action === 'route53:ChangeResourceRecordSets',
    );
    // prod lists both hub public zones: one subdomain in each, nothing else.
    expect(
      changes.map(s => ({
        zone: s.Resource['Fn::Join'][1][3].Ref,
        condition: s.Condition,
      })),
    ).toEqual(
      ['piksel.big.go.id', 'app.piksel.big.go.id'].map(zone => ({
        zone: zoneRef(zone),
        condition: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsRecordTypes': ['NS'],
            'route53:ChangeResourceRecordSetsActions': ['UPSERT', 'DELETE'],
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
              `prod.${zone}`,
            ],
          },
        },
      })),
    );
    const others = hubPolicyOf(id).filter(
      s => s.Action !== 'route53:ChangeResourceRecordSets',
    );
    expect(others).toEqual([
      {
        Action: 'route53:ListHostedZonesByName',
        Effect: 'Allow',
        Resource: '*',
      },
    ]);
  });

  it('limits the dev delegation role to dev.app.piksel.big.go.id (dev lists one zone)', () => {
    const [id] = hubRole('platform-dns-delegation-dev');
    const names = hubPolicyOf(id)
      .filter(s => s.Action === 'route53:ChangeResourceRecordSets')
      .map(
        s =>
          s.Condition['ForAllValues:StringEquals'][
            'route53:ChangeResourceRecordSetsNormalizedRecordNames'
          ],
      );
    expect(names).toEqual([['dev.app.piksel.big.go.id']]);
  });

  it('no longer lets any spoke write records in the hub zones directly', () => {
    const unconditioned = Object.values(
      resourcesOf(app.hub, 'AWS::IAM::Policy'),
    )
      .flatMap(p => p.Properties.PolicyDocument.Statement as any[])
      .filter(
        s =>
          []
            .concat(s.Action)
            .some(a => a === 'route53:ChangeResourceRecordSets') &&
          !s.Condition,
      );
    expect(unconditioned).toEqual([]);
    expect(
      Object.values(resourcesOf(app.hub, 'AWS::IAM::Role')).map(
        r => r.Properties.RoleName,
      ),
    ).not.toContain('platform-external-dns-dev');
  });

  it('creates the spoke zones in the spoke account and delegates them through the hub role', () => {
    prod.resourceCountIs('AWS::Route53::HostedZone', 2);
    for (const parent of ['piksel.big.go.id', 'app.piksel.big.go.id']) {
      prod.hasResourceProperties('AWS::Route53::HostedZone', {
        Name: `prod.${parent}.`,
      });
      prod.hasResourceProperties('Custom::CrossAccountZoneDelegation', {
        ParentZoneName: parent,
        DelegatedZoneName: `prod.${parent}`,
        AssumeRoleArn: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              `:iam::${hubAccount}:role/platform-dns-delegation-prod`,
            ],
          ],
        },
      });
    }
  });

  it('requests one DNS-validated wildcard certificate per spoke for its subdomains, validated in its own zones', () => {
    const zoneId = (t: typeof prod, name: string) =>
      Object.entries(resourcesOf(t, 'AWS::Route53::HostedZone')).find(
        ([, z]) => z.Properties.Name === `${name}.`,
      )![0];
    prod.resourceCountIs('AWS::CertificateManager::Certificate', 1);
    prod.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.prod.piksel.big.go.id',
      SubjectAlternativeNames: ['*.prod.app.piksel.big.go.id'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: [
        {
          DomainName: '*.prod.piksel.big.go.id',
          HostedZoneId: { Ref: zoneId(prod, 'prod.piksel.big.go.id') },
        },
        {
          DomainName: '*.prod.app.piksel.big.go.id',
          HostedZoneId: { Ref: zoneId(prod, 'prod.app.piksel.big.go.id') },
        },
      ],
    });
    dev.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.dev.app.piksel.big.go.id',
      SubjectAlternativeNames: Match.absent(),
      DomainValidationOptions: [
        {
          DomainName: '*.dev.app.piksel.big.go.id',
          HostedZoneId: { Ref: zoneId(dev, 'dev.app.piksel.big.go.id') },
        },
      ],
    });
  });

  it('requests the certificate only after the delegation records exist', () => {
    const [cert] = Object.values(
      resourcesOf(prod, 'AWS::CertificateManager::Certificate'),
    ) as any[];
    const delegations = Object.keys(
      resourcesOf(prod, 'Custom::CrossAccountZoneDelegation'),
    );
    expect(delegations).toHaveLength(2);
    for (const d of delegations) expect(cert.DependsOn).toContain(d);
  });

  it('points external-dns at the spoke zones only, by name and id, with no cross-account role', () => {
    const dns = Object.values(resourcesOf(prod, 'AWS::EKS::Addon')).find(
      a => a.Properties.AddonName === 'external-dns',
    )!.Properties;
    const config = JSON.stringify(dns.ConfigurationValues);
    expect(config).toContain(
      '\\"domainFilters\\":[\\"prod.piksel.big.go.id\\",\\"prod.app.piksel.big.go.id\\"]',
    );
    const zoneIds = Object.keys(resourcesOf(prod, 'AWS::Route53::HostedZone'));
    for (const id of zoneIds) {
      expect(config).toContain(`--zone-id-filter=",{"Ref":"${id}"}`);
    }
    expect(config).toContain('--aws-zone-type=public');
    expect(config).not.toContain('--aws-assume-role');
    expect(config).not.toContain(hubAccount);

    const [roleId] = Object.entries(resourcesOf(prod, 'AWS::IAM::Role')).find(
      ([, r]) => r.Properties.RoleName === 'platform-external-dns',
    )!;
    const statements = Object.values(resourcesOf(prod, 'AWS::IAM::Policy'))
      .filter(p => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap(p => p.Properties.PolicyDocument.Statement as any[]);
    const change = statements.find(s => s.Sid === 'ChangeRecords');
    expect(change.Action).toBe('route53:ChangeResourceRecordSets');
    expect(JSON.stringify(change.Resource)).toEqual(
      JSON.stringify(
        zoneIds.map(id => ({
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':route53:::hostedzone/',
              { Ref: id },
            ],
          ],
        })),
      ),
    );
    expect(statements.map(s => s.Action)).not.toContain('sts:AssumeRole');
  });

  it('publishes the certificate ARN as a stack output', () => {
    const [certId] = Object.keys(
      resourcesOf(prod, 'AWS::CertificateManager::Certificate'),
    );
    expect(prod.findOutputs('PublicCertificateArn')).toEqual({
      PublicCertificateArn: {
        Description: '*.prod.piksel.big.go.id *.prod.app.piksel.big.go.id',
        Value: { Ref: certId },
      },
    });
  });

  it('gives a spoke without public zones no zone, certificate or delegation role', () => {
    const quiet: InfraRegistry = {
      ...registry,
      spokes: registry.spokes.map(s =>
        s.name === 'staging' ? { ...s, dns: { ...s.dns, publicZones: [] } } : s,
      ),
    };
    const t = synth(quiet);
    t.spoke('staging').resourceCountIs('AWS::Route53::HostedZone', 0);
    t.spoke('staging').resourceCountIs(
      'AWS::CertificateManager::Certificate',
      0,
    );
    expect(
      Object.values(resourcesOf(t.hub, 'AWS::IAM::Role')).map(
        r => r.Properties.RoleName,
      ),
    ).not.toContain('platform-dns-delegation-staging');
  });

  it('refuses a spoke whose subdomain would be one of the hub public zones', () => {
    const clash: InfraRegistry = {
      ...registry,
      spokes: [
        ...registry.spokes,
        { ...prodSpoke, name: 'app', account: '555566667777' },
      ],
    };
    expect(() => buildApp(clash, { nag: false })).toThrow(
      "spoke app: dns.publicZones piksel.big.go.id would give it the subdomain app.piksel.big.go.id, which is one of the hub's public zones",
    );
  });
});
