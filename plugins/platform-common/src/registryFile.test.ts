import { parse, stringify } from 'yaml';
import { fixtures } from './fixtures';
import {
  checkRegistryAcrossFiles,
  parseRegistry,
  parseRegistryFile,
  ParsedRegistryFile,
  RegistryEntry,
  RegistryFile,
} from './registry';
import { RegistryValidationError } from './RegistryValidationError';
import { HubConfig, SpokeConfig } from './schema';

type Doc = Record<string, any>;

function edited(file: RegistryFile, edit: (doc: Doc) => void): RegistryFile {
  const doc = parse(file.content);
  edit(doc);
  return { path: file.path, content: stringify(doc) };
}

function fixtureFile(path: string): RegistryFile {
  const file = fixtures.files().find(f => f.path === path);
  if (!file) throw new Error(`no fixture ${path}`);
  return file;
}

function hubEntry(parsed: ParsedRegistryFile): RegistryEntry<HubConfig> {
  if (!parsed.ok || parsed.kind !== 'hub') throw new Error('expected a hub');
  return parsed.entry;
}

function spokeEntry(parsed: ParsedRegistryFile): RegistryEntry<SpokeConfig> {
  if (!parsed.ok || parsed.kind !== 'spoke') {
    throw new Error('expected a spoke');
  }
  return parsed.entry;
}

describe('parseRegistryFile', () => {
  it('parses each fixture file on its own, with defaults applied', () => {
    const parsed = fixtures.files().map(parseRegistryFile);
    expect(
      parsed.map(p => (p.ok ? `${p.kind}:${p.entry.file}` : 'bad')),
    ).toEqual([
      'hub:hub.yaml',
      'spoke:spokes/dev.yaml',
      'spoke:spokes/staging.yaml',
      'spoke:spokes/prod.yaml',
    ]);
    expect(hubEntry(parsed[0]).config.ecr.maxImageCount).toBe(30);
    expect(spokeEntry(parsed[1]).config.aurora.maxReaders).toBe(1);
  });

  it('reports schema problems of the file with the field and rule, never throwing', () => {
    const bad = edited(fixtureFile('spokes/dev.yaml'), d => {
      d.network.cidr = '10.1.0.1/16';
    });
    expect(parseRegistryFile(bad)).toEqual({
      ok: false,
      file: 'spokes/dev.yaml',
      issues: [
        expect.objectContaining({
          file: 'spokes/dev.yaml',
          field: 'network.cidr',
          rule: 'format',
        }),
      ],
    });
  });

  it('reports YAML syntax errors as yaml-syntax', () => {
    const result = parseRegistryFile({
      path: 'spokes/dev.yaml',
      content: 'name: [dev',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map(i => i.rule)).toEqual([
      'yaml-syntax',
    ]);
  });

  it('applies the single-file rules: name-matches-file, prod-deletion-protection', () => {
    const renamed = {
      ...fixtureFile('spokes/dev.yaml'),
      path: 'spokes/qa.yaml',
    };
    const unprotected = edited(fixtureFile('spokes/prod.yaml'), d => {
      d.aurora.deletionProtection = false;
    });
    const rules = [renamed, unprotected].map(f => {
      const result = parseRegistryFile(f);
      return result.ok ? [] : result.issues.map(i => `${i.field} ${i.rule}`);
    });
    expect(rules).toEqual([
      ['name name-matches-file'],
      ['aurora.deletionProtection prod-deletion-protection'],
    ]);
  });

  it("applies the hub's single-file rules: ip-in-hub-cidr", () => {
    const bad = edited(fixtureFile('hub.yaml'), d => {
      d.deployed.resolverInboundIps = ['10.0.0.10', '10.9.0.10'];
    });
    const result = parseRegistryFile(bad);
    expect(
      !result.ok && result.issues.map(i => `${i.field} ${i.rule}`),
    ).toEqual(['deployed.resolverInboundIps.1 ip-in-hub-cidr']);
  });

  it('leaves the cross-file rules out: a spoke reusing the hub account parses alone', () => {
    const clash = edited(fixtureFile('spokes/dev.yaml'), d => {
      d.account = '111122223333';
    });
    expect(parseRegistryFile(clash).ok).toBe(true);
  });

  it('rejects a file that is neither the hub nor a spoke', () => {
    expect(parseRegistryFile({ path: 'spokes/x/y.yaml', content: '' })).toEqual(
      {
        ok: false,
        file: 'spokes/x/y.yaml',
        issues: [expect.objectContaining({ rule: 'unknown-file' })],
      },
    );
  });
});

describe('checkRegistryAcrossFiles', () => {
  it('finds nothing wrong with the fixture registry', () => {
    const [hub, ...spokes] = fixtures.files().map(parseRegistryFile);
    expect(
      checkRegistryAcrossFiles(hubEntry(hub), spokes.map(spokeEntry)),
    ).toEqual([]);
  });

  it('reports what parseRegistry reports when every file is valid on its own', () => {
    const files = fixtures.files().map(f => {
      if (f.path === 'spokes/prod.yaml') {
        return edited(f, d => {
          d.account = '111122223333';
          d.network.cidr = '10.2.0.0/16';
        });
      }
      if (f.path === 'spokes/staging.yaml') {
        return edited(f, d => {
          d.region = 'eu-west-1';
          d.network.availabilityZones = ['eu-west-1a', 'eu-west-1b'];
        });
      }
      return f;
    });
    let expected: unknown;
    try {
      parseRegistry(files);
    } catch (e) {
      expected = (e as RegistryValidationError).issues;
    }
    // parseRegistry checks spokes in path order; pass them the same way.
    const [hub, ...spokes] = [...files]
      .sort((a, b) => a.path.localeCompare(b.path))
      .map(parseRegistryFile);
    const issues = checkRegistryAcrossFiles(
      hubEntry(hub),
      spokes.map(spokeEntry),
    );
    expect(issues.map(i => `${i.file} ${i.field} ${i.rule}`)).toEqual([
      'spokes/prod.yaml account unique-account',
      'spokes/staging.yaml region same-region-as-hub',
      'spokes/staging.yaml network.cidr cidr-overlap',
    ]);
    expect(issues).toEqual(expected);
  });

  it('blames the later spoke of a clash, so the caller picks the order', () => {
    const [hub, dev, staging] = fixtures.files().map(parseRegistryFile);
    const copy = {
      file: 'spokes/a-copy.yaml',
      config: { ...spokeEntry(dev).config, name: 'a-copy' },
    };
    const blamed = (order: RegistryEntry<SpokeConfig>[]) =>
      checkRegistryAcrossFiles(hubEntry(hub), order).map(
        i => `${i.file} ${i.rule}`,
      );
    expect(blamed([spokeEntry(dev), spokeEntry(staging), copy])).toEqual([
      'spokes/a-copy.yaml unique-account',
      'spokes/a-copy.yaml cidr-overlap',
    ]);
    expect(blamed([copy, spokeEntry(staging), spokeEntry(dev)])).toEqual([
      'spokes/dev.yaml unique-account',
      'spokes/dev.yaml cidr-overlap',
    ]);
  });
});
