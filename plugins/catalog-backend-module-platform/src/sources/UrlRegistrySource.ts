import { UrlReaderService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { RegistryFile } from '@internal/plugin-platform-common';
import { isRegistryPath, RegistrySource } from './RegistrySource';

/**
 * Reads the registry from a repository folder URL through Backstage's UrlReader
 * (for example `https://github.com/org/repo/tree/main/infra/config`), with the
 * credentials of the matching `integrations` entry. Sends the last ETag, so an
 * unchanged repository costs one cheap request and no download.
 */
export class UrlRegistrySource implements RegistrySource {
  readonly description: string;
  private readonly url: string;
  private last?: { etag: string; files: RegistryFile[] };

  constructor(private readonly reader: UrlReaderService, url: string) {
    this.url = url.replace(/\/+$/, '');
    this.description = `URL ${this.url}`;
  }

  async read(): Promise<RegistryFile[]> {
    try {
      const tree = await this.reader.readTree(this.url, {
        etag: this.last?.etag,
        filter: isRegistryPath,
      });
      const files = await Promise.all(
        (
          await tree.files()
        ).map(async file => ({
          path: file.path,
          content: (await file.content()).toString('utf8'),
        })),
      );
      this.last = { etag: tree.etag, files };
      return files;
    } catch (error) {
      if (isError(error) && error.name === 'NotModifiedError' && this.last) {
        return this.last.files;
      }
      throw error;
    }
  }

  locationOf(file: string): string {
    return `url:${this.url}/${file}`;
  }
}
