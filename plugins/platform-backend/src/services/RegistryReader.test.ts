import { NotModifiedError } from '@backstage/errors';
import { fixtures } from '@internal/plugin-platform-common';
import { writeRegistry } from '../__testUtils__/awsLocal';
import { registryFromDir, registryFromUrl } from './RegistryReader';

function fakeReader() {
  const calls: Array<{ url: string; etag?: string }> = [];
  let etag = 'v1';
  const reader = {
    calls,
    setEtag(next: string) {
      etag = next;
    },
    readTree: jest.fn(async (url: string, options: any = {}) => {
      calls.push({ url, etag: options.etag });
      if (options.etag === etag) throw new NotModifiedError();
      const files = [...fixtures.files(), { path: 'README.md', content: '#' }]
        .filter(f => options.filter(f.path))
        .map(f => ({
          path: f.path,
          content: async () => Buffer.from(f.content),
        }));
      return { etag, files: async () => files } as any;
    }),
  };
  return reader;
}

describe('registryFromUrl', () => {
  it('reads hub.yaml and spokes/*.yaml through the UrlReader and reuses them while unchanged', async () => {
    const reader = fakeReader();
    const read = registryFromUrl(
      reader as any,
      'https://github.com/org/repo/tree/main/infra/config/',
    );
    const first = await read();
    expect(first.spokes.map(s => s.name)).toEqual(['dev', 'prod', 'staging']);
    expect(await read()).toBe(first);
    reader.setEtag('v2');
    expect((await read()).hub.name).toBe('shared');
    expect(reader.calls).toEqual([
      {
        url: 'https://github.com/org/repo/tree/main/infra/config',
        etag: undefined,
      },
      { url: 'https://github.com/org/repo/tree/main/infra/config', etag: 'v1' },
      { url: 'https://github.com/org/repo/tree/main/infra/config', etag: 'v1' },
    ]);
  });

  it('passes read errors on', async () => {
    const read = registryFromUrl(
      {
        readTree: async () => {
          throw new Error('404 Not Found');
        },
      } as any,
      'https://github.com/org/repo/tree/main/nope',
    );
    await expect(read()).rejects.toThrow('404 Not Found');
  });
});

describe('registryFromDir', () => {
  it('loads and validates the registry folder', async () => {
    const dir = writeRegistry(fixtures.files());
    expect((await registryFromDir(dir)()).spokes).toHaveLength(3);
    const broken = writeRegistry([{ path: 'hub.yaml', content: 'name: 1' }]);
    await expect(registryFromDir(broken)()).rejects.toThrow(/hub\.yaml/);
  });
});
