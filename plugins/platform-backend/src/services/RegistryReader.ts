import { UrlReaderService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  parseRegistry,
  Registry,
  RegistryFile,
} from '@internal/plugin-platform-common';
import { loadRegistry } from '@internal/plugin-platform-common/node';
import * as path from 'path';

/** Reads the platform registry: what each spoke is expected to be. */
export type RegistryReader = () => Promise<Registry>;

const REGISTRY_PATH = /^(hub\.ya?ml|spokes\/[^/]+\.ya?ml)$/;

/**
 * The registry from a repository folder URL through Backstage's UrlReader (the
 * production setup, where the backend image holds no `infra/config`). Sends the
 * last ETag, so an unchanged repository costs one cheap request.
 */
export function registryFromUrl(
  reader: UrlReaderService,
  url: string,
): RegistryReader {
  const folder = url.replace(/\/+$/, '');
  let last: { etag: string; registry: Registry } | undefined;
  return async () => {
    try {
      const tree = await reader.readTree(folder, {
        etag: last?.etag,
        filter: p => REGISTRY_PATH.test(p),
      });
      const files: RegistryFile[] = await Promise.all(
        (
          await tree.files()
        ).map(async file => ({
          path: file.path,
          content: (await file.content()).toString('utf8'),
        })),
      );
      last = { etag: tree.etag, registry: parseRegistry(files) };
      return last.registry;
    } catch (error) {
      if (isError(error) && error.name === 'NotModifiedError' && last) {
        return last.registry;
      }
      throw error;
    }
  };
}

/** The registry from a local folder (the local default); relative to the working directory. */
export function registryFromDir(dir?: string): RegistryReader {
  const resolved = dir ? path.resolve(dir) : undefined;
  return async () => loadRegistry(resolved);
}
