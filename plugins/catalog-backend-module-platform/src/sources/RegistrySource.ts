import { RegistryFile } from '@internal/plugin-platform-common';

/** Where the platform registry is read from: a local folder or a repository URL. */
export interface RegistrySource {
  /** For log lines, e.g. `folder /repo/infra/config`. */
  readonly description: string;
  /** The registry files, paths relative to the registry root (`hub.yaml`, `spokes/dev.yaml`). */
  read(): Promise<RegistryFile[]>;
  /** A file's location as `<type>:<target>`, for `backstage.io/managed-by-location`. */
  locationOf(file: string): string;
}

/** Only these paths are registry files; anything else in the folder is ignored. */
export function isRegistryPath(path: string): boolean {
  return path === 'hub.yaml' || /^spokes\/[^/]+\.ya?ml$/.test(path);
}
