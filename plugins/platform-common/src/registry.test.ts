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

    it('rejects a CIDR too small for the subnet plan', () => {
      const issues = issuesOf(
        filesWith('spokes/dev.yaml', d => (d.network.cidr = '10.1.0.0/20')),
      );
      expect(issues).toEqual([
        expect.objectContaining({
          field: 'network.cidr',
          rule: 'cidr-fits-subnet-plan',
          message: expect.stringMatching(/too small/),
        }),
      ]);
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
    const result = validateSpoke(fixtures.registry(), candidate());
    expect(result).toEqual({
      ok: true,
      spoke: expect.objectContaining({ name: 'qa' }),
      file: 'spokes/qa.yaml',
      issues: [],
    });
  });

  it("reports clashes with existing spokes on the candidate's file", () => {
    const result = validateSpoke(fixtures.registry(), {
      ...candidate(),
      name: 'dev',
      account: '444455556666',
    });
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
