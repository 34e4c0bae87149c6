import { Writable } from 'stream';
import {
  formatDifferences,
  fullDiff,
  ResourceImpact,
  TemplateDiff,
} from '@aws-cdk/cloudformation-diff';
import { Assembly, AssemblyStack } from './assembly';

/** What changes in one stack between the base and the head synth. */
export interface StackDiff {
  readonly stackName: string;
  readonly account: string;
  readonly status: 'new' | 'changed' | 'removed';
  readonly added: number;
  readonly modified: number;
  readonly removed: number;
  /** Resources CloudFormation would replace, delete or orphan. */
  readonly destructive: ReadonlyArray<{
    logicalId: string;
    type: string;
    impact: string;
  }>;
  /** `cdk diff`-style text without colour. */
  readonly text: string;
}

const DESTRUCTIVE = new Set<string>([
  ResourceImpact.WILL_REPLACE,
  ResourceImpact.MAY_REPLACE,
  ResourceImpact.WILL_DESTROY,
  ResourceImpact.WILL_ORPHAN,
]);
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** `formatDifferences` into a string, without colour. */
export function formatTemplateDiff(diff: TemplateDiff): string {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  formatDifferences(sink, diff);
  return text.replace(ANSI, '').trimEnd();
}

function summarise(
  stack: AssemblyStack,
  status: StackDiff['status'],
  diff: TemplateDiff,
): StackDiff {
  let added = 0;
  let modified = 0;
  let removed = 0;
  const destructive: Array<StackDiff['destructive'][number]> = [];
  for (const [logicalId, change] of Object.entries(diff.resources.changes)) {
    if (change.isAddition) added++;
    else if (change.isRemoval) removed++;
    else modified++;
    if (DESTRUCTIVE.has(change.changeImpact)) {
      destructive.push({
        logicalId,
        type: change.resourceType ?? 'unknown',
        impact: change.changeImpact,
      });
    }
  }
  return {
    stackName: stack.stackName,
    account: stack.account,
    status,
    added,
    modified,
    removed,
    destructive,
    text: formatTemplateDiff(diff),
  };
}

/**
 * The stacks whose templates differ between two synths, by stack name: changed
 * and new stacks in the head's order, then removed ones. Without a base every
 * stack is new.
 */
export function diffAssemblies(
  base: Assembly | undefined,
  head: Assembly,
): StackDiff[] {
  const before = new Map((base?.stacks ?? []).map(s => [s.stackName, s]));
  const after = new Set(head.stacks.map(s => s.stackName));
  const diffs: StackDiff[] = [];
  for (const stack of head.stacks) {
    const previous = before.get(stack.stackName);
    const diff = fullDiff(previous?.template ?? {}, stack.template);
    if (diff.isEmpty) continue;
    diffs.push(summarise(stack, previous ? 'changed' : 'new', diff));
  }
  for (const stack of base?.stacks ?? []) {
    if (after.has(stack.stackName)) continue;
    diffs.push(summarise(stack, 'removed', fullDiff(stack.template, {})));
  }
  return diffs;
}

function truncate(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const note = `\n... ${
    text.length - budget
  } more characters; run \`cdk diff\` on the branch for the rest`;
  return `${text
    .slice(0, Math.max(0, budget - note.length))
    .replace(/\n[^\n]*$/, '')}${note}`;
}

/**
 * The diffs as Markdown: a table of stacks, destructive changes called out, then
 * each stack's diff text folded away, all within `maxChars` (a GitHub comment
 * holds at most 65,536 characters).
 */
export function diffMarkdown(
  diffs: readonly StackDiff[],
  maxChars = 40000,
): string {
  if (!diffs.length) return '### CloudFormation diff\n\nNo stack changes.';
  const out = [
    '### CloudFormation diff',
    '',
    '| stack | account | status | added | modified | removed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...diffs.map(
      d =>
        `| \`${d.stackName}\` | ${d.account} | ${d.status} | ${d.added} | ${d.modified} | ${d.removed} |`,
    ),
    '',
  ];
  const deleted = diffs
    .filter(d => d.status === 'removed')
    .map(
      d => `- \`${d.stackName}\` is deleted with all ${d.removed} resources`,
    );
  const destructive = diffs
    .filter(d => d.status !== 'removed')
    .flatMap(d =>
      d.destructive.map(
        r => `- \`${d.stackName}\` ${r.type} \`${r.logicalId}\`: ${r.impact}`,
      ),
    );
  if (deleted.length)
    out.push(`**Deletes whole stacks:**\n\n${deleted.join('\n')}\n`);
  out.push(
    destructive.length
      ? `**Replaces or deletes ${
          destructive.length
        } resource(s):**\n\n${destructive.join('\n')}\n`
      : 'No resource is replaced or deleted.\n',
  );
  const perStack = Math.floor(
    (maxChars - out.join('\n').length) / diffs.length - 200,
  );
  for (const d of diffs) {
    out.push(
      `<details><summary><code>${d.stackName}</code> (${
        d.status
      })</summary>\n\n\`\`\`text\n${truncate(
        d.text,
        Math.max(0, perStack),
      )}\n\`\`\`\n\n</details>\n`,
    );
  }
  return out.join('\n').trimEnd();
}
