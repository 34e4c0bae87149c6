import { mockServices } from '@backstage/backend-test-utils';
import { NotModifiedError } from '@backstage/errors';
import { UrlRegistrySource } from './UrlRegistrySource';
import { sampleFiles } from '../testUtils/registry';
import { treeOf } from '../testUtils/urlReader';

const URL = 'https://github.com/org/repo/tree/main/infra/config';

describe('UrlRegistrySource', () => {
  it('reads the registry files from the folder URL, filtered to registry paths', async () => {
    const reader = mockServices.urlReader.mock({
      readTree: jest.fn(async () => treeOf(sampleFiles(), 'sha-1')),
    });
    const source = new UrlRegistrySource(reader, `${URL}/`);

    expect(await source.read()).toEqual(sampleFiles());
    expect(reader.readTree).toHaveBeenCalledWith(URL, {
      etag: undefined,
      filter: expect.any(Function),
    });
    const { filter } = reader.readTree.mock.calls[0][1]!;
    expect(
      [
        'hub.yaml',
        'spokes/dev.yaml',
        'spokes/dev.yml',
        'README.md',
        'spokes/old/dev.yaml',
        'other/hub.yaml',
      ].filter(p => filter!(p)),
    ).toEqual(['hub.yaml', 'spokes/dev.yaml', 'spokes/dev.yml']);
  });

  it('sends the last ETag and reuses the files when nothing changed', async () => {
    const reader = mockServices.urlReader.mock({
      readTree: jest
        .fn()
        .mockResolvedValueOnce(treeOf(sampleFiles(), 'sha-1'))
        .mockRejectedValueOnce(new NotModifiedError('unchanged'))
        .mockResolvedValueOnce(treeOf(sampleFiles().slice(0, 2), 'sha-2')),
    });
    const source = new UrlRegistrySource(reader, URL);

    await source.read();
    expect(await source.read()).toEqual(sampleFiles());
    expect(reader.readTree.mock.calls[1][1]?.etag).toBe('sha-1');
    expect((await source.read()).map(f => f.path)).toEqual([
      'hub.yaml',
      'spokes/dev.yaml',
    ]);
    expect(reader.readTree.mock.calls[2][1]?.etag).toBe('sha-1');
  });

  it('passes read errors on, so the provider can leave the catalog as it was', async () => {
    const reader = mockServices.urlReader.mock({
      readTree: jest.fn().mockRejectedValue(new Error('403 rate limited')),
    });
    await expect(new UrlRegistrySource(reader, URL).read()).rejects.toThrow(
      '403 rate limited',
    );
  });

  it('locates each file under the folder URL', () => {
    const source = new UrlRegistrySource(mockServices.urlReader.mock(), URL);
    expect(source.locationOf('spokes/dev.yaml')).toBe(
      `url:${URL}/spokes/dev.yaml`,
    );
  });
});
