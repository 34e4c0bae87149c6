import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadRegistry } from '@internal/plugin-platform-common/node';
import { buildApp } from '../lib/app';
import { InfraRegistry } from '../lib/registry';
import { CONFIG_DIR, sampleRegistry } from './helpers';

/** A copy of the sample registry with one file's text edited. */
function registryWith(file: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
  fs.cpSync(CONFIG_DIR, dir, { recursive: true });
  const target = path.join(dir, file);
  fs.writeFileSync(target, edit(fs.readFileSync(target, 'utf8')));
  return dir;
}

describe('synth-time validation', () => {
  it('fails loading a spoke with a malformed CIDR, naming the file and the field', () => {
    const dir = registryWith('spokes/dev.yaml', t =>
      t.replace('cidr: 10.1.0.0/16', 'cidr: 10.1.0.0/33'),
    );
    expect(() => loadRegistry(dir)).toThrow(/spokes\/dev\.yaml: network\.cidr/);
  });

  it('fails loading a spoke whose CIDR overlaps another, naming both files', () => {
    const dir = registryWith('spokes/staging.yaml', t =>
      t.replace('cidr: 10.2.0.0/16', 'cidr: 10.1.0.0/16'),
    );
    let message = '';
    try {
      loadRegistry(dir);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/spokes\/staging\.yaml/);
    expect(message).toMatch(/spokes\/dev\.yaml/);
    expect(message).toMatch(/network\.cidr/);
  });

  describe('constructs reject props the registry should have caught', () => {
    const base = sampleRegistry();
    const withSpoke = (change: (s: any) => any): InfraRegistry => ({
      hub: base.hub,
      spokes: base.spokes.map(s => (s.name === 'dev' ? change(s) : s)),
    });

    it('names availabilityZones when a spoke lists four zones', () => {
      const registry = withSpoke(s => ({
        ...s,
        network: {
          ...s.network,
          availabilityZones: ['a', 'b', 'c', 'd'].map(
            z => `ap-southeast-3${z}`,
          ),
        },
      }));
      expect(() => buildApp(registry, { nag: false })).toThrow(
        /SpokeNetwork: availabilityZones must list 2 or 3 zones, got 4/,
      );
    });

    it('names cidr when a spoke VPC is too small for three /18 subnets', () => {
      const registry = withSpoke(s => ({
        ...s,
        network: { ...s.network, cidr: '10.1.0.0/17' },
      }));
      expect(() => buildApp(registry, { nag: false })).toThrow(
        /SpokeNetwork: cidr '10\.1\.0\.0\/17'/,
      );
    });

    it('names engineVersion when it is not a full Aurora MySQL version', () => {
      const registry = withSpoke(s => ({
        ...s,
        aurora: { ...s.aurora, engineVersion: '3.08.0' },
      }));
      expect(() => buildApp(registry, { nag: false })).toThrow(
        /AuroraMysql: engineVersion '3\.08\.0'/,
      );
    });

    it('names nodeGroup when desiredSize is outside minSize and maxSize', () => {
      const registry = withSpoke(s => ({
        ...s,
        eks: {
          ...s.eks,
          nodeGroup: { ...s.eks.nodeGroup, minSize: 3, desiredSize: 2 },
        },
      }));
      expect(() => buildApp(registry, { nag: false })).toThrow(
        /PlatformCluster: nodeGroup needs minSize <= desiredSize <= maxSize/,
      );
    });
  });
});

describe('synth with CloudFormation validation and cdk-nag (the one validating synth of the test command)', () => {
  it('synthesizes every stack of the sample registry with no validation finding', () => {
    const previous = process.env.CDK_VALIDATION;
    process.env.CDK_VALIDATION = 'true';
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'validated-synth-'));
    try {
      const { app } = buildApp(sampleRegistry(), { outdir });
      const assembly = app.synth();
      expect(assembly.stacks.map(s => s.stackName).sort()).toEqual([
        'platform-cicd-dev',
        'platform-cicd-hub',
        'platform-cicd-prod',
        'platform-cicd-staging',
        'platform-hub',
        'platform-spoke-dev',
        'platform-spoke-prod',
        'platform-spoke-staging',
      ]);
      const report = JSON.parse(
        fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'),
      );
      const failures = report.pluginReports.filter(
        (p: { conclusion: string }) => p.conclusion !== 'success',
      );
      expect(failures).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.CDK_VALIDATION;
      else process.env.CDK_VALIDATION = previous;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    // Validation costs about a minute on a busy two-core machine.
  }, 240_000);
});
