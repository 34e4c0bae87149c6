import { parse, stringify } from 'yaml';
import { fixtures } from './fixtures';
import {
  parseRegistry,
  RegistryFile,
  requireHubDeployed,
  validateSpoke,
} from './registry';
import {
  RegistryIssue,
  RegistryValidationError,
} from './RegistryValidationError';

type Doc = Record<string, any>;

/** The fixture files with `edit` applied to the parsed YAML of one of them. */
function filesWith(path: string, edit: (doc: Doc) => void): RegistryFile[] {
  return fixtures.files().map(f => {
    if (f.path !== path) return f;
    const doc = parse(f.content);
    edit(doc);
    return { path: f.path, content: stringify(doc) };
  });
}

function issuesOf(files: RegistryFile[]): RegistryIssue[] {
  try {
    parseRegistry(files);
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryValidationError);
    return (e as RegistryValidationError).issues;
  }
  throw new Error('expected the registry to be rejected');
}

describe('parseRegistry', () => {
  it('parses the fixture registry with spokes sorted by name and defaults applied', () => {
    const registry = parseRegistry(fixtures.files().reverse());
    expect(registry.spokes.map(s => s.name)).toEqual([
      'dev',
      'prod',
      'staging',
    ]);
    expect(registry.hub.ecr.maxImageCount).toBe(30);
    expect(registry.spokes[0].aurora.maxReaders).toBe(1);
    expect(registry.hub.deployed?.routeTableIds.prod).toMatch(/^tgw-rtb-/);
  });

  it("accepts a spoke's deployed ids and rejects a malformed one", () => {
    const ok = filesWith(
      'spokes/dev.yaml',
      d =>
        (d.deployed = {
          vpcId: 'vpc-0123456789abcdef0',
          transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
        }),
    );
    expect(parseRegistry(ok).spokes[0].deployed?.vpcId).toBe(
      'vpc-0123456789abcdef0',
    );
    const bad = filesWith(
      'spokes/dev.yaml',
      d => (d.deployed = { vpcId: 'vpc-XYZ' }),
    );
    expect(issuesOf(bad)).toEqual([
      expect.objectContaining({ field: 'deployed.vpcId', rule: 'format' }),
    ]);
  });

  it('accepts Windows separators and a leading ./ in paths', () => {
    const files = fixtures
      .files()
      .map(f => ({ ...f, path: `./${f.path.replace('/', '\\')}` }));
    expect(parseRegistry(files).spokes).toHaveLength(3);
  });

  describe('schema errors', () => {
    it('names the file, the dot-path field and the rule', () => {
      const issues = issuesOf(
        filesWith('spokes/dev.yaml', d => (d.network.cidr = '10.1.0.0/33')),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          file: 'spokes/dev.yaml',
          field: 'network.cidr',
          rule: 'format',
        }),
      ]);
    });

    it('reports a missing field as required and an unknown one as unknown-field', () => {
      const issues = issuesOf(
        filesWith('spokes/staging.yaml', d => {
          delete d.owner;
          d.eks.nodeGroup.desiredSzie = 3;
        }),
      );
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            file: 'spokes/staging.yaml',
            field: 'owner',
            rule: 'required',
          }),
          expect.objectContaining({
            file: 'spokes/staging.yaml',
            field: 'eks.nodeGroup.desiredSzie',
            rule: 'unknown-field',
          }),
        ]),
      );
    });

    it('tells the author to quote an unquoted account id', () => {
      const files = fixtures.files().map(f =>
        f.path === 'spokes/dev.yaml'
          ? {
              ...f,
              content: f.content.replace('"222233334444"', '222233334444'),
            }
          : f,
      );
      expect(issuesOf(files)).toEqual([
        expect.objectContaining({
          field: 'account',
          rule: 'invalid_type',
          message: expect.stringMatching(/quoted string of 12 digits/),
        }),
      ]);
    });

    it('reports broken YAML as yaml-syntax on its file', () => {
      const files = [
        ...fixtures.files(),
        { path: 'spokes/qa.yaml', content: 'name: [qa' },
      ];
      expect(issuesOf(files)).toEqual([
        expect.objectContaining({
          file: 'spokes/qa.yaml',
          field: '',
          rule: 'yaml-syntax',
        }),
      ]);
    });

    it('requires hub.yaml and rejects files outside the layout', () => {
      const files = [
        ...fixtures.files().filter(f => f.path !== 'hub.yaml'),
        { path: 'other.yaml', content: '{}' },
      ];
      expect(issuesOf(files).map(i => `${i.file}:${i.rule}`)).toEqual([
        'other.yaml:unknown-file',
        'hub.yaml:required-file',
      ]);
    });

    it('lists every issue, with file, field and rule, in the error message', () => {
      const files = filesWith('spokes/dev.yaml', d => {
        d.region = 'nowhere';
        d.environmentClass = 'qa';
      });
      expect(() => parseRegistry(files)).toThrow(
        /Platform registry is invalid \(2 issues\):\n {2}- spokes\/dev\.yaml: environmentClass \[invalid_value\].*\n {2}- spokes\/dev\.yaml: region \[format\]/,
      );
    });
  });

  describe('cross-file checks', () => {
    it('rejects a spoke whose name differs from its file name', () => {
      const issues = issuesOf(
        filesWith('spokes/dev.yaml', d => (d.name = 'develop')),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          file: 'spokes/dev.yaml',
          field: 'name',
          rule: 'name-matches-file',
        }),
      ]);
    });

    it('rejects a name that is not a DNS label', () => {
      const files = [
        ...fixtures.files(),
        {
          path: 'spokes/QA_1.yaml',
          content: fixtures.spokeYaml.dev.replace('name: dev', 'name: QA_1'),
        },
      ];
      expect(issuesOf(files)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            file: 'spokes/QA_1.yaml',
            field: 'name',
            rule: 'format',
          }),
        ]),
      );
    });

    it('rejects the same name in a .yaml and a .yml file', () => {
      const files = [
        ...fixtures.files(),
        { path: 'spokes/dev.yml', content: fixtures.spokeYaml.dev },
      ];
      const issues = issuesOf(files).filter(i => i.rule === 'unique-name');
      expect(issues).toEqual([
        expect.objectContaining({
          file: 'spokes/dev.yml',
          field: 'name',
          message: expect.stringContaining('spokes/dev.yaml'),
        }),
      ]);
    });

    it('rejects a spoke named like the hub', () => {
      const files = filesWith('hub.yaml', d => (d.name = 'prod'));
      expect(issuesOf(files)).toEqual([
        expect.objectContaining({
          file: 'spokes/prod.yaml',
          rule: 'unique-name',
        }),
      ]);
    });

    it('rejects an account shared by two spokes', () => {
      const issues = issuesOf(
        filesWith('spokes/staging.yaml', d => (d.account = '222233334444')),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          file: 'spokes/staging.yaml',
          field: 'account',
          rule: 'unique-account',
          message: '222233334444 is also the account of spokes/dev.yaml',
        }),
      ]);
    });

    it("rejects a spoke in the hub's account", () => {
      const issues = issuesOf(
        filesWith('spokes/prod.yaml', d => (d.account = '111122223333')),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          rule: 'unique-account',
          message: expect.stringContaining('hub.yaml'),
        }),
      ]);
    });

    it('rejects overlapping spoke CIDRs, naming both files', () => {
      const issues = issuesOf(
        filesWith('spokes/staging.yaml', d => (d.network.cidr = '10.1.0.0/16')),
      );
      expect(issues).toEqual([
        {
          file: 'spokes/staging.yaml',
          field: 'network.cidr',
          rule: 'cidr-overlap',
          message:
            '10.1.0.0/16 in spokes/staging.yaml overlaps 10.1.0.0/16 in spokes/dev.yaml',
        },
      ]);
    });

    it("rejects a spoke CIDR overlapping the hub's", () => {
      const issues = issuesOf(
        filesWith('hub.yaml', d => (d.network.cidr = '10.0.0.0/14')),
      );
      const overlaps = issues.filter(i => i.rule === 'cidr-overlap');
      expect(overlaps.map(i => i.file)).toEqual([
        'spokes/dev.yaml',
        'spokes/prod.yaml',
        'spokes/staging.yaml',
      ]);
      expect(overlaps[0].message).toBe(
        '10.1.0.0/16 in spokes/dev.yaml overlaps 10.0.0.0/14 in hub.yaml',
      );
    });

    it.each(['10.1.0.0/21', '10.0.0.0/15'])(
      'rejects %s as outside the spoke VPC sizes /16 to /20',
      cidr => {
        const issues = issuesOf(
          filesWith('spokes/dev.yaml', d => {
            d.network.cidr = cidr;
            d.network.pool = 'main';
          }),
        ).filter(i => i.rule !== 'cidr-overlap');
        expect(issues).toEqual([
          {
            file: 'spokes/dev.yaml',
            field: 'network.cidr',
            rule: 'vpc-size-range',
            message: `${cidr} is a /${
              cidr.split('/')[1]
            }; a spoke VPC is a /16 to /20`,
          },
        ]);
      },
    );

    it('accepts a /20 spoke with three AZs', () => {
      const registry = parseRegistry(
        filesWith('spokes/prod.yaml', d => (d.network.cidr = '10.9.16.0/20')),
      );
      expect(registry.spokes.find(s => s.name === 'prod')?.network.cidr).toBe(
        '10.9.16.0/20',
      );
    });

    it('rejects an AZ count outside 2 to 3', () => {
      const issues = issuesOf(
        filesWith('spokes/prod.yaml', d => {
          d.network.azCount = 4;
          d.network.availabilityZones.push('ap-southeast-3d');
        }),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          field: 'network.azCount',
          rule: 'az-count-range',
        }),
      ]);
    });

    it('rejects an AZ list whose length differs from azCount', () => {
      const issues = issuesOf(
        filesWith('spokes/prod.yaml', d => d.network.availabilityZones.pop()),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          field: 'network.availabilityZones',
          rule: 'az-list-length',
        }),
      ]);
    });

    it("rejects an AZ outside the spoke's region and a repeated AZ", () => {
      const issues = issuesOf(
        filesWith(
          'spokes/dev.yaml',
          d =>
            (d.network.availabilityZones = [
              'ap-southeast-1a',
              'ap-southeast-1a',
            ]),
        ),
      );
      expect(issues.map(i => `${i.field}:${i.rule}`)).toEqual([
        'network.availabilityZones.0:az-in-region',
        'network.availabilityZones.1:az-in-region',
        'network.availabilityZones:unique-az',
      ]);
    });

    it('rejects a spoke in another region than the hub', () => {
      const issues = issuesOf(
        filesWith('spokes/dev.yaml', d => {
          d.region = 'ap-southeast-1';
          d.network.availabilityZones = ['ap-southeast-1a', 'ap-southeast-1b'];
        }),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          field: 'region',
          rule: 'same-region-as-hub',
        }),
      ]);
    });

    it('rejects a private zone the hub does not host', () => {
      const issues = issuesOf(
        filesWith('spokes/dev.yaml', d =>
          d.dns.privateZones.push('qa.piksel.internal'),
        ),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          field: 'dns.privateZones.2',
          rule: 'known-zone',
        }),
      ]);
    });

    it('rejects a spoke CIDR inside the pod range', () => {
      const issues = issuesOf(
        filesWith('spokes/dev.yaml', d => (d.network.cidr = '100.64.0.0/16')),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          field: 'network.cidr',
          rule: 'pod-cidr-reserved',
        }),
        expect.objectContaining({
          field: 'network.cidr',
          rule: 'cidr-in-pool',
        }),
      ]);
    });

    it('rejects a node group whose desired size is outside min and max', () => {
      const issues = issuesOf(
        filesWith('spokes/dev.yaml', d => (d.eks.nodeGroup.desiredSize = 9)),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          field: 'eks.nodeGroup.desiredSize',
          rule: 'node-group-range',
        }),
      ]);
    });

    it('rejects prod without Aurora deletion protection', () => {
      const issues = issuesOf(
        filesWith(
          'spokes/prod.yaml',
          d => (d.aurora.deletionProtection = false),
        ),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          field: 'aurora.deletionProtection',
          rule: 'prod-deletion-protection',
        }),
      ]);
    });

    it('rejects resolver addresses outside the hub CIDR and ids for unknown zones', () => {
      const issues = issuesOf(
        filesWith('hub.yaml', d => {
          d.deployed.resolverInboundIps = ['10.0.0.10', '10.9.0.10'];
          d.deployed.privateZoneIds['nope.internal'] = 'Z123';
        }),
      );
      expect(issues.map(i => `${i.file}:${i.field}:${i.rule}`)).toEqual([
        'hub.yaml:deployed.resolverInboundIps.1:ip-in-hub-cidr',
        'hub.yaml:deployed.privateZoneIds.nope.internal:known-zone',
        'hub.yaml:deployed.resolverInboundIps:resolver-ips-planned',
      ]);
    });
  });
});

describe('validateSpoke', () => {
  const now = new Date('2026-12-06T09:00:00Z');
  const candidate = () => ({
    ...parse(fixtures.spokeYaml.dev),
    name: 'qa',
    account: '555566667777',
    network: {
      cidr: '10.4.0.0/16',
      azCount: 2,
      availabilityZones: ['ap-southeast-3a', 'ap-southeast-3b'],
      natGateways: 'single',
    },
    dns: { privateZones: ['piksel.internal'] },
  });

  it('accepts a new spoke that fits the registry', () => {
    const result = validateSpoke(fixtures.registry(), candidate(), { now });
    expect(result).toEqual({
      ok: true,
      spoke: expect.objectContaining({ name: 'qa' }),
      file: 'spokes/qa.yaml',
      issues: [],
    });
  });

  it("reports clashes with existing spokes on the candidate's file", () => {
    const result = validateSpoke(
      fixtures.registry(),
      {
        ...candidate(),
        name: 'dev',
        account: '444455556666',
      },
      { now },
    );
    expect(result.ok).toBe(false);
    expect(result.issues.map(i => `${i.file}:${i.rule}`)).toEqual([
      'spokes/dev.yaml:unique-name',
      'spokes/dev.yaml:unique-account',
    ]);
  });

  it('reports schema problems without throwing', () => {
    const result = validateSpoke(fixtures.registry(), { name: 'qa' });
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'spokes/qa.yaml',
          field: 'account',
          rule: 'required',
        }),
      ]),
    );
    expect(validateSpoke(fixtures.registry(), null).issues[0].file).toBe(
      'spokes/new-spoke.yaml',
    );
  });

  it.each([
    ['1.34', 'left EKS standard support on 2026-12-02'],
    ['1.33', 'left EKS standard support on 2026-07-29'],
    ['1.31', 'no longer supported by EKS (extended support ended 2026-11-26)'],
  ])(
    'refuses Kubernetes %s for a new spoke on 2026-12-06, naming the field, the rule and the choices',
    (version, why) => {
      const result = validateSpoke(
        fixtures.registry(),
        { ...candidate(), eks: { ...candidate().eks, version } },
        { now },
      );
      expect(result.issues).toEqual([
        {
          file: 'spokes/qa.yaml',
          field: 'eks.version',
          rule: 'kubernetes-version-policy',
          message: expect.stringContaining(why),
        },
      ]);
      expect(result.issues[0].message).toContain(
        'choose 1.35 (in EKS standard support on 2026-12-06)',
      );
    },
  );

  it('accepts 1.35 on 2026-12-06, and refuses it once its standard support ends', () => {
    for (const version of ['1.35']) {
      const spoke = { ...candidate(), eks: { ...candidate().eks, version } };
      expect(validateSpoke(fixtures.registry(), spoke, { now }).ok).toBe(true);
    }
    const later = validateSpoke(
      fixtures.registry(),
      { ...candidate(), eks: { ...candidate().eks, version: '1.35' } },
      { now: new Date('2027-03-27T00:00:00Z') },
    );
    expect(later.issues.map(i => i.rule)).toEqual([
      'kubernetes-version-policy',
    ]);
  });

  it('refuses a version missing from the calendar once, with the registry rule', () => {
    const result = validateSpoke(
      fixtures.registry(),
      { ...candidate(), eks: { ...candidate().eks, version: '1.99' } },
      { now },
    );
    expect(result.issues.map(i => `${i.field}:${i.rule}`)).toEqual([
      'eks.version:known-kubernetes-version',
    ]);
  });
});

describe('requireHubDeployed', () => {
  it('returns the outputs when present and names hub.yaml deployed when absent', () => {
    const registry = fixtures.registry();
    expect(requireHubDeployed(registry).transitGatewayId).toBe(
      'tgw-0123456789abcdef0',
    );
    delete registry.hub.deployed;
    expect(() => requireHubDeployed(registry)).toThrow(
      /hub\.yaml: deployed \[required\]/,
    );
  });
});

describe('address pools', () => {
  it('rejects a pool name the hub does not declare, naming the field', () => {
    const issues = issuesOf(
      filesWith('spokes/dev.yaml', d => (d.network.pool = 'nope')),
    );
    expect(issues).toEqual([
      {
        file: 'spokes/dev.yaml',
        field: 'network.pool',
        rule: 'known-pool',
        message:
          "'nope' is not an address pool of the hub (hub.yaml addressPlan.pools: main, extra)",
      },
    ]);
  });

  it('rejects a block outside the pool the spoke names', () => {
    const issues = issuesOf(
      filesWith('spokes/dev.yaml', d => (d.network.pool = 'extra')),
    );
    expect(issues).toEqual([
      {
        file: 'spokes/dev.yaml',
        field: 'network.cidr',
        rule: 'cidr-in-pool',
        message: "10.1.0.0/16 is outside pool 'extra' (172.16.0.0/12)",
      },
    ]);
  });

  it('rejects a block in no pool when the hub plans pools', () => {
    const issues = issuesOf(
      filesWith('spokes/dev.yaml', d => (d.network.cidr = '192.168.0.0/20')),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        field: 'network.cidr',
        rule: 'cidr-in-pool',
        message:
          "192.168.0.0/20 is in none of the hub's address pools (main: 10.0.0.0/9, 10.128.0.0/10; extra: 172.16.0.0/12)",
      }),
    ]);
  });

  it('accepts any block when the hub plans no pools, as before pools existed', () => {
    const registry = parseRegistry(
      filesWith('hub.yaml', d => {
        delete d.addressPlan;
        delete d.deployed.ipamPoolIds;
      }).map(f =>
        f.path === 'spokes/dev.yaml'
          ? {
              ...f,
              content: f.content.replace('10.1.0.0/16', '192.168.0.0/16'),
            }
          : f,
      ),
    );
    expect(registry.hub.addressPlan).toBeUndefined();
  });

  it('checks the hub plan: unique names, no overlap, pod range, size, known defaults and IPAM ids', () => {
    const issues = issuesOf(
      filesWith('hub.yaml', d => {
        d.addressPlan.pools.push(
          { name: 'main', cidrs: ['10.128.0.0/16'] },
          { name: 'cgnat', cidrs: ['100.64.0.0/10', '192.168.0.0/24'] },
        );
        d.addressPlan.defaults.prod.pool = 'gone';
        d.deployed.ipamPoolIds.other = 'ipam-pool-0123456789abcdef1';
      }),
    );
    expect(issues.map(i => [i.field, i.rule])).toEqual([
      ['addressPlan.pools.2.name', 'unique-pool'],
      ['addressPlan.pools.2.cidrs.0', 'pool-overlap'],
      ['addressPlan.pools.3.cidrs.0', 'pod-cidr-reserved'],
      ['addressPlan.pools.3.cidrs.1', 'pool-size'],
      ['addressPlan.defaults.prod.pool', 'known-pool'],
      ['deployed.ipamPoolIds.other', 'known-pool'],
    ]);
    expect(issues[1].message).toBe(
      "10.128.0.0/16 of pool 'main' overlaps 10.128.0.0/10 of pool 'main' (addressPlan.pools.0.cidrs.1)",
    );
  });

  it('names the field and rule of a default size outside /16 to /20', () => {
    const issues = issuesOf(
      filesWith(
        'hub.yaml',
        d => (d.addressPlan.defaults['non-prod'].size = 24),
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'hub.yaml',
        field: 'addressPlan.defaults.non-prod.size',
        rule: 'too_big',
        message:
          'must be 20 or less: a /20 is the smallest spoke that holds the subnet plan',
      }),
    ]);
  });
});

describe('IPAM pool ids', () => {
  it('refuses a spoke naming a pool whose IPAM id a deployed hub has not recorded', () => {
    const files = filesWith('hub.yaml', d => delete d.deployed.ipamPoolIds).map(
      f =>
        f.path === 'spokes/dev.yaml'
          ? {
              ...f,
              content: f.content.replace(
                'natGateways: single',
                'natGateways: single\n  pool: main',
              ),
            }
          : f,
    );
    expect(issuesOf(files)).toEqual([
      {
        file: 'spokes/dev.yaml',
        field: 'network.pool',
        rule: 'ipam-pool-recorded',
        message:
          "the hub is deployed but hub.yaml deployed.ipamPoolIds has no id for pool 'main'; deploy the hub and record its IpamPoolMainId output first",
      },
    ]);
  });
});
