import { InputError } from '@backstage/errors';
import { fixtures } from '@internal/plugin-platform-common';
import { fixtureRegistry, writeFiles } from '../__testUtils__/registry';
import { platformAutocomplete } from './autocomplete';

describe('platformAutocomplete', () => {
  const registry = fixtureRegistry();
  beforeEach(registry.reset);

  it('lists every VPC block in use, the pod range included', async () => {
    await expect(
      platformAutocomplete(registry.source, 'vpc-cidrs'),
    ).resolves.toEqual({
      results: [
        { id: '10.0.0.0/16', title: 'hub shared' },
        { id: '10.1.0.0/16', title: 'spoke dev' },
        { id: '10.3.0.0/16', title: 'spoke prod' },
        { id: '10.2.0.0/16', title: 'spoke staging' },
        { id: '100.64.0.0/16', title: 'pod range of every spoke' },
      ],
    });
  });

  it("proposes the lowest free block of the class's default size and pool, and follows the registry on disk", async () => {
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr'),
    ).resolves.toEqual({
      results: [{ id: '10.4.0.0/20', title: 'next free /20 in pool main' }],
    });
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr', {
        environmentClass: 'prod',
      }),
    ).resolves.toEqual({
      results: [{ id: '10.4.0.0/18', title: 'next free /18 in pool main' }],
    });

    const qa = fixtures.spokeYaml.dev
      .replace('name: dev', 'name: qa')
      .replace('10.1.0.0/16', '10.4.0.0/20')
      .replace('222233334444', '555566667777');
    writeFiles(registry.dir, [{ path: 'spokes/qa.yaml', content: qa }]);
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr'),
    ).resolves.toEqual({
      results: [{ id: '10.4.16.0/20', title: 'next free /20 in pool main' }],
    });
  });

  it('proposes from the pool and size asked for', async () => {
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr', {
        pool: 'extra',
        size: '16',
      }),
    ).resolves.toEqual({
      results: [{ id: '172.16.0.0/16', title: 'next free /16 in pool extra' }],
    });
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr', {
        prefixLength: '19',
      }),
    ).resolves.toEqual({
      results: [{ id: '10.4.0.0/19', title: 'next free /19 in pool main' }],
    });
  });

  it("lists the pools, the class's default first, and a pool's blocks", async () => {
    await expect(
      platformAutocomplete(registry.source, 'address-pools'),
    ).resolves.toEqual({
      results: [
        {
          id: 'main',
          title: 'main: 10.0.0.0/9, 10.128.0.0/10 (97% free, 3 spokes)',
        },
        { id: 'extra', title: 'extra: 172.16.0.0/12 (100% free, 0 spokes)' },
      ],
    });
    await expect(
      platformAutocomplete(registry.source, 'pool-cidrs', { pool: 'extra' }),
    ).resolves.toEqual({
      results: [{ id: '172.16.0.0/12', title: 'extra' }],
    });
    await expect(
      platformAutocomplete(registry.source, 'pool-cidrs', { pool: 'nope' }),
    ).rejects.toThrow(
      "context.pool: unknown address pool 'nope'; the hub's pools are main, extra",
    );
  });

  it('refuses with the pool named when it is full', async () => {
    const hub = fixtures.hubYaml.replace(
      'cidrs: [172.16.0.0/12]',
      'cidrs: [172.16.0.0/16]',
    );
    const filler = fixtures.spokeYaml.dev
      .replace('name: dev', 'name: filler')
      .replace('10.1.0.0/16', '172.16.0.0/16')
      .replace('222233334444', '555566667777');
    writeFiles(registry.dir, [
      { path: 'hub.yaml', content: hub },
      { path: 'spokes/filler.yaml', content: filler },
    ]);
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr', {
        pool: 'extra',
      }),
    ).rejects.toThrow(
      new InputError(
        "address pool 'extra' (172.16.0.0/16) has no free /20 left: every block overlaps the hub, a spoke or a reserved range. Choose a smaller size or another pool, or add a block to the pool in hub.yaml addressPlan.pools.",
      ),
    );
  });

  it('refuses a malformed size and an unknown resource', async () => {
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr', {
        prefixLength: 'x',
      }),
    ).rejects.toThrow(InputError);
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr', {
        prefixLength: '4',
      }),
    ).rejects.toThrow('a spoke VPC must be a /16 to /20, got /4');
    await expect(
      platformAutocomplete(registry.source, 'subnets'),
    ).rejects.toThrow("Unknown resource 'subnets'");
  });
});
