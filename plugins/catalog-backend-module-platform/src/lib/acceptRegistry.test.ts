import { RegistryFile } from '@internal/plugin-platform-common';
import {
  acceptRegistry,
  AcceptedRegistry,
  EMPTY_LAST_GOOD,
} from './acceptRegistry';
import {
  sampleFiles,
  withFile,
  withText,
  without,
} from '../testUtils/registry';

const spokeNames = (result: AcceptedRegistry) =>
  result.snapshot?.spokes.map(s => s.config.name);

const issuesOf = (result: AcceptedRegistry) =>
  result.issues.map(i => `${i.file} ${i.field} ${i.rule}`);

/** The sample's dev spoke under another name (same account and CIDR as dev). */
function copyOfDev(name: string): string {
  const dev = sampleFiles().find(f => f.path === 'spokes/dev.yaml')!;
  return dev.content.replace('name: dev\n', `name: ${name}\n`);
}

/** Runs the files in order, each run starting from the last one's state. */
function runs(...filesPerRun: RegistryFile[][]): AcceptedRegistry[] {
  let lastGood = EMPTY_LAST_GOOD;
  return filesPerRun.map(files => {
    const result = acceptRegistry(files, lastGood);
    lastGood = result.lastGood;
    return result;
  });
}

describe('acceptRegistry', () => {
  it('accepts a valid registry whole, with no issues', () => {
    const [result] = runs(sampleFiles());
    expect(result.issues).toEqual([]);
    expect(result.snapshot?.hub.config.name).toBe('shared');
    expect(spokeNames(result)).toEqual(['dev', 'prod', 'staging']);
    expect(result.lastGood.spokes.map(s => s.file).sort()).toEqual([
      'spokes/dev.yaml',
      'spokes/prod.yaml',
      'spokes/staging.yaml',
    ]);
  });

  it('keeps the last good version of a file that turns invalid; the others take their new content', () => {
    let next = withText(
      sampleFiles(),
      'spokes/dev.yaml',
      '10.1.0.0/16',
      '10.1.0.1/16',
    );
    next = withText(next, 'spokes/staging.yaml', 'readers: 1', 'readers: 2');
    const [, result] = runs(sampleFiles(), next);

    expect(result.issues).toEqual([
      expect.objectContaining({
        file: 'spokes/dev.yaml',
        field: 'network.cidr',
        rule: 'format',
      }),
    ]);
    expect(result.keptLastGood).toEqual(['spokes/dev.yaml']);
    const dev = result.snapshot!.spokes.find(s => s.config.name === 'dev')!;
    expect(dev.config.network.cidr).toBe('10.1.0.0/16');
    const staging = result.snapshot!.spokes.find(
      s => s.config.name === 'staging',
    )!;
    expect(staging.config.aurora.readers).toBe(2);
  });

  it('keeps the last good version over several broken runs, and takes the fix when it comes', () => {
    const broken = withText(
      sampleFiles(),
      'spokes/prod.yaml',
      'azCount: 3',
      'azCount: five',
    );
    const fixed = withText(
      sampleFiles(),
      'spokes/prod.yaml',
      'readers: 2',
      'readers: 3',
    );
    const [, second, third, fourth] = runs(
      sampleFiles(),
      broken,
      broken,
      fixed,
    );
    expect([second, third].map(r => r.keptLastGood)).toEqual([
      ['spokes/prod.yaml'],
      ['spokes/prod.yaml'],
    ]);
    expect(spokeNames(third)).toEqual(['dev', 'prod', 'staging']);
    expect(fourth.issues).toEqual([]);
    expect(
      fourth.snapshot!.spokes.find(s => s.config.name === 'prod')!.config.aurora
        .readers,
    ).toBe(3);
  });

  it('emits nothing for an invalid file that was never valid, and everything else', () => {
    const files = withFile(sampleFiles(), 'spokes/qa.yaml', 'name: qa\n');
    const [result] = runs(files);
    expect(result.dropped).toEqual(['spokes/qa.yaml']);
    expect(issuesOf(result)).toContain('spokes/qa.yaml account required');
    expect(spokeNames(result)).toEqual(['dev', 'prod', 'staging']);
  });

  it('removes a spoke whose file is removed', () => {
    const [, result] = runs(
      sampleFiles(),
      without(sampleFiles(), 'spokes/staging.yaml'),
    );
    expect(result.issues).toEqual([]);
    expect(spokeNames(result)).toEqual(['dev', 'prod']);
    expect(result.lastGood.spokes.map(s => s.file)).not.toContain(
      'spokes/staging.yaml',
    );
  });

  it('removes a kept spoke once its broken file is removed too', () => {
    const broken = withText(
      sampleFiles(),
      'spokes/dev.yaml',
      'owner:',
      'ownr:',
    );
    const [, second, third] = runs(
      sampleFiles(),
      broken,
      without(sampleFiles(), 'spokes/dev.yaml'),
    );
    expect(spokeNames(second)).toEqual(['dev', 'prod', 'staging']);
    expect(spokeNames(third)).toEqual(['prod', 'staging']);
  });

  it('blames a new file for clashing with an established spoke, even when it sorts first', () => {
    const files = withFile(
      sampleFiles(),
      'spokes/a-copy.yaml',
      copyOfDev('a-copy'),
    );
    const [, result] = runs(sampleFiles(), files);
    expect(issuesOf(result)).toEqual([
      'spokes/a-copy.yaml account unique-account',
      'spokes/a-copy.yaml network.cidr cidr-overlap',
    ]);
    expect(result.dropped).toEqual(['spokes/a-copy.yaml']);
    expect(spokeNames(result)).toEqual(['dev', 'prod', 'staging']);
  });

  it('blames the later file by path when two new files clash on the first run', () => {
    const files = withFile(
      sampleFiles(),
      'spokes/a-copy.yaml',
      copyOfDev('a-copy'),
    );
    const [result] = runs(files);
    expect(result.dropped).toEqual(['spokes/dev.yaml']);
    expect(spokeNames(result)).toEqual(['a-copy', 'prod', 'staging']);
  });

  it("keeps an established spoke's last good version when a new file takes its CIDR while it is broken", () => {
    let files = withText(sampleFiles(), 'spokes/dev.yaml', 'owner:', 'ownr:');
    files = withFile(files, 'spokes/a-copy.yaml', copyOfDev('a-copy'));
    const [, result] = runs(sampleFiles(), files);
    expect(result.keptLastGood).toEqual(['spokes/dev.yaml']);
    expect(result.dropped).toEqual(['spokes/a-copy.yaml']);
    expect(spokeNames(result)).toEqual(['dev', 'prod', 'staging']);
  });

  it('blames a changed spoke, not the unchanged one it now clashes with', () => {
    const files = withText(
      sampleFiles(),
      'spokes/dev.yaml',
      '10.1.0.0/16',
      '10.2.0.0/16',
    );
    const [, result] = runs(sampleFiles(), files);
    expect(issuesOf(result)).toEqual([
      'spokes/dev.yaml network.cidr cidr-overlap',
    ]);
    expect(result.keptLastGood).toEqual(['spokes/dev.yaml']);
    const cidrs = result.snapshot!.spokes.map(s => s.config.network.cidr);
    expect(cidrs).toEqual(['10.1.0.0/16', '10.3.0.0/16', '10.2.0.0/16']);
  });

  it('keeps the last good hub when a hub edit would break the unchanged spokes', () => {
    const files = withText(
      sampleFiles(),
      'hub.yaml',
      /region: ap-southeast-3\n[^]*availabilityZones: \[ap-southeast-3a, ap-southeast-3b\]/,
      'region: ap-southeast-2\nowner: group:default/platform-team\nnetwork:\n  cidr: 10.0.0.0/16\n  availabilityZones: [ap-southeast-2a, ap-southeast-2b]',
    );
    const [, result] = runs(sampleFiles(), files);
    expect(issuesOf(result)).toEqual([
      'hub.yaml region same-region-as-hub',
      'hub.yaml region same-region-as-hub',
      'hub.yaml region same-region-as-hub',
    ]);
    expect(result.issues[0].message).toMatch(
      /^clashes with spokes\/dev\.yaml region: /,
    );
    expect(result.keptLastGood).toEqual(['hub.yaml']);
    expect(result.snapshot!.hub.config.region).toBe('ap-southeast-3');
    expect(spokeNames(result)).toEqual(['dev', 'prod', 'staging']);
  });

  it('takes a hub edit that every spoke makes along with it in the same run', () => {
    const moved = sampleFiles().map(f => ({
      path: f.path,
      content: f.content.replace(/ap-southeast-3/g, 'ap-southeast-2'),
    }));
    const [, result] = runs(sampleFiles(), moved);
    expect(result.issues).toEqual([]);
    expect([
      result.snapshot!.hub.config.region,
      ...result.snapshot!.spokes.map(s => s.config.region),
    ]).toEqual(Array(4).fill('ap-southeast-2'));
  });

  it('treats a missing hub.yaml as an error and keeps the last good hub', () => {
    const [, result] = runs(sampleFiles(), without(sampleFiles(), 'hub.yaml'));
    expect(issuesOf(result)).toEqual(['hub.yaml  required-file']);
    expect(result.keptLastGood).toEqual(['hub.yaml']);
    expect(result.snapshot?.hub.config.name).toBe('shared');
    expect(spokeNames(result)).toEqual(['dev', 'prod', 'staging']);
  });

  it('has nothing to emit while there has never been a valid hub', () => {
    const files = withText(
      sampleFiles(),
      'hub.yaml',
      "account: '111122223333'",
      'account: 1',
    );
    const [result] = runs(files);
    expect(result.snapshot).toBeUndefined();
    expect(issuesOf(result)).toEqual(['hub.yaml account invalid_type']);
    expect(result.lastGood).toEqual(EMPTY_LAST_GOOD);
  });

  it('reports a file that is not part of the registry and ignores it', () => {
    const files = withFile(sampleFiles(), 'notes.yaml', 'x: 1\n');
    const [result] = runs(files);
    expect(issuesOf(result)).toEqual(['notes.yaml  unknown-file']);
    expect(result.dropped).toEqual([]);
    expect(spokeNames(result)).toEqual(['dev', 'prod', 'staging']);
  });
});
