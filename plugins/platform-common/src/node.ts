/**
 * Node-only entry: `@internal/plugin-platform-common/node`. Reads the registry
 * from disk; everything else lives in the isomorphic main entry.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseRegistry, RegistryFile } from './registry';
import { Registry } from './schema';
import { parseServices, ServiceConfig, ServiceFile } from './service';

/** Overrides where {@link loadRegistry} looks when no dir is passed. */
export const REGISTRY_DIR_ENV = 'PLATFORM_REGISTRY_DIR';

/**
 * The registry dir: `$PLATFORM_REGISTRY_DIR` when set, otherwise the first
 * `infra/config` containing `hub.yaml` found walking up from `from`.
 */
export function findRegistryDir(from: string = process.cwd()): string {
  const fromEnv = process.env[REGISTRY_DIR_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, 'infra', 'config');
    if (fs.existsSync(path.join(candidate, 'hub.yaml'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `No infra/config/hub.yaml found above ${from}; pass a dir or set ${REGISTRY_DIR_ENV}`,
      );
    }
    dir = parent;
  }
}

/** Reads `hub.yaml` and `spokes/*.yaml` from a dir, paths relative to it. */
export function readRegistryFiles(configDir: string): RegistryFile[] {
  const files: RegistryFile[] = [];
  const hubPath = path.join(configDir, 'hub.yaml');
  if (fs.existsSync(hubPath)) {
    files.push({ path: 'hub.yaml', content: fs.readFileSync(hubPath, 'utf8') });
  }
  const spokesDir = path.join(configDir, 'spokes');
  if (fs.existsSync(spokesDir)) {
    for (const name of fs.readdirSync(spokesDir).sort()) {
      if (/\.ya?ml$/.test(name)) {
        files.push({
          path: `spokes/${name}`,
          content: fs.readFileSync(path.join(spokesDir, name), 'utf8'),
        });
      }
    }
  }
  return files;
}

/**
 * Loads and checks the registry from disk (synchronously, so a CDK `bin/`
 * can call it at the top level).
 *
 * @param configDir - default: {@link findRegistryDir}.
 * @throws RegistryValidationError naming every file, field and rule broken.
 */
export function loadRegistry(configDir?: string): Registry {
  return parseRegistry(readRegistryFiles(configDir ?? findRegistryDir()));
}

/** Reads `services/*.yaml` from a config dir, paths relative to it; none when absent. */
export function readServiceFiles(configDir: string): ServiceFile[] {
  const dir = path.join(configDir, 'services');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(name => /\.ya?ml$/.test(name))
    .sort()
    .map(name => ({
      path: `services/${name}`,
      content: fs.readFileSync(path.join(dir, name), 'utf8'),
    }));
}

/**
 * Loads and checks the service files next to a loaded registry.
 *
 * @param configDir - default: {@link findRegistryDir}.
 * @throws RegistryValidationError naming every file, field and rule broken.
 */
export function loadServices(
  registry: Registry,
  configDir?: string,
): ServiceConfig[] {
  return parseServices(
    registry,
    readServiceFiles(configDir ?? findRegistryDir()),
  );
}

export { diffStackTemplates } from './stackDiff';
export type { StackDiff, StackTemplate } from './stackDiff';
