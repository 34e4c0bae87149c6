import { UrlReaderServiceReadTreeResponse } from '@backstage/backend-plugin-api';
import { RegistryFile } from '@internal/plugin-platform-common';

/** A readTree answer the way UrlReader gives it, for `files` under the URL. */
export function treeOf(
  files: RegistryFile[],
  etag: string,
): UrlReaderServiceReadTreeResponse {
  return {
    etag,
    files: async () =>
      files.map(f => ({
        path: f.path,
        content: async () => Buffer.from(f.content, 'utf8'),
      })),
    archive: async () => {
      throw new Error('not used');
    },
    dir: async () => {
      throw new Error('not used');
    },
  };
}
