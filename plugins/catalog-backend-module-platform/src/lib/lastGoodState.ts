import { JsonObject, JsonValue } from '@backstage/config';
import { parseRegistryFile } from '@internal/plugin-platform-common';
import { LastGoodRegistry } from './acceptRegistry';

const VERSION = 1;

/** The last good state as JSON: only file paths and texts, re-parsed when read back. */
export function serializeLastGood(state: LastGoodRegistry): JsonObject {
  return {
    version: VERSION,
    hub: state.hub
      ? { file: state.hub.file, content: state.hub.content }
      : null,
    spokes: state.spokes.map(s => ({ file: s.file, content: s.content })),
  };
}

function fileOf(value: JsonValue | undefined) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const { file, content } = value;
  return typeof file === 'string' && typeof content === 'string'
    ? { path: file, content }
    : undefined;
}

/**
 * Reads back {@link serializeLastGood}. Each file is parsed again, so a stored
 * version that no longer passes the schema (after an upgrade) is left out; anything
 * unreadable gives `undefined`, which the caller treats as no stored state.
 */
export function deserializeLastGood(
  value: JsonValue | undefined,
): LastGoodRegistry | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  if (value.version !== VERSION || !Array.isArray(value.spokes)) {
    return undefined;
  }
  const state: LastGoodRegistry = { spokes: [] };
  const hubFile = fileOf(value.hub);
  if (hubFile) {
    const parsed = parseRegistryFile(hubFile);
    if (parsed.ok && parsed.kind === 'hub') {
      state.hub = { ...parsed.entry, content: hubFile.content };
    }
  }
  for (const item of value.spokes) {
    const spokeFile = fileOf(item);
    const parsed = spokeFile && parseRegistryFile(spokeFile);
    if (spokeFile && parsed?.ok && parsed.kind === 'spoke') {
      state.spokes.push({ ...parsed.entry, content: spokeFile.content });
    }
  }
  return state;
}
