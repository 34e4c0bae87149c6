import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtures } from './fixtures';
import { findRegistryDir, loadRegistry, REGISTRY_DIR_ENV } from './node';
import { RegistryValidationError } from './RegistryValidationError';

const repoConfig = path.resolve(__dirname, '../../../infra/config');

function writeRegistry(dir: string, extra: Record<string, string> = {}) {
  fs.mkdirSync(path.join(dir, 'spokes'), { recursive: true });
  for (const f of fixtures.files())
    fs.writeFileSync(path.join(dir, f.path), f.content);
  for (const [p, content] of Object.entries(extra))
    fs.writeFileSync(path.join(dir, p), content);
}

describe('loadRegistry', () => {
  let tmp: string;
  const savedEnv = process.env[REGISTRY_DIR_ENV];

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
    delete process.env[REGISTRY_DIR_ENV];
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (savedEnv === undefined) delete process.env[REGISTRY_DIR_ENV];
    else process.env[REGISTRY_DIR_ENV] = savedEnv;
  });

  it('loads the real infra/config with its three spokes', () => {
    const registry = loadRegistry(repoConfig);
    expect(
      registry.spokes.map(s => [
        s.name,
        s.network.cidr,
        s.network.azCount,
        s.network.natGateways,
      ]),
    ).toEqual([
      ['dev', '10.1.0.0/16', 2, 'single'],
      ['prod', '10.3.0.0/16', 3, 'perAz'],
      ['staging', '10.2.0.0/16', 2, 'single'],
    ]);
    expect(registry.hub.region).toBe('ap-southeast-3');
  });

  it('finds infra/config by walking up from the working directory', () => {
    expect(
      findRegistryDir(
        path.join(repoConfig, '..', '..', 'plugins', 'platform-common', 'src'),
      ),
    ).toBe(repoConfig);
    expect(loadRegistry().spokes).toHaveLength(3);
  });

  it('uses PLATFORM_REGISTRY_DIR when set', () => {
    writeRegistry(tmp);
    fs.unlinkSync(path.join(tmp, 'spokes', 'prod.yaml'));
    process.env[REGISTRY_DIR_ENV] = tmp;
    expect(loadRegistry().spokes.map(s => s.name)).toEqual(['dev', 'staging']);
  });

  it('fails on an overlapping spoke with a message naming both files', () => {
    writeRegistry(tmp, {
      'spokes/qa.yaml': fixtures.spokeYaml.dev
        .replace('name: dev', 'name: qa')
        .replace('222233334444', '555566667777'),
    });
    expect(() => loadRegistry(tmp)).toThrow(RegistryValidationError);
    expect(() => loadRegistry(tmp)).toThrow(
      'spokes/qa.yaml: network.cidr [cidr-overlap] 10.1.0.0/16 in spokes/qa.yaml overlaps 10.1.0.0/16 in spokes/dev.yaml',
    );
  });

  it('ignores files that are not YAML and reports a missing hub.yaml', () => {
    writeRegistry(tmp, { 'spokes/README.md': '# notes' });
    expect(loadRegistry(tmp).spokes).toHaveLength(3);
    fs.unlinkSync(path.join(tmp, 'hub.yaml'));
    expect(() => loadRegistry(tmp)).toThrow(
      /hub\.yaml: \(file\) \[required-file\]/,
    );
  });

  it('explains where it looked when no registry is found', () => {
    expect(() => findRegistryDir(tmp)).toThrow(
      /No infra\/config\/hub\.yaml found above .*PLATFORM_REGISTRY_DIR/,
    );
  });
});
