import { isDeepStrictEqual } from 'util';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  YAMLMap,
} from 'yaml';

/** What a registry file's schema must offer to check a recorded file. */
export interface RegistrySchema {
  safeParse(value: unknown):
    | { success: true }
    | {
        success: false;
        error: {
          issues: ReadonlyArray<{
            path: ReadonlyArray<PropertyKey>;
            message: string;
          }>;
        };
      };
}

/**
 * A registry file (`hub.yaml`, `spokes/<name>.yaml`) with its top-level
 * `deployed:` block set to `deployed`: only that block's text changes, comments
 * inside it survive, the rest of the file keeps its exact formatting. Unchanged
 * text when the file already records exactly these ids.
 *
 * @throws Error naming the field when the result would not pass the file's schema.
 */
export function recordDeployed(
  yamlText: string,
  deployed: object,
  options: { file: string; comment: string; schema: RegistrySchema },
): { text: string; changed: boolean } {
  const doc = parseDocument(yamlText);
  if (isDeepStrictEqual(doc.toJS()?.deployed, deployed)) {
    return { text: yamlText, changed: false };
  }

  const existing = doc.get('deployed', true);
  let text: string;
  if (existing instanceof YAMLMap && existing.range) {
    sync(doc, ['deployed'], deployed as Record<string, unknown>);
    const key = (doc.contents as YAMLMap).items.find(
      item => isScalar(item.key) && item.key.value === 'deployed',
    )!.key as Scalar;
    const block = new Document({});
    block.set('deployed', existing);
    text =
      yamlText.slice(0, key.range![0]) +
      block.toString({ flowCollectionPadding: false }) +
      yamlText.slice(existing.range[2]);
  } else {
    const block = new Document({ deployed });
    const head = yamlText.endsWith('\n') ? yamlText : `${yamlText}\n`;
    const comment = options.comment
      .split('\n')
      .map(line => `#${line}\n`)
      .join('');
    text = head + comment + block.toString({ flowCollectionPadding: false });
  }

  const parsed = options.schema.safeParse(parseDocument(text).toJS());
  if (!parsed.success) {
    throw new Error(
      `the recorded ${options.file} would be invalid: ${parsed.error.issues
        .map(i => `${i.path.map(String).join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return { text, changed: true };
}

/**
 * Sets a map in place, leaf by leaf (so the comments on untouched keys stay):
 * nested maps recursively, lists as flow sequences, keys not in `value` removed.
 */
function sync(
  doc: Document,
  path: readonly string[],
  value: Record<string, unknown>,
) {
  const current = doc.getIn(path, true);
  if (!isMap(current)) {
    doc.setIn(path, doc.createNode(value));
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      const node = doc.getIn([...path, k]);
      if (!isDeepStrictEqual(isSeq(node) ? node.toJSON() : node, v)) {
        doc.setIn([...path, k], doc.createNode(v, { flow: true }));
      }
    } else if (v && typeof v === 'object') {
      sync(doc, [...path, k], v as Record<string, unknown>);
    } else {
      doc.setIn([...path, k], v);
    }
  }
  for (const item of [...current.items]) {
    const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
    if (value[key] === undefined) doc.deleteIn([...path, key]);
  }
}
