import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  parseRegistryFile,
  RegistryFile,
} from '@internal/plugin-platform-common';
import { readRegistryFiles } from '@internal/plugin-platform-common/node';
import { RegistrySnapshot } from '../lib/registryEntities';

/** The sample registry of this repository, the one the local default shows. */
export const SAMPLE_REGISTRY_DIR = resolvePackagePath(
  '@internal/plugin-catalog-backend-module-platform',
  '../../infra/config',
);

export function sampleFiles(): RegistryFile[] {
  return readRegistryFiles(SAMPLE_REGISTRY_DIR);
}

/**
 * `files` with `from` replaced by `to` in the file at `filePath` (added when it
 * does not exist yet). Throws when `from` is not in the file, so a test cannot
 * pass by editing nothing.
 */
export function withText(
  files: RegistryFile[],
  filePath: string,
  from: string | RegExp,
  to: string,
): RegistryFile[] {
  const file = files.find(f => f.path === filePath);
  if (!file) throw new Error(`no file ${filePath}`);
  const found =
    typeof from === 'string'
      ? file.content.includes(from)
      : from.test(file.content);
  if (!found) {
    throw new Error(`${filePath} does not contain ${from}`);
  }
  return files.map(f =>
    f === file ? { path: f.path, content: f.content.replace(from, to) } : f,
  );
}

/** `files` plus or with `filePath` replaced by `content`. */
export function withFile(
  files: RegistryFile[],
  filePath: string,
  content: string,
): RegistryFile[] {
  return [
    ...files.filter(f => f.path !== filePath),
    { path: filePath, content },
  ];
}

/** `files` without `filePath`. */
export function without(
  files: RegistryFile[],
  filePath: string,
): RegistryFile[] {
  if (!files.some(f => f.path === filePath))
    throw new Error(`no file ${filePath}`);
  return files.filter(f => f.path !== filePath);
}

/** A snapshot of files that are all valid, parsed one by one. */
export function snapshotOf(files: RegistryFile[]): RegistrySnapshot {
  const snapshot: Partial<RegistrySnapshot> = { spokes: [] };
  for (const file of files) {
    const parsed = parseRegistryFile(file);
    if (!parsed.ok) {
      throw new Error(`test registry file ${file.path} is invalid`);
    }
    if (parsed.kind === 'hub') snapshot.hub = parsed.entry;
    else snapshot.spokes!.push(parsed.entry);
  }
  if (!snapshot.hub) throw new Error('test registry has no hub');
  return snapshot as RegistrySnapshot;
}

/** Registry files as `createMockDirectory` content: `hub.yaml` and `spokes/<name>.yaml`. */
export function directoryContent(files: RegistryFile[]): Record<string, any> {
  const content: Record<string, any> = { spokes: {} };
  for (const file of files) {
    const [head, ...rest] = file.path.split('/');
    if (rest.length === 0) content[head] = file.content;
    else content[head] = { ...content[head], [rest.join('/')]: file.content };
  }
  return content;
}
