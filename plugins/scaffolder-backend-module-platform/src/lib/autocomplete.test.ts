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

  it('proposes the lowest free /16, and follows the registry on disk', async () => {
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr'),
    ).resolves.toEqual({
      results: [{ id: '10.4.0.0/16', title: 'next free /16' }],
    });

    const qa = fixtures.spokeYaml.dev
      .replace('name: dev', 'name: qa')
      .replace('10.1.0.0/16', '10.4.0.0/16')
      .replace('222233334444', '555566667777');
    writeFiles(registry.dir, [{ path: 'spokes/qa.yaml', content: qa }]);
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr'),
    ).resolves.toEqual({
      results: [{ id: '10.5.0.0/16', title: 'next free /16' }],
    });
  });

  it('proposes another size when asked', async () => {
    await expect(
      platformAutocomplete(registry.source, 'next-free-cidr', {
        prefixLength: '20',
      }),
    ).resolves.toEqual({
      results: [{ id: '10.4.0.0/20', title: 'next free /20' }],
    });
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
    ).rejects.toThrow(InputError);
    await expect(
      platformAutocomplete(registry.source, 'subnets'),
    ).rejects.toThrow("Unknown resource 'subnets'");
  });
});
