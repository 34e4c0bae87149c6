import { UrlReaderService } from '@backstage/backend-plugin-api';
import { RegistryLocation } from '../config';
import { DirectoryRegistrySource } from './DirectoryRegistrySource';
import { RegistrySource } from './RegistrySource';
import { UrlRegistrySource } from './UrlRegistrySource';

export { DirectoryRegistrySource } from './DirectoryRegistrySource';
export { isRegistryPath } from './RegistrySource';
export type { RegistrySource } from './RegistrySource';
export { UrlRegistrySource } from './UrlRegistrySource';

/** The source for a configured location: a folder, or a URL read through `urlReader`. */
export function createRegistrySource(
  location: RegistryLocation,
  urlReader: UrlReaderService,
): RegistrySource {
  if (location.type === 'url') {
    return new UrlRegistrySource(urlReader, location.url);
  }
  return DirectoryRegistrySource.create({
    dir: location.dir,
    configKey: location.configKey,
  });
}
