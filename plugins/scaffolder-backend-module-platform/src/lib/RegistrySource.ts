import {
  parseRegistry,
  Registry,
  RegistryFile,
  RegistryValidationError,
} from '@internal/plugin-platform-common';
import { readRegistryFiles } from '@internal/plugin-platform-common/node';

/**
 * The registry as this backend has it on disk, read afresh on every call so that a
 * `git pull` of the platform repository counts without a restart.
 */
export class RegistrySource {
  private constructor(private readonly resolveDir: () => string) {}

  static create(options: { registryDir: () => string }): RegistrySource {
    return new RegistrySource(options.registryDir);
  }

  /** Absolute folder holding `hub.yaml` and `spokes/`. */
  dir(): string {
    return this.resolveDir();
  }

  /** The registry's files, paths relative to {@link RegistrySource.dir}. */
  files(): RegistryFile[] {
    return readRegistryFiles(this.dir());
  }

  /**
   * The parsed, checked registry.
   *
   * @throws Error when the server's own registry is broken: that is the platform
   *   team's fault, not the form's, so it is not an `InputError`.
   */
  load(): Registry {
    const dir = this.dir();
    try {
      return parseRegistry(readRegistryFiles(dir));
    } catch (e) {
      if (e instanceof RegistryValidationError) {
        throw new Error(
          `The platform registry on the server (${dir}) is invalid; fix it before adding a spoke. ${e.message}`,
        );
      }
      throw e;
    }
  }
}
