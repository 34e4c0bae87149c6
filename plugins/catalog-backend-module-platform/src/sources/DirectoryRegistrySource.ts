import * as fs from 'fs';
import * as path from 'path';
import { RegistryFile } from '@internal/plugin-platform-common';
import { readRegistryFiles } from '@internal/plugin-platform-common/node';
import { RegistrySource } from './RegistrySource';

/** Reads the registry from a folder on disk: the local default, the repository's `infra/config`. */
export class DirectoryRegistrySource implements RegistrySource {
  readonly description: string;

  /** @throws when `dir` is not a folder, naming `configKey` so the bad setting is easy to find. */
  static create(options: {
    dir: string;
    configKey: string;
  }): DirectoryRegistrySource {
    const dir = path.resolve(options.dir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new Error(
        `${options.configKey}: ${dir} is not a folder; it must hold hub.yaml and spokes/`,
      );
    }
    return new DirectoryRegistrySource(dir);
  }

  private constructor(private readonly dir: string) {
    this.description = `folder ${dir}`;
  }

  async read(): Promise<RegistryFile[]> {
    return readRegistryFiles(this.dir);
  }

  locationOf(file: string): string {
    return `file:${path.join(this.dir, file)}`;
  }
}
