import { createMockDirectory } from '@backstage/backend-test-utils';
import { DirectoryRegistrySource } from './DirectoryRegistrySource';
import { directoryContent, sampleFiles } from '../testUtils/registry';

describe('DirectoryRegistrySource', () => {
  const mockDir = createMockDirectory();

  it('reads hub.yaml and the spoke files, and ignores other files', async () => {
    mockDir.setContent({
      ...directoryContent(sampleFiles()),
      'README.md': '# not a registry file',
    });
    mockDir.addContent({ spokes: { 'notes.txt': 'x' } });
    const source = DirectoryRegistrySource.create({
      dir: mockDir.path,
      configKey: 'test.registryDir',
    });
    const files = await source.read();
    expect(files.map(f => f.path)).toEqual([
      'hub.yaml',
      'spokes/dev.yaml',
      'spokes/prod.yaml',
      'spokes/staging.yaml',
    ]);
    expect(files).toEqual(sampleFiles());
  });

  it('sees a removed file on the next read', async () => {
    mockDir.setContent(directoryContent(sampleFiles()));
    const source = DirectoryRegistrySource.create({
      dir: mockDir.path,
      configKey: 'test.registryDir',
    });
    await source.read();
    mockDir.setContent({ ...directoryContent(sampleFiles()), spokes: {} });
    expect((await source.read()).map(f => f.path)).toEqual(['hub.yaml']);
  });

  it('locates each file by its absolute path', () => {
    mockDir.setContent({});
    const source = DirectoryRegistrySource.create({
      dir: mockDir.path,
      configKey: 'test.registryDir',
    });
    expect(source.locationOf('spokes/dev.yaml')).toBe(
      `file:${mockDir.resolve('spokes/dev.yaml')}`,
    );
    expect(source.description).toBe(`folder ${mockDir.path}`);
  });

  it('refuses a folder that does not exist, naming the setting', () => {
    expect(() =>
      DirectoryRegistrySource.create({
        dir: mockDir.resolve('missing'),
        configKey: 'test.registryDir',
      }),
    ).toThrow(
      `test.registryDir: ${mockDir.resolve('missing')} is not a folder`,
    );
  });
});
