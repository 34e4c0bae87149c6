import { buildLargeRegistry } from './fixtures';
import {
  checkRegistryAcrossFiles,
  RegistryAcrossFilesChecker,
  RegistryEntry,
} from './registry';
import { SpokeConfig } from './schema';

describe('RegistryAcrossFilesChecker', () => {
  const registry = buildLargeRegistry(40);
  const hub = { file: 'hub.yaml', config: registry.hub };
  const spokes: RegistryEntry<SpokeConfig>[] = registry.spokes.map(s => ({
    file: `spokes/${s.name}.yaml`,
    config: s,
  }));

  /** Checks one at a time, accepting those without issues, as the catalog does. */
  function oneByOne(list: RegistryEntry<SpokeConfig>[]) {
    const checker = new RegistryAcrossFilesChecker(hub);
    return list.flatMap(s => {
      const issues = checker.check(s);
      if (!issues.length) checker.accept(s);
      return issues;
    });
  }

  it('finds nothing in a registry that fits together', () => {
    expect(oneByOne(spokes)).toEqual([]);
  });

  it('reports what the whole-registry check reports, on the later file', () => {
    const first = spokes[3];
    const clash: RegistryEntry<SpokeConfig> = {
      file: 'spokes/clash.yaml',
      config: {
        ...spokes[10].config,
        name: first.config.name,
        account: first.config.account,
        network: {
          ...spokes[10].config.network,
          cidr: first.config.network.cidr,
        },
      },
    };
    const list = [...spokes.filter((_, i) => i !== 10), clash];
    const whole = checkRegistryAcrossFiles(hub, list);
    expect(whole.map(i => i.rule).sort()).toEqual([
      'cidr-overlap',
      'name-matches-file',
      'unique-account',
      'unique-name',
    ]);
    expect(oneByOne(list)).toEqual(whole);
  });

  it("catches a block inside the hub's and one spanning several spokes", () => {
    const checker = new RegistryAcrossFilesChecker(hub);
    for (const s of spokes) checker.accept(s);
    const wide: RegistryEntry<SpokeConfig> = {
      file: 'spokes/wide.yaml',
      config: {
        ...spokes[0].config,
        name: 'wide',
        account: '999999999999',
        network: { ...spokes[0].config.network, cidr: '10.0.0.0/8' },
      },
    };
    const overlaps = checker.check(wide).filter(i => i.rule === 'cidr-overlap');
    expect(overlaps).toHaveLength(
      checkRegistryAcrossFiles(hub, [...spokes, wide]).filter(
        i => i.rule === 'cidr-overlap',
      ).length,
    );
    expect(overlaps.length).toBeGreaterThan(2);
    expect(overlaps[0].message).toContain(
      `overlaps ${registry.hub.network.cidr} in hub.yaml`,
    );
  });
});
